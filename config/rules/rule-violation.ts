/** One broken rule: the field path it is about (e.g. `nodePools[1].maxPods`) and what AKS requires instead. */
export interface RuleViolation {
    /** Field path of the offending value. */
    path: string;
    /** What is wrong and what would be valid. */
    message: string;
}

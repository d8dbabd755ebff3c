/**
 * Turns rule violations into the one error a component throws before it registers any child, as pulumi-eks
 * does in `createManagedNodeGroup` (pulumi/pulumi-eks `nodejs/eks/nodes/nodegroup.ts`, 7bf0c1b): the engine
 * prints every property path with its reason.
 */
import * as pulumi from "@pulumi/pulumi";

/** One broken rule as the config rules report it: the field path and what would be valid. */
export interface ArgumentViolation {
    /** Path of the offending argument, e.g. `cluster.nodePools[1].maxPods`. */
    path: string;
    /** What is wrong and what would be valid. */
    message: string;
}

/**
 * Throws one `pulumi.InputPropertiesError` listing every violation, or returns when there are none.
 *
 * @param component - the component type and name shown in the message, e.g. `AksNodePool "dev-pool-gpu"`.
 * @param violations - every broken rule; their order is kept.
 */
export function throwIfInvalid(component: string, violations: readonly ArgumentViolation[]): void {
    if (violations.length === 0) {
        return;
    }
    const noun = violations.length === 1 ? "argument" : "arguments";
    throw new pulumi.InputPropertiesError({
        message: `${component} has ${violations.length} invalid ${noun}; no resource was created`,
        errors: violations.map((v) => ({ propertyPath: v.path, reason: v.message })),
    });
}

/**
 * The checks a node pool passes before the components render it: the AKS rules of `config/rules/`, the same
 * ones the stack loader applies, so a pool built by another program is held to the same rules.
 */
import { nodePoolRuleViolations } from "../config/rules/node-pool-rules";
import type { NodePoolSpec } from "../scheduling/aks/node-pool-spec";
import type { ArgumentViolation } from "./validation";

/** Every problem of one pool, paths prefixed with `path` (e.g. `spec` or `cluster.nodePools[2]`). */
export function poolArgumentViolations(spec: NodePoolSpec, path: string): ArgumentViolation[] {
    return nodePoolRuleViolations(spec, path);
}

/**
 * Rules of `aks-platform:priorityClasses` and of the workloads' `priorityClassName`: class names are unique, and a
 * workload names a class the stack declares or one Kubernetes creates itself (`system-cluster-critical`,
 * `system-node-critical`); otherwise the API server refuses its pods ("no PriorityClass with name … was found").
 * See https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#priorityclass
 */
import type { PriorityClassSpec, WorkloadSpec } from "../platform-spec";
import type { RuleViolation } from "./rule-violation";

/** The PriorityClasses every cluster has. */
export const BUILT_IN_PRIORITY_CLASSES: readonly string[] = ["system-cluster-critical", "system-node-critical"];

/** Every broken rule, paths as in the stack file (`priorityClasses[1].name`, `workloads[0].priorityClassName`). */
export function priorityClassRuleViolations(classes: readonly PriorityClassSpec[], workloads: readonly WorkloadSpec[]): RuleViolation[] {
    const out: RuleViolation[] = [];
    const names = classes.map((c) => c.name);
    classes.forEach((c, i) => {
        if (BUILT_IN_PRIORITY_CLASSES.includes(c.name) || names.indexOf(c.name) !== i) {
            out.push({ path: `priorityClasses[${i}].name`, message: `"${c.name}" is ${BUILT_IN_PRIORITY_CLASSES.includes(c.name) ? "a class Kubernetes creates itself" : "declared twice"}; give each class a name of its own` });
        }
    });
    const known = [...BUILT_IN_PRIORITY_CLASSES, ...names];
    workloads.forEach((w, i) => {
        if (w.priorityClassName !== undefined && !known.includes(w.priorityClassName)) {
            out.push({ path: `workloads[${i}].priorityClassName`, message: `"${w.name}" names PriorityClass "${w.priorityClassName}", which is neither declared in aks-platform:priorityClasses (${names.join(", ") || "none"}) nor built in (${BUILT_IN_PRIORITY_CLASSES.join(", ")})` });
        }
    });
    return out;
}

/**
 * How many evictions a PodDisruptionBudget allows, as the disruption controller computes it
 * (kubernetes/kubernetes `pkg/controller/disruption/disruption.go`, v1.35, `getExpectedPodCount` and
 * `updatePdbStatus`): disruptionsAllowed = currentHealthy − desiredHealthy, never below 0, where a percentage
 * of the expected pods is rounded up (`intstr.GetScaledValueFromIntOrPercent(…, roundUp=true)`) for both
 * minAvailable and maxUnavailable. See https://kubernetes.io/docs/tasks/run-application/configure-pdb/
 */
import { labelSelectorMatches, type V1Pod, type V1PodDisruptionBudget } from "../scheduling";
import { InvalidObjectError } from "../scheduling/model/errors";

/** A budget's verdict on one more eviction. */
export interface DisruptionAllowance {
    /** `PodDisruptionBudget namespace/name`. */
    budget: string;
    /** The field that sets it, as written: `minAvailable 3`, `maxUnavailable 10%`. */
    rule: string;
    expected: number;
    healthy: number;
    desiredHealthy: number;
    allowed: number;
}

function scaled(value: number | string, expected: number, where: string, field: string): number {
    if (typeof value === "number") {
        if (!Number.isSafeInteger(value) || value < 0) throw new InvalidObjectError(where, field, `expected a whole number ≥ 0 or a percentage, got ${value}`);
        return value;
    }
    const match = /^(\d+)%$/.exec(value);
    if (match === null) throw new InvalidObjectError(where, field, `expected a whole number ≥ 0 or a percentage ("50%"), got ${JSON.stringify(value)}`);
    return Math.ceil((Number(match[1]) * expected) / 100);
}

/** The budgets that select `pod` (same namespace, selector matches its labels). */
export function budgetsFor(pod: V1Pod, budgets: readonly V1PodDisruptionBudget[]): V1PodDisruptionBudget[] {
    const namespace = pod.metadata?.namespace ?? "default";
    return budgets.filter((b) => (b.metadata?.namespace ?? "default") === namespace && b.spec?.selector !== undefined && labelSelectorMatches(b.spec.selector, pod.metadata?.labels ?? {}));
}

/**
 * What `budget` allows now.
 *
 * @param expected - Pods the budget's workloads want (their replicas).
 * @param healthy - Pods it selects that are running now.
 * @throws InvalidObjectError for a budget with neither or both of minAvailable and maxUnavailable, or a bad value.
 */
export function disruptionAllowance(budget: V1PodDisruptionBudget, expected: number, healthy: number): DisruptionAllowance {
    const where = `PodDisruptionBudget/${budget.metadata?.namespace ?? "default"}/${budget.metadata?.name ?? "<unnamed>"}`;
    const { minAvailable, maxUnavailable } = budget.spec ?? {};
    if ((minAvailable === undefined) === (maxUnavailable === undefined)) {
        throw new InvalidObjectError(where, "spec", "set exactly one of minAvailable and maxUnavailable");
    }
    const desiredHealthy = minAvailable !== undefined
        ? scaled(minAvailable, expected, where, "spec.minAvailable")
        : Math.max(0, expected - scaled(maxUnavailable!, expected, where, "spec.maxUnavailable"));
    const rule = minAvailable !== undefined ? `minAvailable ${minAvailable}` : `maxUnavailable ${maxUnavailable}`;
    return {
        budget: `PodDisruptionBudget ${budget.metadata?.namespace ?? "default"}/${budget.metadata?.name ?? "<unnamed>"}`,
        rule,
        expected,
        healthy,
        desiredHealthy,
        allowed: Math.max(0, healthy - desiredHealthy),
    };
}

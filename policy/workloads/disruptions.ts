/**
 * How many voluntary evictions a PodDisruptionBudget allows when its pods are all healthy, as the
 * disruption controller computes it (kubernetes/kubernetes `pkg/controller/disruption/disruption.go`,
 * `getExpectedPodCount`, v1.30): a percentage of minAvailable or maxUnavailable is scaled to the
 * expected pod count rounding up (`intstr.GetScaledValueFromIntOrPercent(..., true)`), desired healthy
 * pods are minAvailable or `expected - maxUnavailable`, and the allowed disruptions are
 * `healthy - desiredHealthy` (desired healthy is never below 0, allowed never below 0).
 * See https://kubernetes.io/docs/tasks/run-application/configure-pdb/#rounding-logic-when-specifying-percentages
 */
import { describe } from "../common/read";

/** The result for one budget at one replica count. */
export type DisruptionsAllowed = { allowed: number; rule: string } | { problem: string };

/** Reads an int-or-percent field: a non-negative integer, or `"<n>%"`. */
function scaled(value: unknown, field: string, expected: number): { value: number; text: string } | { problem: string } {
    if (typeof value === "number" && Number.isInteger(value) && value >= 0) return { value, text: `${field} ${value}` };
    if (typeof value === "string") {
        const m = /^(\d+)%$/.exec(value);
        if (m !== null) {
            const percent = Number(m[1]);
            return { value: Math.ceil((percent * expected) / 100), text: `${field} ${value}` };
        }
    }
    return { problem: `spec.${field} must be a non-negative integer or a percentage such as "50%" (found ${describe(value)})` };
}

/**
 * The evictions a budget allows when `replicas` pods are healthy.
 *
 * @param minAvailable - `spec.minAvailable` (int or percent), or undefined.
 * @param maxUnavailable - `spec.maxUnavailable` (int or percent), or undefined; it wins when both are set,
 *   as the controller checks it first (the API server rejects budgets with both).
 * @param replicas - The expected pod count.
 */
export function disruptionsAllowed(minAvailable: unknown, maxUnavailable: unknown, replicas: number): DisruptionsAllowed {
    if (maxUnavailable !== undefined && maxUnavailable !== null) {
        const max = scaled(maxUnavailable, "maxUnavailable", replicas);
        if ("problem" in max) return max;
        const desiredHealthy = Math.max(0, replicas - max.value);
        return { allowed: replicas - desiredHealthy, rule: max.text };
    }
    if (minAvailable !== undefined && minAvailable !== null) {
        const min = scaled(minAvailable, "minAvailable", replicas);
        if ("problem" in min) return min;
        return { allowed: Math.max(0, replicas - min.value), rule: min.text };
    }
    return { problem: "sets neither spec.minAvailable nor spec.maxUnavailable, so it protects nothing" };
}

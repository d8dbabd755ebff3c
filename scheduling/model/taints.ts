/**
 * Taints and tolerations, after `Toleration.ToleratesTaint` and `FindMatchingUntoleratedTaint`
 * (kubernetes/kubernetes `staging/src/k8s.io/api/core/v1/toleration.go` and
 * `staging/src/k8s.io/component-helpers/scheduling/corev1/helpers.go`, v1.35).
 * See https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
import type { V1Taint, V1Toleration } from "./types";

/**
 * Whether one toleration tolerates one taint:
 * - an empty effect matches every effect, else the effects must be equal;
 * - an empty key matches every key (with `Exists`, the toleration tolerates everything), else keys must be equal;
 * - `Exists` ignores the value; `Equal` (or no operator) needs equal values;
 * - `Gt` and `Lt` (feature gate `TaintTolerationComparisonOperators`, alpha in v1.35, off unless enabled) compare
 *   the taint's value with the toleration's as decimal integers (taint value > or < toleration value); a value that
 *   is not an integer tolerates nothing;
 * - any other operator tolerates nothing (the API server rejects such tolerations).
 *
 * @param enableComparisonOperators - Whether `Gt`/`Lt` are honoured. Defaults to false, as in v1.35.
 */
export function tolerationToleratesTaint(toleration: V1Toleration, taint: V1Taint, enableComparisonOperators = false): boolean {
    if (toleration.effect && toleration.effect !== taint.effect) return false;
    if (toleration.key && toleration.key !== taint.key) return false;
    switch (toleration.operator ?? "") {
        case "":
        case "Equal":
            return (toleration.value ?? "") === (taint.value ?? "");
        case "Exists":
            return true;
        case "Gt":
        case "Lt": {
            if (!enableComparisonOperators) return false;
            const tolerated = parseDecimalInteger(toleration.value);
            const tainted = parseDecimalInteger(taint.value);
            if (tolerated === undefined || tainted === undefined) return false;
            return toleration.operator === "Gt" ? tainted > tolerated : tainted < tolerated;
        }
        default:
            return false;
    }
}

const CANONICAL_INTEGER = /^(0|-?[1-9]\d*)$/;

/** A canonical decimal integer ("0", "42", "-7"), as the comparison operators accept; undefined otherwise. */
function parseDecimalInteger(value: string | undefined): bigint | undefined {
    return value !== undefined && CANONICAL_INTEGER.test(value) ? BigInt(value) : undefined;
}

/**
 * The first taint (among those `inclusionFilter` keeps, all when absent) that no toleration tolerates,
 * or undefined when every such taint is tolerated. `enableComparisonOperators` as for {@link tolerationToleratesTaint}.
 */
export function findUntoleratedTaint(
    taints: readonly V1Taint[] | undefined,
    tolerations: readonly V1Toleration[] | undefined,
    inclusionFilter?: (taint: V1Taint) => boolean,
    enableComparisonOperators = false,
): V1Taint | undefined {
    if (taints === undefined) return undefined;
    for (const taint of taints) {
        if (inclusionFilter !== undefined && !inclusionFilter(taint)) continue;
        if (!tolerations?.some((toleration) => tolerationToleratesTaint(toleration, taint, enableComparisonOperators))) return taint;
    }
    return undefined;
}

/**
 * How many feasible nodes kube-scheduler looks for before it stops filtering and scores what it found
 * (`numFeasibleNodesToFind` in kubernetes/kubernetes `pkg/scheduler/schedule_one.go`, v1.35, with
 * `percentageOfNodesToScore` unset): every node below 100 nodes; otherwise an adaptive `50 − nodes/125` percent,
 * at least 5%, and at least 100 nodes. The search starts where the previous pod's search stopped
 * (`nextStartNodeIndex`), so every node gets its turn.
 * See https://kubernetes.io/docs/concepts/scheduling-eviction/scheduler-perf-tuning/
 */

/** Upstream `minFeasibleNodesToFind`. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** Upstream `minFeasibleNodesPercentageToFind`. */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** The number of feasible nodes to find among `numAllNodes` candidates. */
export function numFeasibleNodesToFind(numAllNodes: number): number {
    if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
    const percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(numAllNodes / 125));
    const numNodes = Math.trunc((numAllNodes * percentage) / 100);
    return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}

/** The position of the first entry ≥ `value` in an ascending list (its length when there is none). */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] < value) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

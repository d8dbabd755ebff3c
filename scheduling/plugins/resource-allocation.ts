/**
 * The resource scoring NodeResourcesFit and NodeResourcesBalancedAllocation share (kubernetes/kubernetes
 * `pkg/scheduler/framework/plugins/noderesources/resource_allocation.go`, `least_allocated.go`,
 * `most_allocated.go`, `requested_to_capacity_ratio.go` and `helper/shape_score.go`, v1.35):
 * - per configured resource, the node's allocatable and what it would have requested with the pod: cpu and
 *   memory as "non-zero" requests (every container without a request counts 100m / 200Mi) unless the scorer uses
 *   actual requests (BalancedAllocation does); an extended resource the pod does not request, or the node does not
 *   have, is left out;
 * - LeastAllocated: `(allocatable − requested) × 100 / allocatable` per resource (0 when over), weighted average,
 *   integer division; MostAllocated: `requested × 100 / allocatable` (requested capped at allocatable);
 *   RequestedToCapacityRatio: a broken-linear shape of utilization (shape scores 0–10 scaled ×10), resources
 *   scoring 0 left out of the weighted average, rounded.
 */
import type { NodeInfo, PodInfo, ResourceSpec, UtilizationShapePoint } from "../framework/interfaces";
import { MAX_NODE_SCORE } from "../framework/normalize";

/** The resources scored by default: cpu and memory, weight 1 each (upstream `defaultResourceSpec`). */
export const DEFAULT_SCORED_RESOURCES: readonly ResourceSpec[] = [
    { name: "cpu", weight: 1 },
    { name: "memory", weight: 1 },
];

/** RequestedToCapacityRatio's shape scores are 0–10 (`MaxCustomPriorityScore`). */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;

/** Combines per-resource requested and allocatable amounts into one node score. */
export type ResourceScorer = (requested: readonly number[], allocatable: readonly number[]) => number;

const isScalarResource = (name: string): boolean => name !== "cpu" && name !== "memory" && name !== "ephemeral-storage" && name !== "pods";

/** The pod's request of each resource (upstream `calculatePodResourceRequestList`). */
export function podRequestList(podInfo: PodInfo, resources: readonly ResourceSpec[], useRequested: boolean): number[] {
    return resources.map((r) => {
        if (!useRequested && r.name === "cpu") return podInfo.nonZero.cpu;
        if (!useRequested && r.name === "memory") return podInfo.nonZero.memory;
        return podInfo.requests[r.name] ?? 0;
    });
}

/** Scores a node (upstream `resourceAllocationScorer.score`). */
export function scoreNodeResources(nodeInfo: NodeInfo, podRequests: readonly number[], resources: readonly ResourceSpec[], useRequested: boolean, scorer: ResourceScorer): number {
    const requested = new Array<number>(resources.length).fill(0);
    const allocatable = new Array<number>(resources.length).fill(0);
    for (let i = 0; i < resources.length; i++) {
        const name = resources[i].name;
        const podRequest = podRequests[i];
        if (podRequest === 0 && isScalarResource(name)) continue;
        let alloc: number;
        let req: number;
        if (name === "cpu" || name === "memory") {
            alloc = nodeInfo.allocatable[name] ?? 0;
            req = (useRequested ? (nodeInfo.requested[name] ?? 0) : nodeInfo.nonZeroRequested[name]) + podRequest;
        } else if (name === "ephemeral-storage" || Object.prototype.hasOwnProperty.call(nodeInfo.allocatable, name)) {
            alloc = nodeInfo.allocatable[name] ?? 0;
            req = (nodeInfo.requested[name] ?? 0) + podRequest;
        } else {
            continue;
        }
        if (alloc === 0) continue;
        allocatable[i] = alloc;
        requested[i] = req;
    }
    return scorer(requested, allocatable);
}

/** LeastAllocated for one resource. */
export function leastRequestedScore(requested: number, capacity: number): number {
    if (capacity === 0 || requested > capacity) return 0;
    return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** MostAllocated for one resource. */
export function mostRequestedScore(requested: number, capacity: number): number {
    if (capacity === 0) return 0;
    return Math.trunc((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}

function weightedAverage(resources: readonly ResourceSpec[], perResource: (requested: number, capacity: number) => number): ResourceScorer {
    return (requested, allocatable) => {
        let nodeScore = 0;
        let weightSum = 0;
        for (let i = 0; i < requested.length; i++) {
            if (allocatable[i] === 0) continue;
            nodeScore += perResource(requested[i], allocatable[i]) * resources[i].weight;
            weightSum += resources[i].weight;
        }
        return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
    };
}

/** The LeastAllocated scorer. */
export function leastAllocatedScorer(resources: readonly ResourceSpec[]): ResourceScorer {
    return weightedAverage(resources, leastRequestedScore);
}

/** The MostAllocated scorer. */
export function mostAllocatedScorer(resources: readonly ResourceSpec[]): ResourceScorer {
    return weightedAverage(resources, mostRequestedScore);
}

/** Upstream `BuildBrokenLinearFunction`: linear between the shape's points, flat before the first and after the last. */
export function brokenLinearFunction(shape: readonly UtilizationShapePoint[]): (p: number) => number {
    return (p) => {
        for (let i = 0; i < shape.length; i++) {
            if (p > shape[i].utilization) continue;
            if (i === 0) return shape[0].score;
            const prev = shape[i - 1];
            return prev.score + Math.trunc(((shape[i].score - prev.score) * (p - prev.utilization)) / (shape[i].utilization - prev.utilization));
        }
        return shape[shape.length - 1].score;
    };
}

/** The RequestedToCapacityRatio scorer for a shape of 0–10 scores. */
export function requestedToCapacityRatioScorer(resources: readonly ResourceSpec[], shape: readonly UtilizationShapePoint[]): ResourceScorer {
    const scaled = shape.map((p) => ({ utilization: p.utilization, score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE) }));
    const raw = brokenLinearFunction(scaled);
    const perResource = (requested: number, capacity: number): number => {
        if (capacity === 0 || requested > capacity) return raw(100);
        return raw(requested <= 0 ? 0 : Math.trunc((requested * 100) / capacity));
    };
    return (requested, allocatable) => {
        let nodeScore = 0;
        let weightSum = 0;
        for (let i = 0; i < requested.length; i++) {
            if (allocatable[i] === 0) continue;
            const score = perResource(requested[i], allocatable[i]);
            if (score > 0) {
                nodeScore += score * resources[i].weight;
                weightSum += resources[i].weight;
            }
        }
        return weightSum === 0 ? 0 : Math.round(nodeScore / weightSum);
    };
}

/** BalancedAllocation: `(1 − standard deviation of the used fractions) × 100` over the resources the node has. */
export const balancedResourceScorer: ResourceScorer = (requested, allocatable) => {
    const fractions: number[] = [];
    let total = 0;
    for (let i = 0; i < requested.length; i++) {
        if (allocatable[i] === 0) continue;
        const fraction = Math.min(1, requested[i] / allocatable[i]);
        total += fraction;
        fractions.push(fraction);
    }
    let std = 0;
    if (fractions.length === 2) {
        std = Math.abs((fractions[0] - fractions[1]) / 2);
    } else if (fractions.length > 2) {
        const mean = total / fractions.length;
        let sum = 0;
        for (const f of fractions) sum += (f - mean) * (f - mean);
        std = Math.sqrt(sum / fractions.length);
    }
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
};

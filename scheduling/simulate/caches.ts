/**
 * The simulation's per-node caches (see `scheduler.ts` for when each is valid). Each holds, per node index,
 * something a plugin would compute again and again for the replicas of a template.
 */
import type { Status } from "../framework/interfaces";
import type { StaticScorer } from "./score-phase";

/**
 * Static verdicts and score inputs of one template signature, per node index. Shared signatures keep them in
 * arrays over all nodes; a pod whose PreFilter narrowed the nodes (a DaemonSet pod) keeps them in maps.
 */
export interface StaticCache {
    /** Per node: absent/0 not computed, 1 passes, 2 rejected. */
    verdicts: Uint8Array | Map<number, number>;
    /** Ascending indices of the nodes that pass, once every node is computed. */
    passing?: Int32Array;
    scorer: StaticScorer;
    /** Per node: intolerable PreferNoSchedule taints and preferred-affinity weight; -1 (or absent) = not computed. */
    taintCounts: Int32Array | Map<number, number>;
    affinityWeights: Int32Array | Map<number, number>;
    /** Per rejected node: the static plugins' rejection, for the FitError of the pods that fit nowhere. */
    rejections?: Map<number, Status>;
}

/** Reads a cache slot (`missing` when a map has no entry). */
export function slot(store: Uint8Array | Int32Array | Map<number, number>, index: number, missing: number): number {
    return store instanceof Map ? (store.get(index) ?? missing) : store[index];
}

/** Writes a cache slot. */
export function setSlot(store: Uint8Array | Int32Array | Map<number, number>, index: number, value: number): void {
    if (store instanceof Map) store.set(index, value);
    else store[index] = value;
}

/**
 * Per node, for one combination of requests, host ports and active node-local plugins: the node-local plugins'
 * verdict (1 pass, 2 fail) and the resource score, each valid while the node's generation equals its stamp − 1
 * (a stamp of 0 means never computed).
 */
export interface LocalCache {
    verdicts: Uint8Array;
    verdictStamps: Int32Array;
    scores: Float64Array;
    scoreStamps: Int32Array;
}

/**
 * Most signatures whose static verdicts (or node-local verdicts) are kept; the cache is cleared past it, which
 * bounds memory when templates differ a lot (DaemonSet pods each have their own when NodeAffinity is not run).
 */
export const MAX_CACHED_SIGNATURES = 256;

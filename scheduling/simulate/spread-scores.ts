/**
 * PodTopologySpread's Score for the replicas of one run, in arrays: the same numbers as the plugin's PreScore,
 * Score and NormalizeScore (`plugins/pod-topology-spread.ts`), computed once per run and kept current as replicas
 * land, instead of counting matching pods again for every replica. Per constraint, every node has a domain id (its
 * node index for hostname, else its label value, "" when it has none) and each domain a count of matching pods.
 */
import type { NodeInfo } from "../framework/interfaces";
import { MAX_NODE_SCORE } from "../framework/normalize";
import type { V1Pod } from "../model/types";
import { countsFor, topologyNormalizingWeight, type SpreadScoreState } from "../plugins/pod-topology-spread";

const HOSTNAME = "kubernetes.io/hostname";

/** The domains of one topology key over the snapshot's nodes (node labels do not change during a simulation). */
export interface TopologyDomains {
    /** Per node index: its domain id (its own index for hostname; for other keys its value's id, "" when it has none). */
    readonly domainOf: Int32Array;
    /** Per node index: whether the node carries the key. */
    readonly hasKey: Uint8Array;
    /** Domain id by value (by node name for hostname). */
    readonly ids: ReadonlyMap<string, number>;
    readonly size: number;
}

/** Builds the domains of a topology key. */
export function topologyDomains(nodeInfos: readonly NodeInfo[], topologyKey: string): TopologyDomains {
    const n = nodeInfos.length;
    const domainOf = new Int32Array(n);
    const hasKey = new Uint8Array(n);
    const ids = new Map<string, number>();
    const hostname = topologyKey === HOSTNAME;
    for (let i = 0; i < n; i++) {
        const labels = nodeInfos[i].node.metadata?.labels ?? {};
        hasKey[i] = Object.prototype.hasOwnProperty.call(labels, topologyKey) ? 1 : 0;
        if (hostname) {
            domainOf[i] = i;
            ids.set(nodeInfos[i].name, i);
        } else {
            const value = labels[topologyKey] ?? "";
            let id = ids.get(value);
            if (id === undefined) ids.set(value, (id = ids.size));
            domainOf[i] = id;
        }
    }
    return { domainOf, hasKey, ids, size: hostname ? n : ids.size };
}

/** Buffers over every node that successive runs' scorers reuse. */
export class SpreadBuffers {
    private readonly counts: Float64Array;
    private inUse = false;

    constructor(nodes: number) {
        this.counts = new Float64Array(nodes);
    }

    /** The per-node count buffer, zeroed (at most one constraint of one run holds it; a second gets its own). */
    hostname(): Float64Array {
        if (this.inUse) return new Float64Array(this.counts.length);
        this.inUse = true;
        this.counts.fill(0);
        return this.counts;
    }

    /** Gives the buffer back (the run that held it is over). */
    release(): void {
        this.inUse = false;
    }
}

/** One run's spread scoring. */
export class SpreadScorer {
    private readonly domainOf: Int32Array[];
    private readonly hasKey: Uint8Array[];
    private readonly counts: Float64Array[];
    private readonly stamps: Int32Array[];
    private readonly maxSkew: Float64Array;
    private readonly hostname: Uint8Array;
    private readonly weights: Float64Array;
    private ignored?: Uint8Array;
    private pass = 0;
    private readonly raw: Float64Array;

    /**
     * @param domains - The domains of a topology key, shared by every run of the simulation.
     * @param buffers - Per-node buffers shared by the runs; only the current run's scorer may use them.
     */
    constructor(
        private readonly state: SpreadScoreState,
        private readonly nodeInfos: readonly NodeInfo[],
        domains: (topologyKey: string) => TopologyDomains,
        scratch: Float64Array,
        buffers: SpreadBuffers,
    ) {
        const m = state.constraints.length;
        this.raw = scratch;
        this.domainOf = [];
        this.hasKey = [];
        this.counts = [];
        this.stamps = [];
        this.maxSkew = new Float64Array(m);
        this.hostname = new Uint8Array(m);
        this.weights = new Float64Array(m);
        state.constraints.forEach((c, ci) => {
            const d = domains(c.topologyKey);
            // Per-node counts (hostname) live in a buffer shared by the runs, one run at a time: only the nodes the
            // previous run counted are reset, instead of allocating an array over every node per run.
            const counts = c.topologyKey === HOSTNAME ? buffers.hostname() : new Float64Array(d.size);
            for (const [key, count] of state.counts[ci]) {
                const id = d.ids.get(key);
                if (id !== undefined) counts[id] = count;
            }
            this.domainOf.push(d.domainOf);
            this.hasKey.push(d.hasKey);
            this.counts.push(counts);
            this.stamps.push(new Int32Array(c.topologyKey === HOSTNAME ? 0 : d.size));
            this.maxSkew[ci] = c.maxSkew;
            this.hostname[ci] = c.topologyKey === HOSTNAME ? 1 : 0;
        });
        if (state.requireAllTopologies) {
            const ignored = new Uint8Array(nodeInfos.length);
            for (let i = 0; i < nodeInfos.length; i++) if (this.hasKey.some((h) => h[i] === 0)) ignored[i] = 1;
            this.ignored = ignored;
        }
    }

    /** Counts (`delta` 1) or stops counting (-1) a pod on the node at `index`, as `updateSpreadScoreState` does. */
    update(pod: V1Pod, index: number, delta: 1 | -1): void {
        const state = this.state;
        if ((pod.metadata?.namespace || "default") !== (state.pod.metadata?.namespace || "default") || pod.metadata?.deletionTimestamp != null) return;
        const node = this.nodeInfos[index].node;
        state.constraints.forEach((c, ci) => {
            if (!c.selector.matches(pod.metadata?.labels) || !countsFor(state, c, node)) return;
            this.counts[ci][this.domainOf[ci][index]] += delta;
        });
    }

    /**
     * Adds `weight ×` the normalized spread score of each of the first `found` nodes of `feasible` to `totals`
     * (indexed like `feasible`).
     */
    addScores(feasible: Int32Array, found: number, totals: Float64Array, weight: number): void {
        const m = this.maxSkew.length;
        const ignored = this.ignored;
        const weights = this.weights;
        let notIgnored = found;
        if (ignored !== undefined) for (let k = 0; k < found; k++) notIgnored -= ignored[feasible[k]];
        for (let ci = 0; ci < m; ci++) {
            if (this.hostname[ci] === 1) {
                weights[ci] = topologyNormalizingWeight(notIgnored);
                continue;
            }
            const pass = ++this.pass;
            const stamps = this.stamps[ci];
            const domainOf = this.domainOf[ci];
            let distinct = 0;
            for (let k = 0; k < found; k++) {
                const i = feasible[k];
                if (ignored !== undefined && ignored[i] === 1) continue;
                const d = domainOf[i];
                if (stamps[d] !== pass) {
                    stamps[d] = pass;
                    distinct++;
                }
            }
            weights[ci] = topologyNormalizingWeight(distinct);
        }
        let min = Number.MAX_SAFE_INTEGER;
        let max = 0;
        const raw = this.raw;
        // Upstream `scoreForCount` per constraint whose key the node carries: count × weight + (maxSkew − 1).
        const h0 = this.hasKey[0];
        const d0 = this.domainOf[0];
        const c0 = this.counts[0];
        const w0 = weights[0];
        const s0 = this.maxSkew[0] - 1;
        for (let k = 0; k < found; k++) {
            const i = feasible[k];
            if (ignored !== undefined && ignored[i] === 1) continue;
            let score = h0[i] === 1 ? c0[d0[i]] * w0 + s0 : 0;
            for (let ci = 1; ci < m; ci++) {
                if (this.hasKey[ci][i] === 1) score += this.counts[ci][this.domainOf[ci][i]] * weights[ci] + this.maxSkew[ci] - 1;
            }
            const rounded = Math.round(score);
            raw[k] = rounded;
            if (rounded < min) min = rounded;
            if (rounded > max) max = rounded;
        }
        for (let k = 0; k < found; k++) {
            if (ignored !== undefined && ignored[feasible[k]] === 1) continue;
            totals[k] += weight * (max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - raw[k])) / max));
        }
    }
}

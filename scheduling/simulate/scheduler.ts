/**
 * The scheduling loop of one simulation: kube-scheduler's `schedulePod` (kubernetes/kubernetes
 * `pkg/scheduler/schedule_one.go`, v1.35) for one pod at a time, without preemption, binding every pod it
 * places before the next. Per pod: PreFilter, Filter over nodes from the rotating start index until
 * `numFeasibleNodesToFind` nodes pass (see `node-search.ts`), Score (see `scoring.ts`), commit.
 *
 * Caches, none of which changes an answer:
 * - consecutive pods of one template (the replicas of a workload) form a run: PreFilter runs once for the run and
 *   the PreFilter states of PodTopologySpread and InterPodAffinity are updated with `addPod` as replicas are placed;
 * - the verdicts of the static plugins (see `plugins.ts`) are cached per node for every distinct combination of
 *   nodeName, nodeSelector, node affinity and tolerations, with the list of nodes that pass them;
 * - the verdicts of the node-local plugins (NodeResourcesFit, NodePorts) and the resource scores are cached per
 *   node for every distinct combination of requests and host ports, valid while the node's generation is unchanged;
 * - when a pod fits nowhere, the next pod of its run fits nowhere for the same reasons (nothing changed), so its
 *   result is reused.
 * A pod is reported unschedulable only after every node was filtered and none passed.
 *
 * Between pods, a long simulation (an upgrade drain) may change the cluster: add, cordon and remove nodes,
 * bind pods to nodes and unbind them (`addNode`, `setUnschedulable`, `removeNode`, `bind`, `unbind`). Each node
 * keeps the slot it joined with, so the caches stay valid for the nodes that did not change; a change ends the
 * current run, so the next pod's PreFilter sees the cluster as it is.
 */
import { createCycleState } from "../framework/cycle-state";
import { fitErrorMessage } from "../framework/fit-error";
import type { CycleContext, FilterPlugin, NodeInfo, PodInfo, Status } from "../framework/interfaces";
import type { MutableSnapshot } from "../framework/snapshot";
import { addPodToNode, createNodeInfo, createPodInfo, removePodFromNode } from "../framework/node-info";
import { NodeAffinity } from "../framework/names";
import { didNotSatisfyPlugins } from "../framework/reasons";
import { runFilterPlugins, runPreFilterPlugins, type PreFilterOutcome } from "../framework/run-filters";
import { InvalidObjectError } from "../model/errors";
import { podRef } from "../model/pod-requests";
import type { V1Node, V1Pod } from "../model/types";
import { MAX_CACHED_SIGNATURES, setSlot, slot, type LocalCache, type StaticCache } from "./caches";
import { buildPlacementDetail } from "./diagnosis";
import { lowerBound, numFeasibleNodesToFind } from "./node-search";
import { addPodToState, hasAddPod, NODE_LOCAL_FILTER_PLUGINS, STATIC_FILTER_PLUGINS, type ExtendedFilterPlugin } from "./plugins";
import { balancedAllocationScore, leastAllocatedScore, nonZeroRequests, normalizedScore, SCORE_WEIGHTS, staticScorer } from "./scoring";
import type { PlacementDetail } from "./types";
import { inTemplate, type PodSource } from "./workloads";

/** kube-scheduler's error for a cluster without nodes (`ErrNoNodesAvailable`, `pkg/scheduler/schedule_one.go`, v1.35). */
export const ErrNoNodesAvailable = "no nodes available to schedule pods";

/** One pod waiting to be scheduled. */
export interface QueuedPod {
    pod: V1Pod;
    source: PodSource;
    /**
     * Consecutive pods with equal keys share a run: a template, so one PreFilter. DaemonSet pods of one
     * DaemonSet share a run too: they differ only in their node-name affinity, so only NodeAffinity's
     * PreFilter runs again for each (see {@link QueuedPod.perPodAffinity}).
     */
    runKey: string;
    /** Whether pods of the run differ in their required node affinity (DaemonSet pods). */
    perPodAffinity?: boolean;
}

/** The outcome for one pod. */
export interface ScheduleOutcome {
    node?: string;
    /** The placed pod as bound to the node (to {@link Scheduler.unbind} it later). */
    podInfo?: PodInfo;
    message?: string;
    detail?: PlacementDetail;
}

interface Run {
    key: string;
    ctx: CycleContext;
    basePodInfo: PodInfo;
    source: PodSource;
    preFilter: PreFilterOutcome;
    /** Ascending node indices a PreFilter result narrowed the search to. */
    narrowed?: Int32Array;
    cache: StaticCache;
    extended: ExtendedFilterPlugin[];
    /** Active (not skipped) dynamic plugins whose verdict depends only on the node's own pods. */
    local: FilterPlugin[];
    /** Active dynamic plugins whose verdict depends on pods elsewhere (topology). */
    global: FilterPlugin[];
    /** Node-local verdicts and resource scores shared by every run with the same requests (absent for narrowed runs). */
    nodeLocal?: LocalCache;
    nonZero: { cpu: number; memory: number };
    bestEffort: boolean;
    failure?: ScheduleOutcome;
}

function hasPreferNoScheduleTaint(nodeInfo: NodeInfo): boolean {
    return (nodeInfo.node.spec?.taints ?? []).some((t) => t.effect === "PreferNoSchedule");
}

/** Places pods one by one on a snapshot. */
export class Scheduler {
    /** Node slots, in the order the nodes joined; a removed node keeps its slot, marked not alive. */
    private readonly nodeInfos: NodeInfo[];
    /** Slots in use. */
    private n: number;
    /** Nodes in the cluster now (slots in use less removed nodes). */
    private live: number;
    private readonly indexByName = new Map<string, number>();
    private readonly staticPlugins: FilterPlugin[];
    private readonly dynamicPlugins: FilterPlugin[];
    /** Whether every static plugin runs before every dynamic one (the default order): a node the static plugins reject gets their status. */
    private readonly staticFirst: boolean;
    private alive: Uint8Array;
    private allocCpu: Float64Array;
    private allocMem: Float64Array;
    private reqCpu: Float64Array;
    private reqMem: Float64Array;
    private nzCpu: Float64Array;
    private nzMem: Float64Array;
    private readonly caches = new Map<string, StaticCache>();
    private readonly localCaches = new Map<string, LocalCache>();
    private anyPreferNoScheduleTaint: boolean;
    private nextStart = 0;
    private run?: Run;
    /** The feasible nodes of the current search (indices), reused between pods. */
    private feasible: Int32Array;
    /** Each node's generation + 1, the stamp node-local cache entries are checked against. */
    private stamps: Int32Array;

    constructor(
        private readonly snapshot: MutableSnapshot,
        private readonly plugins: readonly FilterPlugin[],
    ) {
        this.nodeInfos = [...snapshot.nodeInfos];
        this.n = this.nodeInfos.length;
        this.live = this.n;
        this.staticPlugins = plugins.filter((p) => STATIC_FILTER_PLUGINS.has(p.name));
        this.dynamicPlugins = plugins.filter((p) => !STATIC_FILTER_PLUGINS.has(p.name));
        const lastStatic = plugins.reduce((at, p, i) => (STATIC_FILTER_PLUGINS.has(p.name) ? i : at), -1);
        this.staticFirst = plugins.every((p, i) => STATIC_FILTER_PLUGINS.has(p.name) || i > lastStatic);
        this.alive = new Uint8Array(this.n).fill(1);
        this.allocCpu = new Float64Array(this.n);
        this.allocMem = new Float64Array(this.n);
        this.reqCpu = new Float64Array(this.n);
        this.reqMem = new Float64Array(this.n);
        this.nzCpu = new Float64Array(this.n);
        this.nzMem = new Float64Array(this.n);
        this.feasible = new Int32Array(this.n);
        this.stamps = new Int32Array(this.n);
        this.anyPreferNoScheduleTaint = this.nodeInfos.some(hasPreferNoScheduleTaint);
        this.nodeInfos.forEach((nodeInfo, i) => this.fillSlot(nodeInfo, i));
    }

    private fillSlot(nodeInfo: NodeInfo, i: number): void {
        this.indexByName.set(nodeInfo.name, i);
        this.stamps[i] = nodeInfo.generation + 1;
        this.allocCpu[i] = nodeInfo.allocatable.cpu ?? 0;
        this.allocMem[i] = nodeInfo.allocatable.memory ?? 0;
        this.reqCpu[i] = nodeInfo.requested.cpu ?? 0;
        this.reqMem[i] = nodeInfo.requested.memory ?? 0;
        this.nzCpu[i] = 0;
        this.nzMem[i] = 0;
        for (const podInfo of nodeInfo.pods) {
            const nz = nonZeroRequests(podInfo.requests);
            this.nzCpu[i] += nz.cpu;
            this.nzMem[i] += nz.memory;
        }
    }

    /** The nodes in the cluster now, in the order they joined. */
    nodes(): NodeInfo[] {
        return this.nodeInfos.filter((_, i) => this.alive[i] === 1);
    }

    /** The next pod's search starts at the first node, as a fresh simulation's would. */
    resetSearchStart(): void {
        this.nextStart = 0;
    }

    /**
     * A node joins the cluster (after every node already there).
     * @throws InvalidObjectError for a malformed node or a name already in the cluster.
     */
    addNode(node: V1Node): void {
        const nodeInfo = createNodeInfo(node);
        this.snapshot.addNodeInfo(nodeInfo);
        if (this.n === this.alive.length) this.grow(Math.max(16, this.n * 2));
        const i = this.n++;
        this.live++;
        this.nodeInfos[i] = nodeInfo;
        this.alive[i] = 1;
        this.fillSlot(nodeInfo, i);
        if (hasPreferNoScheduleTaint(nodeInfo) && !this.anyPreferNoScheduleTaint) {
            // The scorers of the cached signatures assumed no such taint anywhere.
            this.anyPreferNoScheduleTaint = true;
            this.caches.clear();
        }
        this.nodesChanged([]);
    }

    /** A node leaves the cluster, with the pods bound to it. */
    removeNode(name: string): void {
        const i = this.slotOf(name);
        this.snapshot.removeNodeInfo(this.nodeInfos[i]);
        this.indexByName.delete(name);
        this.alive[i] = 0;
        this.live--;
        this.nodesChanged([i]);
    }

    /** Cordons (`spec.unschedulable: true`) or uncordons a node, as `kubectl cordon` does. */
    setUnschedulable(name: string, unschedulable: boolean): void {
        const i = this.slotOf(name);
        const nodeInfo = this.nodeInfos[i];
        if ((nodeInfo.node.spec?.unschedulable === true) === unschedulable) return;
        nodeInfo.node = { ...nodeInfo.node, spec: { ...nodeInfo.node.spec, unschedulable } };
        this.nodesChanged([i]);
    }

    /**
     * Binds a pod to the node its `spec.nodeName` names (a DaemonSet pod on a new node), without scheduling it.
     * @returns The pod's PodInfo, to {@link unbind} it later.
     * @throws InvalidObjectError for a malformed pod; Error for a node not in the cluster.
     */
    bind(pod: V1Pod): PodInfo {
        const i = this.slotOf(pod.spec?.nodeName ?? "");
        const podInfo = createPodInfo(pod);
        this.addToSlot(i, podInfo, nonZeroRequests(podInfo.requests));
        this.run = undefined;
        return podInfo;
    }

    /** Unbinds a pod bound earlier (by {@link bind} or by scheduling it), as an eviction does. */
    unbind(podInfo: PodInfo, nodeName: string): void {
        const i = this.slotOf(nodeName);
        const nodeInfo = this.nodeInfos[i];
        removePodFromNode(nodeInfo, podInfo);
        const nz = nonZeroRequests(podInfo.requests);
        this.stamps[i] = nodeInfo.generation + 1;
        this.reqCpu[i] -= podInfo.requests.cpu ?? 0;
        this.reqMem[i] -= podInfo.requests.memory ?? 0;
        this.nzCpu[i] -= nz.cpu;
        this.nzMem[i] -= nz.memory;
        this.run = undefined;
    }

    private slotOf(name: string): number {
        const i = this.indexByName.get(name);
        if (i === undefined) throw new Error(`node ${JSON.stringify(name)} is not in the cluster`);
        return i;
    }

    /** Grows every per-slot array (and the caches' arrays) to `capacity` slots. */
    private grow(capacity: number): void {
        const f64 = (a: Float64Array) => {
            const b = new Float64Array(capacity);
            b.set(a);
            return b;
        };
        const i32 = (a: Int32Array, fill = 0) => {
            const b = new Int32Array(capacity).fill(fill);
            b.set(a);
            return b;
        };
        const u8 = (a: Uint8Array) => {
            const b = new Uint8Array(capacity);
            b.set(a);
            return b;
        };
        this.alive = u8(this.alive);
        this.allocCpu = f64(this.allocCpu);
        this.allocMem = f64(this.allocMem);
        this.reqCpu = f64(this.reqCpu);
        this.reqMem = f64(this.reqMem);
        this.nzCpu = f64(this.nzCpu);
        this.nzMem = f64(this.nzMem);
        this.feasible = i32(this.feasible);
        this.stamps = i32(this.stamps);
        for (const cache of this.caches.values()) {
            if (cache.verdicts instanceof Uint8Array) cache.verdicts = u8(cache.verdicts);
            if (cache.taintCounts instanceof Int32Array) cache.taintCounts = i32(cache.taintCounts, -1);
            if (cache.affinityWeights instanceof Int32Array) cache.affinityWeights = i32(cache.affinityWeights, -1);
        }
        for (const cache of this.localCaches.values()) {
            cache.verdicts = u8(cache.verdicts);
            cache.verdictStamps = i32(cache.verdictStamps);
            cache.scores = f64(cache.scores);
            cache.scoreStamps = i32(cache.scoreStamps);
        }
    }

    /** The node set or a node changed: its cached static verdicts go, the passing lists are made again. */
    private nodesChanged(slots: readonly number[]): void {
        for (const cache of this.caches.values()) {
            cache.passing = undefined;
            for (const i of slots) {
                cache.rejections?.delete(i);
                setSlot(cache.verdicts, i, 0);
                setSlot(cache.taintCounts, i, -1);
                setSlot(cache.affinityWeights, i, -1);
            }
        }
        this.run = undefined;
    }

    private addToSlot(i: number, podInfo: PodInfo, nz: { cpu: number; memory: number }): void {
        const nodeInfo = this.nodeInfos[i];
        addPodToNode(nodeInfo, podInfo);
        this.stamps[i] = nodeInfo.generation + 1;
        this.reqCpu[i] += podInfo.requests.cpu ?? 0;
        this.reqMem[i] += podInfo.requests.memory ?? 0;
        this.nzCpu[i] += nz.cpu;
        this.nzMem[i] += nz.memory;
    }

    /** Schedules one pod and, when it fits, binds it to the chosen node. */
    schedule(queued: QueuedPod): ScheduleOutcome {
        if (this.live === 0) return { message: ErrNoNodesAvailable };
        const run = this.startRun(queued);
        if (run.failure !== undefined) return run.failure;
        if (run.preFilter.status !== undefined) {
            const status = run.preFilter.status;
            run.failure = {
                message: fitErrorMessage({ numAllNodes: this.live, preFilterMessage: status.reasons.join(", "), nodeStatuses: new Map() }),
                detail: buildPlacementDetail(run.ctx.podInfo, this.nodes(), new Map(), status),
            };
            return run.failure;
        }
        const found = run.narrowed === undefined ? this.searchAll(run) : this.searchNarrowed(run, run.narrowed);
        if (found === 0) {
            run.failure = this.diagnose(run);
            return run.failure;
        }
        const best = found === 1 ? this.feasible[0] : this.pickBest(run, found);
        this.commit(run, best);
        return { node: this.nodeInfos[best].name, podInfo: run.ctx.podInfo };
    }

    private startRun(queued: QueuedPod): Run {
        const current = this.run;
        // A run whose PreFilter rejected its first pod has no state from the plugins after the rejecting one: a
        // DaemonSet pod that follows it starts a run of its own.
        const reusable = current !== undefined && current.key === queued.runKey && !(queued.perPodAffinity === true && current.preFilter.status !== undefined);
        if (current !== undefined && reusable) {
            current.ctx.pod = queued.pod;
            current.ctx.podInfo = { ...current.basePodInfo, pod: queued.pod };
            if (queued.perPodAffinity === true) this.rerunAffinityPreFilter(current, queued);
            return current;
        }
        const pod = queued.pod;
        const podInfo = createPodInfo(pod);
        const ctx: CycleContext = { state: createCycleState(), pod, podInfo, snapshot: this.snapshot, featureGates: {} };
        const preFilter = this.preFilter(this.plugins, ctx, queued);
        const narrowed = this.narrowedNodes(preFilter);
        const active = this.dynamicPlugins.filter((p) => !preFilter.skipped.has(p.name));
        const run: Run = {
            key: queued.runKey,
            ctx,
            basePodInfo: podInfo,
            source: queued.source,
            preFilter,
            narrowed,
            cache: this.staticCache(pod, narrowed !== undefined),
            extended: this.plugins.filter(hasAddPod).filter((p) => !preFilter.skipped.has(p.name)),
            local: active.filter((p) => NODE_LOCAL_FILTER_PLUGINS.has(p.name)),
            global: active.filter((p) => !NODE_LOCAL_FILTER_PLUGINS.has(p.name)),
            nodeLocal: narrowed === undefined ? this.localCache(podInfo, active) : undefined,
            nonZero: nonZeroRequests(podInfo.requests),
            bestEffort: (podInfo.requests.cpu ?? 0) === 0 && (podInfo.requests.memory ?? 0) === 0,
        };
        this.run = run;
        return run;
    }

    private preFilter(plugins: readonly FilterPlugin[], ctx: CycleContext, queued: QueuedPod): PreFilterOutcome {
        let preFilter: PreFilterOutcome;
        try {
            preFilter = runPreFilterPlugins(plugins, ctx);
        } catch (error) {
            throw error instanceof InvalidObjectError && error.object === podRef(ctx.pod) ? inTemplate(error, queued.source) : error;
        }
        if (preFilter.status?.code === "Error") throw new Error(`${podRef(ctx.pod)}: PreFilter ${preFilter.status.plugin} failed: ${preFilter.status.reasons.join(", ")}`);
        return preFilter;
    }

    private narrowedNodes(preFilter: PreFilterOutcome): Int32Array | undefined {
        if (preFilter.nodeNames === undefined) return undefined;
        const indices: number[] = [];
        for (const name of preFilter.nodeNames) {
            const index = this.indexByName.get(name);
            if (index !== undefined && this.alive[index] === 1) indices.push(index);
        }
        return Int32Array.from(indices.sort((a, b) => a - b));
    }

    /**
     * For the next DaemonSet pod of a run: NodeAffinity's PreFilter again (the pod names another node); the
     * other plugins' PreFilter states carry over, kept current by `addPod`.
     */
    private rerunAffinityPreFilter(run: Run, queued: QueuedPod): void {
        const affinityPlugins = this.plugins.filter((p) => p.name === NodeAffinity);
        const outcome = this.preFilter(affinityPlugins, run.ctx, queued);
        const skipped = new Set([...run.preFilter.skipped].filter((name) => name !== NodeAffinity));
        for (const name of outcome.skipped) skipped.add(name);
        run.preFilter = { status: outcome.status, nodeNames: outcome.nodeNames, skipped, pluginsWithNodes: outcome.pluginsWithNodes };
        run.narrowed = this.narrowedNodes(run.preFilter);
        run.cache = this.staticCache(queued.pod, run.narrowed !== undefined);
        run.nodeLocal = run.narrowed === undefined ? this.localCache(run.basePodInfo, run.local.concat(run.global)) : undefined;
        run.failure = undefined;
    }

    /** The node-local cache for a pod's requests, host ports and active node-local plugins. */
    private localCache(podInfo: PodInfo, activeDynamic: readonly FilterPlugin[]): LocalCache {
        const key = JSON.stringify([podInfo.requests, podInfo.hostPorts, activeDynamic.filter((p) => NODE_LOCAL_FILTER_PLUGINS.has(p.name)).map((p) => p.name)]);
        let cache = this.localCaches.get(key);
        if (cache === undefined) {
            const size = this.alive.length;
            cache = { verdicts: new Uint8Array(size), verdictStamps: new Int32Array(size), scores: new Float64Array(size), scoreStamps: new Int32Array(size) };
            if (this.localCaches.size >= MAX_CACHED_SIGNATURES) this.localCaches.clear();
            this.localCaches.set(key, cache);
        }
        return cache;
    }

    private staticCache(pod: V1Pod, narrowed: boolean): StaticCache {
        const scorer = staticScorer(pod, this.anyPreferNoScheduleTaint);
        if (narrowed) return { verdicts: new Map(), scorer, taintCounts: new Map(), affinityWeights: new Map() };
        const spec = pod.spec;
        const key = JSON.stringify([spec?.nodeName ?? "", spec?.nodeSelector ?? null, spec?.affinity?.nodeAffinity ?? null, spec?.tolerations ?? null]);
        const cached = this.caches.get(key);
        if (cached !== undefined) return cached;
        const size = this.alive.length;
        const cache: StaticCache = {
            verdicts: new Uint8Array(size),
            scorer,
            taintCounts: new Int32Array(size).fill(-1),
            affinityWeights: new Int32Array(size).fill(-1),
        };
        if (this.caches.size >= MAX_CACHED_SIGNATURES) this.caches.clear();
        this.caches.set(key, cache);
        return cache;
    }

    /** Whether the node passes the static plugins (computing and caching the verdict). */
    private passesStatic(run: Run, index: number): boolean {
        const cache = run.cache;
        let verdict = slot(cache.verdicts, index, 0);
        if (verdict === 0) {
            const status = runFilterPlugins(this.staticPlugins, run.ctx, this.nodeInfos[index], run.preFilter.skipped);
            verdict = status === undefined ? 1 : 2;
            setSlot(cache.verdicts, index, verdict);
        }
        return verdict === 1;
    }

    private passing(run: Run): Int32Array {
        const cache = run.cache;
        if (cache.passing === undefined) {
            const out: number[] = [];
            for (let i = 0; i < this.n; i++) if (this.alive[i] === 1 && this.passesStatic(run, i)) out.push(i);
            cache.passing = Int32Array.from(out);
        }
        return cache.passing;
    }

    private passesPlugins(plugins: readonly FilterPlugin[], run: Run, nodeInfo: NodeInfo): boolean {
        for (let i = 0; i < plugins.length; i++) {
            const status = plugins[i].filter(run.ctx, nodeInfo);
            if (status !== undefined && status.code !== "Success") return false;
        }
        return true;
    }

    /** Whether the node passes the dynamic plugins; the node-local verdict is cached until the node changes. */
    private passesDynamic(run: Run, index: number): boolean {
        const cache = run.nodeLocal;
        if (cache === undefined) {
            if (!this.passesPlugins(run.local, run, this.nodeInfos[index])) return false;
        } else {
            const stamp = this.stamps[index];
            let verdict = cache.verdictStamps[index] === stamp ? cache.verdicts[index] : 0;
            if (verdict === 0) {
                verdict = this.passesPlugins(run.local, run, this.nodeInfos[index]) ? 1 : 2;
                cache.verdicts[index] = verdict;
                cache.verdictStamps[index] = stamp;
            }
            if (verdict === 2) return false;
        }
        return run.global.length === 0 || this.passesPlugins(run.global, run, this.nodeInfos[index]);
    }

    /**
     * Filters from the rotating start over every node, skipping those the static plugins reject; fills
     * `this.feasible` and returns how many it found.
     */
    private searchAll(run: Run): number {
        const n = this.n;
        const passing = this.passing(run);
        const feasible = this.feasible;
        if (passing.length === 0) return 0;
        const toFind = numFeasibleNodesToFind(this.live);
        const start = lowerBound(passing, this.nextStart);
        let found = 0;
        let last = -1;
        for (let k = 0; k < passing.length; k++) {
            const position = start + k;
            const index = passing[position < passing.length ? position : position - passing.length];
            if (!this.passesDynamic(run, index)) continue;
            feasible[found++] = index;
            if (found === toFind) {
                last = index;
                break;
            }
        }
        const processed = last >= 0 ? ((last - this.nextStart + n) % n) + 1 : n;
        this.nextStart = (this.nextStart + processed) % n;
        return found;
    }

    /** Filters the nodes a PreFilter result left, from the rotating start; fills `this.feasible`. */
    private searchNarrowed(run: Run, nodes: Int32Array): number {
        const feasible = this.feasible;
        const m = nodes.length;
        if (m === 0) return 0;
        const toFind = numFeasibleNodesToFind(m);
        const start = this.nextStart % m;
        let processed = m;
        let found = 0;
        for (let k = 0; k < m; k++) {
            const index = nodes[(start + k) % m];
            if (!this.passesStatic(run, index) || !this.passesDynamic(run, index)) continue;
            feasible[found++] = index;
            if (found === toFind) {
                processed = k + 1;
                break;
            }
        }
        this.nextStart = (this.nextStart + processed) % this.n;
        return found;
    }

    private taintCount(run: Run, index: number): number {
        const cache = run.cache;
        let taints = slot(cache.taintCounts, index, -1);
        if (taints < 0) {
            taints = cache.scorer.preferNoScheduleTaints(this.nodeInfos[index].node);
            setSlot(cache.taintCounts, index, taints);
        }
        return taints;
    }

    private affinityWeight(run: Run, index: number): number {
        const cache = run.cache;
        let weight = slot(cache.affinityWeights, index, -1);
        if (weight < 0) {
            weight = cache.scorer.preferredAffinity(this.nodeInfos[index].node);
            setSlot(cache.affinityWeights, index, weight);
        }
        return weight;
    }

    /** NodeResourcesFit (LeastAllocated) plus BalancedAllocation, weighted, for the run's pod on the node. */
    private resourceScore(run: Run, index: number): number {
        const cache = run.nodeLocal;
        const stamp = this.stamps[index];
        if (cache !== undefined && cache.scoreStamps[index] === stamp) return cache.scores[index];
        const cpuAlloc = this.allocCpu[index];
        const memAlloc = this.allocMem[index];
        let fitSum = 0;
        let fitWeights = 0;
        if (cpuAlloc !== 0) {
            fitSum += leastAllocatedScore(this.nzCpu[index] + run.nonZero.cpu, cpuAlloc);
            fitWeights++;
        }
        if (memAlloc !== 0) {
            fitSum += leastAllocatedScore(this.nzMem[index] + run.nonZero.memory, memAlloc);
            fitWeights++;
        }
        let score = SCORE_WEIGHTS.NodeResourcesFit * (fitWeights === 0 ? 0 : Math.floor(fitSum / fitWeights));
        if (!run.bestEffort) {
            const podCpu = run.basePodInfo.requests.cpu ?? 0;
            const podMem = run.basePodInfo.requests.memory ?? 0;
            score += SCORE_WEIGHTS.NodeResourcesBalancedAllocation * balancedAllocationScore(this.reqCpu[index] + podCpu, cpuAlloc, this.reqMem[index] + podMem, memAlloc);
        }
        if (cache !== undefined) {
            cache.scores[index] = score;
            cache.scoreStamps[index] = stamp;
        }
        return score;
    }

    /** The feasible node with the highest weighted score; the first in node order on a tie. */
    private pickBest(run: Run, found: number): number {
        const feasible = this.feasible;
        const varies = run.cache.scorer.varies;
        let maxTaints = 0;
        let maxAffinity = 0;
        if (varies) {
            for (let i = 0; i < found; i++) {
                maxTaints = Math.max(maxTaints, this.taintCount(run, feasible[i]));
                maxAffinity = Math.max(maxAffinity, this.affinityWeight(run, feasible[i]));
            }
        }
        // Without PreferNoSchedule taints or preferred terms, TaintToleration gives every node 100 and NodeAffinity 0.
        const constant = SCORE_WEIGHTS.TaintToleration * normalizedScore(0, 0, true);
        let best = -1;
        let bestScore = -1;
        for (let i = 0; i < found; i++) {
            const index = feasible[i];
            let score = this.resourceScore(run, index);
            if (varies) {
                score += SCORE_WEIGHTS.TaintToleration * normalizedScore(this.taintCount(run, index), maxTaints, true);
                score += SCORE_WEIGHTS.NodeAffinity * normalizedScore(this.affinityWeight(run, index), maxAffinity, false);
            } else {
                score += constant;
            }
            if (score > bestScore || (score === bestScore && index < best)) {
                best = index;
                bestScore = score;
            }
        }
        return best;
    }

    private commit(run: Run, index: number): void {
        const podInfo = run.ctx.podInfo;
        this.addToSlot(index, podInfo, run.nonZero);
        for (const plugin of run.extended) addPodToState(plugin, run.ctx.state, run.ctx.pod, podInfo, this.nodeInfos[index]);
    }


    /** Every node's status in plugin order, the FitError text and the detail. */
    private diagnose(run: Run): ScheduleOutcome {
        const statuses = new Map<string, Status>();
        const narrowed = run.narrowed;
        const indices = narrowed ?? Array.from({ length: this.n }, (_, i) => i).filter((i) => this.alive[i] === 1);
        // A node the static plugins rejected keeps their status for every pod of the same signature (they run first).
        const shared = this.staticFirst && narrowed === undefined ? (run.cache.rejections ??= new Map()) : undefined;
        for (const index of indices) {
            const nodeInfo = this.nodeInfos[index];
            let status: Status | undefined;
            if (shared !== undefined && slot(run.cache.verdicts, index, 0) === 2) {
                status = shared.get(index);
                if (status === undefined) {
                    status = runFilterPlugins(this.staticPlugins, run.ctx, nodeInfo, run.preFilter.skipped);
                    if (status !== undefined) shared.set(index, status);
                }
            }
            status ??= runFilterPlugins(this.plugins, run.ctx, nodeInfo, run.preFilter.skipped);
            if (status === undefined) throw new Error(`${podRef(run.ctx.pod)}: node ${nodeInfo.name} passed the filters on the second look; the simulation's caches disagree with the plugins`);
            if (status.code === "Error") throw new Error(`${podRef(run.ctx.pod)}: Filter ${status.plugin} failed on node ${nodeInfo.name}: ${status.reasons.join(", ")}`);
            statuses.set(nodeInfo.name, status);
        }
        const filteredOut = narrowed === undefined ? 0 : this.live - narrowed.length;
        const plugins = run.preFilter.pluginsWithNodes;
        return {
            message: fitErrorMessage({
                numAllNodes: this.live,
                nodeStatuses: statuses,
                filteredByPreFilterResult: filteredOut > 0 ? { count: filteredOut, plugins } : undefined,
            }),
            detail: buildPlacementDetail(run.ctx.podInfo, this.nodes(), statuses, undefined, filteredOut > 0 ? didNotSatisfyPlugins(plugins) : undefined),
        };
    }
}

/**
 * The scheduling loop of one simulation: kube-scheduler's `schedulePod` and PostFilter (kubernetes/kubernetes
 * `pkg/scheduler/schedule_one.go`, v1.35) for one pod at a time, binding every pod it places before the next. Per
 * pod: PreFilter, Filter over nodes from the rotating start index until `numFeasibleNodesToFind` nodes pass (see
 * `node-search.ts`), Score (see `score-phase.ts`), bind (volumes first: see `storage.ts`). A pod that fits nowhere
 * goes through DefaultPreemption (`plugins/default-preemption.ts`): when it nominates a node, the victims are
 * evicted at once and the pod is placed there (upstream's next cycle tries the nominated node first).
 *
 * Caches, none of which changes an answer:
 * - consecutive pods of one template (the replicas of a workload) form a run: PreFilter and the Score phase's
 *   PreScore states are computed once for the run and updated as replicas are placed (pods with claims, whose
 *   claims differ per replica, and StatefulSet replicas, whose identity labels differ, each form their own run);
 * - the verdicts of the static plugins (see `plugins.ts`) are cached per node for every distinct combination of
 *   nodeName, nodeSelector, node affinity and tolerations, with the list of nodes that pass them, and so are
 *   TaintToleration's and NodeAffinity's raw scores;
 * - the verdicts of the node-local plugins (NodeResourcesFit, NodePorts) and the resource scores are cached per
 *   node for every distinct combination of requests and host ports, valid while the node's generation is unchanged;
 * - when a pod fits nowhere and preemption cannot help, the next pod of its run fits nowhere for the same reasons
 *   (nothing changed), so its result is reused.
 * A pod is reported unschedulable only after every node was filtered and none passed.
 *
 * Between pods, a long simulation (an upgrade drain) may change the cluster: add, cordon and remove nodes,
 * bind pods to nodes and unbind them (`addNode`, `setUnschedulable`, `removeNode`, `bind`, `unbind`). Each node
 * keeps the slot it joined with, so the caches stay valid for the nodes that did not change; a change ends the
 * current run, so the next pod's PreFilter and PreScore see the cluster as it is.
 */
import { createCycleState } from "../framework/cycle-state";
import { fitErrorMessage } from "../framework/fit-error";
import type { CycleContext, FilterPlugin, NodeInfo, PodInfo, ScoreContext, SpreadingOwners, Status } from "../framework/interfaces";
import { addPodToNode, createNodeInfo, createPodInfo, removePodFromNode } from "../framework/node-info";
import type { MutableSnapshot } from "../framework/snapshot";
import { NodeAffinity, VolumeBinding } from "../framework/names";
import { didNotSatisfyPlugins } from "../framework/reasons";
import { runFilterPlugins, runPreFilterPlugins, type PreFilterOutcome } from "../framework/run-filters";
import { InvalidObjectError } from "../model/errors";
import { podRef } from "../model/pod-requests";
import type { V1Node, V1Pod, V1PodDisruptionBudget } from "../model/types";
import { podHasClaims } from "../model/volumes";
import { budgetStates, preemptPod } from "../plugins/default-preemption";
import { PRE_FILTER_STATE_KEY as VOLUME_BINDING_STATE, type VolumeBindingState } from "../plugins/volume-binding";
import { MAX_CACHED_SIGNATURES, setSlot, slot, type LocalCache, type StaticCache } from "./caches";
import { buildPlacementDetail } from "./diagnosis";
import { lowerBound, numFeasibleNodesToFind } from "./node-search";
import { addPodToState, hasAddPod, NODE_LOCAL_FILTER_PLUGINS, STATIC_FILTER_PLUGINS, type ExtendedFilterPlugin } from "./plugins";
import { ScorePhase, staticScorer, type RunScoring } from "./score-phase";
import { bindPodVolumes, type ProvisionedVolumeTopology } from "./storage";
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

/** A pod evicted to make room for another. */
export interface Eviction {
    podInfo: PodInfo;
    node: string;
}

/** The outcome for one pod. */
export interface ScheduleOutcome {
    node?: string;
    /** The placed pod as bound to the node (to {@link Scheduler.unbind} it later). */
    podInfo?: PodInfo;
    message?: string;
    /** DefaultPreemption's message when it could not help (`preemption: 0/N nodes are available: …`). */
    preemptionMessage?: string;
    detail?: PlacementDetail;
    /** The pods evicted so this one fits (they were on `node`). */
    victims?: Eviction[];
}

/** What the scheduler needs besides the snapshot and the Filter plugins. */
export interface SchedulerOptions {
    owners: SpreadingOwners;
    /** Where provisioned volumes are made for a node. */
    volumeTopology: ProvisionedVolumeTopology;
    disruptionBudgets: readonly V1PodDisruptionBudget[];
    /** See `tie-break.ts`. */
    tieBreakSeed?: number;
}

interface Run {
    key: string;
    ctx: CycleContext;
    scoreCtx: ScoreContext;
    basePodInfo: PodInfo;
    source: PodSource;
    preFilter: PreFilterOutcome;
    /** Ascending node indices a PreFilter result narrowed the search to. */
    narrowed?: Int32Array;
    cache: StaticCache;
    extended: ExtendedFilterPlugin[];
    /** Active (not skipped) dynamic plugins whose verdict depends only on the node's own pods. */
    local: FilterPlugin[];
    /** Active dynamic plugins whose verdict depends on pods elsewhere (topology) or on storage. */
    global: FilterPlugin[];
    /** Node-local verdicts and resource scores shared by every run with the same requests (absent for narrowed runs). */
    nodeLocal?: LocalCache;
    /** The Score phase's states, made when the run first has more than one feasible node. */
    scoring?: RunScoring;
    failure?: ScheduleOutcome;
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
    private readonly caches = new Map<string, StaticCache>();
    private readonly localCaches = new Map<string, LocalCache>();
    private readonly score: ScorePhase;
    private nextStart = 0;
    private run?: Run;
    /** The feasible nodes of the current search (indices), reused between pods. */
    private feasible: Int32Array;
    /** Each node's generation + 1, the stamp node-local cache entries are checked against. */
    private stamps: Int32Array;

    constructor(
        private readonly snapshot: MutableSnapshot,
        private readonly plugins: readonly FilterPlugin[],
        private readonly options: SchedulerOptions,
    ) {
        this.nodeInfos = [...snapshot.nodeInfos];
        this.n = this.nodeInfos.length;
        this.live = this.n;
        this.staticPlugins = plugins.filter((p) => STATIC_FILTER_PLUGINS.has(p.name));
        this.dynamicPlugins = plugins.filter((p) => !STATIC_FILTER_PLUGINS.has(p.name));
        const lastStatic = plugins.reduce((at, p, i) => (STATIC_FILTER_PLUGINS.has(p.name) ? i : at), -1);
        this.staticFirst = plugins.every((p, i) => STATIC_FILTER_PLUGINS.has(p.name) || i > lastStatic);
        this.alive = new Uint8Array(this.n).fill(1);
        this.feasible = new Int32Array(this.n);
        this.stamps = new Int32Array(this.n);
        this.nodeInfos.forEach((nodeInfo, i) => this.fillSlot(nodeInfo, i));
        this.score = new ScorePhase(snapshot, this.nodeInfos, options.owners, options.tieBreakSeed);
    }

    private fillSlot(nodeInfo: NodeInfo, i: number): void {
        this.indexByName.set(nodeInfo.name, i);
        this.stamps[i] = nodeInfo.generation + 1;
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
        this.score.nodeAdded(nodeInfo, this.alive.length);
        this.nodesChanged([]);
    }

    /** A node leaves the cluster, with the pods bound to it. */
    removeNode(name: string): void {
        const i = this.slotOf(name);
        const nodeInfo = this.nodeInfos[i];
        for (const podInfo of nodeInfo.pods) this.score.podAdded(podInfo.pod, -1);
        this.snapshot.removeNodeInfo(nodeInfo);
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
        this.addToSlot(i, podInfo);
        this.run = undefined;
        return podInfo;
    }

    /** Unbinds a pod bound earlier (by {@link bind} or by scheduling it), as an eviction does. */
    unbind(podInfo: PodInfo, nodeName: string): void {
        this.removeFromSlot(this.slotOf(nodeName), podInfo);
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

    private addToSlot(i: number, podInfo: PodInfo): void {
        const nodeInfo = this.nodeInfos[i];
        addPodToNode(nodeInfo, podInfo);
        this.stamps[i] = nodeInfo.generation + 1;
        this.score.podAdded(podInfo.pod, 1);
    }

    private removeFromSlot(i: number, podInfo: PodInfo): void {
        const nodeInfo = this.nodeInfos[i];
        removePodFromNode(nodeInfo, podInfo);
        this.stamps[i] = nodeInfo.generation + 1;
        this.score.podAdded(podInfo.pod, -1);
    }

    /**
     * Schedules one pod and, when it fits (if need be by preempting others), binds it to the chosen node.
     * @param preempt - Whether PostFilter may preempt (false on the retry after a preemption).
     */
    schedule(queued: QueuedPod, preempt = true): ScheduleOutcome {
        if (this.live === 0) return { message: ErrNoNodesAvailable };
        const run = this.startRun(queued);
        if (run.failure !== undefined) return run.failure;
        const found = run.preFilter.status !== undefined ? 0 : run.narrowed === undefined ? this.searchAll(run) : this.searchNarrowed(run, run.narrowed);
        if (found === 0) return this.unschedulable(run, queued, preempt);
        const best = found === 1 ? this.feasible[0] : this.pickBest(run, found);
        this.commit(run, best);
        return { node: this.nodeInfos[best].name, podInfo: run.ctx.podInfo };
    }

    private startRun(queued: QueuedPod): Run {
        const current = this.run;
        // A run whose PreFilter rejected its first pod has no state from the plugins after the rejecting one: a
        // DaemonSet pod that follows it starts a run of its own. A pod with claims always starts its own run.
        const reusable =
            current !== undefined && current.key === queued.runKey && !podHasClaims(queued.pod) && !(queued.perPodAffinity === true && current.preFilter.status !== undefined);
        if (current !== undefined && reusable) {
            current.ctx.pod = queued.pod;
            current.ctx.podInfo = { ...current.basePodInfo, pod: queued.pod };
            current.scoreCtx.pod = queued.pod;
            current.scoreCtx.podInfo = current.ctx.podInfo;
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
            scoreCtx: { ...ctx, pluginArgs: {}, owners: this.options.owners },
            basePodInfo: podInfo,
            source: queued.source,
            preFilter,
            narrowed,
            cache: this.staticCache(pod, narrowed !== undefined, queued.source),
            extended: this.plugins.filter(hasAddPod).filter((p) => !preFilter.skipped.has(p.name)),
            local: active.filter((p) => NODE_LOCAL_FILTER_PLUGINS.has(p.name)),
            global: active.filter((p) => !NODE_LOCAL_FILTER_PLUGINS.has(p.name)),
            nodeLocal: narrowed === undefined ? this.localCache(podInfo, active) : undefined,
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
        run.cache = this.staticCache(queued.pod, run.narrowed !== undefined, queued.source);
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

    private staticCache(pod: V1Pod, narrowed: boolean, source: PodSource): StaticCache {
        let scorer;
        try {
            scorer = staticScorer(pod);
        } catch (error) {
            throw inTemplate(error, source);
        }
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

    /** NodeResourcesFit (LeastAllocated) plus BalancedAllocation, weighted, cached until the node changes. */
    private resourceScore(run: Run, scoring: RunScoring, index: number): number {
        const cache = run.nodeLocal;
        const stamp = this.stamps[index];
        if (cache !== undefined && cache.scoreStamps[index] === stamp) return cache.scores[index];
        const score = this.score.resourceScore(scoring, this.nodeInfos[index]);
        if (cache !== undefined) {
            cache.scores[index] = score;
            cache.scoreStamps[index] = stamp;
        }
        return score;
    }

    /** The feasible node with the highest weighted score (see `score-phase.ts` for ties). */
    private pickBest(run: Run, found: number): number {
        let scoring = run.scoring;
        if (scoring === undefined) {
            try {
                scoring = this.score.startRun(run.scoreCtx);
            } catch (error) {
                throw error instanceof InvalidObjectError && error.object === podRef(run.ctx.pod) ? inTemplate(error, run.source) : error;
            }
            run.scoring = scoring;
        }
        const s = scoring;
        const totals = this.score.totals;
        const feasible = this.feasible;
        for (let k = 0; k < found; k++) totals[k] = this.resourceScore(run, s, feasible[k]);
        const position = this.score.pickBest(
            run.scoreCtx,
            s,
            run.cache.scorer,
            feasible,
            found,
            (i) => this.taintCount(run, i),
            (i) => this.affinityWeight(run, i),
        );
        return this.feasible[position];
    }

    private commit(run: Run, index: number): void {
        const nodeInfo = this.nodeInfos[index];
        const podInfo = run.ctx.podInfo;
        const binding = run.ctx.state.read<VolumeBindingState>(VOLUME_BINDING_STATE);
        if (binding !== undefined && !run.preFilter.skipped.has(VolumeBinding)) {
            const podVolumes = binding.podVolumesByNode.get(nodeInfo.name);
            if (podVolumes !== undefined) bindPodVolumes(this.snapshot.storage, podVolumes, nodeInfo.node, this.options.volumeTopology);
        }
        this.addToSlot(index, podInfo);
        if (run.scoring !== undefined) this.score.replicaPlaced(run.scoring, run.ctx.pod, index);
        for (const plugin of run.extended) addPodToState(plugin, run.ctx.state, run.ctx.pod, podInfo, nodeInfo);
    }

    /** The slots of the nodes in the cluster now. */
    private aliveSlots(): number[] {
        const out: number[] = [];
        for (let i = 0; i < this.n; i++) if (this.alive[i] === 1) out.push(i);
        return out;
    }

    /** Every node's status in plugin order (all nodes with PreFilter's rejection when PreFilter rejected the pod). */
    private nodeStatuses(run: Run): Map<string, Status> {
        const statuses = new Map<string, Status>();
        if (run.preFilter.status !== undefined) {
            for (const nodeInfo of this.nodes()) statuses.set(nodeInfo.name, run.preFilter.status);
            return statuses;
        }
        const narrowed = run.narrowed;
        // A node the static plugins rejected keeps their status for every pod of the same signature (they run first).
        const shared = this.staticFirst && narrowed === undefined ? (run.cache.rejections ??= new Map()) : undefined;
        for (const index of narrowed ?? this.aliveSlots()) {
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
        return statuses;
    }

    /** The FitError text and detail of a pod that fits nowhere. */
    private diagnose(run: Run, statuses: Map<string, Status>): ScheduleOutcome {
        const preFilterStatus = run.preFilter.status;
        if (preFilterStatus !== undefined) {
            return {
                message: fitErrorMessage({ numAllNodes: this.live, preFilterMessage: preFilterStatus.reasons.join(", "), nodeStatuses: new Map() }),
                detail: buildPlacementDetail(run.ctx.podInfo, this.nodes(), new Map(), preFilterStatus, undefined, this.snapshot.storage),
            };
        }
        const narrowed = run.narrowed;
        const filteredOut = narrowed === undefined ? 0 : this.live - narrowed.length;
        const plugins = run.preFilter.pluginsWithNodes;
        return {
            message: fitErrorMessage({
                numAllNodes: this.live,
                nodeStatuses: statuses,
                filteredByPreFilterResult: filteredOut > 0 ? { count: filteredOut, plugins } : undefined,
            }),
            detail: buildPlacementDetail(run.ctx.podInfo, this.nodes(), statuses, undefined, filteredOut > 0 ? didNotSatisfyPlugins(plugins) : undefined, this.snapshot.storage),
        };
    }

    /** PostFilter for a pod Filter rejected everywhere: preempt, or report why not. */
    private unschedulable(run: Run, queued: QueuedPod, preempt: boolean): ScheduleOutcome {
        const statuses = this.nodeStatuses(run);
        const failure = this.diagnose(run, statuses);
        if (!preempt) return failure;
        const nodes = this.nodes();
        // A namespace's pods are gathered only if the allowance of one of its budgets is needed (see budgetStates).
        const budgets = budgetStates(this.options.disruptionBudgets, (namespace) => {
            const pods: V1Pod[] = [];
            for (const node of nodes) for (const { pod } of node.pods) if ((pod.metadata?.namespace || "default") === namespace) pods.push(pod);
            return pods;
        });
        const result = preemptPod({ ctx: run.ctx, plugins: this.plugins, skipped: run.preFilter.skipped }, { nodes, nodeStatuses: statuses, budgets });
        if (result.node === undefined) {
            failure.preemptionMessage = result.message;
            // Nothing changed: the run's next pods fit nowhere for the same reasons (pods with claims have runs of one).
            run.failure = failure;
            return failure;
        }
        const index = this.indexByName.get(result.node)!;
        const nodeInfo = this.nodeInfos[index];
        const victims: Eviction[] = result.victims.map((podInfo) => ({ podInfo, node: nodeInfo.name }));
        for (const victim of result.victims) this.removeFromSlot(index, victim);
        // The PreFilter and PreScore states counted the victims: the pod starts over (its nominated node first).
        this.run = undefined;
        const fresh = this.startRun(queued);
        if (fresh.preFilter.status === undefined && (fresh.narrowed === undefined || fresh.narrowed.includes(index)) && this.passesStatic(fresh, index) && this.passesDynamic(fresh, index)) {
            this.commit(fresh, index);
            return { node: nodeInfo.name, podInfo: fresh.ctx.podInfo, victims };
        }
        const outcome = this.schedule(queued, false);
        return { ...outcome, victims };
    }
}

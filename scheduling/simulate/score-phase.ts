/**
 * The simulation's Score phase: the default profile's Score plugins with their default weights
 * (kubernetes/kubernetes `pkg/scheduler/apis/config/v1/default_plugins.go`, v1.35; the plugins in `plugins/`),
 * over the feasible nodes of each pod, then the highest total wins. The numbers are the plugins' own (`scorePod`
 * gives the same per node); what differs is how often they are computed:
 * - TaintToleration and NodeAffinity read only the pod's spec and the node, so their raw scores are cached per
 *   template signature and node (see `caches.ts`);
 * - NodeResourcesFit (LeastAllocated) and NodeResourcesBalancedAllocation depend on the node's own pods, so their
 *   sum is cached per node until a pod lands on it;
 * - PodTopologySpread (soft constraints and the system default spreading) and InterPodAffinity (preferred terms and
 *   the existing pods' symmetric weights) build their PreScore state once per run of replicas and update it as
 *   replicas land (`spread-scores.ts`, `processExistingPod`);
 * - InterPodAffinity is skipped outright while no pod in the cluster has terms that can score and the pod has no
 *   preferred terms (upstream's PreScore finds an empty score map and skips too);
 * - ImageLocality runs only when some node lists `status.images` (AKS node models list none, so it scores 0).
 * Like kube-scheduler, a pod with one feasible node is not scored. Ties between the highest totals go to the first
 * node in node order, or, with a `tieBreakSeed`, to one drawn uniformly from a seeded generator; kube-scheduler
 * draws uniformly at random (reservoir sampling in `selectHost`), so any tied node is a valid outcome.
 */
import type { NodeInfo, ScoreContext, Snapshot, SpreadingOwners } from "../framework/interfaces";
import { DEFAULT_SCORE_WEIGHTS, ImageLocality, InterPodAffinity, NodeAffinity, NodeResourcesBalancedAllocation, NodeResourcesFit, PodTopologySpread, TaintToleration } from "../framework/names";
import { MAX_NODE_SCORE } from "../framework/normalize";
import type { V1Node, V1Pod } from "../model/types";
import { imageLocalityPlugin } from "../plugins/image-locality";
import { affinityRawScore, computeAffinityScoreState, getPreferredAffinityTerms, processExistingPod, type AffinityScoreState } from "../plugins/inter-pod-affinity";
import { preferredNodeAffinity } from "../plugins/node-affinity";
import { computeSpreadScoreState } from "../plugins/pod-topology-spread";
import { DEFAULT_SCORED_RESOURCES, leastRequestedScore, podRequestList } from "../plugins/resource-allocation";
import { countIntolerablePreferNoSchedule } from "../plugins/taint-toleration";
import { getPodAffinityTerms } from "../plugins/inter-pod-affinity";
import { SpreadBuffers, SpreadScorer, topologyDomains, type TopologyDomains } from "./spread-scores";
import { TieBreaker } from "./tie-break";

const W = {
    taint: DEFAULT_SCORE_WEIGHTS[TaintToleration],
    affinity: DEFAULT_SCORE_WEIGHTS[NodeAffinity],
    fit: DEFAULT_SCORE_WEIGHTS[NodeResourcesFit],
    balanced: DEFAULT_SCORE_WEIGHTS[NodeResourcesBalancedAllocation],
    spread: DEFAULT_SCORE_WEIGHTS[PodTopologySpread],
    interPod: DEFAULT_SCORE_WEIGHTS[InterPodAffinity],
    image: DEFAULT_SCORE_WEIGHTS[ImageLocality],
};

/** The per-node score inputs that depend only on the pod's spec and the node (TaintToleration, NodeAffinity). */
export interface StaticScorer {
    /** Intolerable PreferNoSchedule taints on the node. */
    preferNoScheduleTaints(node: V1Node): number;
    /** Summed weights of the preferred node affinity terms the node matches. */
    preferredAffinity(node: V1Node): number;
    /** Whether the pod has preferred node affinity terms (else NodeAffinity's PreScore skips it). */
    readonly hasPreferredAffinity: boolean;
}

/**
 * Builds the static score inputs of a pod.
 * @throws InvalidObjectError naming the pod and term for a preferred term the API server would reject.
 */
export function staticScorer(pod: V1Pod): StaticScorer {
    const tolerations = (pod.spec?.tolerations ?? []).filter((t) => t.effect === undefined || t.effect === "" || t.effect === "PreferNoSchedule");
    const preferred = preferredNodeAffinity(pod);
    return {
        hasPreferredAffinity: preferred.terms.length > 0,
        preferNoScheduleTaints: (node) => countIntolerablePreferNoSchedule(node.spec?.taints, tolerations, false),
        preferredAffinity: (node) => preferred.score(node),
    };
}

/** Whether a pod carries terms InterPodAffinity's Score reads from existing pods (required affinity, preferred terms). */
export function hasScoringAffinity(pod: V1Pod): boolean {
    const affinity = pod.spec?.affinity;
    if (affinity?.podAffinity == null && affinity?.podAntiAffinity == null) return false;
    const preferred = getPreferredAffinityTerms(pod);
    return getPodAffinityTerms(pod).affinity.length > 0 || preferred.affinity.length > 0 || preferred.antiAffinity.length > 0;
}

const hasPreferNoScheduleTaint = (n: NodeInfo): boolean => (n.node.spec?.taints ?? []).some((t) => t.effect === "PreferNoSchedule");
const hasImages = (n: NodeInfo): boolean => (n.node.status?.images ?? []).length > 0;

/** What one run of replicas is scored with, besides the static caches. */
export interface RunScoring {
    spread?: SpreadScorer;
    interPod?: AffinityScoreState;
    /** NodeResourcesBalancedAllocation skips pods that request neither cpu nor memory. */
    balanced: boolean;
    /** The pod's requests as NodeResourcesFit and BalancedAllocation read them (cpu, memory). */
    fitRequests: number[];
    balancedRequests: number[];
}

/** The Score phase of one simulation (see the file comment). */
export class ScorePhase {
    private anyPreferNoScheduleTaint: boolean;
    private anyImages: boolean;
    private sums: Float64Array;
    private scratch: Float64Array;
    /** Pods in the cluster whose terms InterPodAffinity's Score reads. */
    private scoringAffinityPods = 0;
    private readonly tieBreaker: TieBreaker;
    private readonly domains = new Map<string, TopologyDomains>();
    private spreadScratch: Float64Array;
    private spreadBuffers: SpreadBuffers;

    /**
     * @param nodeInfos - The scheduler's node slots (node indices below are slots): the snapshot's nodes in the
     *   order they joined, removed nodes kept in their slots. The array is the scheduler's own and grows with it.
     */
    constructor(
        private readonly snapshot: Snapshot,
        private readonly nodeInfos: readonly NodeInfo[],
        private readonly owners: SpreadingOwners,
        tieBreakSeed: number | undefined,
    ) {
        this.anyPreferNoScheduleTaint = nodeInfos.some(hasPreferNoScheduleTaint);
        this.anyImages = nodeInfos.some(hasImages);
        this.sums = new Float64Array(nodeInfos.length);
        this.scratch = new Float64Array(nodeInfos.length);
        this.spreadScratch = new Float64Array(nodeInfos.length);
        this.spreadBuffers = new SpreadBuffers(nodeInfos.length);
        for (const nodeInfo of nodeInfos) for (const podInfo of nodeInfo.pods) if (hasScoringAffinity(podInfo.pod)) this.scoringAffinityPods++;
        this.tieBreaker = new TieBreaker(tieBreakSeed);
    }

    /**
     * A node joined (in a new slot): the buffers grow to `capacity` slots and the topology domains are made again
     * when next asked for. Its pods, if any, are counted by the caller's {@link podAdded}.
     */
    nodeAdded(nodeInfo: NodeInfo, capacity: number): void {
        if (hasPreferNoScheduleTaint(nodeInfo)) this.anyPreferNoScheduleTaint = true;
        if (hasImages(nodeInfo)) this.anyImages = true;
        if (this.sums.length < capacity) {
            this.sums = new Float64Array(capacity);
            this.scratch = new Float64Array(capacity);
            this.spreadScratch = new Float64Array(capacity);
            this.spreadBuffers = new SpreadBuffers(capacity);
        }
        this.domains.clear();
    }

    /** Counts a pod in or out of the cluster (for the InterPodAffinity skip). */
    podAdded(pod: V1Pod, delta: 1 | -1): void {
        if (hasScoringAffinity(pod)) this.scoringAffinityPods += delta;
    }

    /** The PreScore states of a run, for its first pod (the previous run's states are no longer used). */
    startRun(ctx: ScoreContext): RunScoring {
        const pod = ctx.pod;
        this.spreadBuffers.release();
        const spreadState = computeSpreadScoreState(pod, this.snapshot, this.owners, undefined, ctx.featureGates);
        const preferred = getPreferredAffinityTerms(pod);
        const hasPreferred = preferred.affinity.length > 0 || preferred.antiAffinity.length > 0;
        // The run's own replicas add to the state as they land when the pod has terms that score them.
        const selfScoring = hasPreferred || hasScoringAffinity(pod);
        let interPod: AffinityScoreState | undefined;
        if (selfScoring || this.scoringAffinityPods > 0) {
            interPod = computeAffinityScoreState(pod, this.snapshot, undefined);
            if (interPod !== undefined && interPod.topologyScore.size === 0 && !selfScoring) interPod = undefined;
        }
        const balancedRequests = podRequestList(ctx.podInfo, DEFAULT_SCORED_RESOURCES, true);
        return {
            spread: spreadState === undefined ? undefined : new SpreadScorer(spreadState, this.nodeInfos, (key) => this.topologyDomains(key), this.spreadScratch, this.spreadBuffers),
            interPod,
            balanced: balancedRequests.some((r) => r !== 0),
            fitRequests: podRequestList(ctx.podInfo, DEFAULT_SCORED_RESOURCES, false),
            balancedRequests,
        };
    }

    private topologyDomains(key: string): TopologyDomains {
        let domains = this.domains.get(key);
        if (domains === undefined) {
            domains = topologyDomains(this.nodeInfos, key);
            this.domains.set(key, domains);
        }
        return domains;
    }

    /** Keeps a run's PreScore states current when one of its replicas lands on the node at `index`. */
    replicaPlaced(run: RunScoring, pod: V1Pod, index: number): void {
        run.spread?.update(pod, index, 1);
        if (run.interPod !== undefined) processExistingPod(run.interPod, pod, this.nodeInfos[index].node, 1);
    }

    /**
     * NodeResourcesFit (LeastAllocated) and BalancedAllocation, weighted, for the run's pod on a node: the plugins'
     * `scoreNodeResources` over cpu and memory (weight 1 each), written out without its per-call arrays.
     */
    resourceScore(run: RunScoring, nodeInfo: NodeInfo): number {
        const cpuAlloc = nodeInfo.allocatable.cpu ?? 0;
        const memAlloc = nodeInfo.allocatable.memory ?? 0;
        let fit = 0;
        let counted = 0;
        if (cpuAlloc !== 0) {
            fit += leastRequestedScore(nodeInfo.nonZeroRequested.cpu + run.fitRequests[0], cpuAlloc);
            counted++;
        }
        if (memAlloc !== 0) {
            fit += leastRequestedScore(nodeInfo.nonZeroRequested.memory + run.fitRequests[1], memAlloc);
            counted++;
        }
        let score = W.fit * (counted === 0 ? 0 : Math.trunc(fit / counted));
        if (run.balanced) {
            let std = 0;
            if (cpuAlloc !== 0 && memAlloc !== 0) {
                const cpu = Math.min(1, ((nodeInfo.requested.cpu ?? 0) + run.balancedRequests[0]) / cpuAlloc);
                const memory = Math.min(1, ((nodeInfo.requested.memory ?? 0) + run.balancedRequests[1]) / memAlloc);
                std = Math.abs((cpu - memory) / 2);
            }
            score += W.balanced * Math.trunc((1 - std) * MAX_NODE_SCORE);
        }
        return score;
    }

    /** Where the caller writes each feasible node's resource score before {@link pickBest} (indexed like `feasible`). */
    get totals(): Float64Array {
        return this.sums;
    }

    /**
     * The position (into `feasible`) of the best of the first `found` feasible nodes, once the caller has written
     * each one's weighted resource score into {@link totals}.
     * @param taintCount - The node's intolerable PreferNoSchedule taints (cached by the caller).
     * @param affinityWeight - The node's preferred node affinity weight (cached by the caller).
     */
    pickBest(
        ctx: ScoreContext,
        run: RunScoring,
        scorer: StaticScorer,
        feasible: Int32Array,
        found: number,
        taintCount: (index: number) => number,
        affinityWeight: (index: number) => number,
    ): number {
        const totals = this.sums;
        const raw = this.scratch;
        // TaintToleration: intolerable taints, normalized in reverse over the feasible nodes; without any
        // PreferNoSchedule taint every node scores 100, which changes no ranking and is left out.
        if (this.anyPreferNoScheduleTaint) {
            let max = 0;
            for (let k = 0; k < found; k++) {
                raw[k] = taintCount(feasible[k]);
                if (raw[k] > max) max = raw[k];
            }
            if (max > 0) for (let k = 0; k < found; k++) totals[k] -= W.taint * Math.trunc((MAX_NODE_SCORE * raw[k]) / max);
        }
        if (scorer.hasPreferredAffinity) {
            let max = 0;
            for (let k = 0; k < found; k++) {
                raw[k] = affinityWeight(feasible[k]);
                if (raw[k] > max) max = raw[k];
            }
            if (max > 0) for (let k = 0; k < found; k++) totals[k] += W.affinity * Math.trunc((MAX_NODE_SCORE * raw[k]) / max);
        }
        run.spread?.addScores(feasible, found, totals, W.spread);
        if (run.interPod !== undefined) this.addInterPodScores(run.interPod, feasible, found);
        if (this.anyImages) for (let k = 0; k < found; k++) totals[k] += W.image * imageLocalityPlugin.score(ctx, this.nodeInfos[feasible[k]]);
        if (!this.tieBreaker.seeded) {
            // The highest total; on a tie the node first in node order.
            let best = 0;
            for (let k = 1; k < found; k++) if (totals[k] > totals[best] || (totals[k] === totals[best] && feasible[k] < feasible[best])) best = k;
            return best;
        }
        let top = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < found; k++) if (totals[k] > top) top = totals[k];
        return this.tieBreaker.pick(feasible, found, (k) => totals[k] === top);
    }

    private addInterPodScores(state: AffinityScoreState, feasible: Int32Array, found: number): void {
        const raw = this.scratch;
        let min = Number.POSITIVE_INFINITY;
        let max = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < found; k++) {
            raw[k] = affinityRawScore(state, this.nodeInfos[feasible[k]].node);
            if (raw[k] > max) max = raw[k];
            if (raw[k] < min) min = raw[k];
        }
        const diff = max - min;
        if (diff <= 0) return;
        for (let k = 0; k < found; k++) this.sums[k] += W.interPod * Math.trunc(MAX_NODE_SCORE * ((raw[k] - min) / diff));
    }
}

/**
 * PodTopologySpread: a pod's hard topology spread constraints (`whenUnsatisfiable: DoNotSchedule`) filter, its
 * soft ones (`ScheduleAnyway`), or the system default constraints, score. Follows kubernetes/kubernetes
 * `pkg/scheduler/framework/plugins/podtopologyspread/` `plugin.go`, `common.go`, `filtering.go` and
 * `scoring.go` at v1.35 (scoring read at commit 02d7708af661e2fb5a089a04c3944a54d2afcc0e):
 *
 * - PreFilter builds the constraints (defaults: minDomains 1, nodeAffinityPolicy Honor, nodeTaintsPolicy
 *   Ignore; `matchLabelKeys` merged into the selector from the pod's labels) and counts, per constraint and
 *   domain, the pods in the incoming pod's namespace that the selector matches, skipping terminating pods.
 *   Only nodes carrying every constraint's topology key count, and, per constraint, only nodes its
 *   inclusion policies admit. It returns Skip when the pod has no hard constraint; the system default
 *   constraints are soft (ScheduleAnyway) and never reach Filter.
 * - Filter, per constraint: a node without the topology key is UnschedulableAndUnresolvable
 *   ("... (missing required label)"); otherwise `count(domain) + selfMatch - globalMin > maxSkew` is
 *   Unschedulable. The global minimum is 0 while fewer domains than `minDomains` are eligible.
 * - `addPod` / `removePod` update the counts as upstream's PreFilterExtensions do.
 * - Score (see the "Score" section below): the pod's `ScheduleAnyway` constraints, or, when the pod declares no
 *   constraint at all, the system defaults (hostname maxSkew 3, zone maxSkew 5) with the selector of the Services
 *   selecting the pod and of its owning ReplicaSet or StatefulSet (upstream `helper.DefaultSelector`).
 *
 * One deliberate difference: v1.35 counts no existing pod for an empty (`{}`) selector because of a
 * wrong short-circuit in `countPodsMatchSelector`; kubernetes/kubernetes#141340 fixed it and we follow
 * the fix (an empty selector selects every pod of the namespace).
 *
 * See https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
import { InvalidObjectError } from "../model/errors";
import { compileLabelSelector, requirementsFromLabelKeys, selectorFromRequirements, type CompiledLabelSelector, type LabelRequirement } from "../model/label-selector";
import { compileRequiredNodeAffinity, type CompiledNodeSelector } from "../model/node-selector";
import { podRef } from "../model/pod-requests";
import { findUntoleratedTaint } from "../model/taints";
import type { V1Node, V1Pod, V1Taint } from "../model/types";
import type {
    CycleContext,
    FeatureGates,
    FilterPlugin,
    NodeInfo,
    NodeScore,
    PodInfo,
    PreFilterExtensions,
    PreFilterResult,
    ScoreContext,
    ScorePlugin,
    Snapshot,
    SpreadingOwners,
    Status,
} from "../framework/interfaces";
import { MAX_NODE_SCORE } from "../framework/normalize";
import { SKIP } from "../framework/status";
import { PodTopologySpread as PodTopologySpreadName } from "../framework/names";
import { ErrReasonConstraintsNotMatch, ErrReasonNodeLabelNotMatch } from "../framework/reasons";
import { countingExtensions, isStatus, readPreFilterState } from "../framework/pre-filter-state";

export { ErrReasonConstraintsNotMatch, ErrReasonNodeLabelNotMatch } from "../framework/reasons";

/** The plugin name, as kube-scheduler registers it. */
export const Name = PodTopologySpreadName;

/** The cycle-state key PreFilter writes and Filter reads. */
export const PRE_FILTER_STATE_KEY = "PreFilter" + Name;

/** Whether a node's labels (affinity) or taints count when deciding which nodes form domains. */
export type NodeInclusionPolicy = "Honor" | "Ignore";

/** One hard constraint, parsed. */
export interface SpreadConstraint {
    readonly maxSkew: number;
    readonly topologyKey: string;
    /** `labelSelector` with `matchLabelKeys` merged in. */
    readonly selector: CompiledLabelSelector;
    /** Defaults to 1. */
    readonly minDomains: number;
    /** Defaults to Honor: nodes the pod's nodeSelector / required node affinity rejects form no domain. */
    readonly nodeAffinityPolicy: NodeInclusionPolicy;
    /** Defaults to Ignore: with Honor, nodes with a NoSchedule/NoExecute taint the pod does not tolerate form no domain. */
    readonly nodeTaintsPolicy: NodeInclusionPolicy;
}

/**
 * Matching-pod counts per domain of one constraint, with the minimum kept exactly (upstream keeps two
 * "critical paths", which stays exact only for single-node preemption; a simulator adds many pods).
 */
export class DomainCounts {
    private readonly counts = new Map<string, number>();
    private minimum = Number.POSITIVE_INFINITY;
    private minimumStale = false;

    /** Makes `domain` eligible (count 0) if it is not yet. */
    ensure(domain: string): void {
        if (!this.counts.has(domain)) this.add(domain, 0);
    }

    /** Adds `delta` matching pods to `domain` (making it eligible). */
    add(domain: string, delta: number): void {
        const before = this.counts.get(domain);
        const after = (before ?? 0) + delta;
        this.counts.set(domain, after);
        if (after < this.minimum) {
            this.minimum = after;
        } else if (before !== undefined && before === this.minimum && after > before) {
            this.minimumStale = true;
        }
    }

    /** The number of matching pods in `domain` (0 when it is not eligible). */
    get(domain: string): number {
        return this.counts.get(domain) ?? 0;
    }

    /** The number of eligible domains. */
    get size(): number {
        return this.counts.size;
    }

    /** The smallest count over eligible domains (+Infinity when there is none). */
    min(): number {
        if (this.minimumStale) {
            this.minimum = Number.POSITIVE_INFINITY;
            for (const n of this.counts.values()) if (n < this.minimum) this.minimum = n;
            this.minimumStale = false;
        }
        return this.minimum;
    }

    /** A copy, for simulations that must not change the original. */
    clone(): DomainCounts {
        const copy = new DomainCounts();
        for (const [domain, n] of this.counts) copy.add(domain, n);
        return copy;
    }

    /** The counts as a plain object, domain → pods. */
    toObject(): Record<string, number> {
        return Object.fromEntries(this.counts);
    }
}

/** What PreFilter computes for one pod: its hard constraints and, per constraint, the domain counts. */
export interface TopologySpreadState {
    readonly pod: V1Pod;
    readonly constraints: readonly SpreadConstraint[];
    /** Indexed like `constraints`. */
    readonly counts: DomainCounts[];
    /** Whether the NodeInclusionPolicyInPodTopologySpread feature gate was on (v1.35 default: on). */
    readonly nodeInclusionPolicy: boolean;
    /** The pod's nodeSelector and required node affinity, compiled. */
    readonly requiredNodeAffinity: CompiledNodeSelector;
    /** Per constraint, 1 when its selector matches the pod itself (the pod counts in the domain it joins), else 0. */
    readonly selfMatch: readonly number[];
    /** A copy with its own counts, for preemption's what-ifs. */
    clone(): TopologySpreadState;
}

const isDoNotScheduleTaint = (taint: V1Taint): boolean => taint.effect === "NoSchedule" || taint.effect === "NoExecute";

function gate(featureGates: FeatureGates | undefined, name: string): boolean {
    return featureGates?.[name] ?? true;
}

function parsePolicy(value: string | undefined, fallback: NodeInclusionPolicy, object: string, field: string): NodeInclusionPolicy {
    if (value === undefined) return fallback;
    if (value === "Honor" || value === "Ignore") return value;
    throw new InvalidObjectError(object, field, `${JSON.stringify(value)} is not a valid node inclusion policy; valid values are Honor, Ignore`);
}

/**
 * The pod's topology spread constraints of one kind (`DoNotSchedule` or `ScheduleAnyway`), parsed; every
 * constraint is validated whatever its kind (upstream `filterTopologySpreadConstraints`).
 *
 * @param pod - The pod.
 * @param action - Which constraints to keep.
 * @param featureGates - `MatchLabelKeysInPodTopologySpread` and `NodeInclusionPolicyInPodTopologySpread`
 *   (both default to on, as in v1.35).
 * @throws InvalidObjectError naming the pod and field for values the API server would reject.
 */
export function buildConstraints(pod: V1Pod, action: "DoNotSchedule" | "ScheduleAnyway", featureGates?: FeatureGates): SpreadConstraint[] {
    const object = podRef(pod);
    const result: SpreadConstraint[] = [];
    (pod.spec?.topologySpreadConstraints ?? []).forEach((c, i) => {
        const field = `spec.topologySpreadConstraints[${i}]`;
        if (c.whenUnsatisfiable !== "DoNotSchedule" && c.whenUnsatisfiable !== "ScheduleAnyway") {
            throw new InvalidObjectError(object, `${field}.whenUnsatisfiable`, `${JSON.stringify(c.whenUnsatisfiable)} is not valid; valid values are DoNotSchedule, ScheduleAnyway`);
        }
        if (!Number.isInteger(c.maxSkew) || c.maxSkew <= 0) {
            throw new InvalidObjectError(object, `${field}.maxSkew`, `${JSON.stringify(c.maxSkew)} is not valid; it must be an integer greater than 0`);
        }
        if (typeof c.topologyKey !== "string" || c.topologyKey === "") {
            throw new InvalidObjectError(object, `${field}.topologyKey`, "must be a non-empty label key");
        }
        if (c.minDomains !== undefined && c.minDomains !== null && (!Number.isInteger(c.minDomains) || c.minDomains <= 0)) {
            throw new InvalidObjectError(object, `${field}.minDomains`, `${JSON.stringify(c.minDomains)} is not valid; it must be an integer greater than 0 (or unset)`);
        }
        if (c.minDomains !== undefined && c.minDomains !== null && c.whenUnsatisfiable !== "DoNotSchedule") {
            throw new InvalidObjectError(object, `${field}.minDomains`, "may only be set when whenUnsatisfiable is DoNotSchedule");
        }
        if ((c.matchLabelKeys?.length ?? 0) > 0 && (c.labelSelector === undefined || c.labelSelector === null)) {
            throw new InvalidObjectError(object, `${field}.matchLabelKeys`, "must not be set when labelSelector is not set");
        }
        let selector = compileLabelSelector(c.labelSelector, { object, field: `${field}.labelSelector` });
        const nodeAffinityPolicy = parsePolicy(c.nodeAffinityPolicy, "Honor", object, `${field}.nodeAffinityPolicy`);
        const nodeTaintsPolicy = parsePolicy(c.nodeTaintsPolicy, "Ignore", object, `${field}.nodeTaintsPolicy`);
        if (c.whenUnsatisfiable !== action) return;
        if (gate(featureGates, "MatchLabelKeysInPodTopologySpread")) {
            const extra = requirementsFromLabelKeys(c.matchLabelKeys, pod.metadata?.labels, "In");
            if (extra.length > 0) selector = selector.and(extra);
        }
        const inclusion = gate(featureGates, "NodeInclusionPolicyInPodTopologySpread");
        result.push({
            maxSkew: c.maxSkew,
            topologyKey: c.topologyKey,
            selector,
            minDomains: c.minDomains ?? 1,
            nodeAffinityPolicy: inclusion ? nodeAffinityPolicy : "Honor",
            nodeTaintsPolicy: inclusion ? nodeTaintsPolicy : "Ignore",
        });
    });
    return result;
}

/**
 * The pod's hard (`DoNotSchedule`) topology spread constraints, parsed and validated (see {@link buildConstraints}).
 * @throws InvalidObjectError naming the pod and field for values the API server would reject.
 */
export function buildSpreadConstraints(pod: V1Pod, featureGates?: FeatureGates): SpreadConstraint[] {
    return buildConstraints(pod, "DoNotSchedule", featureGates);
}

function nodeHasAllTopologyKeys(node: V1Node, constraints: readonly SpreadConstraint[]): boolean {
    const labels = node.metadata?.labels;
    if (labels === undefined) return constraints.length === 0;
    for (const c of constraints) if (!Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) return false;
    return true;
}

function nodeIncluded(state: TopologySpreadState, c: SpreadConstraint, node: V1Node): boolean {
    if (!state.nodeInclusionPolicy) return true;
    if (c.nodeAffinityPolicy === "Honor" && !state.requiredNodeAffinity.matches(node)) return false;
    if (c.nodeTaintsPolicy === "Honor" && findUntoleratedTaint(node.spec?.taints, state.pod.spec?.tolerations, isDoNotScheduleTaint) !== undefined) {
        return false;
    }
    return true;
}

/** A pod as the label index holds it: the pod and the node it runs on. */
interface IndexedPod {
    readonly pod: V1Pod;
    readonly nodeInfo: NodeInfo;
}

/** The pods of one namespace, by label key and by label pair. */
interface NamespacePods {
    readonly all: Set<IndexedPod>;
    readonly byKey: Map<string, Set<IndexedPod>>;
    readonly byPair: Map<string, Set<IndexedPod>>;
}

/**
 * The pods of a snapshot indexed by namespace and label, so PreFilter visits only the pods a selector
 * can match (O(matching pods), not O(all pods)). PodTopologySpread and InterPodAffinity share it. It is
 * kept per snapshot and brought up to date by comparing each node's generation, so after a pod is added
 * to or removed from a node only that node is re-indexed.
 */
export interface PodLabelIndex {
    /** The namespaces that have pods. */
    namespaces(): IterableIterator<string>;
    /** Calls `visit` for every pod in `namespace` that `selector` matches, with its node. */
    forEachMatch(namespace: string, selector: CompiledLabelSelector, visit: (pod: V1Pod, nodeInfo: NodeInfo) => void): void;
}

const pairOf = (key: string, value: string): string => `${key}\u0000${value}`;

function addTo(map: Map<string, Set<IndexedPod>>, key: string, entry: IndexedPod): void {
    let set = map.get(key);
    if (set === undefined) {
        set = new Set();
        map.set(key, set);
    }
    set.add(entry);
}

function removeFrom(map: Map<string, Set<IndexedPod>>, key: string, entry: IndexedPod): void {
    const set = map.get(key);
    if (set === undefined) return;
    set.delete(entry);
    if (set.size === 0) map.delete(key);
}

/** Whether the indexed entries are, pod for pod, the first pods of `pods` (nothing removed or reordered). */
function isPrefixOf(entries: readonly IndexedPod[], pods: readonly PodInfo[]): boolean {
    if (entries.length > pods.length) return false;
    for (let j = 0; j < entries.length; j++) if (entries[j].pod !== pods[j].pod) return false;
    return true;
}

class SnapshotPodLabelIndex implements PodLabelIndex {
    private readonly byNamespace = new Map<string, NamespacePods>();
    // Parallel to the snapshot's nodeInfos: the node, its generation and its pods when last indexed.
    private readonly seenNodes: (NodeInfo | undefined)[] = [];
    private readonly seenGenerations: number[] = [];
    private readonly seenEntries: IndexedPod[][] = [];

    /** Where in the snapshot's change log the index last caught up; -1 before the first full pass. */
    private logPosition = -1;
    /** The change log's `layout` when the index last caught up (a node added or removed moves positions). */
    private layout = -1;

    /** Brings the index up to date: every node the first time (or after nodes came or went), then only the nodes logged as changed since. */
    refresh(snapshot: Snapshot): void {
        const nodeInfos = snapshot.nodeInfos;
        const changeLog = snapshot.changeLog;
        const log = changeLog.changed;
        if (this.logPosition >= 0 && this.layout === changeLog.layout && this.seenNodes.length === nodeInfos.length) {
            for (let p = this.logPosition; p < log.length; p++) this.refreshNode(nodeInfos, log[p]);
        } else {
            for (let i = nodeInfos.length; i < this.seenNodes.length; i++) for (const entry of this.seenEntries[i]) this.remove(entry);
            this.seenNodes.length = Math.min(this.seenNodes.length, nodeInfos.length);
            for (let i = 0; i < nodeInfos.length; i++) this.refreshNode(nodeInfos, i);
            this.seenEntries.length = nodeInfos.length;
        }
        this.logPosition = log.length;
        this.layout = changeLog.layout;
    }

    private refreshNode(nodeInfos: readonly NodeInfo[], i: number): void {
        const nodeInfo = nodeInfos[i];
        if (this.seenNodes[i] === nodeInfo && this.seenGenerations[i] === nodeInfo.generation) return;
        const seen = this.seenNodes[i] === nodeInfo ? this.seenEntries[i] : undefined;
        let entries: IndexedPod[];
        if (seen !== undefined && isPrefixOf(seen, nodeInfo.pods)) {
            // Pods were only appended (what a simulation does): index just the new ones.
            entries = seen;
            for (let j = seen.length; j < nodeInfo.pods.length; j++) {
                const entry = { pod: nodeInfo.pods[j].pod, nodeInfo };
                entries.push(entry);
                this.add(entry);
            }
        } else if (seen !== undefined) {
            // Pods were removed too (an eviction): drop those gone, index those new, keep the rest.
            const current = new Set(nodeInfo.pods.map((podInfo) => podInfo.pod));
            entries = [];
            for (const entry of seen) {
                if (current.delete(entry.pod)) entries.push(entry);
                else this.remove(entry);
            }
            for (const pod of current) {
                const entry = { pod, nodeInfo };
                entries.push(entry);
                this.add(entry);
            }
        } else {
            for (const entry of this.seenEntries[i] ?? []) this.remove(entry);
            entries = nodeInfo.pods.map((podInfo) => ({ pod: podInfo.pod, nodeInfo }));
            for (const entry of entries) this.add(entry);
        }
        this.seenNodes[i] = nodeInfo;
        this.seenGenerations[i] = nodeInfo.generation;
        this.seenEntries[i] = entries;
    }

    private add(entry: IndexedPod): void {
        const namespace = entry.pod.metadata?.namespace ?? "default";
        let pods = this.byNamespace.get(namespace);
        if (pods === undefined) {
            pods = { all: new Set(), byKey: new Map(), byPair: new Map() };
            this.byNamespace.set(namespace, pods);
        }
        pods.all.add(entry);
        for (const [key, value] of Object.entries(entry.pod.metadata?.labels ?? {})) {
            addTo(pods.byKey, key, entry);
            addTo(pods.byPair, pairOf(key, value), entry);
        }
    }

    private remove(entry: IndexedPod): void {
        const namespace = entry.pod.metadata?.namespace ?? "default";
        const pods = this.byNamespace.get(namespace);
        if (pods === undefined) return;
        pods.all.delete(entry);
        for (const [key, value] of Object.entries(entry.pod.metadata?.labels ?? {})) {
            removeFrom(pods.byKey, key, entry);
            removeFrom(pods.byPair, pairOf(key, value), entry);
        }
        if (pods.all.size === 0) this.byNamespace.delete(namespace);
    }

    namespaces(): IterableIterator<string> {
        return this.byNamespace.keys();
    }

    forEachMatch(namespace: string, selector: CompiledLabelSelector, visit: (pod: V1Pod, nodeInfo: NodeInfo) => void): void {
        const pods = this.byNamespace.get(namespace);
        if (pods === undefined || selector.kind === "nothing") return;
        // The smallest candidate set any requirement allows: In by its pairs, Exists by its key.
        let candidates: Iterable<IndexedPod>[] = [pods.all];
        let size = pods.all.size;
        for (const r of selector.requirements) {
            if (r.operator === "In") {
                const sets = r.values.map((v) => pods.byPair.get(pairOf(r.key, v))).filter((x): x is Set<IndexedPod> => x !== undefined);
                const n = sets.reduce((sum, set) => sum + set.size, 0);
                if (n < size) [candidates, size] = [sets, n];
            } else if (r.operator === "Exists") {
                const set = pods.byKey.get(r.key);
                if ((set?.size ?? 0) < size) [candidates, size] = [set === undefined ? [] : [set], set?.size ?? 0];
            }
        }
        for (const set of candidates) {
            for (const entry of set) if (selector.matches(entry.pod.metadata?.labels)) visit(entry.pod, entry.nodeInfo);
        }
    }
}

const podLabelIndexes = new WeakMap<Snapshot, SnapshotPodLabelIndex>();

/** The label index of a snapshot's pods, brought up to date with the nodes' current pods. */
export function podLabelIndex(snapshot: Snapshot): PodLabelIndex {
    let index = podLabelIndexes.get(snapshot);
    if (index === undefined) {
        index = new SnapshotPodLabelIndex();
        podLabelIndexes.set(snapshot, index);
    }
    index.refresh(snapshot);
    return index;
}

const isTerminating = (pod: V1Pod): boolean => pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;

/**
 * Computes the spread state of `pod` over a snapshot (upstream `calPreFilterState`): the reusable core
 * of PreFilter, for simulators that keep the state and update it with {@link updateTopologySpreadState}.
 * Cost: one pass over the nodes (which of them form domains) plus the pods the selectors match.
 *
 * @param pod - The pod to place.
 * @param snapshot - The cluster: every node with its pods.
 * @param featureGates - See {@link buildSpreadConstraints}.
 * @throws InvalidObjectError for malformed constraints or node affinity.
 */
export function computeTopologySpreadState(pod: V1Pod, snapshot: Snapshot, featureGates?: FeatureGates): TopologySpreadState {
    const constraints = buildSpreadConstraints(pod, featureGates);
    const state: TopologySpreadState = {
        pod,
        constraints,
        counts: constraints.map(() => new DomainCounts()),
        nodeInclusionPolicy: gate(featureGates, "NodeInclusionPolicyInPodTopologySpread"),
        requiredNodeAffinity: compileRequiredNodeAffinity(pod),
        selfMatch: constraints.map((c) => (c.selector.matches(pod.metadata?.labels) ? 1 : 0)),
        clone() {
            return { ...this, counts: this.counts.map((c) => c.clone()) };
        },
    };
    if (constraints.length === 0) return state;
    // Which nodes form which domains: one pass over the nodes.
    const spec = pod.spec;
    const hasNodeAffinity = Object.keys(spec?.nodeSelector ?? {}).length > 0 || spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined;
    const mayExclude = (hasNodeAffinity && (!state.nodeInclusionPolicy || constraints.some((c) => c.nodeAffinityPolicy === "Honor"))) || (state.nodeInclusionPolicy && constraints.some((c) => c.nodeTaintsPolicy === "Honor"));
    const domainOf = (node: V1Node, i: number): string | undefined => {
        if (!nodeHasAllTopologyKeys(node, constraints)) return undefined;
        if (mayExclude) {
            if (!state.nodeInclusionPolicy && !state.requiredNodeAffinity.matches(node)) return undefined;
            if (!nodeIncluded(state, constraints[i], node)) return undefined;
        }
        return (node.metadata?.labels as Record<string, string>)[constraints[i].topologyKey];
    };
    for (const nodeInfo of snapshot.nodeInfos) {
        for (let i = 0; i < constraints.length; i++) {
            const domain = domainOf(nodeInfo.node, i);
            if (domain !== undefined) state.counts[i].ensure(domain);
        }
    }
    // Then the pods each selector matches, in the incoming pod's namespace.
    const index = podLabelIndex(snapshot);
    const namespace = pod.metadata?.namespace ?? "default";
    constraints.forEach((c, i) => {
        index.forEachMatch(namespace, c.selector, (existing, nodeInfo) => {
            if (isTerminating(existing)) return;
            const domain = domainOf(nodeInfo.node, i);
            if (domain !== undefined) state.counts[i].add(domain, 1);
        });
    });
    return state;
}

/**
 * Updates a spread state for a pod added to (`delta` 1) or removed from (`delta` -1) a node, as
 * upstream's `AddPod` / `RemovePod` (`updateWithPod`) do; pods of other namespaces do not count.
 */
export function updateTopologySpreadState(state: TopologySpreadState, changedPod: V1Pod, node: V1Node, delta: 1 | -1): void {
    if ((changedPod.metadata?.namespace ?? "default") !== (state.pod.metadata?.namespace ?? "default")) return;
    if (!nodeHasAllTopologyKeys(node, state.constraints)) return;
    if (!state.nodeInclusionPolicy && !state.requiredNodeAffinity.matches(node)) return;
    const labels = node.metadata?.labels as Record<string, string>;
    state.constraints.forEach((c, i) => {
        if (!c.selector.matches(changedPod.metadata?.labels)) return;
        if (!nodeIncluded(state, c, node)) return;
        state.counts[i].add(labels[c.topologyKey], delta);
    });
}

/** Filter's decision for one node from a computed state (undefined = the node passes). */
export function filterTopologySpread(state: TopologySpreadState, nodeInfo: NodeInfo): Status | undefined {
    const labels = nodeInfo.node.metadata?.labels ?? {};
    for (let i = 0; i < state.constraints.length; i++) {
        const c = state.constraints[i];
        if (!Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) {
            return { code: "UnschedulableAndUnresolvable", reasons: [ErrReasonNodeLabelNotMatch] };
        }
        const counts = state.counts[i];
        // Fewer eligible domains than minDomains: the global minimum is treated as 0.
        const minMatch = counts.size < c.minDomains ? 0 : counts.min();
        if (counts.get(labels[c.topologyKey]) + state.selfMatch[i] - minMatch > c.maxSkew) {
            return { code: "Unschedulable", reasons: [ErrReasonConstraintsNotMatch] };
        }
    }
    return undefined;
}

/** The PodTopologySpread plugin (Filter and Score), with upstream's PreFilterExtensions `addPod` / `removePod`. */
export const podTopologySpreadPlugin = {
    name: Name,
    preFilter(ctx: CycleContext): PreFilterResult | undefined {
        const s = computeTopologySpreadState(ctx.pod, ctx.snapshot, ctx.featureGates);
        if (s.constraints.length === 0) return { status: { code: "Skip", reasons: [] } };
        ctx.state.write(PRE_FILTER_STATE_KEY, s);
        return undefined;
    },
    filter(ctx: CycleContext, nodeInfo: NodeInfo): Status | undefined {
        const s = readPreFilterState<TopologySpreadState>(ctx.state, PRE_FILTER_STATE_KEY);
        return isStatus(s) ? s : filterTopologySpread(s, nodeInfo);
    },
    // Upstream's PreFilterExtensions: count `added` / stop counting `removed` on a node, for preemption-style
    // what-ifs; an Error status when PreFilter has not run.
    ...countingExtensions<TopologySpreadState>(PRE_FILTER_STATE_KEY, updateTopologySpreadState),
    preScore(ctx: ScoreContext, nodes: readonly NodeInfo[]): Status | undefined {
        if (nodes.length === 0 || ctx.snapshot.nodeInfos.length === 0) return SKIP;
        const s = computeSpreadScoreState(ctx.pod, ctx.snapshot, ctx.owners, ctx.pluginArgs.PodTopologySpread, ctx.featureGates);
        if (s === undefined) return SKIP;
        ctx.state.write(PRE_SCORE_STATE_KEY, { counts: s, weights: spreadScoreWeights(s, nodes) });
        return undefined;
    },
    score(ctx: ScoreContext, nodeInfo: NodeInfo): number {
        const s = ctx.state.read<{ counts: SpreadScoreState; weights: SpreadScoreWeights }>(PRE_SCORE_STATE_KEY);
        if (s === undefined) throw new Error(`cycle state has no ${JSON.stringify(PRE_SCORE_STATE_KEY)}: PreScore must run before Score`);
        return spreadRawScore(s.counts, s.weights, nodeInfo);
    },
    normalizeScore(ctx: ScoreContext, scores: NodeScore[]): void {
        const s = ctx.state.read<{ counts: SpreadScoreState; weights: SpreadScoreWeights }>(PRE_SCORE_STATE_KEY);
        if (s !== undefined) normalizeSpreadScores(scores, s.weights.ignored);
    },
} satisfies FilterPlugin & PreFilterExtensions & ScorePlugin;

// ----------------------------------------------------------------------------------------------------------
// Score (upstream scoring.go)

/** The cycle-state key PreScore writes. */
export const PRE_SCORE_STATE_KEY = "PreScore" + Name;

/** The hostname label, whose domains are counted per node. */
export const LABEL_HOSTNAME = "kubernetes.io/hostname";

/** The system default constraints (upstream `systemDefaultConstraints`, `plugin.go`). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly { topologyKey: string; maxSkew: number }[] = [
    { topologyKey: LABEL_HOSTNAME, maxSkew: 3 },
    { topologyKey: "topology.kubernetes.io/zone", maxSkew: 5 },
];

/**
 * The selector of the default spreading (upstream `helper.DefaultSelector`): the selectors of the Services that
 * select the pod, merged, and the requirements of its controlling ReplicaSet or StatefulSet.
 * @throws InvalidObjectError for a malformed controller selector.
 */
export function defaultSpreadSelector(pod: V1Pod, owners: SpreadingOwners): CompiledLabelSelector {
    const namespace = pod.metadata?.namespace || "default";
    const labels = pod.metadata?.labels ?? {};
    const merged = new Map<string, string>();
    for (const service of owners.services(namespace)) {
        const selector = service.spec?.selector;
        if (selector === undefined || selector === null) continue;
        const entries = Object.entries(selector);
        if (!entries.every(([k, v]) => labels[k] === v)) continue;
        for (const [k, v] of entries) merged.set(k, v);
    }
    const requirements: LabelRequirement[] = [...merged].map(([key, value]) => ({ key, operator: "In", values: [value] }));
    const owner = (pod.metadata?.ownerReferences ?? []).find((o) => o.controller === true);
    if (owner !== undefined && (owner.kind === "ReplicaSet" || owner.kind === "StatefulSet") && owner.apiVersion === "apps/v1") {
        const controller = owners.controllerSelector(namespace, owner.kind, owner.name);
        if (controller !== undefined) {
            const compiled = compileLabelSelector(controller, { object: `${owner.kind}/${namespace}/${owner.name}`, field: "spec.selector" });
            if (compiled.kind === "requirements") requirements.push(...compiled.requirements);
        }
    }
    return selectorFromRequirements(requirements);
}

/** The constraints a pod is scored by: its own `ScheduleAnyway` ones, else (no constraint at all) the defaults. */
export function scoreConstraints(
    pod: V1Pod,
    owners: SpreadingOwners,
    args: ScoreContext["pluginArgs"]["PodTopologySpread"],
    featureGates?: FeatureGates,
): { constraints: SpreadConstraint[]; systemDefaulted: boolean } {
    const systemDefaulted = (args?.defaultingType ?? "System") === "System";
    if ((pod.spec?.topologySpreadConstraints ?? []).length > 0) return { constraints: buildConstraints(pod, "ScheduleAnyway", featureGates), systemDefaulted };
    const defaults = systemDefaulted
        ? SYSTEM_DEFAULT_CONSTRAINTS.map((c) => ({ ...c, whenUnsatisfiable: "ScheduleAnyway" }))
        : (args?.defaultConstraints ?? []);
    const soft = defaults.filter((c) => c.whenUnsatisfiable === "ScheduleAnyway");
    if (soft.length === 0) return { constraints: [], systemDefaulted };
    const selector = defaultSpreadSelector(pod, owners);
    if (selector.kind !== "requirements") return { constraints: [], systemDefaulted };
    return {
        constraints: soft.map((c) => ({ maxSkew: c.maxSkew, topologyKey: c.topologyKey, selector, minDomains: 1, nodeAffinityPolicy: "Honor", nodeTaintsPolicy: "Ignore" })),
        systemDefaulted,
    };
}

/**
 * The counts a pod is scored by: per constraint, matching pods per domain (hostname domains per node name),
 * over every node, as upstream's PreScore counts them (`processAllNode`). Domains are counted whatever the
 * nodes to score; the weights that depend on them come from {@link spreadScoreWeights}.
 */
export interface SpreadScoreState {
    readonly pod: V1Pod;
    readonly constraints: readonly SpreadConstraint[];
    /** Nodes must carry every constraint's key (the pod's own constraints, or a `List` defaulting). */
    readonly requireAllTopologies: boolean;
    /** Per constraint: domain value (or node name for hostname) → matching pods. */
    readonly counts: Map<string, number>[];
    readonly nodeInclusionPolicy: boolean;
    readonly requiredNodeAffinity: CompiledNodeSelector;
}

/** What depends on the nodes being scored: the ignored nodes and each constraint's normalizing weight. */
export interface SpreadScoreWeights {
    readonly ignored: ReadonlySet<string>;
    readonly weights: readonly number[];
}

const isHostname = (c: SpreadConstraint): boolean => c.topologyKey === LABEL_HOSTNAME;

/** Whether a node's pods count for a constraint (upstream `processAllNode`'s checks). */
export function countsFor(state: SpreadScoreState, c: SpreadConstraint, node: V1Node): boolean {
    if (!state.nodeInclusionPolicy && !state.requiredNodeAffinity.matches(node)) return false;
    if (state.requireAllTopologies && !nodeHasAllTopologyKeys(node, state.constraints)) return false;
    if (!state.nodeInclusionPolicy || isHostname(c)) return true;
    if (c.nodeAffinityPolicy === "Honor" && !state.requiredNodeAffinity.matches(node)) return false;
    if (c.nodeTaintsPolicy === "Honor" && findUntoleratedTaint(node.spec?.taints, state.pod.spec?.tolerations, isDoNotScheduleTaint) !== undefined) return false;
    return true;
}

function domainKey(c: SpreadConstraint, node: V1Node, nodeName: string): string {
    return isHostname(c) ? nodeName : (node.metadata?.labels?.[c.topologyKey] ?? "");
}

/**
 * Builds the score counts of `pod` (undefined when it has no constraint to be scored by: upstream's Skip).
 * @throws InvalidObjectError for malformed constraints or selectors.
 */
export function computeSpreadScoreState(
    pod: V1Pod,
    snapshot: Snapshot,
    owners: SpreadingOwners,
    args: ScoreContext["pluginArgs"]["PodTopologySpread"],
    featureGates?: FeatureGates,
): SpreadScoreState | undefined {
    const { constraints, systemDefaulted } = scoreConstraints(pod, owners, args, featureGates);
    if (constraints.length === 0) return undefined;
    const state: SpreadScoreState = {
        pod,
        constraints,
        requireAllTopologies: (pod.spec?.topologySpreadConstraints ?? []).length > 0 || !systemDefaulted,
        counts: constraints.map(() => new Map<string, number>()),
        nodeInclusionPolicy: gate(featureGates, "NodeInclusionPolicyInPodTopologySpread"),
        requiredNodeAffinity: compileRequiredNodeAffinity(pod),
    };
    const index = podLabelIndex(snapshot);
    const namespace = pod.metadata?.namespace ?? "default";
    constraints.forEach((c, i) => {
        index.forEachMatch(namespace, c.selector, (existing, nodeInfo) => {
            if (isTerminating(existing) || !countsFor(state, c, nodeInfo.node)) return;
            const key = domainKey(c, nodeInfo.node, nodeInfo.name);
            state.counts[i].set(key, (state.counts[i].get(key) ?? 0) + 1);
        });
    });
    return state;
}

/** Keeps score counts current as a pod is added to (`delta` 1) or removed from (-1) a node. */
export function updateSpreadScoreState(state: SpreadScoreState, changedPod: V1Pod, nodeInfo: NodeInfo, delta: 1 | -1): void {
    if ((changedPod.metadata?.namespace ?? "default") !== (state.pod.metadata?.namespace ?? "default") || isTerminating(changedPod)) return;
    state.constraints.forEach((c, i) => {
        if (!c.selector.matches(changedPod.metadata?.labels) || !countsFor(state, c, nodeInfo.node)) return;
        const key = domainKey(c, nodeInfo.node, nodeInfo.name);
        state.counts[i].set(key, (state.counts[i].get(key) ?? 0) + delta);
    });
}

/** Upstream `topologyNormalizingWeight`: `ln(size + 2)`, so the counts of smaller topologies weigh more. */
export function topologyNormalizingWeight(size: number): number {
    return Math.log(size + 2);
}

/**
 * The ignored nodes and weights for a set of nodes to score (upstream `initPreScoreState`): with
 * `requireAllTopologies`, nodes lacking a key are ignored; a constraint's weight is `ln(domains + 2)` over the
 * distinct values among the scored nodes (for hostname, the number of nodes not ignored).
 */
export function spreadScoreWeights(state: SpreadScoreState, nodes: readonly NodeInfo[]): SpreadScoreWeights {
    const ignored = new Set<string>();
    const values = state.constraints.map(() => new Set<string>());
    for (const nodeInfo of nodes) {
        const node = nodeInfo.node;
        if (state.requireAllTopologies && !nodeHasAllTopologyKeys(node, state.constraints)) {
            ignored.add(nodeInfo.name);
            continue;
        }
        state.constraints.forEach((c, i) => {
            if (!isHostname(c)) values[i].add(node.metadata?.labels?.[c.topologyKey] ?? "");
        });
    }
    const weights = state.constraints.map((c, i) => topologyNormalizingWeight(isHostname(c) ? nodes.length - ignored.size : values[i].size));
    return { ignored, weights };
}

/** Upstream `scoreForCount`: `count × weight + (maxSkew − 1)`. */
export function scoreForCount(count: number, maxSkew: number, weight: number): number {
    return count * weight + (maxSkew - 1);
}

/** A node's raw score (upstream `Score`): rounded sum over the constraints whose key the node carries; 0 when ignored. */
export function spreadRawScore(state: SpreadScoreState, weights: SpreadScoreWeights, nodeInfo: NodeInfo): number {
    if (weights.ignored.has(nodeInfo.name)) return 0;
    const labels = nodeInfo.node.metadata?.labels ?? {};
    let score = 0;
    state.constraints.forEach((c, i) => {
        if (!Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) return;
        const count = state.counts[i].get(domainKey(c, nodeInfo.node, nodeInfo.name)) ?? 0;
        score += scoreForCount(count, c.maxSkew, weights.weights[i]);
    });
    return Math.round(score);
}

/**
 * Upstream `NormalizeScore`: the fewest matching pods scores 100: `100 × (max + min − score) / max` over the nodes
 * not ignored (integer division); every node scores 100 when the highest is 0; ignored nodes score 0.
 */
export function normalizeSpreadScores(scores: NodeScore[], ignored: ReadonlySet<string>): void {
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    for (const s of scores) {
        if (ignored.has(s.name)) continue;
        if (s.score < min) min = s.score;
        if (s.score > max) max = s.score;
    }
    for (const s of scores) {
        if (ignored.has(s.name)) s.score = 0;
        else if (max === 0) s.score = MAX_NODE_SCORE;
        else s.score = Math.trunc((MAX_NODE_SCORE * (max + min - s.score)) / max);
    }
}

/**
 * PodTopologySpread, Filter side: a pod's hard topology spread constraints (`whenUnsatisfiable:
 * DoNotSchedule`). Follows kubernetes/kubernetes `pkg/scheduler/framework/plugins/podtopologyspread/`
 * `plugin.go`, `common.go` and `filtering.go` at v1.35:
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
 *
 * One deliberate difference: v1.35 counts no existing pod for an empty (`{}`) selector because of a
 * wrong short-circuit in `countPodsMatchSelector`; kubernetes/kubernetes#141340 fixed it and we follow
 * the fix (an empty selector selects every pod of the namespace).
 *
 * See https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
import { InvalidObjectError } from "../model/errors";
import { compileLabelSelector, requirementsFromLabelKeys, type CompiledLabelSelector } from "../model/label-selector";
import { compileRequiredNodeAffinity, type CompiledNodeSelector } from "../model/node-selector";
import { podRef } from "../model/pod-requests";
import { findUntoleratedTaint } from "../model/taints";
import type { V1Node, V1Pod, V1Taint } from "../model/types";
import type { CycleContext, FeatureGates, FilterPlugin, NodeInfo, PodInfo, PreFilterExtensions, PreFilterResult, Snapshot, Status } from "../framework/interfaces";
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
 * The pod's hard (`DoNotSchedule`) topology spread constraints, parsed and validated.
 *
 * @param pod - The pod.
 * @param featureGates - `MatchLabelKeysInPodTopologySpread` and `NodeInclusionPolicyInPodTopologySpread`
 *   (both default to on, as in v1.35).
 * @throws InvalidObjectError naming the pod and field for values the API server would reject.
 */
export function buildSpreadConstraints(pod: V1Pod, featureGates?: FeatureGates): SpreadConstraint[] {
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
        if (c.whenUnsatisfiable !== "DoNotSchedule") return;
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

    refresh(nodeInfos: readonly NodeInfo[]): void {
        for (let i = nodeInfos.length; i < this.seenNodes.length; i++) for (const entry of this.seenEntries[i]) this.remove(entry);
        this.seenNodes.length = Math.min(this.seenNodes.length, nodeInfos.length);
        for (let i = 0; i < nodeInfos.length; i++) {
            const nodeInfo = nodeInfos[i];
            if (this.seenNodes[i] === nodeInfo && this.seenGenerations[i] === nodeInfo.generation) continue;
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
        this.seenEntries.length = nodeInfos.length;
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
    index.refresh(snapshot.nodeInfos);
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

/** The PodTopologySpread plugin (Filter side), with upstream's PreFilterExtensions `addPod` / `removePod`. */
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
} satisfies FilterPlugin & PreFilterExtensions;

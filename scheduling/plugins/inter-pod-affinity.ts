/**
 * InterPodAffinity: required pod affinity and anti-affinity filter; preferred terms, and the terms of the pods
 * already running, score. Follows kubernetes/kubernetes `pkg/scheduler/framework/plugins/interpodaffinity/`
 * `plugin.go`, `filtering.go` and `scoring.go`, and the affinity terms of `NewPodInfo` in
 * `pkg/scheduler/framework/types.go`, at v1.35 (scoring read at commit 02d7708af661e2fb5a089a04c3944a54d2afcc0e):
 *
 * - a term selects pods whose labels match `labelSelector` and whose namespace is listed in `namespaces`
 *   or selected by `namespaceSelector`; with neither set, the pod's own namespace; `namespaceSelector: {}`
 *   selects every namespace;
 * - PreFilter counts, per topology pair (key, value): existing pods whose required anti-affinity terms
 *   select the incoming pod; existing pods matching all of the incoming pod's affinity terms; existing pods
 *   matching each of its anti-affinity terms. It returns Skip when the pod has no required terms and no
 *   existing pod's anti-affinity selects it;
 * - Filter: affinity not satisfied (a topology key missing on the node, or no matching pod in the node's
 *   domain) is UnschedulableAndUnresolvable, unless no pod anywhere matches and the pod matches all its own
 *   terms (the first pod of a group); the pod's anti-affinity, then existing pods' anti-affinity, are
 *   Unschedulable;
 * - `addPod` / `removePod` update the counts as upstream's PreFilterExtensions do.
 * - Score (see the "Score" section below): per topology pair, the weights of the pod's preferred affinity terms
 *   (minus its preferred anti-affinity terms) over the existing pods they select, and symmetrically the existing
 *   pods' preferred affinity (plus) and anti-affinity (minus) terms, and their required affinity terms at
 *   `hardPodAffinityWeight` (default 1), that select the pod; a node scores the sum over its pairs, normalized
 *   min–max to 0–100.
 *
 * Namespace labels come from `snapshot.namespaces`; every namespace also carries
 * `kubernetes.io/metadata.name: <name>`, which the API server sets on all namespaces
 * (https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-metadata-name).
 * `matchLabelKeys` / `mismatchLabelKeys` are merged into the selector from the pod's labels, as the API
 * server does on pod creation (KEP-3633).
 *
 * See https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
 */
import { InvalidObjectError } from "../model/errors";
import { compileLabelSelector, requirementsFromLabelKeys, type CompiledLabelSelector, type Labels } from "../model/label-selector";
import { podRef } from "../model/pod-requests";
import type { V1Namespace, V1Node, V1Pod, V1PodAffinityTerm, V1WeightedPodAffinityTerm } from "../model/types";
import { podLabelIndex } from "./pod-topology-spread";
import type { CycleContext, FilterPlugin, NodeInfo, NodeScore, PodInfo, PreFilterExtensions, PreFilterResult, ScoreContext, ScorePlugin, Snapshot, Status } from "../framework/interfaces";
import { MAX_NODE_SCORE } from "../framework/normalize";
import { SKIP } from "../framework/status";
import { InterPodAffinity as InterPodAffinityName } from "../framework/names";
import { ErrReasonAffinityRulesNotMatch, ErrReasonAntiAffinityRulesNotMatch, ErrReasonExistingAntiAffinityRulesNotMatch } from "../framework/reasons";
import { countingExtensions, isStatus, readPreFilterState } from "../framework/pre-filter-state";

export { ErrReasonAffinityRulesNotMatch, ErrReasonAntiAffinityRulesNotMatch, ErrReasonExistingAntiAffinityRulesNotMatch } from "../framework/reasons";

/** The plugin name, as kube-scheduler registers it. */
export const Name = InterPodAffinityName;

/** The cycle-state key PreFilter writes and Filter reads. */
export const PRE_FILTER_STATE_KEY = "PreFilter" + Name;

/** The label the API server puts on every namespace, holding its name. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** One required pod (anti-)affinity term, parsed. */
export interface AffinityTerm {
    readonly topologyKey: string;
    /** Namespaces listed in the term, or the pod's own namespace when neither list nor selector is set. */
    readonly namespaces: ReadonlySet<string>;
    /** `namespaceSelector`; nil selects no namespace, `{}` every namespace. */
    readonly namespaceSelector: CompiledLabelSelector;
    /** `labelSelector` with `matchLabelKeys` / `mismatchLabelKeys` merged in. */
    readonly selector: CompiledLabelSelector;
    /** A canonical text of which pods the term selects (not including the topology key). */
    readonly key: string;
}

/** A pod's required affinity and anti-affinity terms, parsed. */
export interface PodAffinityTerms {
    readonly affinity: readonly AffinityTerm[];
    readonly antiAffinity: readonly AffinityTerm[];
}

const namespaceOf = (pod: V1Pod): string => pod.metadata?.namespace ?? "default";

function parseTerm(pod: V1Pod, term: V1PodAffinityTerm, object: string, field: string): AffinityTerm {
    if (typeof term.topologyKey !== "string" || term.topologyKey === "") {
        throw new InvalidObjectError(object, `${field}.topologyKey`, "must be a non-empty label key");
    }
    const labels = pod.metadata?.labels;
    let selector = compileLabelSelector(term.labelSelector, { object, field: `${field}.labelSelector` });
    for (const [keys, operator, name] of [
        [term.matchLabelKeys, "In", "matchLabelKeys"],
        [term.mismatchLabelKeys, "NotIn", "mismatchLabelKeys"],
    ] as const) {
        if ((keys?.length ?? 0) === 0) continue;
        if (term.labelSelector === undefined || term.labelSelector === null) {
            throw new InvalidObjectError(object, `${field}.${name}`, "must not be set when labelSelector is not set");
        }
        const extra = requirementsFromLabelKeys(keys, labels, operator);
        if (extra.length > 0) selector = selector.and(extra);
    }
    const namespaceSelector = compileLabelSelector(term.namespaceSelector, { object, field: `${field}.namespaceSelector` });
    const listed = term.namespaces ?? [];
    const namespaces = new Set(listed.length === 0 && (term.namespaceSelector === undefined || term.namespaceSelector === null) ? [namespaceOf(pod)] : listed);
    const key = `${[...namespaces].sort().join(",")}|${namespaceSelector.key}|${selector.key}`;
    return { topologyKey: term.topologyKey, namespaces, namespaceSelector, selector, key };
}

const parsedTerms = new WeakMap<V1Pod, PodAffinityTerms>();

/**
 * The pod's required pod affinity and anti-affinity terms, parsed once per pod object.
 * @throws InvalidObjectError naming the pod and the field for terms the API server would reject.
 */
export function getPodAffinityTerms(pod: V1Pod): PodAffinityTerms {
    const cached = parsedTerms.get(pod);
    if (cached !== undefined) return cached;
    const object = podRef(pod);
    const base = "spec.affinity";
    const affinity = (pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t, i) =>
        parseTerm(pod, t, object, `${base}.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[${i}]`),
    );
    const antiAffinity = (pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t, i) =>
        parseTerm(pod, t, object, `${base}.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[${i}]`),
    );
    const result = { affinity, antiAffinity };
    parsedTerms.set(pod, result);
    return result;
}

/** The labels of a namespace as the API server stores them (with `kubernetes.io/metadata.name`). */
export function namespaceLabels(namespaces: ReadonlyMap<string, V1Namespace>, name: string): Labels {
    return { ...(namespaces.get(name)?.metadata?.labels ?? {}), [NAMESPACE_NAME_LABEL]: name };
}

/** Whether the term selects the pod, given the labels of the pod's namespace (upstream `AffinityTerm.Matches`). */
export function termMatchesPod(term: AffinityTerm, pod: V1Pod, podNamespaceLabels: Labels): boolean {
    const inNamespace = term.namespaces.has(namespaceOf(pod)) || term.namespaceSelector.matches(podNamespaceLabels);
    return inNamespace && term.selector.matches(pod.metadata?.labels);
}

/**
 * Counts per topology pair (upstream `topologyToMatchedTermCount`), grouped by topology key so Filter
 * looks up the few keys in use rather than every label of the node. Pairs whose count drops to 0 are dropped.
 */
export class TopologyCounts {
    private readonly byKey = new Map<string, Map<string, number>>();
    private pairs = 0;

    /** Adds `delta` to the pair (key, value). */
    add(key: string, value: string, delta: number): void {
        let values = this.byKey.get(key);
        if (values === undefined) {
            values = new Map();
            this.byKey.set(key, values);
        }
        const before = values.get(value) ?? 0;
        const after = before + delta;
        if (after === 0) {
            if (values.delete(value)) this.pairs--;
            if (values.size === 0) this.byKey.delete(key);
        } else {
            if (before === 0) this.pairs++;
            values.set(value, after);
        }
    }

    /** Adds `delta` to the pair (topologyKey, the node's value for it), if the node has the key. */
    addForNode(node: V1Node, topologyKey: string, delta: number): void {
        const labels = node.metadata?.labels;
        if (labels !== undefined && Object.prototype.hasOwnProperty.call(labels, topologyKey)) this.add(topologyKey, labels[topologyKey], delta);
    }

    /** The count of the pair (0 when absent). */
    get(key: string, value: string): number {
        return this.byKey.get(key)?.get(value) ?? 0;
    }

    /** The number of pairs with a non-zero count. */
    get size(): number {
        return this.pairs;
    }

    /** Whether any pair made of one of the node's labels has a positive count. */
    anyPositiveFor(labels: Readonly<Record<string, string>>): boolean {
        for (const [key, values] of this.byKey) {
            if (Object.prototype.hasOwnProperty.call(labels, key) && (values.get(labels[key]) ?? 0) > 0) return true;
        }
        return false;
    }

    /** A copy. */
    clone(): TopologyCounts {
        const copy = new TopologyCounts();
        for (const [key, values] of this.byKey) for (const [value, n] of values) copy.add(key, value, n);
        return copy;
    }

    /** The pairs as a plain object, `key=value` → count. */
    toObject(): Record<string, number> {
        const out: Record<string, number> = {};
        for (const [key, values] of this.byKey) for (const [value, n] of values) out[`${key}=${value}`] = n;
        return out;
    }
}

/** What PreFilter computes for one pod. */
export interface InterPodAffinityState {
    readonly pod: V1Pod;
    readonly terms: PodAffinityTerms;
    /** Labels of the incoming pod's namespace. */
    readonly podNamespaceLabels: Labels;
    /** Resolves any namespace's labels (for the incoming pod's namespace selectors). */
    readonly namespaceLabelsOf: (namespace: string) => Labels;
    /** Existing pods whose required anti-affinity selects the incoming pod, per topology pair. */
    readonly existingAntiAffinityCounts: TopologyCounts;
    /** Existing pods matching all the incoming pod's affinity terms, per topology pair. */
    readonly affinityCounts: TopologyCounts;
    /** Existing pods matching each of the incoming pod's anti-affinity terms, per topology pair. */
    readonly antiAffinityCounts: TopologyCounts;
    /** A copy with its own counts, for preemption's what-ifs. */
    clone(): InterPodAffinityState;
}

function podMatchesAllTerms(terms: readonly AffinityTerm[], pod: V1Pod, nsLabels: Labels): boolean {
    if (terms.length === 0) return false;
    for (const t of terms) if (!termMatchesPod(t, pod, nsLabels)) return false;
    return true;
}

/** Existing pods' required anti-affinity terms sharing one term and topology key, with their pods per domain. */
interface AntiAffinityGroup {
    readonly term: AffinityTerm;
    /** Topology value → number of (pod, term) pairs in that domain. */
    readonly counts: Map<string, number>;
}

/**
 * Every existing pod's required anti-affinity, grouped by distinct term, so PreFilter tests each distinct
 * term once against the incoming pod instead of every pod's terms. Kept per snapshot and brought up to
 * date by comparing each node's generation, so only changed nodes are re-read.
 */
interface AntiAffinityIndex {
    readonly groups: Map<string, AntiAffinityGroup>;
    // Parallel to the snapshot's nodeInfos: the node, its generation and its entries when last read.
    readonly seenNodes: (NodeInfo | undefined)[];
    readonly seenGenerations: number[];
    readonly seenEntries: [AntiAffinityGroup, string][][];
    readonly seenPods: PodInfo[][];
    /** Where in the snapshot's change log the index last caught up; -1 before the first full pass. */
    logPosition: number;
    /** The change log's `layout` when the index last caught up (a node added or removed moves positions). */
    layout: number;
}

const antiAffinityIndexes = new WeakMap<Snapshot, AntiAffinityIndex>();

function forgetEntries(index: AntiAffinityIndex, entries: readonly [AntiAffinityGroup, string][] | undefined): void {
    for (const [group, value] of entries ?? []) {
        const n = (group.counts.get(value) ?? 0) - 1;
        if (n === 0) group.counts.delete(value);
        else group.counts.set(value, n);
        if (group.counts.size === 0) index.groups.delete(`${group.term.topologyKey}|${group.term.key}`);
    }
}

function refreshAntiAffinityIndex(snapshot: Snapshot): AntiAffinityIndex {
    let index = antiAffinityIndexes.get(snapshot);
    if (index === undefined) {
        index = { groups: new Map(), seenNodes: [], seenGenerations: [], seenEntries: [], seenPods: [], logPosition: -1, layout: -1 };
        antiAffinityIndexes.set(snapshot, index);
    }
    const nodeInfos = snapshot.nodeInfos;
    const log = snapshot.changeLog.changed;
    if (index.logPosition >= 0 && index.layout === snapshot.changeLog.layout && index.seenNodes.length === nodeInfos.length) {
        // Only the nodes logged as changed since the last look.
        for (let p = index.logPosition; p < log.length; p++) refreshAntiAffinityNode(index, nodeInfos, log[p]);
    } else {
        for (let i = nodeInfos.length; i < index.seenEntries.length; i++) forgetEntries(index, index.seenEntries[i]);
        index.seenNodes.length = Math.min(index.seenNodes.length, nodeInfos.length);
        index.seenEntries.length = Math.min(index.seenEntries.length, nodeInfos.length);
        index.seenPods.length = Math.min(index.seenPods.length, nodeInfos.length);
        for (let i = 0; i < nodeInfos.length; i++) refreshAntiAffinityNode(index, nodeInfos, i);
    }
    index.logPosition = log.length;
    index.layout = snapshot.changeLog.layout;
    return index;
}

function addAntiAffinityEntries(index: AntiAffinityIndex, labels: Readonly<Record<string, string>>, existing: PodInfo, entries: [AntiAffinityGroup, string][]): void {
    for (const t of getPodAffinityTerms(existing.pod).antiAffinity) {
        if (!Object.prototype.hasOwnProperty.call(labels, t.topologyKey)) continue;
        const groupKey = `${t.topologyKey}|${t.key}`;
        let group = index.groups.get(groupKey);
        if (group === undefined) {
            group = { term: t, counts: new Map() };
            index.groups.set(groupKey, group);
        }
        const value = labels[t.topologyKey];
        group.counts.set(value, (group.counts.get(value) ?? 0) + 1);
        entries.push([group, value]);
    }
}

function refreshAntiAffinityNode(index: AntiAffinityIndex, nodeInfos: readonly NodeInfo[], i: number): void {
    const nodeInfo = nodeInfos[i];
    if (index.seenNodes[i] === nodeInfo && index.seenGenerations[i] === nodeInfo.generation) return;
    const labels = nodeInfo.node.metadata?.labels ?? {};
    const pods = nodeInfo.podsWithRequiredAntiAffinity;
    const seen = index.seenNodes[i] === nodeInfo ? index.seenPods[i] : undefined;
    if (seen !== undefined && seen.length <= pods.length && seen.every((p, j) => pods[j] === p)) {
        // Pods were only appended (what a simulation does): add just the new ones.
        for (let j = seen.length; j < pods.length; j++) {
            addAntiAffinityEntries(index, labels, pods[j], index.seenEntries[i]);
            seen.push(pods[j]);
        }
    } else {
        forgetEntries(index, index.seenEntries[i]);
        const entries: [AntiAffinityGroup, string][] = [];
        for (const existing of pods) addAntiAffinityEntries(index, labels, existing, entries);
        index.seenEntries[i] = entries;
        index.seenPods[i] = [...pods];
    }
    index.seenNodes[i] = nodeInfo;
    index.seenGenerations[i] = nodeInfo.generation;
}

/**
 * Computes the inter-pod affinity state of `pod` over a snapshot (upstream PreFilter without the Skip
 * decision): the reusable core for simulators that keep the state and update it with
 * {@link updateInterPodAffinityState}.
 * @throws InvalidObjectError for malformed terms of the pod or of an existing pod.
 */
export function computeInterPodAffinityState(pod: V1Pod, snapshot: Snapshot): InterPodAffinityState {
    const terms = getPodAffinityTerms(pod);
    const nsCache = new Map<string, Labels>();
    const namespaceLabelsOf = (name: string): Labels => {
        let labels = nsCache.get(name);
        if (labels === undefined) {
            labels = namespaceLabels(snapshot.namespaces, name);
            nsCache.set(name, labels);
        }
        return labels;
    };
    const podNamespaceLabels = namespaceLabelsOf(namespaceOf(pod));
    const state: InterPodAffinityState = {
        pod,
        terms,
        podNamespaceLabels,
        namespaceLabelsOf,
        existingAntiAffinityCounts: new TopologyCounts(),
        affinityCounts: new TopologyCounts(),
        antiAffinityCounts: new TopologyCounts(),
        clone() {
            return {
                ...this,
                existingAntiAffinityCounts: this.existingAntiAffinityCounts.clone(),
                affinityCounts: this.affinityCounts.clone(),
                antiAffinityCounts: this.antiAffinityCounts.clone(),
            };
        },
    };

    // Existing pods' anti-affinity against the incoming pod: one decision per distinct term and topology key.
    for (const group of refreshAntiAffinityIndex(snapshot).groups.values()) {
        if (!termMatchesPod(group.term, pod, podNamespaceLabels)) continue;
        for (const [value, n] of group.counts) state.existingAntiAffinityCounts.add(group.term.topologyKey, value, n);
    }

    if (terms.affinity.length === 0 && terms.antiAffinity.length === 0) return state;
    // Existing pods matching the incoming pod's terms, visiting only the pods each selector can match.
    const index = podLabelIndex(snapshot);
    const namespacesOf = (t: AffinityTerm): string[] => [...index.namespaces()].filter((ns) => t.namespaces.has(ns) || t.namespaceSelector.matches(namespaceLabelsOf(ns)));
    if (terms.affinity.length > 0) {
        const [first, ...rest] = terms.affinity;
        for (const ns of namespacesOf(first)) {
            index.forEachMatch(ns, first.selector, (existing, nodeInfo) => {
                if (!rest.every((t) => termMatchesPod(t, existing, namespaceLabelsOf(ns)))) return;
                for (const t of terms.affinity) state.affinityCounts.addForNode(nodeInfo.node, t.topologyKey, 1);
            });
        }
    }
    for (const t of terms.antiAffinity) {
        for (const ns of namespacesOf(t)) {
            index.forEachMatch(ns, t.selector, (_existing, nodeInfo) => state.antiAffinityCounts.addForNode(nodeInfo.node, t.topologyKey, 1));
        }
    }
    return state;
}

/** Whether PreFilter may Skip: no required terms, and no existing pod's anti-affinity selects the pod. */
export function interPodAffinityCanSkip(state: InterPodAffinityState): boolean {
    return state.existingAntiAffinityCounts.size === 0 && state.terms.affinity.length === 0 && state.terms.antiAffinity.length === 0;
}

/**
 * Updates a state for a pod added to (`delta` 1) or removed from (`delta` -1) a node, as upstream's
 * `AddPod` / `RemovePod` (`updateWithPod`) do.
 */
export function updateInterPodAffinityState(state: InterPodAffinityState, changedPod: V1Pod, node: V1Node, delta: 1 | -1): void {
    for (const t of getPodAffinityTerms(changedPod).antiAffinity) {
        if (termMatchesPod(t, state.pod, state.podNamespaceLabels)) state.existingAntiAffinityCounts.addForNode(node, t.topologyKey, delta);
    }
    const changedNamespaceLabels = state.namespaceLabelsOf(namespaceOf(changedPod));
    if (podMatchesAllTerms(state.terms.affinity, changedPod, changedNamespaceLabels)) {
        for (const t of state.terms.affinity) state.affinityCounts.addForNode(node, t.topologyKey, delta);
    }
    for (const t of state.terms.antiAffinity) {
        if (termMatchesPod(t, changedPod, changedNamespaceLabels)) state.antiAffinityCounts.addForNode(node, t.topologyKey, delta);
    }
}

function satisfiesPodAffinity(state: InterPodAffinityState, labels: Readonly<Record<string, string>>): boolean {
    let podsExist = true;
    for (const t of state.terms.affinity) {
        if (!Object.prototype.hasOwnProperty.call(labels, t.topologyKey)) return false;
        if (state.affinityCounts.get(t.topologyKey, labels[t.topologyKey]) <= 0) podsExist = false;
    }
    if (podsExist) return true;
    // The first pod of a group with affinity to itself: no pod anywhere matches, and it matches its own terms.
    return state.affinityCounts.size === 0 && podMatchesAllTerms(state.terms.affinity, state.pod, state.podNamespaceLabels);
}

function satisfiesPodAntiAffinity(state: InterPodAffinityState, labels: Readonly<Record<string, string>>): boolean {
    for (const t of state.terms.antiAffinity) {
        if (!Object.prototype.hasOwnProperty.call(labels, t.topologyKey)) continue;
        if (state.antiAffinityCounts.get(t.topologyKey, labels[t.topologyKey]) > 0) return false;
    }
    return true;
}

function satisfiesExistingPodsAntiAffinity(state: InterPodAffinityState, labels: Readonly<Record<string, string>>): boolean {
    return state.existingAntiAffinityCounts.size === 0 || !state.existingAntiAffinityCounts.anyPositiveFor(labels);
}

/** Filter's decision for one node from a computed state (undefined = the node passes). */
export function filterInterPodAffinity(state: InterPodAffinityState, nodeInfo: NodeInfo): Status | undefined {
    const labels = nodeInfo.node.metadata?.labels ?? {};
    if (!satisfiesPodAffinity(state, labels)) return { code: "UnschedulableAndUnresolvable", reasons: [ErrReasonAffinityRulesNotMatch] };
    if (!satisfiesPodAntiAffinity(state, labels)) return { code: "Unschedulable", reasons: [ErrReasonAntiAffinityRulesNotMatch] };
    if (!satisfiesExistingPodsAntiAffinity(state, labels)) return { code: "Unschedulable", reasons: [ErrReasonExistingAntiAffinityRulesNotMatch] };
    return undefined;
}

/** The InterPodAffinity plugin (Filter and Score), with upstream's PreFilterExtensions `addPod` / `removePod`. */
export const interPodAffinityPlugin = {
    name: Name,
    preFilter(ctx: CycleContext): PreFilterResult | undefined {
        const s = computeInterPodAffinityState(ctx.pod, ctx.snapshot);
        if (interPodAffinityCanSkip(s)) return { status: { code: "Skip", reasons: [] } };
        ctx.state.write(PRE_FILTER_STATE_KEY, s);
        return undefined;
    },
    filter(ctx: CycleContext, nodeInfo: NodeInfo): Status | undefined {
        const s = readPreFilterState<InterPodAffinityState>(ctx.state, PRE_FILTER_STATE_KEY);
        return isStatus(s) ? s : filterInterPodAffinity(s, nodeInfo);
    },
    // Upstream's PreFilterExtensions: count `added` / stop counting `removed` on a node, for preemption-style
    // what-ifs; an Error status when PreFilter has not run.
    ...countingExtensions<InterPodAffinityState>(PRE_FILTER_STATE_KEY, updateInterPodAffinityState),
    preScore(ctx: ScoreContext, nodes: readonly NodeInfo[]): Status | undefined {
        if (nodes.length === 0) return SKIP;
        const s = computeAffinityScoreState(ctx.pod, ctx.snapshot, ctx.pluginArgs.InterPodAffinity);
        if (s === undefined || s.topologyScore.size === 0) return SKIP;
        ctx.state.write(PRE_SCORE_STATE_KEY, s);
        return undefined;
    },
    score(ctx: ScoreContext, nodeInfo: NodeInfo): number {
        const s = ctx.state.read<AffinityScoreState>(PRE_SCORE_STATE_KEY);
        if (s === undefined) throw new Error(`cycle state has no ${JSON.stringify(PRE_SCORE_STATE_KEY)}: PreScore must run before Score`);
        return affinityRawScore(s, nodeInfo.node);
    },
    normalizeScore(_ctx: ScoreContext, scores: NodeScore[]): void {
        normalizeAffinityScores(scores);
    },
} satisfies FilterPlugin & PreFilterExtensions & ScorePlugin;

// ----------------------------------------------------------------------------------------------------------
// Score (upstream scoring.go)

/** The cycle-state key PreScore writes. */
export const PRE_SCORE_STATE_KEY = "PreScore" + Name;

/** The default `hardPodAffinityWeight` (upstream `DefaultHardPodAffinityWeight` in the v1 config defaults). */
export const DEFAULT_HARD_POD_AFFINITY_WEIGHT = 1;

/** A preferred term with its weight. */
export interface WeightedAffinityTerm {
    readonly term: AffinityTerm;
    readonly weight: number;
}

/** A pod's preferred pod affinity and anti-affinity terms, parsed. */
export interface PreferredAffinityTerms {
    readonly affinity: readonly WeightedAffinityTerm[];
    readonly antiAffinity: readonly WeightedAffinityTerm[];
}

const parsedPreferred = new WeakMap<V1Pod, PreferredAffinityTerms>();

/**
 * The pod's preferred pod affinity and anti-affinity terms, parsed once per pod object.
 * @throws InvalidObjectError naming the pod and the field for terms the API server would reject.
 */
export function getPreferredAffinityTerms(pod: V1Pod): PreferredAffinityTerms {
    const cached = parsedPreferred.get(pod);
    if (cached !== undefined) return cached;
    const object = podRef(pod);
    const parse = (terms: readonly V1WeightedPodAffinityTerm[] | undefined, field: string): WeightedAffinityTerm[] =>
        (terms ?? []).map((t, i) => ({ weight: t.weight, term: parseTerm(pod, t.podAffinityTerm, object, `${field}[${i}].podAffinityTerm`) }));
    const result = {
        affinity: parse(pod.spec?.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution, "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution"),
        antiAffinity: parse(pod.spec?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution"),
    };
    parsedPreferred.set(pod, result);
    return result;
}

/** What PreScore computes: per topology key and value, the summed weights (upstream `scoreMap`). */
export interface AffinityScoreState {
    readonly pod: V1Pod;
    readonly preferred: PreferredAffinityTerms;
    readonly podNamespaceLabels: Labels;
    readonly namespaceLabelsOf: (namespace: string) => Labels;
    readonly hardPodAffinityWeight: number;
    /** Whether the pod has preferred terms (then every existing pod is read, else only pods with affinity). */
    readonly hasConstraints: boolean;
    readonly topologyScore: Map<string, Map<string, number>>;
}

function addScore(state: AffinityScoreState, node: V1Node, topologyKey: string, amount: number): void {
    const labels = node.metadata?.labels;
    if (labels === undefined || !Object.prototype.hasOwnProperty.call(labels, topologyKey)) return;
    let values = state.topologyScore.get(topologyKey);
    if (values === undefined) {
        values = new Map();
        state.topologyScore.set(topologyKey, values);
    }
    const value = labels[topologyKey];
    values.set(value, (values.get(value) ?? 0) + amount);
}

/**
 * Adds one existing pod's contribution (upstream `processExistingPod`), `sign` -1 to take it back: the incoming
 * pod's preferred terms that select it, and its own required affinity (at the hard weight) and preferred terms
 * that select the incoming pod, all at the topology value of its node.
 */
export function processExistingPod(state: AffinityScoreState, existing: V1Pod, node: V1Node, sign: 1 | -1 = 1): void {
    if (Object.keys(node.metadata?.labels ?? {}).length === 0) return;
    const existingNamespaceLabels = state.namespaceLabelsOf(namespaceOf(existing));
    for (const { term, weight } of state.preferred.affinity) if (termMatchesPod(term, existing, existingNamespaceLabels)) addScore(state, node, term.topologyKey, sign * weight);
    for (const { term, weight } of state.preferred.antiAffinity) if (termMatchesPod(term, existing, existingNamespaceLabels)) addScore(state, node, term.topologyKey, -sign * weight);
    if (existing.spec?.affinity?.podAffinity == null && existing.spec?.affinity?.podAntiAffinity == null) return;
    if (state.hardPodAffinityWeight > 0) {
        for (const term of getPodAffinityTerms(existing).affinity) {
            if (termMatchesPod(term, state.pod, state.podNamespaceLabels)) addScore(state, node, term.topologyKey, sign * state.hardPodAffinityWeight);
        }
    }
    const theirs = getPreferredAffinityTerms(existing);
    for (const { term, weight } of theirs.affinity) if (termMatchesPod(term, state.pod, state.podNamespaceLabels)) addScore(state, node, term.topologyKey, sign * weight);
    for (const { term, weight } of theirs.antiAffinity) if (termMatchesPod(term, state.pod, state.podNamespaceLabels)) addScore(state, node, term.topologyKey, -sign * weight);
}

/**
 * Builds the score state of `pod` over a snapshot (upstream `PreScore`); undefined when
 * `ignorePreferredTermsOfExistingPods` is set and the pod has no preferred term.
 * @throws InvalidObjectError for malformed terms of the pod or of an existing pod.
 */
export function computeAffinityScoreState(pod: V1Pod, snapshot: Snapshot, args: ScoreContext["pluginArgs"]["InterPodAffinity"]): AffinityScoreState | undefined {
    const hardPodAffinityWeight = args?.hardPodAffinityWeight ?? DEFAULT_HARD_POD_AFFINITY_WEIGHT;
    if (!Number.isInteger(hardPodAffinityWeight) || hardPodAffinityWeight < 0 || hardPodAffinityWeight > 100) {
        throw new Error(`pluginArgs.InterPodAffinity.hardPodAffinityWeight: ${JSON.stringify(hardPodAffinityWeight)} is not valid; it must be an integer from 0 to 100`);
    }
    const preferred = getPreferredAffinityTerms(pod);
    const hasConstraints = preferred.affinity.length > 0 || preferred.antiAffinity.length > 0;
    if (args?.ignorePreferredTermsOfExistingPods === true && !hasConstraints) return undefined;
    const nsCache = new Map<string, Labels>();
    const namespaceLabelsOf = (name: string): Labels => {
        let labels = nsCache.get(name);
        if (labels === undefined) {
            labels = namespaceLabels(snapshot.namespaces, name);
            nsCache.set(name, labels);
        }
        return labels;
    };
    const state: AffinityScoreState = {
        pod,
        preferred,
        podNamespaceLabels: namespaceLabelsOf(namespaceOf(pod)),
        namespaceLabelsOf,
        hardPodAffinityWeight,
        hasConstraints,
        topologyScore: new Map(),
    };
    const nodes = hasConstraints ? snapshot.nodeInfos : snapshot.havePodsWithAffinity();
    for (const nodeInfo of nodes) {
        const pods = hasConstraints ? nodeInfo.pods : nodeInfo.podsWithAffinity;
        for (const existing of pods) processExistingPod(state, existing.pod, nodeInfo.node);
    }
    return state;
}

/** A node's raw score (upstream `Score`): the sum over the topology keys the node carries. */
export function affinityRawScore(state: AffinityScoreState, node: V1Node): number {
    const labels = node.metadata?.labels ?? {};
    let score = 0;
    for (const [key, values] of state.topologyScore) {
        if (Object.prototype.hasOwnProperty.call(labels, key)) score += values.get(labels[key]) ?? 0;
    }
    return score;
}

/** Upstream `NormalizeScore`: min–max to 0–100 (truncated); all 0 when every score is equal. */
export function normalizeAffinityScores(scores: NodeScore[]): void {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const s of scores) {
        if (s.score > max) max = s.score;
        if (s.score < min) min = s.score;
    }
    const diff = max - min;
    for (const s of scores) s.score = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((s.score - min) / diff)) : 0;
}

/**
 * The scheduling framework's contract, after kube-scheduler's
 * `staging/src/k8s.io/kube-scheduler/framework/interface.go` (Code, Status, PreFilter/Filter) and
 * `pkg/scheduler/framework/types.go` (NodeInfo, PodInfo), reduced to what an offline Filter engine needs.
 *
 * "Does not fit" is a Status, never an exception; exceptions are for malformed input only
 * (see `InvalidObjectError` in `scheduling/model/errors.ts`).
 */
import type { V1Namespace, V1Node, V1Pod } from "../model/types";
import type { StorageLister } from "./storage";

/** Status codes, as kube-scheduler names them. No status (undefined) means Success. */
export type Code = "Success" | "Error" | "Unschedulable" | "UnschedulableAndUnresolvable" | "Skip";

/** The result of one plugin on one node (or of a PreFilter on the pod). */
export interface Status {
    code: Code;
    /** Reasons, as kube-scheduler words them; the status message is them joined with ", ". */
    reasons: string[];
    /** The plugin that produced it (set by the framework runner). */
    plugin?: string;
}

/**
 * Resource amounts in the engine's numeric units: `cpu` in millicores, everything else (memory,
 * ephemeral-storage, hugepages-*, extended resources, `pods`) as the quantity's integer Value (rounded
 * up, as `resource.Quantity.Value()` does).
 */
export type ResourceAmounts = Record<string, number>;

/** A host port in use: protocol, host IP ("0.0.0.0" when unset) and port. */
export interface HostPort {
    protocol: string;
    hostIP: string;
    port: number;
}

/** A pod with what the engine derives from it once. */
export interface PodInfo {
    pod: V1Pod;
    /** Effective requests (containers summed, init containers by max, sidecars added, overhead added). */
    requests: ResourceAmounts;
    /** cpu and memory with every container's missing request counted as 100m / 200Mi (the scorers' "non-zero" requests). */
    nonZero: { cpu: number; memory: number };
    /** Host ports its containers ask for. */
    hostPorts: HostPort[];
    /** Whether it has required or preferred pod affinity / anti-affinity terms. */
    hasAffinity: boolean;
    /** Whether it has required pod anti-affinity terms. */
    hasRequiredAntiAffinity: boolean;
}

/** A node with the pods on it and the totals the Filter plugins read. */
export interface NodeInfo {
    node: V1Node;
    /** `metadata.name`. */
    name: string;
    /** Parsed `status.allocatable`. */
    allocatable: ResourceAmounts;
    /** Sum of the requests of the pods on the node. */
    requested: ResourceAmounts;
    /** Sum of the pods' non-zero cpu and memory (upstream `NonZeroRequested`). */
    nonZeroRequested: { cpu: number; memory: number };
    pods: PodInfo[];
    /** Host ports in use on the node. */
    usedPorts: HostPort[];
    podsWithAffinity: PodInfo[];
    podsWithRequiredAntiAffinity: PodInfo[];
    /** Incremented on every change, so caches keyed on a node can tell it changed. */
    generation: number;
    /** Where a snapshot's node records its changes (absent on copies and on nodes outside a snapshot). */
    changeLog?: NodeChangeLog;
    /** The node's position in its snapshot's `nodeInfos`. */
    index?: number;
    /**
     * NodeVolumeLimits' record of the node (its attach limits and the volumes its pods attach), kept on the node so
     * that plugin's Filter, which runs on hundreds of nodes for every pod with claims, reads it without a lookup.
     * Owned by that plugin, which checks it against the node's generation; a copy (`cloneNodeInfo`) starts without.
     */
    volumeLimits?: object;
}

/**
 * The positions of the nodes of a snapshot in the order they changed (a node appears once per change), so indexes
 * kept per snapshot can catch up on what changed since they last looked instead of checking every node.
 */
export interface NodeChangeLog {
    readonly changed: number[];
    /**
     * Counts the nodes added to and removed from the snapshot: positions move then (the last node takes a removed
     * node's place), so an index that saw another layout reads every node again instead of the log.
     */
    layout: number;
}

/** Every node of the cluster as the scheduler sees it for one scheduling cycle. */
export interface Snapshot {
    nodeInfos: NodeInfo[];
    get(nodeName: string): NodeInfo | undefined;
    /** Nodes with at least one pod that has pod affinity or anti-affinity. */
    havePodsWithAffinity(): NodeInfo[];
    /** Nodes with at least one pod that has required pod anti-affinity. */
    havePodsWithRequiredAntiAffinity(): NodeInfo[];
    /** Namespaces by name, for `namespaceSelector`. */
    namespaces: ReadonlyMap<string, V1Namespace>;
    /** Claims, volumes, storage classes and CSINodes, for the volume plugins. */
    storage: StorageLister;
    /** The nodes' changes since the snapshot was made. */
    changeLog: NodeChangeLog;
}

/** Per-cycle scratch space: PreFilter writes under `"PreFilter" + plugin name`, Filter reads it. */
export interface CycleState {
    read<T>(key: string): T | undefined;
    write(key: string, value: unknown): void;
    /**
     * A copy for a what-if (preemption's dry run on one node): values with a `clone()` method are cloned, others
     * shared, as upstream's `CycleState.Clone` clones each `StateData`.
     */
    clone(): CycleState;
}

/** A cycle-state value that a what-if may change, and so copies (upstream `StateData.Clone`). */
export interface CloneableState {
    clone(): unknown;
}

/** Feature gates that change Filter behaviour (kube-scheduler names). */
export type FeatureGates = Readonly<Record<string, boolean>>;

/** Everything a plugin may read during one cycle. */
export interface CycleContext {
    state: CycleState;
    pod: V1Pod;
    podInfo: PodInfo;
    snapshot: Snapshot;
    featureGates: FeatureGates;
}

/**
 * PreFilter's outcome: a status (undefined = Success; "Skip" = the plugin's Filter is not run for this pod;
 * Unschedulable* = the pod fits nowhere) and optionally the only node names worth filtering.
 */
export interface PreFilterResult {
    status?: Status;
    nodeNames?: ReadonlySet<string>;
}

/** A Filter plugin (with its optional PreFilter), as in kube-scheduler's framework. */
export interface FilterPlugin {
    /** The kube-scheduler plugin name, from `framework/names.ts`. */
    readonly name: string;
    preFilter?(ctx: CycleContext): PreFilterResult | undefined;
    /** undefined means the node passes. */
    filter(ctx: CycleContext, nodeInfo: NodeInfo): Status | undefined;
}

/**
 * Upstream's PreFilterExtensions (PodTopologySpread and InterPodAffinity have them): keep a PreFilter state
 * current when a pod is added to or removed from a node, for preemption-style what-ifs without re-running
 * PreFilter. They return an Error status when PreFilter has not written its state.
 */
export interface PreFilterExtensions {
    addPod(state: CycleState, podToSchedule: V1Pod, added: PodInfo, nodeInfo: NodeInfo): Status | undefined;
    removePod(state: CycleState, podToSchedule: V1Pod, removed: PodInfo, nodeInfo: NodeInfo): Status | undefined;
}

/** One node's score from one plugin (upstream `NodeScore`). */
export interface NodeScore {
    name: string;
    score: number;
}

/** The controllers and Services a pod's default topology spreading reads (upstream `helper.DefaultSelector`'s listers). */
export interface SpreadingOwners {
    /** Services of a namespace. */
    services(namespace: string): readonly V1ServiceLike[];
    /** The ReplicaSet or StatefulSet `kind/name` of a namespace, by its `spec.selector`. */
    controllerSelector(namespace: string, kind: string, name: string): V1LabelSelectorLike | undefined;
}

/** What the default spreading reads of a Service: its namespace and selector. */
export interface V1ServiceLike {
    metadata?: { namespace?: string; name?: string };
    spec?: { selector?: Record<string, string> | null };
}

/** A label selector as the API writes it. */
export interface V1LabelSelectorLike {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Everything a Score plugin may read during one cycle. */
export interface ScoreContext extends CycleContext {
    /** The plugins' arguments (scheduler profile `pluginConfig`). */
    pluginArgs: ScorePluginArgs;
    /** Services and controllers, for the system default topology spreading. */
    owners: SpreadingOwners;
}

/** A resource and its weight in a NodeResourcesFit or BalancedAllocation score (upstream `ResourceSpec`). */
export interface ResourceSpec {
    name: string;
    weight: number;
}

/** One point of RequestedToCapacityRatio's shape: a utilization (0–100) and its score (0–10). */
export interface UtilizationShapePoint {
    utilization: number;
    score: number;
}

/**
 * The Score plugins' arguments, as kube-scheduler's profile `pluginConfig` gives them (v1.35 `config.*Args`).
 * Every field defaults as in the default profile.
 * See https://kubernetes.io/docs/reference/scheduling/config/#scheduling-plugins
 */
export interface ScorePluginArgs {
    /** NodeResourcesFit `scoringStrategy`. Defaults to LeastAllocated over cpu and memory, weight 1 each. */
    NodeResourcesFit?: {
        scoringStrategy?: {
            type?: "LeastAllocated" | "MostAllocated" | "RequestedToCapacityRatio";
            resources?: ResourceSpec[];
            requestedToCapacityRatio?: { shape: UtilizationShapePoint[] };
        };
    };
    /** NodeResourcesBalancedAllocation `resources`. Defaults to cpu and memory, weight 1 each. */
    NodeResourcesBalancedAllocation?: { resources?: ResourceSpec[] };
    /** InterPodAffinity. `hardPodAffinityWeight` defaults to 1; `ignorePreferredTermsOfExistingPods` to false. */
    InterPodAffinity?: { hardPodAffinityWeight?: number; ignorePreferredTermsOfExistingPods?: boolean };
    /**
     * PodTopologySpread. `defaultingType` defaults to `System` (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway);
     * `List` uses `defaultConstraints` instead.
     */
    PodTopologySpread?: { defaultingType?: "System" | "List"; defaultConstraints?: V1TopologySpreadConstraintLike[] };
}

/** A default spread constraint as the profile writes it (no label selector: the pod's owners give it). */
export interface V1TopologySpreadConstraintLike {
    maxSkew: number;
    topologyKey: string;
    whenUnsatisfiable: string;
}

/**
 * A Score plugin (with its optional PreScore and NormalizeScore), as in kube-scheduler's framework. Scores are
 * integers; after NormalizeScore they lie in 0–100 (`MaxNodeScore`).
 */
export interface ScorePlugin {
    readonly name: string;
    /** Runs once per pod with the nodes to score; a Skip status leaves the plugin out of this pod's Score phase. */
    preScore?(ctx: ScoreContext, nodes: readonly NodeInfo[]): Status | undefined;
    score(ctx: ScoreContext, nodeInfo: NodeInfo): number;
    /** Scales the raw scores in place to 0–100. */
    normalizeScore?(ctx: ScoreContext, scores: NodeScore[]): void;
}

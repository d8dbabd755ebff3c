/**
 * The simulation's public shapes: what {@link simulate} takes and what it reports per pod, node, pool and
 * workload. Plain data, so a policy or a test can print or compare it whole.
 */
import type { StorageInput } from "../framework/storage";
import type { V1Namespace, V1Node, V1PersistentVolume, V1PersistentVolumeClaim, V1Pod, V1PriorityClass, V1StorageClass } from "../model/types";
import type { ProvisionedVolumeTopology } from "./storage";

/** What `simulate` takes. */
export interface SimulationInput {
    /** Every node of the cluster (e.g. from `buildPoolNodes`), with allocatable, labels and taints. */
    nodes: V1Node[];
    /**
     * The workloads to place, as plain API objects: Pod, Deployment, StatefulSet, ReplicaSet, DaemonSet, Job and
     * CronJob become pods; PodDisruptionBudget, PriorityClass, Namespace and Service objects are read as context,
     * and StorageClass, PersistentVolumeClaim, PersistentVolume and CSINode objects are added to `storage`.
     * See https://kubernetes.io/docs/concepts/workloads/
     */
    workloads: object[];
    /**
     * Claims, volumes, storage classes and CSINodes the cluster already has (a previous run's
     * `SimulationResult.storage` keeps its bound claims pinned). Defaults to none.
     * See https://kubernetes.io/docs/concepts/storage/persistent-volumes/
     */
    storage?: StorageInput;
    /**
     * Where a CSI provisioner makes a volume for a claim whose pod lands on a node: the node selector term of the
     * volume's node affinity, or undefined when every node reaches it. Defaults to the node's values for the
     * topology keys its CSINode lists for the class's driver (`topologyKeys`); AKS's Azure Disk rule is
     * `aksProvisionedVolumeTopology`.
     */
    provisionedVolumeTopology?: ProvisionedVolumeTopology;
    /**
     * Whether the workloads' pods existed before this run (a re-run after nodes were lost): then a StatefulSet's
     * lost replicas are created again each on its own, not held back by `podManagementPolicy: OrderedReady`, which
     * orders only the first creation and scaling. Defaults to false.
     * See https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-management-policies
     */
    replicasExist?: boolean;
    /**
     * Seed for choosing among nodes with the same highest score. Defaults to none: the tied node first in node
     * order wins. kube-scheduler picks at random; see docs/simulate.md.
     */
    tieBreakSeed?: number;
    /** Pods already bound to nodes by `spec.nodeName`. Defaults to none. */
    existingPods?: V1Pod[];
    /** Namespaces, for pod affinity `namespaceSelector` (Namespace objects in `workloads` are added). Defaults to none. */
    namespaces?: V1Namespace[];
    /**
     * Priority classes besides the built-in `system-node-critical` and `system-cluster-critical` (PriorityClass objects
     * in `workloads` are added). Defaults to none.
     * See https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
     */
    priorityClasses?: V1PriorityClass[];
    /** Filter plugin names in run order. Defaults to `DEFAULT_FILTER_PLUGINS`. */
    plugins?: string[];
    /**
     * Whether the result keeps the pod objects the simulation made (`podObjects`), for a caller that reads the
     * pods themselves (their labels, requests) without expanding the workloads again. Defaults to false.
     */
    keepPods?: boolean;
}

/** A resource amount as requested and as allocatable, as quantity strings (`"3500m"`, `"12Gi"`). */
export interface ResourceUsage {
    requested: string;
    allocatable: string;
}

/** What one node carries once the simulation is done. */
export interface NodeUsage {
    node: string;
    /** The node's `kubernetes.azure.com/agentpool` label; absent for nodes without it. */
    pool?: string;
    /** Per resource the node has or a pod requests: cpu, memory, ephemeral-storage, extended resources. */
    resources: Record<string, ResourceUsage>;
    /** Pods on the node (existing and placed). */
    pods: number;
    /** `allocatable.pods`. */
    podCapacity: number;
}

/** The sums over the nodes of one pool. */
export interface PoolUsage {
    /** Pool name; nodes without the agentpool label are summed under `""`. */
    pool: string;
    nodes: number;
    resources: Record<string, ResourceUsage>;
    pods: number;
    podCapacity: number;
}

/** The untolerated taints of the nodes of one pool. */
export interface TaintDetail {
    pool: string;
    /** How many of the pool's nodes rejected the pod for their taints. */
    nodes: number;
    /** The untolerated NoSchedule/NoExecute taints, as `key=value:Effect` (or `key:Effect`). */
    taints: string[];
}

/** One resource the pod asked more of than some node had free. */
export interface InsufficientResourceDetail {
    /** The resource name (`cpu`, `memory`, `nvidia.com/gpu`; `pods` for "Too many pods"). */
    resource: string;
    /** Nodes that reported it. */
    nodes: number;
    /** What the pod requests (1 for `pods`). */
    requested: string;
    /**
     * The most of it free (allocatable minus requested) on any node that reported it short. Nodes rejected
     * before NodeResourcesFit (taints, selector) are not counted: the pod could not use their room anyway.
     */
    mostFree: string;
    /** A node with that much free (the first in node order). */
    mostFreeNode?: string;
}

/** What the pod's node selector and required node affinity wanted, against the labels of one pool's nodes. */
export interface NodeSelectorDetail {
    pool: string;
    /** How many of the pool's nodes the selector rejected. */
    nodes: number;
    /** The node's values for the label keys the selector names (`"<absent>"` when missing), from the pool's first rejected node. */
    nodeLabels: Record<string, string>;
}

/** A bound claim whose volume's node affinity kept the pod off nodes ("node(s) had volume node affinity conflict"). */
export interface VolumeConflictDetail {
    /** `namespace/name` of the claim. */
    claim: string;
    volume: string;
    /** The volume's node affinity as text: `topology.disk.csi.azure.com/zone In [westeurope-1]`. */
    requirement: string;
    /** How many nodes reported the conflict. */
    nodes: number;
}

/** Why a pod fits nowhere, beyond the FitError text. */
export interface PlacementDetail {
    /** The pod's bound volumes pinned away from the nodes that reported a volume node affinity conflict. */
    volumeNodeAffinityConflicts?: VolumeConflictDetail[];
    /** Per pool, the histogram of reasons (the FitError's counts, split by pool). */
    reasonsByPool: Record<string, Record<string, number>>;
    /** Taints that kept the pod off nodes, per pool. */
    untoleratedTaints: TaintDetail[];
    /** Resources the pod requests more of than nodes had free. */
    insufficientResources: InsufficientResourceDetail[];
    /** The selector the pod carries (`spec.nodeSelector` as `key=value`, affinity terms as text), when it has one. */
    wantedNodeSelector?: string[];
    /** The labels of nodes the selector rejected, per pool. */
    nodeSelectorMismatches: NodeSelectorDetail[];
}

/** The outcome for one pod. */
export interface PodPlacement {
    /** `namespace/name`. */
    pod: string;
    /** `Kind/namespace/name` of the object the pod came from. */
    workload: string;
    /** The node chosen; absent when the pod fits nowhere. */
    node?: string;
    /** kube-scheduler's FitError text (`0/6 nodes are available: …`) when the pod fits nowhere. */
    message?: string;
    /** Why it fits nowhere, by pool. */
    detail?: PlacementDetail;
    /**
     * DefaultPreemption's message when preemption could not help (`preemption: 0/6 nodes are available: …`);
     * kube-scheduler's event reads `<message> <preemptionMessage>.`.
     */
    preemptionMessage?: string;
    /** The pods this one evicted to fit (`namespace/name`), on its node. */
    preempted?: string[];
    /** For a pod evicted by preemption: the pod that evicted it (`namespace/name`) and the node it left. */
    preemptedBy?: string;
    preemptedFrom?: string;
}

/** One preemption: the pod that needed room, the node, and the pods it evicted there. */
export interface Preemption {
    pod: string;
    node: string;
    victims: string[];
}

/** The storage after the run: classes, and claims and volumes as bound and provisioned. */
export interface SimulationStorage {
    storageClasses: V1StorageClass[];
    persistentVolumeClaims: V1PersistentVolumeClaim[];
    persistentVolumes: V1PersistentVolume[];
}

/** Placed pods of one workload. */
export interface WorkloadSummary {
    /** `Kind/namespace/name`. */
    workload: string;
    placed: number;
    total: number;
}

/** What `simulate` returns. */
export interface SimulationResult {
    /** Every pod in scheduling order (see `docs/simulate.md`). */
    pods: PodPlacement[];
    /** Every node in input order. */
    nodes: NodeUsage[];
    /** Every pool in order of first appearance among the nodes. */
    pools: PoolUsage[];
    /** Every pod-producing workload in declaration order. */
    workloads: WorkloadSummary[];
    /** Pods that fit nowhere (or, StatefulSet replicas after one that fits nowhere, were not created). */
    unschedulable: number;
    /** Every preemption, in order. */
    preemptions: Preemption[];
    /** The storage at the end: pass it (with the CSINodes of the next run's nodes) to a later run to keep claims pinned. */
    storage: SimulationStorage;
    /** With `keepPods`: every pod the simulation made, by `namespace/name` (as `PodPlacement.pod`). */
    podObjects?: Map<string, V1Pod>;
}

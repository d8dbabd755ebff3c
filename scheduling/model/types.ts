/**
 * The Kubernetes API object types the engine takes, as `kubectl get -o json` prints them.
 * They come from `kubernetes-types` (generated from the Kubernetes OpenAPI schema); this file only gives
 * them the `V1…` names the engine's public API uses.
 */
export type {
    Pod as V1Pod,
    PodSpec as V1PodSpec,
    PodTemplateSpec as V1PodTemplateSpec,
    Node as V1Node,
    Namespace as V1Namespace,
    Container as V1Container,
    Toleration as V1Toleration,
    Taint as V1Taint,
    NodeSelector as V1NodeSelector,
    NodeSelectorTerm as V1NodeSelectorTerm,
    NodeSelectorRequirement as V1NodeSelectorRequirement,
    Affinity as V1Affinity,
    PodAffinityTerm as V1PodAffinityTerm,
    TopologySpreadConstraint as V1TopologySpreadConstraint,
    WeightedPodAffinityTerm as V1WeightedPodAffinityTerm,
    PreferredSchedulingTerm as V1PreferredSchedulingTerm,
    Volume as V1Volume,
    PersistentVolumeClaim as V1PersistentVolumeClaim,
    PersistentVolume as V1PersistentVolume,
    TopologySelectorTerm as V1TopologySelectorTerm,
    Service as V1Service,
} from "kubernetes-types/core/v1";
export type { StorageClass as V1StorageClass, CSINode as V1CSINode } from "kubernetes-types/storage/v1";
export type {
    Deployment as V1Deployment,
    StatefulSet as V1StatefulSet,
    ReplicaSet as V1ReplicaSet,
    DaemonSet as V1DaemonSet,
} from "kubernetes-types/apps/v1";
export type { Job as V1Job, CronJob as V1CronJob } from "kubernetes-types/batch/v1";
export type { PodDisruptionBudget as V1PodDisruptionBudget } from "kubernetes-types/policy/v1";
export type { PriorityClass as V1PriorityClass } from "kubernetes-types/scheduling/v1";
export type { LabelSelector as V1LabelSelector, LabelSelectorRequirement as V1LabelSelectorRequirement } from "kubernetes-types/meta/v1";

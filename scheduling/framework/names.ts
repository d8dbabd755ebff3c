/**
 * Plugin names, exactly as kube-scheduler spells them
 * (kubernetes/kubernetes `pkg/scheduler/framework/plugins/names/names.go`, v1.35), and the default profile's
 * Filter and Score plugins with their order and Score weights (`pkg/scheduler/apis/config/v1/default_plugins.go`,
 * v1.35). DynamicResources (DRA) is in the default profile but not modelled: pods without resource claims skip it.
 */
/** Queue sort by pod priority (not a Filter). */
export const PrioritySort = "PrioritySort";
/** Binds the pod to its node (not a Filter). */
export const DefaultBinder = "DefaultBinder";
/** PostFilter preemption: evicting lower-priority pods so a pod fits. */
export const DefaultPreemption = "DefaultPreemption";
/** Dynamic resource allocation claims (not modelled). */
export const DynamicResources = "DynamicResources";
/** Scores nodes that already hold the pod's images (Score only). */
export const ImageLocality = "ImageLocality";
/** Pod affinity and anti-affinity: required terms filter, preferred terms (and existing pods' terms) score. */
export const InterPodAffinity = "InterPodAffinity";
/** `spec.nodeSelector` and required node affinity filter; preferred node affinity scores. */
export const NodeAffinity = "NodeAffinity";
/** `spec.nodeName`. */
export const NodeName = "NodeName";
/** Host port conflicts. */
export const NodePorts = "NodePorts";
/** Scores balanced resource use (Score only). */
export const NodeResourcesBalancedAllocation = "NodeResourcesBalancedAllocation";
/** Requests against allocatable, and the pod count; scores by the LeastAllocated strategy (or another). */
export const NodeResourcesFit = "NodeResourcesFit";
/** Cordoned nodes (`spec.unschedulable`). */
export const NodeUnschedulable = "NodeUnschedulable";
/** CSI attach limits per node. */
export const NodeVolumeLimits = "NodeVolumeLimits";
/** Topology spread: `DoNotSchedule` constraints filter, `ScheduleAnyway` and the system defaults score. */
export const PodTopologySpread = "PodTopologySpread";
/** `spec.schedulingGates` (PreEnqueue, not a Filter). */
export const SchedulingGates = "SchedulingGates";
/** NoSchedule and NoExecute taints filter; intolerable PreferNoSchedule taints score. */
export const TaintToleration = "TaintToleration";
/** PersistentVolumeClaim binding and provisioning topology. */
export const VolumeBinding = "VolumeBinding";
/** Inline disk conflicts and ReadWriteOncePod claims. */
export const VolumeRestrictions = "VolumeRestrictions";
/** Zone and region labels of bound volumes. */
export const VolumeZone = "VolumeZone";

/** The default profile's Filter plugins in the order kube-scheduler runs them. */
export const DEFAULT_FILTER_PLUGINS: readonly string[] = [
    NodeUnschedulable,
    NodeName,
    TaintToleration,
    NodeAffinity,
    NodePorts,
    NodeResourcesFit,
    VolumeRestrictions,
    NodeVolumeLimits,
    VolumeBinding,
    VolumeZone,
    PodTopologySpread,
    InterPodAffinity,
];

/** The default profile's Score plugins in kube-scheduler's order, with their weights. */
export const DEFAULT_SCORE_WEIGHTS: Readonly<Record<string, number>> = {
    [TaintToleration]: 3,
    [NodeAffinity]: 2,
    [NodeResourcesFit]: 1,
    [PodTopologySpread]: 2,
    [InterPodAffinity]: 2,
    [NodeResourcesBalancedAllocation]: 1,
    [ImageLocality]: 1,
};

/** The default profile's Score plugins, in order. */
export const DEFAULT_SCORE_PLUGINS: readonly string[] = Object.keys(DEFAULT_SCORE_WEIGHTS);

/**
 * Plugin names, exactly as kube-scheduler spells them
 * (kubernetes/kubernetes `pkg/scheduler/framework/plugins/names/names.go`, v1.35), and the default profile's
 * Filter order (`pkg/scheduler/apis/config/v1/default_plugins.go`, v1.35) without the volume plugins,
 * which this offline engine does not model.
 */
/** Queue sort by pod priority (not a Filter). */
export const PrioritySort = "PrioritySort";
/** Binds the pod to its node (not a Filter). */
export const DefaultBinder = "DefaultBinder";
/** PostFilter preemption (not modelled). */
export const DefaultPreemption = "DefaultPreemption";
/** Dynamic resource allocation claims (not modelled). */
export const DynamicResources = "DynamicResources";
/** Scores nodes that already hold the images (not a Filter). */
export const ImageLocality = "ImageLocality";
/** Required pod affinity and anti-affinity. */
export const InterPodAffinity = "InterPodAffinity";
/** `spec.nodeSelector` and required node affinity. */
export const NodeAffinity = "NodeAffinity";
/** `spec.nodeName`. */
export const NodeName = "NodeName";
/** Host port conflicts. */
export const NodePorts = "NodePorts";
/** Scores balanced resource use (not a Filter). */
export const NodeResourcesBalancedAllocation = "NodeResourcesBalancedAllocation";
/** Requests against allocatable, and the pod count. */
export const NodeResourcesFit = "NodeResourcesFit";
/** Cordoned nodes (`spec.unschedulable`). */
export const NodeUnschedulable = "NodeUnschedulable";
/** Attachable volume counts (not modelled). */
export const NodeVolumeLimits = "NodeVolumeLimits";
/** Topology spread constraints with `whenUnsatisfiable: DoNotSchedule`. */
export const PodTopologySpread = "PodTopologySpread";
/** `spec.schedulingGates` (PreEnqueue, not a Filter). */
export const SchedulingGates = "SchedulingGates";
/** NoSchedule and NoExecute taints against tolerations. */
export const TaintToleration = "TaintToleration";
/** PersistentVolumeClaim binding (not modelled). */
export const VolumeBinding = "VolumeBinding";
/** Volume access-mode conflicts (not modelled). */
export const VolumeRestrictions = "VolumeRestrictions";
/** Volume zone constraints (not modelled). */
export const VolumeZone = "VolumeZone";

/** The default profile's Filter plugins in the order kube-scheduler runs them (volume plugins left out). */
export const DEFAULT_FILTER_PLUGINS: readonly string[] = [
    NodeUnschedulable,
    NodeName,
    TaintToleration,
    NodeAffinity,
    NodePorts,
    NodeResourcesFit,
    PodTopologySpread,
    InterPodAffinity,
];

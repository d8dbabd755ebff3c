/**
 * Every Filter and PostFilter reason string the engine produces, worded as kube-scheduler v1.35 words them. Reason texts
 * drift between releases (the taint reason named the taint up to v1.34), so they live here, pinned to one
 * version, and nowhere else.
 */

// NodeUnschedulable: kubernetes/kubernetes pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go, v1.35.
/** The node has `spec.unschedulable: true` and the pod does not tolerate `node.kubernetes.io/unschedulable:NoSchedule`. */
export const ErrReasonNodeUnschedulable = "node(s) were unschedulable";
/** The node object is missing. */
export const ErrReasonUnknownCondition = "node(s) had unknown conditions";

// NodeName: pkg/scheduler/framework/plugins/nodename/node_name.go, v1.35.
/** `spec.nodeName` names another node. */
export const ErrReasonNodeName = "node(s) didn't match the requested node name";

// TaintToleration: pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go, v1.35 (the
// reason no longer names the taint; up to about v1.34 it read "node(s) had untolerated taint {key: value}").
/** A NoSchedule or NoExecute taint is not tolerated. */
export const ErrReasonUntoleratedTaint = "node(s) had untolerated taint(s)";

// NodeAffinity: pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go, v1.35.
/** `spec.nodeSelector` or required node affinity does not match the node. */
export const ErrReasonNodeAffinity = "node(s) didn't match Pod's node affinity/selector";
/** The profile's `addedAffinity` (scheduler-enforced) does not match the node. */
export const ErrReasonEnforcedNodeAffinity = "node(s) didn't match scheduler-enforced node affinity";
/** Every required term names nodes by `metadata.name`, and together they name none (PreFilter). */
export const ErrReasonNodeAffinityConflict = "pod affinity terms conflict";

// NodePorts: pkg/scheduler/framework/plugins/nodeports/node_ports.go, v1.35.
/** A requested host port is already in use on the node. */
export const ErrReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";

// NodeResourcesFit: pkg/scheduler/framework/plugins/noderesources/fit.go, v1.35.
/** The node already runs `allocatable.pods` pods. */
export const ErrReasonTooManyPods = "Too many pods";
/** The one place the "Insufficient <resource>" reason is built (`Insufficient cpu`, `Insufficient nvidia.com/gpu`). */
export function insufficientResource(resourceName: string): string {
    return "Insufficient " + resourceName;
}

// VolumeRestrictions: pkg/scheduler/framework/plugins/volumerestrictions/volume_restrictions.go, v1.35.
/** An inline GCE PD, AWS EBS, iSCSI or RBD volume of the pod is already mounted read-write on the node. */
export const ErrReasonDiskConflict = "node(s) had no available disk";
/** A ReadWriteOncePod claim of the pod is already used by another pod. */
export const ErrReasonReadWriteOncePodConflict = "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode";

// NodeVolumeLimits: pkg/scheduler/framework/plugins/nodevolumelimits/csi.go, v1.35.
/** Attaching the pod's new CSI volumes would exceed the driver's attach limit on the node. */
export const ErrReasonMaxVolumeCountExceeded = "node(s) exceed max volume count";

// VolumeBinding: pkg/scheduler/framework/plugins/volumebinding/binder.go and volume_binding.go, v1.35.
/** A bound claim's volume has node affinity the node does not satisfy. */
export const ErrReasonNodeConflict = "node(s) had volume node affinity conflict";
/** A delayed-binding claim can neither be bound to an existing volume nor provisioned for the node. */
export const ErrReasonBindConflict = "node(s) didn't find available persistent volumes to bind";
/** The CSI driver reported too little capacity for a claim to provision on the node. */
export const ErrReasonNotEnoughSpace = "node(s) did not have enough free storage";
/** A bound claim names a volume that does not exist. */
export const ErrReasonPVNotExist = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";
/** PreFilter: a claim with Immediate binding is not bound yet. */
export const ErrReasonUnboundImmediatePVC = "pod has unbound immediate PersistentVolumeClaims";

// VolumeZone: pkg/scheduler/framework/plugins/volumezone/volume_zone.go, v1.35.
/** A bound volume's zone or region labels do not match the node's. */
export const ErrReasonVolumeZoneConflict = "node(s) had no available volume zone";
/** PreFilter: a claim names no volume and no class. */
export const ErrReasonClaimNoVolumeNoClass = "PersistentVolumeClaim had no pv name and storageClass name";
/** PreFilter: a claim has an empty name. */
export const ErrReasonClaimNoName = "PersistentVolumeClaim had no name";
/** PreFilter: an unbound claim of a non-delayed class names no volume. */
export const ErrReasonVolumeNoName = "PersistentVolume had no name";
/** PreFilter: the claim's class has no `volumeBindingMode` (the API server defaults it to Immediate, so only hand-made objects lack it). */
export function volumeBindingModeNotSet(className: string): string {
    return `VolumeBindingMode not set for StorageClass ${JSON.stringify(className)}`;
}

// PodTopologySpread: pkg/scheduler/framework/plugins/podtopologyspread/filtering.go, v1.35.
/** Placing the pod on the node would exceed a constraint's maxSkew. */
export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
/** The node lacks a constraint's topology key. */
export const ErrReasonNodeLabelNotMatch = "node(s) didn't match pod topology spread constraints (missing required label)";

// InterPodAffinity: pkg/scheduler/framework/plugins/interpodaffinity/filtering.go, v1.35.
/** The pod's required pod affinity is not satisfied on the node. */
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
/** The pod's required pod anti-affinity is violated on the node. */
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";
/** An existing pod's required anti-affinity rejects the pod on the node. */
export const ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";

// The framework itself: pkg/scheduler/framework/runtime/framework.go (RunPreFilterPlugins) and
// pkg/scheduler/schedule_one.go (findNodesThatFitPod), v1.35.
/** Nodes left out by PreFilter results; Go prints the plugin list as `[A B]`. */
export function didNotSatisfyPlugins(plugins: readonly string[]): string {
    return `node(s) didn't satisfy plugin(s) [${[...plugins].sort().join(" ")}]`;
}
/** PreFilter results whose intersection is empty. */
export function didNotSatisfyPluginsSimultaneously(plugins: readonly string[]): string {
    return plugins.length === 1 ? `node(s) didn't satisfy plugin ${plugins[0]}` : `node(s) didn't satisfy plugin(s) [${plugins.join(" ")}] simultaneously`;
}

// DefaultPreemption: pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go and
// pkg/scheduler/framework/preemption/preemption.go, v1.35.
/** A node whose pods all have the preemptor's priority or higher. */
export const ErrReasonNoPreemptionVictims = "No preemption victims found for incoming pod";
/** A node Filter rejected as UnschedulableAndUnresolvable: removing pods cannot help. */
export const ErrReasonPreemptionNotHelpful = "Preemption is not helpful for scheduling";
/** The pod has `preemptionPolicy: Never`. */
export const ErrReasonPreemptionPolicyNever = "not eligible due to preemptionPolicy=Never.";
/** The prefix DefaultPreemption puts before its message in the FitError text. */
export const PREEMPTION_MESSAGE_PREFIX = "preemption: ";

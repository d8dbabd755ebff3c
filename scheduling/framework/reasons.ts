/**
 * Every Filter reason string the engine produces, worded as kube-scheduler v1.35 words them. Reason texts
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

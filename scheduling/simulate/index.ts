/** The simulation's public surface: place every workload's pods on the nodes, as kube-scheduler would. */
export { simulate } from "./simulate";
export { LiveCluster, type LiveClusterInput, type LivePlacement, type BoundPod } from "./live-cluster";
export type * from "./types";
export { AGENT_POOL_LABEL, poolOf, taintText } from "./diagnosis";
export { daemonPods, daemonTolerations, DAEMON_POD_TOLERATIONS } from "./daemon-pods";
export { expandWorkloads, POD_WORKLOAD_KINDS, CONTEXT_KINDS, type PodSource, type ParsedWorkloads } from "./workloads";
export { numFeasibleNodesToFind } from "./node-search";
export { BUILT_IN_PRIORITY_CLASSES } from "./priority";
export { workloadStorage, type ProvisionedVolumeTopology } from "./storage";

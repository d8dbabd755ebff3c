/** Stack configuration: the schema, the loader, the AKS rules and the taint format. */
export type { ApiServerSpec, AutoscalerProfileSpec, ChangeImpactSpec, ClusterSpec, EntraIdSpec, GateAllowance, GatedChange, MaintenanceWindowSpec, MonitoringSpec, PlatformSpec, ResourceGroupSpec, UpgradePolicySpec, WorkloadSpec } from "./platform-spec";
export { StackConfigError, formatConfigIssue, type ConfigIssue } from "./errors";
export { TAINT_EFFECTS, TaintFormatError, formatAksTaint, parseAksTaint } from "./taint-format";
export { closestName, didYouMean, editDistance } from "./did-you-mean";
export { defaultManagedOsDiskSizeGB, defaultMaxPods, defaultOsSku, resolveOsDisk } from "./pool-defaults";
export { DEFAULT_CLUSTER_WINDOW, DEFAULT_NODE_OS_WINDOW, SPOT_TAINT, clusterSchema, nodePoolSchema, stackConfigSchema, type StackConfig } from "./schema";
export { nodePoolRuleViolations } from "./rules/node-pool-rules";
export { clusterRuleViolations, clusterRuleWarnings } from "./rules/cluster-rules";
export type { RuleViolation } from "./rules/rule-violation";
export { PROJECT_NAMESPACE, PROVIDER_LOCATION_KEY, loadPlatformSpec, parsePlatformSpec, platformSpecWarnings, readStackFile, stackFileName, withProviderLocation, type ConfigSource } from "./load";
export { loadPlatformSpecFromPulumi } from "./pulumi-config";
export { workloadRuleViolations, GPU_RESOURCE } from "./rules/workload-rules";
export { GATED_CHANGES } from "./platform-spec";
export { changeImpactSchema } from "./change-impact-schema";
export { DEFAULT_PLACEMENT_PROMISES, PROMISABLE_SCENARIOS, placementSchema, workloadSchema } from "./workload-schema";

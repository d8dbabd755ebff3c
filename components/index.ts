/** The components' public surface: import from here to build AKS clusters and pools in another Pulumi program. */
export { AKS_CLUSTER_TYPE, AksCluster, aksClusterArgumentViolations, createAksCluster, type AksClusterArgs, type AksClusterResources } from "./aks-cluster";
export { AKS_NODE_POOL_TYPE, AksNodePool, createAksNodePool, type AksClusterHandle, type AksNodePoolArgs, type AksNodePoolResources } from "./aks-node-pool";
export { CREATE_ONLY_AGENT_POOL_PROPERTIES, SPOT_NODE_LABEL, agentPoolProperties, createOnlyAgentPoolProperties, type AgentPoolContext, type AgentPoolProperties, type AgentPoolUpgradeProperties } from "./agent-pool-properties";
export { ROLE_PROPAGATION_WAIT, createDeployerAccess, createRegistryAccess, type DeployerAccess, type RegistryAccess } from "./cluster-access";
export { CONTAINER_INSIGHTS_STREAMS, containerInsightsRule, createContainerInsights } from "./container-insights";
export { DEVICE_PLUGIN_NAME, DEVICE_PLUGIN_NAMESPACE, NVIDIA_DEVICE_PLUGIN_IMAGE, createDevicePlugin, devicePluginManifest, devicePluginPools } from "./device-plugin";
export { createNamespaces, namespaceManifest, networkPolicies, type NamespaceResources } from "./namespaces";
export { API_SERVER_DELEGATION, createNetwork, outboundType, parseVnetId, type ClusterNetwork } from "./network";
export { BUILT_IN_ROLES, roleDefinitionId, subscriptionOf } from "./role-definitions";
export { AKS_SERVER_ID, KUBELOGIN_MODES, KubeconfigFormatError, kubeloginArgs, toNonInteractiveKubeconfig, type KubeloginMode, type KubeloginOptions } from "./kubeconfig";
export { poolArgumentViolations } from "./pool-validation";
export { throwIfInvalid, type ArgumentViolation } from "./validation";
export { WORKLOAD_TYPE, Workload, createWorkload, scaleFromZeroTimeout, workloadArgumentViolations, type WorkloadArgs, type WorkloadClusterFacts, type WorkloadResources } from "./workload";
export { AGENT_POOL_LABEL, HOST_TOPOLOGY_KEY, INSTANCE_LABEL, NAME_LABEL, ZONE_TOPOLOGY_KEY, tolerationsFor, workloadFacts, workloadManifests, workloadPodLabels, type WorkloadFacts, type WorkloadManifests } from "./workload-manifests";

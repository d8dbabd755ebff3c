/**
 * Where each entry of the force-new table comes from. The npm package `@pulumi/azure-native` does not ship the
 * provider's replacement metadata (it lives in the provider binary), so every entry names the source it was read
 * from: the provider's code at a commit, the Azure REST API specification, the AKS documentation or Kubernetes'
 * API validation. See docs/change-impact.md for the table itself.
 */

/** One source of one or more table entries. */
export interface Source {
    /** What it says, in one line. */
    title: string;
    /** Where to read it. */
    url: string;
}

/** Every source the table cites, by a short id. */
export const SOURCES = {
    azureNativeForceNewMap: {
        title: "pulumi-azure-native forceNewMap: the properties the provider forces for each resource (provider/pkg/gen/replacement.go)",
        url: "https://github.com/pulumi/pulumi-azure-native/blob/1b7112af33c62b247daed1028686bf279f4d5e69/provider/pkg/gen/replacement.go",
    },
    azureNativePathParameters: {
        title: "pulumi-azure-native Diff: every parameter of the resource's ARM path forces a replacement (provider/pkg/provider/diff.go, calculateDetailedDiff)",
        url: "https://github.com/pulumi/pulumi-azure-native/blob/03707ff7fc10b70f7dd23ec847a3ce1e9264c124/provider/pkg/provider/diff.go",
    },
    armTrackedResourceLocation: {
        title: "x-ms-mutability [read, create] on TrackedResource.location (common-types v5), which pulumi-azure-native's schema generator turns into ForceNew (provider/pkg/gen/schema.go, forceNew)",
        url: "https://github.com/Azure/azure-rest-api-specs/blob/main/specification/common-types/resource-management/v5/types.json",
    },
    dataCollectionRuleLocation: {
        title: "x-ms-mutability [create, read] on DataCollectionRuleResource.location (Microsoft.Insights 2022-06-01 dataCollectionRules_API.json)",
        url: "https://github.com/Azure/azure-rest-api-specs/blob/main/specification/monitor/resource-manager/Microsoft.Insights/stable/2022-06-01/dataCollectionRules_API.json",
    },
    fleetMemberClusterResourceId: {
        title: "x-ms-mutability [read, create] on FleetMemberProperties.clusterResourceId (Microsoft.ContainerService fleet 2024-05-02-preview fleets.json): a member cannot be moved to another cluster",
        url: "https://github.com/Azure/azure-rest-api-specs/blob/main/specification/containerservice/resource-manager/Microsoft.ContainerService/fleet/preview/2024-05-02-preview/fleets.json",
    },
    aksCreateOnlyPoolProperties: {
        title: "AKS: VM size, zones, OS, OS disk, max pods, spot settings, node public IPs and the subnet are fixed when a node pool is created (create-node-pools#limitations; no `az aks nodepool update` flag)",
        url: "https://learn.microsoft.com/azure/aks/create-node-pools#limitations",
    },
    aksHostEncryption: {
        title: "AKS: encryption at host can only be set at cluster or node pool creation time",
        url: "https://learn.microsoft.com/azure/aks/enable-host-encryption#limitations",
    },
    aksWindowsOsSku: {
        title: "AKS: Linux pools migrate between OS SKUs in place (the nodes are reimaged); Windows OS SKUs cannot be updated",
        url: "https://learn.microsoft.com/azure/aks/upgrade-os-version#update-os-sku-on-an-existing-node-pool",
    },
    aksNodeImageUpgrade: {
        title: "AKS: a Kubernetes version or node image upgrade of a pool surges new nodes and cordons and drains the old ones (maxSurge, maxUnavailable, drainTimeout, nodeSoak)",
        url: "https://learn.microsoft.com/azure/aks/upgrade-aks-cluster#customize-node-surge-upgrade",
    },
    kubernetesProviderForceNew: {
        title: "pulumi-kubernetes forceNew table: the fields whose change makes the provider replace the object (provider/pkg/provider/diff.go)",
        url: "https://github.com/pulumi/pulumi-kubernetes/blob/cafe8c4ac4de156415093291bffc63b6e1c97d1e/provider/pkg/provider/diff.go",
    },
    kubernetesProviderDeleteFirst: {
        title: "pulumi-kubernetes Diff: an object with a fixed metadata.name, same name and namespace, is deleted before its replacement (provider/pkg/provider/provider.go)",
        url: "https://github.com/pulumi/pulumi-kubernetes/blob/master/provider/pkg/provider/provider.go",
    },
    kubernetesProviderDiffConfig: {
        title: "pulumi-kubernetes DiffConfig: with clusterIdentifier set, the provider is replaced only when clusterIdentifier changes (or is unknown); every object it manages is then replaced",
        url: "https://github.com/pulumi/pulumi-kubernetes/blob/master/provider/pkg/provider/provider.go",
    },
    k8sStatefulSetValidation: {
        title: "Kubernetes: updates to statefulset spec for fields other than replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds are forbidden (ValidateStatefulSetUpdate)",
        url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/apps/validation/validation.go",
    },
    k8sSelectorValidation: {
        title: "Kubernetes: spec.selector of a Deployment, DaemonSet or ReplicaSet (apps/v1) is immutable (ValidateDeploymentUpdate, ValidateDaemonSetUpdate)",
        url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/apps/validation/validation.go",
    },
    k8sJobValidation: {
        title: "Kubernetes: a Job's selector, template (beyond a suspended job's scheduling directives), completions and completionMode are immutable (ValidateJobSpecUpdate)",
        url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/batch/validation/validation.go",
    },
    k8sServiceValidation: {
        title: "Kubernetes: a Service's clusterIP may not change once set (ValidateServiceUpdate)",
        url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go",
    },
    k8sPvcValidation: {
        title: "Kubernetes: a PersistentVolumeClaim's spec is immutable after creation except resources.requests and volumeAttributesClassName (ValidatePersistentVolumeClaimUpdate)",
        url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go",
    },
    timeSleepTriggers: {
        title: "terraform-provider-time time_sleep: triggers RequiresReplace; create_duration and destroy_duration update in place (internal/provider/resource_time_sleep.go)",
        url: "https://github.com/hashicorp/terraform-provider-time/blob/main/internal/provider/resource_time_sleep.go",
    },
} as const satisfies Record<string, Source>;

/** The id of a source. */
export type SourceId = keyof typeof SOURCES;

/**
 * The force-new table of every azure-native type the program registers. azure-native's own metadata decides
 * a replacement from three things (pulumi-azure-native `provider/pkg/gen/schema.go` forceNew and
 * `provider/pkg/provider/diff.go` calculateDetailedDiff): the parameters of the ARM path, the properties its
 * `forceNewMap` lists (`provider/pkg/gen/replacement.go`), and the properties the Azure REST specification marks
 * `x-ms-mutability: [create, read]`. Only top-level properties and the properties of a top-level object (or of
 * the objects of a top-level array) are looked at. The `refused` entries are create-only per the AKS
 * documentation but not forced by the provider: the program's `replaceOnChanges` must cover them.
 *
 * API versions: those of `@pulumi/azure-native` 3.28 (containerservice 2025-09-01, network 2024-05-01,
 * authorization 2022-04-01, monitor 2022-06-01, managedidentity 2023-01-31, operationalinsights 2023-09-01,
 * resources 2024-03-01, containerregistry 2023-01-01-preview; DiagnosticSetting 2021-05-01-preview, FleetMember
 * 2024-05-02-preview).
 */
import type { TypeTable } from "./rule";

const LOCATION_TRACKED = { path: "location", effect: "replace", source: "armTrackedResourceLocation" } as const;

/** Agent-pool properties AKS fixes at creation that the provider does not force (see the module comment). */
const AKS_CREATE_ONLY = [
    "availabilityZones",
    "osType",
    "osDiskType",
    "osDiskSizeGB",
    "maxPods",
    "scaleSetPriority",
    "scaleSetEvictionPolicy",
    "spotMaxPrice",
    "enableNodePublicIP",
    "vnetSubnetID",
] as const;

/** The azure-native part of the table, one entry per type. */
export const AZURE_NATIVE_TABLES: readonly TypeTable[] = [
    {
        type: "azure-native:resources:ResourceGroup",
        provider: "azure-native",
        armPath: "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}",
        nameParameter: "resourceGroupName",
        rules: [{ path: "location", effect: "replace", source: "azureNativeForceNewMap" }],
    },
    {
        type: "azure-native:managedidentity:UserAssignedIdentity",
        provider: "azure-native",
        armPath: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{resourceName}",
        nameParameter: "resourceName",
        rules: [LOCATION_TRACKED],
    },
    {
        type: "azure-native:operationalinsights:Workspace",
        provider: "azure-native",
        armPath: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/{workspaceName}",
        nameParameter: "workspaceName",
        rules: [LOCATION_TRACKED],
    },
    {
        type: "azure-native:containerservice:ManagedCluster",
        provider: "azure-native",
        armPath: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}",
        nameParameter: "resourceName",
        rules: [
            ...["location", "dnsPrefix", "fqdnSubdomain", "linuxProfile", "nodeResourceGroup", "windowsProfile", "diskEncryptionSetID"].map((path) => ({ path, effect: "replace" as const, source: "azureNativeForceNewMap" as const })),
            ...["serviceCidr", "serviceCidrs", "dnsServiceIP", "networkMode", "networkPlugin", "networkPluginMode", "podCidr", "networkDataplane", "networkPolicy", "outboundType"].map((name) => ({
                path: `networkProfile.${name}`,
                effect: "replace" as const,
                source: "azureNativeForceNewMap" as const,
                note: "only these networkProfile fields force it (pulumi/pulumi-azure-native#4756); the rest updates in place",
            })),
        ],
    },
    {
        type: "azure-native:containerservice:AgentPool",
        provider: "azure-native",
        armPath: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}/agentPools/{agentPoolName}",
        nameParameter: "agentPoolName",
        rules: [
            { path: "vmSize", effect: "replace", source: "azureNativeForceNewMap" },
            { path: "gpuInstanceProfile", effect: "replace", source: "azureNativeForceNewMap" },
            { path: "networkProfile.nodePublicIPTags", effect: "replace", source: "azureNativeForceNewMap" },
            ...AKS_CREATE_ONLY.map((path) => ({ path, effect: "refused" as const, source: "aksCreateOnlyPoolProperties" as const })),
            { path: "enableEncryptionAtHost", effect: "refused", source: "aksHostEncryption" },
            { path: "osSKU", effect: "refused", source: "aksWindowsOsSku", note: "Linux pools migrate between OS SKUs in place (and roll their nodes)", when: { path: "osType", equals: "Windows" } },
        ],
    },
    {
        type: "azure-native:containerservice:MaintenanceConfiguration",
        provider: "azure-native",
        armPath: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}/maintenanceConfigurations/{configName}",
        nameParameter: "configName",
        rules: [],
    },
    {
        type: "azure-native:authorization:RoleAssignment",
        provider: "azure-native",
        armPath: "/{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}",
        nameParameter: "roleAssignmentName",
        rules: [
            { path: "principalId", effect: "replace", source: "azureNativeForceNewMap" },
            { path: "scope", effect: "replace", source: "azureNativeForceNewMap" },
        ],
    },
    {
        type: "azure-native:network:VirtualNetwork",
        provider: "azure-native",
        armPath: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}",
        nameParameter: "virtualNetworkName",
        rules: [{ path: "location", effect: "replace", source: "azureNativeForceNewMap" }],
    },
    {
        type: "azure-native:network:Subnet",
        provider: "azure-native",
        armPath: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}",
        nameParameter: "subnetName",
        rules: [],
    },
    {
        type: "azure-native:network:PublicIPAddress",
        provider: "azure-native",
        armPath: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/publicIPAddresses/{publicIpAddressName}",
        nameParameter: "publicIpAddressName",
        rules: ["location", "publicIPAddressVersion", "publicIPPrefix", "sku"].map((path) => ({ path, effect: "replace" as const, source: "azureNativeForceNewMap" as const })),
    },
    {
        type: "azure-native:network:NatGateway",
        provider: "azure-native",
        armPath: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/natGateways/{natGatewayName}",
        nameParameter: "natGatewayName",
        rules: [],
    },
    {
        type: "azure-native:network:RouteTable",
        provider: "azure-native",
        armPath: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/routeTables/{routeTableName}",
        nameParameter: "routeTableName",
        rules: [],
    },
    {
        type: "azure-native:containerregistry:Registry",
        provider: "azure-native",
        armPath: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerRegistry/registries/{registryName}",
        nameParameter: "registryName",
        rules: [LOCATION_TRACKED],
    },
    {
        type: "azure-native:monitor:DataCollectionRule",
        provider: "azure-native",
        armPath: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Insights/dataCollectionRules/{dataCollectionRuleName}",
        nameParameter: "dataCollectionRuleName",
        rules: [{ path: "location", effect: "replace", source: "dataCollectionRuleLocation" }],
    },
    {
        type: "azure-native:monitor:DataCollectionRuleAssociation",
        provider: "azure-native",
        armPath: "/{resourceUri}/providers/Microsoft.Insights/dataCollectionRuleAssociations/{associationName}",
        nameParameter: "associationName",
        rules: [],
    },
    {
        // An extension resource with no location; azure-native's forceNewMap has no Insights DiagnosticSetting entry.
        type: "azure-native:monitor:DiagnosticSetting",
        provider: "azure-native",
        armPath: "/{resourceUri}/providers/Microsoft.Insights/diagnosticSettings/{name}",
        nameParameter: "name",
        rules: [],
    },
    {
        type: "azure-native:containerservice:FleetMember",
        provider: "azure-native",
        armPath: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/fleets/{fleetName}/members/{fleetMemberName}",
        nameParameter: "fleetMemberName",
        rules: [{ path: "clusterResourceId", effect: "replace", source: "fleetMemberClusterResourceId" }],
    },
];

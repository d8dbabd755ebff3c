/**
 * azure-native's replacement metadata for the types the program registers, transcribed in the provider's own
 * terms (the npm package does not ship it; it is compiled into the provider binary):
 * - `FORCE_NEW_MAP`: `forceNewMap` of pulumi/pulumi-azure-native `provider/pkg/gen/replacement.go` at
 *   1b7112af33c62b247daed1028686bf279f4d5e69, module → resource → property names. A name applies wherever the
 *   resource or one of its types has a property of that name (schema.go `forceNew`).
 * - `CREATE_ONLY`: properties the Azure REST specification marks `x-ms-mutability: [create, read]`
 *   (TrackedResource.location in common-types v5; DataCollectionRuleResource.location in
 *   Microsoft.Insights 2022-06-01), which schema.go also turns into ForceNew.
 * - `PUT_PATHS`: the ARM path of each resource's PUT (azure-rest-api-specs, the API versions of
 *   `@pulumi/azure-native` 3.28); diff.go makes every path parameter force a replacement.
 * Diff only looks at top-level properties and the properties of top-level objects (diff.go
 * calculateDetailedDiff), which `metadataForcesReplacement` reproduces.
 */

/** Module and resource name of each type token, as replacement.go keys them. */
export const MODULES: Readonly<Record<string, [module: string, resource: string]>> = {
    "azure-native:resources:ResourceGroup": ["Resources", "ResourceGroup"],
    "azure-native:managedidentity:UserAssignedIdentity": ["ManagedIdentity", "UserAssignedIdentity"],
    "azure-native:operationalinsights:Workspace": ["OperationalInsights", "Workspace"],
    "azure-native:containerservice:ManagedCluster": ["ContainerService", "ManagedCluster"],
    "azure-native:containerservice:AgentPool": ["ContainerService", "AgentPool"],
    "azure-native:containerservice:MaintenanceConfiguration": ["ContainerService", "MaintenanceConfiguration"],
    "azure-native:authorization:RoleAssignment": ["Authorization", "RoleAssignment"],
    "azure-native:network:VirtualNetwork": ["Network", "VirtualNetwork"],
    "azure-native:network:Subnet": ["Network", "Subnet"],
    "azure-native:network:PublicIPAddress": ["Network", "PublicIPAddress"],
    "azure-native:network:NatGateway": ["Network", "NatGateway"],
    "azure-native:network:RouteTable": ["Network", "RouteTable"],
    "azure-native:containerregistry:Registry": ["ContainerRegistry", "Registry"],
    "azure-native:monitor:DataCollectionRule": ["Insights", "DataCollectionRule"],
    "azure-native:monitor:DataCollectionRuleAssociation": ["Insights", "DataCollectionRuleAssociation"],
    "azure-native:monitor:DiagnosticSetting": ["Insights", "DiagnosticSetting"],
    "azure-native:containerservice:FleetMember": ["ContainerService", "FleetMember"],
};

/** replacement.go's forceNewMap, the modules the program uses. */
export const FORCE_NEW_MAP: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
    Authorization: { RoleAssignment: ["principalId", "scope"] },
    ContainerService: {
        ManagedCluster: [
            "diskEncryptionSetID",
            "dnsPrefix",
            "fqdnSubdomain",
            "linuxProfile",
            "location",
            "nodeResourceGroup",
            "windowsProfile",
            "serviceCidr",
            "serviceCidrs",
            "dnsServiceIP",
            "networkMode",
            "networkPlugin",
            "networkPluginMode",
            "podCidr",
            "networkDataplane",
            "networkPolicy",
            "outboundType",
            "nodePublicIPTags",
        ],
        AgentPool: ["gpuInstanceProfile", "vmSize", "nodePublicIPTags"],
    },
    Network: { PublicIPAddress: ["location", "publicIPAddressVersion", "publicIPPrefix", "sku"], Subnet: [], VirtualNetwork: ["location"] },
    Resources: { ResourceGroup: ["location"] },
};

/** Top-level properties marked `x-ms-mutability: [create, read]` in the REST specification. */
export const CREATE_ONLY: Readonly<Record<string, readonly string[]>> = {
    "azure-native:managedidentity:UserAssignedIdentity": ["location"],
    "azure-native:operationalinsights:Workspace": ["location"],
    "azure-native:containerservice:ManagedCluster": ["location"],
    "azure-native:containerregistry:Registry": ["location"],
    "azure-native:monitor:DataCollectionRule": ["location"],
    // FleetMemberProperties.clusterResourceId (fleet 2024-05-02-preview fleets.json), flattened to the top level.
    "azure-native:containerservice:FleetMember": ["clusterResourceId"],
};

/** The PUT path of each resource. */
export const PUT_PATHS: Readonly<Record<string, string>> = {
    "azure-native:resources:ResourceGroup": "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}",
    "azure-native:managedidentity:UserAssignedIdentity": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{resourceName}",
    "azure-native:operationalinsights:Workspace": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/{workspaceName}",
    "azure-native:containerservice:ManagedCluster": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}",
    "azure-native:containerservice:AgentPool": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}/agentPools/{agentPoolName}",
    "azure-native:containerservice:MaintenanceConfiguration":
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}/maintenanceConfigurations/{configName}",
    "azure-native:authorization:RoleAssignment": "/{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}",
    "azure-native:network:VirtualNetwork": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}",
    "azure-native:network:Subnet": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}",
    "azure-native:network:PublicIPAddress": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/publicIPAddresses/{publicIpAddressName}",
    "azure-native:network:NatGateway": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/natGateways/{natGatewayName}",
    "azure-native:network:RouteTable": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/routeTables/{routeTableName}",
    "azure-native:containerregistry:Registry": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerRegistry/registries/{registryName}",
    "azure-native:monitor:DataCollectionRule": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Insights/dataCollectionRules/{dataCollectionRuleName}",
    "azure-native:monitor:DataCollectionRuleAssociation": "/{resourceUri}/providers/Microsoft.Insights/dataCollectionRuleAssociations/{associationName}",
    "azure-native:monitor:DiagnosticSetting": "/{resourceUri}/providers/Microsoft.Insights/diagnosticSettings/{name}",
    "azure-native:containerservice:FleetMember":
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/fleets/{fleetName}/members/{fleetMemberName}",
};

/**
 * Whether azure-native's metadata makes a change of `path` (one or two keys: `vmSize`,
 * `networkProfile.podCidr`) replace a resource of `type`.
 */
export function metadataForcesReplacement(type: string, path: readonly string[]): boolean {
    const [module, resource] = MODULES[type] ?? [];
    const byName = new Set(module === undefined ? [] : (FORCE_NEW_MAP[module]?.[resource] ?? []));
    const parameters = [...(PUT_PATHS[type] ?? "").matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).filter((p) => p !== "subscriptionId");
    if (path.length === 1) return parameters.includes(path[0]) || byName.has(path[0]) || (CREATE_ONLY[type] ?? []).includes(path[0]);
    // One level down: the properties of a top-level object (CREATE_ONLY holds top-level properties only).
    return byName.has(path[1]);
}

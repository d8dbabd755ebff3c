/**
 * Pure translations of a {@link ClusterSpec} into `ManagedCluster` and `MaintenanceConfiguration` properties
 * (AKS API 2025-10-01, https://learn.microsoft.com/rest/api/aks/managed-clusters/create-or-update). Kept
 * apart from the component so that each mapping reads on its own.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterSpec, MaintenanceWindowSpec } from "../config/platform-spec";
import { outboundType } from "./network";

/** `aadProfile`, or absent when managed Entra ID is off. See https://learn.microsoft.com/azure/aks/manage-azure-rbac */
export function aadProfile(cluster: ClusterSpec) {
    if (cluster.entraId.enabled === false) {
        return undefined;
    }
    return {
        managed: true,
        enableAzureRBAC: cluster.entraId.azureRbac,
        adminGroupObjectIDs: [...cluster.entraId.adminGroupObjectIds],
        ...(cluster.entraId.tenantId === undefined ? {} : { tenantID: cluster.entraId.tenantId }),
    };
}

/**
 * `addonProfiles`: Azure Policy, the Key Vault secrets provider with rotation, and Container Insights
 * (`omsagent`) with managed-identity auth when monitoring is on. Disabled add-ons are sent as
 * `enabled: false`, so that turning one off in the stack turns it off in AKS.
 * See https://learn.microsoft.com/azure/aks/csi-secrets-store-configuration-options and
 * https://learn.microsoft.com/azure/azure-monitor/containers/container-insights-authentication
 */
export function addonProfiles(cluster: ClusterSpec, workspaceId: pulumi.Input<string> | undefined) {
    const monitoring = cluster.monitoring.enabled && workspaceId !== undefined
        ? { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspaceId, useAADAuth: "true" } }
        : { enabled: false };
    const keyVault = cluster.addons.keyVaultSecretsProvider
        ? { enabled: true, config: { enableSecretRotation: "true", rotationPollInterval: cluster.addons.secretRotationInterval } }
        : { enabled: false };
    return {
        azurepolicy: { enabled: cluster.addons.azurePolicy },
        azureKeyvaultSecretsProvider: keyVault,
        omsagent: monitoring,
    };
}

/**
 * `securityProfile`: workload identity, Defender for Containers (reporting to the workspace) and the image
 * cleaner. See https://learn.microsoft.com/azure/aks/workload-identity-overview,
 * https://learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-enable and
 * https://learn.microsoft.com/azure/aks/image-cleaner
 */
export function securityProfile(cluster: ClusterSpec, workspaceId: pulumi.Input<string> | undefined) {
    const interval = cluster.addons.imageCleanerIntervalHours;
    return {
        workloadIdentity: { enabled: cluster.addons.workloadIdentity },
        ...(cluster.addons.defender && workspaceId !== undefined
            ? { defender: { logAnalyticsWorkspaceResourceId: workspaceId, securityMonitoring: { enabled: true } } }
            : {}),
        imageCleaner: interval === undefined ? { enabled: false } : { enabled: true, intervalHours: interval },
    };
}

/**
 * `networkProfile`; `outboundType` follows the VNet's egress (NAT gateway, firewall route, or the load balancer).
 * See https://learn.microsoft.com/azure/aks/azure-cni-overlay, https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium
 * and https://learn.microsoft.com/azure/aks/egress-outboundtype
 */
export function networkProfile(cluster: ClusterSpec) {
    const n = cluster.network;
    return {
        networkPlugin: n.plugin,
        ...(n.pluginMode === undefined ? {} : { networkPluginMode: n.pluginMode }),
        networkDataplane: n.dataplane,
        networkPolicy: n.policy,
        podCidr: n.podCidr,
        serviceCidr: n.serviceCidr,
        dnsServiceIP: n.dnsServiceIp,
        loadBalancerSku: "standard",
        outboundType: outboundType(cluster.vnet?.egress),
    };
}

/**
 * `apiServerAccessProfile`; with VNet integration, the API server's subnet. See
 * https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges, https://learn.microsoft.com/azure/aks/private-clusters
 * and https://learn.microsoft.com/azure/aks/api-server-vnet-integration
 */
export function apiServerAccessProfile(cluster: ClusterSpec, apiServerSubnetId?: pulumi.Input<string>) {
    return {
        enablePrivateCluster: cluster.apiServer.privateCluster,
        ...(cluster.apiServer.vnetIntegration ? { enableVnetIntegration: true, subnetId: apiServerSubnetId } : {}),
        ...(cluster.apiServer.authorizedIpRanges.length > 0 ? { authorizedIPRanges: [...cluster.apiServer.authorizedIpRanges] } : {}),
    };
}

/** `autoScalerProfile`, its numbers and booleans as the strings the AKS API takes. See https://learn.microsoft.com/azure/aks/cluster-autoscaler#use-the-cluster-autoscaler-profile */
export function autoScalerProfile(cluster: ClusterSpec) {
    const p = cluster.autoscalerProfile;
    return {
        expander: p.expander,
        balanceSimilarNodeGroups: String(p.balanceSimilarNodeGroups),
        scaleDownUnneededTime: p.scaleDownUnneededTime,
        scaleDownUtilizationThreshold: p.scaleDownUtilizationThreshold,
        maxNodeProvisionTime: p.maxNodeProvisionTime,
        skipNodesWithSystemPods: String(p.skipNodesWithSystemPods),
        skipNodesWithLocalStorage: String(p.skipNodesWithLocalStorage),
    };
}

/** The `maintenanceWindow` of a weekly `MaintenanceConfiguration`. See https://learn.microsoft.com/azure/aks/planned-maintenance */
export function maintenanceWindow(window: MaintenanceWindowSpec) {
    return {
        schedule: { weekly: { dayOfWeek: window.dayOfWeek, intervalWeeks: window.intervalWeeks } },
        durationHours: window.durationHours,
        startTime: window.startTime,
        utcOffset: window.utcOffset,
    };
}

/** The AKS maintenance configurations the spec asks for: `configName` and window, absent windows left out. */
export function maintenanceConfigurations(cluster: ClusterSpec): { role: string; configName: string; window: MaintenanceWindowSpec }[] {
    const out: { role: string; configName: string; window: MaintenanceWindowSpec }[] = [];
    if (cluster.upgrades.clusterWindow !== undefined) {
        out.push({ role: "upgrade-window", configName: "aksManagedAutoUpgradeSchedule", window: cluster.upgrades.clusterWindow });
    }
    if (cluster.upgrades.nodeOsWindow !== undefined) {
        out.push({ role: "node-os-window", configName: "aksManagedNodeOSUpgradeSchedule", window: cluster.upgrades.nodeOsWindow });
    }
    return out;
}

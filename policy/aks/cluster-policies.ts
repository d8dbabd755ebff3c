/**
 * AKS cluster policies (`ManagedCluster`): what Checkov, Trivy and Azure Policy check on an AKS cluster,
 * read from the azure-native properties. Each policy's `covers` names the checks it stands for; the
 * control matrix is in docs/policies.md.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { resourcePolicy, type PackPolicy, type PolicyDoc, type Subject } from "../common/define";
import { asArray, asRecord, asString, at, describe } from "../common/read";
import { booleanSetting, stringListSetting } from "../common/settings";
import { clusterSubjects, MANAGED_CLUSTER } from "./subjects";

function clusterPolicy<C = undefined>(
    doc: PolicyDoc,
    check: (cluster: unknown, settings: C) => string[],
    extra: { configSchema?: PolicyConfigSchema; settings?: (raw: Record<string, unknown>, name: string) => C } = {},
): PackPolicy {
    return resourcePolicy<C>({
        doc,
        types: [MANAGED_CLUSTER],
        subjects: clusterSubjects,
        check: (subject: Subject, settings: C) => check(subject.value, settings),
        ...extra,
    });
}

/** An add-on profile, found case-insensitively (AKS accepts `omsagent` and `omsAgent`). */
function addon(cluster: unknown, name: string): Record<string, unknown> | undefined {
    const profiles = asRecord(at(cluster, "addonProfiles"));
    if (profiles === undefined) return undefined;
    const key = Object.keys(profiles).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : asRecord(profiles[key]);
}

/** AKS-001: the API server is private or limited to authorized IP ranges. */
export const apiServerRestricted = clusterPolicy(
    {
        name: "aks-api-server-restricted",
        code: "AKS-001",
        title: "API server access restricted",
        severity: "critical",
        description: "Checks that the AKS API server is private or accepts connections only from authorized IP ranges, none of them 0.0.0.0/0.",
        remediation: "Set apiServerAccessProfile.enablePrivateCluster to true, or list the CIDR ranges that need the API server in apiServerAccessProfile.authorizedIPRanges.",
        url: "https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges",
        covers: {
            checkov: ["CKV_AZURE_6", "CKV_AZURE_115"],
            trivy: ["AZU-0041", "AZU-0065"],
            azurePolicy: ["ASC_EnableIpRanges_KubernetesService_Audit.json", "AKS_PrivateCluster_Deny.json"],
        },
    },
    (cluster) => {
        const findings: string[] = [];
        const ranges = asArray(at(cluster, "apiServerAccessProfile", "authorizedIPRanges")) ?? [];
        if (ranges.includes("0.0.0.0/0")) {
            findings.push("apiServerAccessProfile.authorizedIPRanges includes 0.0.0.0/0, which admits every address; list only the ranges that need the API server");
        }
        if (at(cluster, "apiServerAccessProfile", "enablePrivateCluster") !== true && ranges.length === 0) {
            findings.push("the API server is reachable from any address: set apiServerAccessProfile.enablePrivateCluster to true or list apiServerAccessProfile.authorizedIPRanges");
        }
        return findings;
    },
);

/** AKS-002: local accounts are disabled. */
export const localAccountsDisabled = clusterPolicy(
    {
        name: "aks-local-accounts-disabled",
        code: "AKS-002",
        title: "Local accounts disabled",
        severity: "high",
        description: "Checks that the AKS cluster disables local accounts, so every user authenticates with Microsoft Entra ID.",
        remediation: "Set disableLocalAccounts to true (it requires Microsoft Entra ID integration, see aks-entra-id-azure-rbac).",
        url: "https://learn.microsoft.com/azure/aks/manage-local-accounts-managed-azure-ad",
        covers: { checkov: ["CKV_AZURE_141"], azurePolicy: ["AKS_DisableLocalAccounts_Deny.json"] },
    },
    (cluster) => {
        const value = at(cluster, "disableLocalAccounts");
        return value === true ? [] : [`disableLocalAccounts must be true (found ${describe(value)})`];
    },
);

/** AKS-003: Microsoft Entra ID integration with Azure RBAC for Kubernetes authorization. */
export const entraIdAzureRbac = clusterPolicy(
    {
        name: "aks-entra-id-azure-rbac",
        code: "AKS-003",
        title: "Microsoft Entra ID with Azure RBAC",
        severity: "high",
        description: "Checks that the AKS cluster uses AKS-managed Microsoft Entra ID integration with Azure RBAC for Kubernetes authorization.",
        remediation: "Set aadProfile to { managed: true, enableAzureRBAC: true } (and adminGroupObjectIDs for break-glass administrators).",
        url: "https://learn.microsoft.com/azure/aks/manage-azure-rbac",
        covers: { azurePolicy: ["AKS_AAD_Integration_Audit.json"] },
    },
    (cluster) => {
        const profile = at(cluster, "aadProfile");
        if (profile === undefined) {
            return ["aadProfile is unset: enable Microsoft Entra ID integration with aadProfile.managed = true and aadProfile.enableAzureRBAC = true"];
        }
        const findings: string[] = [];
        if (at(profile, "managed") !== true) findings.push(`aadProfile.managed must be true (found ${describe(at(profile, "managed"))})`);
        if (at(profile, "enableAzureRBAC") !== true) findings.push(`aadProfile.enableAzureRBAC must be true (found ${describe(at(profile, "enableAzureRBAC"))})`);
        return findings;
    },
);

/** AKS-004: Kubernetes RBAC stays on. */
export const rbacEnabled = clusterPolicy(
    {
        name: "aks-rbac-enabled",
        code: "AKS-004",
        title: "Kubernetes RBAC enabled",
        severity: "high",
        description: "Checks that the AKS cluster keeps Kubernetes RBAC on (enableRBAC true, or unset, which AKS reads as true).",
        remediation: "Remove enableRBAC: false (or set it to true); RBAC cannot be turned on after the cluster is created.",
        url: "https://learn.microsoft.com/azure/aks/concepts-identity#kubernetes-rbac",
        covers: { checkov: ["CKV_AZURE_5"], trivy: ["AZU-0042"], azurePolicy: ["ASC_EnableRBAC_KubernetesService_Audit.json"] },
    },
    (cluster) => {
        const value = at(cluster, "enableRBAC");
        return value === undefined || value === true ? [] : [`enableRBAC must be true (found ${describe(value)})`];
    },
);

const NETWORK_POLICIES = ["azure", "calico", "cilium"];

/** AKS-005: a network policy engine runs. */
export const networkPolicySet = clusterPolicy(
    {
        name: "aks-network-policy-set",
        code: "AKS-005",
        title: "Network policy engine set",
        severity: "high",
        description: "Checks that the AKS cluster runs a network policy engine (networkProfile.networkPolicy azure, calico or cilium); a cluster without networkProfile fails.",
        remediation: "Set networkProfile.networkPolicy to azure, calico or cilium (cilium requires networkDataplane cilium); it cannot be added to every cluster later.",
        url: "https://learn.microsoft.com/azure/aks/use-network-policies",
        covers: { checkov: ["CKV_AZURE_7"], trivy: ["AZU-0043"] },
    },
    (cluster) => {
        const profile = at(cluster, "networkProfile");
        if (profile === undefined) {
            return ["networkProfile is unset, so no network policy engine runs: set networkProfile.networkPolicy to azure, calico or cilium"];
        }
        const value = at(profile, "networkPolicy");
        const text = asString(value);
        return text !== undefined && NETWORK_POLICIES.includes(text.toLowerCase())
            ? []
            : [`networkProfile.networkPolicy must be azure, calico or cilium (found ${describe(value)})`];
    },
);

/** AKS-006: Azure CNI. */
export const azureCni = clusterPolicy(
    {
        name: "aks-azure-cni",
        code: "AKS-006",
        title: "Azure CNI networking",
        severity: "medium",
        description: "Checks that the AKS cluster uses the Azure CNI network plugin (networkProfile.networkPlugin azure, overlay or not).",
        remediation: "Set networkProfile.networkPlugin to azure (with networkPluginMode overlay to keep pod IPs out of the VNet).",
        url: "https://learn.microsoft.com/azure/aks/concepts-network-cni-overview",
        covers: { checkov: ["CKV2_AZURE_29"], azurePolicy: ["AKS_EnableCNI.json"] },
    },
    (cluster) => {
        const value = at(cluster, "networkProfile", "networkPlugin");
        return asString(value)?.toLowerCase() === "azure" ? [] : [`networkProfile.networkPlugin must be azure (found ${describe(value)})`];
    },
);

/** AKS-007: monitoring. */
export const monitoringEnabled = clusterPolicy(
    {
        name: "aks-monitoring-enabled",
        code: "AKS-007",
        title: "Azure Monitor enabled",
        severity: "medium",
        description: "Checks that the AKS cluster sends telemetry to Azure Monitor: the omsagent (Container Insights) add-on or Azure Monitor managed Prometheus metrics.",
        remediation: "Enable addonProfiles.omsagent with config.logAnalyticsWorkspaceResourceID, or azureMonitorProfile.metrics.enabled.",
        url: "https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-enable",
        covers: { checkov: ["CKV_AZURE_4"], trivy: ["AZU-0040"], azurePolicy: ["AuditDiagnosticLog_Audit.json"] },
    },
    (cluster) => {
        const oms = addon(cluster, "omsagent")?.enabled === true;
        const metrics = at(cluster, "azureMonitorProfile", "metrics", "enabled") === true;
        return oms || metrics ? [] : ["neither addonProfiles.omsagent nor azureMonitorProfile.metrics is enabled; enable one of them"];
    },
);

/** AKS-008: Azure Policy add-on. */
export const azurePolicyAddon = clusterPolicy(
    {
        name: "aks-azure-policy-addon",
        code: "AKS-008",
        title: "Azure Policy add-on enabled",
        severity: "medium",
        description: "Checks that the AKS cluster runs the Azure Policy add-on, which enforces Azure Policy for Kubernetes in the cluster.",
        remediation: "Set addonProfiles.azurepolicy to { enabled: true }.",
        url: "https://learn.microsoft.com/azure/governance/policy/concepts/policy-for-kubernetes",
        covers: { checkov: ["CKV_AZURE_116"], trivy: ["AZU-0066"], azurePolicy: ["AKS_AzurePolicyAddOn_Audit.json"] },
    },
    (cluster) => {
        const value = addon(cluster, "azurepolicy")?.enabled;
        return value === true ? [] : [`addonProfiles.azurepolicy.enabled must be true (found ${describe(value)})`];
    },
);

/** AKS-009: Key Vault secrets provider with rotation. */
export const keyVaultSecretRotation = clusterPolicy(
    {
        name: "aks-key-vault-secret-rotation",
        code: "AKS-009",
        title: "Key Vault secrets provider rotates secrets",
        severity: "medium",
        description: "Checks that the AKS cluster runs the Azure Key Vault secrets provider with secret rotation on, so rotated secrets reach the pods.",
        remediation: 'Set addonProfiles.azureKeyvaultSecretsProvider to { enabled: true, config: { enableSecretRotation: "true" } }.',
        url: "https://learn.microsoft.com/azure/aks/csi-secrets-store-configuration-options#enable-and-disable-auto-rotation",
        covers: { checkov: ["CKV_AZURE_172"] },
    },
    (cluster) => {
        const profile = addon(cluster, "azureKeyvaultSecretsProvider");
        if (profile?.enabled !== true) {
            return [`addonProfiles.azureKeyvaultSecretsProvider.enabled must be true (found ${describe(profile?.enabled)})`];
        }
        const rotation = at(profile, "config", "enableSecretRotation");
        return rotation === "true" ? [] : [`addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation must be "true" (found ${describe(rotation)})`];
    },
);

/** AKS-010: workload identity with the OIDC issuer. */
export const workloadIdentity = clusterPolicy(
    {
        name: "aks-workload-identity",
        code: "AKS-010",
        title: "Workload identity and OIDC issuer enabled",
        severity: "medium",
        description: "Checks that the AKS cluster enables Microsoft Entra Workload ID and the OIDC issuer it depends on.",
        remediation: "Set securityProfile.workloadIdentity.enabled and oidcIssuerProfile.enabled to true.",
        url: "https://learn.microsoft.com/azure/aks/workload-identity-overview",
        covers: { azurePolicy: ["AKS_WorkloadIdentity_Audit.json"] },
    },
    (cluster) => {
        const findings: string[] = [];
        const wi = at(cluster, "securityProfile", "workloadIdentity", "enabled");
        if (wi !== true) findings.push(`securityProfile.workloadIdentity.enabled must be true (found ${describe(wi)})`);
        const oidc = at(cluster, "oidcIssuerProfile", "enabled");
        if (oidc !== true) findings.push(`oidcIssuerProfile.enabled must be true (found ${describe(oidc)})`);
        return findings;
    },
);

/** AKS-011: Microsoft Defender for Containers. */
export const defenderEnabled = clusterPolicy(
    {
        name: "aks-defender-enabled",
        code: "AKS-011",
        title: "Microsoft Defender profile enabled",
        severity: "medium",
        description: "Checks that the AKS cluster enables the Microsoft Defender for Containers security profile with a Log Analytics workspace.",
        remediation: "Set securityProfile.defender to { securityMonitoring: { enabled: true }, logAnalyticsWorkspaceResourceId: <workspace id> }.",
        url: "https://learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-enable",
        covers: { checkov: ["CKV_AZURE_85"], azurePolicy: ["ASC_Azure_Defender_AKS_SecurityProfile_Audit.json"] },
    },
    (cluster) => {
        const findings: string[] = [];
        const enabled = at(cluster, "securityProfile", "defender", "securityMonitoring", "enabled");
        if (enabled !== true) findings.push(`securityProfile.defender.securityMonitoring.enabled must be true (found ${describe(enabled)})`);
        const workspace = at(cluster, "securityProfile", "defender", "logAnalyticsWorkspaceResourceId");
        if (enabled === true && (asString(workspace) ?? "") === "") {
            findings.push("securityProfile.defender.logAnalyticsWorkspaceResourceId must name the Log Analytics workspace Defender writes to (found unset)");
        }
        return findings;
    },
);

const UPGRADE_CHANNELS = ["rapid", "stable", "patch", "node-image", "none"];
const NODE_OS_CHANNELS = ["NodeImage", "SecurityPatch", "Unmanaged", "None"];

interface UpgradeSettings {
    upgradeChannels: readonly string[];
    nodeOsUpgradeChannels: readonly string[];
}

/** AKS-012: automatic upgrade channels. */
export const upgradeChannels = clusterPolicy<UpgradeSettings>(
    {
        name: "aks-upgrade-channels-set",
        code: "AKS-012",
        title: "Automatic upgrade channels set",
        severity: "medium",
        description: "Checks that the AKS cluster sets an automatic cluster upgrade channel and a node OS upgrade channel from the allowed lists.",
        remediation: "Set autoUpgradeProfile.upgradeChannel (patch or stable) and autoUpgradeProfile.nodeOSUpgradeChannel (NodeImage or SecurityPatch), and a planned maintenance window.",
        url: "https://learn.microsoft.com/azure/aks/auto-upgrade-cluster",
        covers: { checkov: ["CKV_AZURE_171"], azurePolicy: ["AKS_Autoupgrade_Cluster_Audit.json", "AKS_Autoupgrade_NodeOS_Audit.json"] },
    },
    (cluster, settings) => {
        const findings: string[] = [];
        const channel = at(cluster, "autoUpgradeProfile", "upgradeChannel");
        if (!settings.upgradeChannels.includes(asString(channel) ?? "")) {
            findings.push(`autoUpgradeProfile.upgradeChannel must be one of ${settings.upgradeChannels.join(", ")} (found ${describe(channel)})`);
        }
        const osChannel = at(cluster, "autoUpgradeProfile", "nodeOSUpgradeChannel");
        if (!settings.nodeOsUpgradeChannels.includes(asString(osChannel) ?? "")) {
            findings.push(`autoUpgradeProfile.nodeOSUpgradeChannel must be one of ${settings.nodeOsUpgradeChannels.join(", ")} (found ${describe(osChannel)})`);
        }
        return findings;
    },
    {
        configSchema: {
            properties: {
                upgradeChannels: { type: "array", items: { type: "string", enum: UPGRADE_CHANNELS }, default: ["patch", "stable", "rapid", "node-image"] },
                nodeOsUpgradeChannels: { type: "array", items: { type: "string", enum: NODE_OS_CHANNELS }, default: ["NodeImage", "SecurityPatch"] },
            },
        },
        settings: (raw, name) => ({
            upgradeChannels: stringListSetting(raw, name, "upgradeChannels", ["patch", "stable", "rapid", "node-image"], UPGRADE_CHANNELS),
            nodeOsUpgradeChannels: stringListSetting(raw, name, "nodeOsUpgradeChannels", ["NodeImage", "SecurityPatch"], NODE_OS_CHANNELS),
        }),
    },
);

/** AKS-013: a paid tier where the environment needs the uptime SLA. */
export const paidTierForSla = clusterPolicy<{ requireUptimeSla: boolean }>(
    {
        name: "aks-paid-tier-for-sla",
        code: "AKS-013",
        title: "Paid tier where an uptime SLA is required",
        severity: "medium",
        description: "Checks that the AKS cluster uses the Standard or Premium tier, which carry the financially backed API server uptime SLA, when the environment requires one (setting requireUptimeSla).",
        remediation: "Set sku to { name: \"Base\", tier: \"Standard\" } (or Premium for long-term support); dev stacks may turn requireUptimeSla off.",
        url: "https://learn.microsoft.com/azure/aks/free-standard-pricing-tiers",
        covers: { checkov: ["CKV_AZURE_170"] },
    },
    (cluster, settings) => {
        if (!settings.requireUptimeSla) return [];
        const tier = at(cluster, "sku", "tier");
        return tier === "Standard" || tier === "Premium" ? [] : [`sku.tier must be Standard or Premium for the uptime SLA (found ${describe(tier)}; AKS reads unset as Free)`];
    },
    {
        configSchema: { properties: { requireUptimeSla: { type: "boolean", default: true } } },
        settings: (raw, name) => ({ requireUptimeSla: booleanSetting(raw, name, "requireUptimeSla", true) }),
    },
);

/** The cluster policies, in code order. */
export const clusterPolicies: readonly PackPolicy[] = [
    apiServerRestricted,
    localAccountsDisabled,
    entraIdAzureRbac,
    rbacEnabled,
    networkPolicySet,
    azureCni,
    monitoringEnabled,
    azurePolicyAddon,
    keyVaultSecretRotation,
    workloadIdentity,
    defenderEnabled,
    upgradeChannels,
    paidTierForSla,
];

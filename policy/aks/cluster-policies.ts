/**
 * AKS cluster policies (`ManagedCluster`): what Checkov, Trivy and Azure Policy check on an AKS cluster,
 * read from the azure-native properties. Each policy's `covers` names the checks it stands for; the
 * control matrix is in docs/policies.md.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { resourcePolicy, type PackPolicy, type PolicyDoc, type Subject } from "../common/define";
import { admittedAddresses, IPV4_ADDRESSES, mergeRanges } from "../common/cidr";
import { equivalent, stricter } from "../common/coverage";
import { asArray, asRecord, asString, at, describe, enumIn } from "../common/read";
import { booleanSetting, integerSetting, stringListSetting } from "../common/settings";
import { clusterSubjects, MANAGED_CLUSTER } from "./subjects";

export function clusterPolicy<C = undefined>(
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
export const apiServerRestricted = clusterPolicy<{ minPrefixLength: number }>(
    {
        name: "aks-api-server-restricted",
        code: "AKS-001",
        title: "API server access restricted",
        severity: "critical",
        description:
            "Checks that the AKS API server is private or accepts connections only from authorized IP ranges, computing what the ranges admit together: they must not admit every address, and none may be broader than the configured prefix length (setting minPrefixLength, default 8).",
        remediation: "Set apiServerAccessProfile.enablePrivateCluster to true, or list only the CIDR ranges that need the API server in apiServerAccessProfile.authorizedIPRanges.",
        url: "https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges",
        covers: [
            equivalent("checkov", "CKV_AZURE_6", "a private cluster without ranges passes, as in Checkov's Terraform check (its ARM variant fails it: a private API server has no public endpoint to restrict)"),
            stricter("trivy", "AZU-0041"),
            stricter("azurePolicy", "ASC_EnableIpRanges_KubernetesService_Audit"),
        ],
    },
    (cluster, settings) => {
        const findings: string[] = [];
        const list = asArray(at(cluster, "apiServerAccessProfile", "authorizedIPRanges")) ?? [];
        const ranges = list.filter((r): r is string => typeof r === "string");
        const { invalid } = mergeRanges(ranges);
        if (invalid.length > 0 || ranges.length < list.length) {
            findings.push(`apiServerAccessProfile.authorizedIPRanges must list IPv4 CIDR ranges (found ${[...invalid, ...list.filter((r) => typeof r !== "string")].map((r) => describe(r)).join(", ")})`);
        }
        if (ranges.length > 0 && admittedAddresses(ranges) >= IPV4_ADDRESSES) {
            findings.push(`apiServerAccessProfile.authorizedIPRanges together admit every IPv4 address (${ranges.join(", ")}); list only the ranges that need the API server`);
        } else {
            const broad = ranges.filter((r) => {
                const prefix = Number(r.split("/")[1] ?? "32");
                return invalid.indexOf(r) < 0 && prefix < settings.minPrefixLength;
            });
            if (broad.length > 0) findings.push(`apiServerAccessProfile.authorizedIPRanges must not hold ranges broader than /${settings.minPrefixLength} (found ${broad.join(", ")})`);
        }
        if (at(cluster, "apiServerAccessProfile", "enablePrivateCluster") !== true && ranges.length === 0) {
            findings.push("the API server is reachable from any address: set apiServerAccessProfile.enablePrivateCluster to true or list apiServerAccessProfile.authorizedIPRanges");
        }
        return findings;
    },
    {
        configSchema: { properties: { minPrefixLength: { type: "integer", minimum: 1, maximum: 32, default: 8 } } },
        settings: (raw, name) => ({ minPrefixLength: integerSetting(raw, name, "minPrefixLength", 8, 1) }),
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
        covers: [equivalent("checkov", "CKV_AZURE_141"), equivalent("azurePolicy", "AKS_DisableLocalAccounts_Deny")],
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
        covers: [stricter("azurePolicy", "AKS_AAD_Integration_Audit")],
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
        covers: [equivalent("checkov", "CKV_AZURE_5"), equivalent("trivy", "AZU-0042"), equivalent("azurePolicy", "ASC_EnableRBAC_KubernetesService_Audit")],
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
        covers: [stricter("checkov", "CKV_AZURE_7"), stricter("trivy", "AZU-0043")],
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
        covers: [equivalent("checkov", "CKV2_AZURE_29"), equivalent("azurePolicy", "AKS_EnableCNI")],
    },
    (cluster) => {
        const value = at(cluster, "networkProfile", "networkPlugin");
        return asString(value)?.toLowerCase() === "azure" ? [] : [`networkProfile.networkPlugin must be azure (found ${describe(value)})`];
    },
);

/** AKS-007: Container Insights. */
export const monitoringEnabled = clusterPolicy(
    {
        name: "aks-monitoring-enabled",
        code: "AKS-007",
        title: "Container Insights enabled",
        severity: "medium",
        description: "Checks that the AKS cluster runs the Container Insights agent (addonProfiles.omsagent) reporting to a Log Analytics workspace; managed Prometheus metrics alone collect no logs.",
        remediation: "Enable addonProfiles.omsagent with config.logAnalyticsWorkspaceResourceID (and useAADAuth \"true\" with a data collection rule).",
        url: "https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-enable",
        covers: [stricter("checkov", "CKV_AZURE_4"), stricter("trivy", "AZU-0040")],
    },
    (cluster) => {
        const oms = addon(cluster, "omsagent");
        if (oms?.enabled !== true) return [`addonProfiles.omsagent.enabled must be true (found ${describe(oms?.enabled)}); azureMonitorProfile.metrics alone collects no container logs`];
        const workspace = asString(at(oms, "config", "logAnalyticsWorkspaceResourceID")) ?? asString(at(oms, "config", "logAnalyticsWorkspaceResourceId"));
        return workspace === undefined || workspace === "" ? ["addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID must name the Log Analytics workspace the agent writes to (found unset)"] : [];
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
        covers: [equivalent("checkov", "CKV_AZURE_116"), equivalent("trivy", "AZU-0066"), equivalent("azurePolicy", "AKS_AzurePolicyAddOn_Audit")],
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
        covers: [stricter("checkov", "CKV_AZURE_172")],
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
        covers: [stricter("azurePolicy", "AKS_WorkloadIdentity_Audit")],
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
        covers: [stricter("azurePolicy", "ASC_Azure_Defender_AKS_SecurityProfile_Audit")],
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
        description: "Checks that the AKS cluster sets an automatic cluster upgrade channel (setting upgradeChannels, default rapid, stable or patch: node-image never upgrades Kubernetes) and a node OS upgrade channel (setting nodeOsUpgradeChannels, default NodeImage or SecurityPatch).",
        remediation: "Set autoUpgradeProfile.upgradeChannel (patch or stable) and autoUpgradeProfile.nodeOSUpgradeChannel (NodeImage or SecurityPatch), and a planned maintenance window.",
        url: "https://learn.microsoft.com/azure/aks/auto-upgrade-cluster",
        covers: [stricter("checkov", "CKV_AZURE_171"), equivalent("azurePolicy", "AKS_Autoupgrade_Cluster_Audit"), equivalent("azurePolicy", "AKS_Autoupgrade_NodeOS_Audit")],
    },
    (cluster, settings) => {
        const findings: string[] = [];
        const channel = at(cluster, "autoUpgradeProfile", "upgradeChannel");
        if (!enumIn(channel, settings.upgradeChannels)) {
            findings.push(`autoUpgradeProfile.upgradeChannel must be one of ${settings.upgradeChannels.join(", ")} (found ${describe(channel)})`);
        }
        const osChannel = at(cluster, "autoUpgradeProfile", "nodeOSUpgradeChannel");
        if (!enumIn(osChannel, settings.nodeOsUpgradeChannels)) {
            findings.push(`autoUpgradeProfile.nodeOSUpgradeChannel must be one of ${settings.nodeOsUpgradeChannels.join(", ")} (found ${describe(osChannel)})`);
        }
        return findings;
    },
    {
        configSchema: {
            properties: {
                upgradeChannels: { type: "array", items: { type: "string", enum: UPGRADE_CHANNELS }, default: ["patch", "stable", "rapid"] },
                nodeOsUpgradeChannels: { type: "array", items: { type: "string", enum: NODE_OS_CHANNELS }, default: ["NodeImage", "SecurityPatch"] },
            },
        },
        settings: (raw, name) => ({
            upgradeChannels: stringListSetting(raw, name, "upgradeChannels", ["patch", "stable", "rapid"], UPGRADE_CHANNELS),
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
        covers: [equivalent("checkov", "CKV_AZURE_170")],
    },
    (cluster, settings) => {
        if (!settings.requireUptimeSla) return [];
        const tier = at(cluster, "sku", "tier");
        return enumIn(tier, ["Standard", "Premium"]) ? [] : [`sku.tier must be Standard or Premium for the uptime SLA (found ${describe(tier)}; AKS reads unset as Free)`];
    },
    {
        configSchema: { properties: { requireUptimeSla: { type: "boolean", default: true } } },
        settings: (raw, name) => ({ requireUptimeSla: booleanSetting(raw, name, "requireUptimeSla", true) }),
    },
);

/** AKS-014: retired add-ons stay off. */
export const retiredAddonsDisabled = clusterPolicy(
    {
        name: "aks-retired-addons-disabled",
        code: "AKS-014",
        title: "Kubernetes dashboard and HTTP application routing off",
        severity: "medium",
        description: "Checks that the AKS cluster enables neither the Kubernetes dashboard add-on (kubeDashboard) nor HTTP application routing (httpApplicationRouting), both retired and unfit for production.",
        remediation: "Remove addonProfiles.kubeDashboard and addonProfiles.httpApplicationRouting (or set enabled: false); use the application routing add-on (ingressProfile.webAppRouting) for ingress.",
        url: "https://learn.microsoft.com/azure/aks/http-application-routing",
        covers: [equivalent("checkov", "CKV_AZURE_8"), equivalent("checkov", "CKV_AZURE_246")],
    },
    (cluster) =>
        ["kubeDashboard", "httpApplicationRouting"]
            .filter((name) => addon(cluster, name)?.enabled === true)
            .map((name) => `addonProfiles.${name}.enabled must not be true: the add-on is retired`),
);

/** AKS-015: a private API server. */
export const apiServerPrivate = clusterPolicy(
    {
        name: "aks-api-server-private",
        code: "AKS-015",
        title: "Private API server",
        severity: "high",
        description: "Checks that the AKS API server has no public endpoint (apiServerAccessProfile.enablePrivateCluster true, with or without API Server VNet Integration).",
        remediation: "Set apiServerAccessProfile.enablePrivateCluster to true (cluster.apiServer.privateCluster), reach it from a runner in the cluster's VNet or a peered one (docs/first-deploy.md); the setting is fixed at creation unless VNet integration is on.",
        url: "https://learn.microsoft.com/azure/aks/private-clusters",
        covers: [equivalent("checkov", "CKV_AZURE_115"), equivalent("trivy", "AZU-0065"), equivalent("azurePolicy", "AKS_PrivateCluster_Deny")],
    },
    (cluster) => {
        const value = at(cluster, "apiServerAccessProfile", "enablePrivateCluster");
        return value === true ? [] : [`apiServerAccessProfile.enablePrivateCluster must be true (found ${describe(value)}); the API server has a public endpoint`];
    },
);

/** AKS-016: Command Invoke off. */
export const commandInvokeDisabled = clusterPolicy(
    {
        name: "aks-command-invoke-disabled",
        code: "AKS-016",
        title: "Command Invoke disabled",
        severity: "medium",
        description: "Checks that the AKS cluster disables Command Invoke (apiServerAccessProfile.disableRunCommand), which runs kubectl in a pod in the cluster for anyone with the Azure permission, around the API server's network restrictions.",
        remediation: "Set apiServerAccessProfile.disableRunCommand to true (cluster.apiServer.commandInvoke: false, the default); reach a private cluster from a runner or jump host in its VNet.",
        url: "https://learn.microsoft.com/azure/aks/command-invoke",
        covers: [equivalent("azurePolicy", "AKS_DisableRunCommand_Audit")],
    },
    (cluster) => {
        const value = at(cluster, "apiServerAccessProfile", "disableRunCommand");
        return value === true ? [] : [`apiServerAccessProfile.disableRunCommand must be true (found ${describe(value)})`];
    },
);

/** AKS-017: OS and data disks encrypted with a customer-managed key. */
export const diskEncryptionCmk = clusterPolicy(
    {
        name: "aks-disk-encryption-cmk",
        code: "AKS-017",
        title: "Node disks encrypted with a customer-managed key",
        severity: "high",
        description: "Checks that the AKS cluster encrypts its nodes' OS and data disks with a customer-managed key, through a disk encryption set (diskEncryptionSetID).",
        remediation: "Create a disk encryption set over a Key Vault key and set diskEncryptionSetID (cluster.encryption.diskEncryptionSetId); it can only be set when the cluster is created.",
        url: "https://learn.microsoft.com/azure/aks/azure-disk-customer-managed-keys",
        covers: [equivalent("checkov", "CKV_AZURE_117"), equivalent("trivy", "AZU-0067"), equivalent("azurePolicy", "AKS_CMK_Deny")],
    },
    (cluster) => {
        const value = at(cluster, "diskEncryptionSetID");
        return (asString(value) ?? "") !== "" ? [] : [`diskEncryptionSetID must name a disk encryption set (found ${describe(value)})`];
    },
);

/** AKS-018: KMS encryption of etcd. */
export const kmsEtcdEncryption = clusterPolicy(
    {
        name: "aks-kms-etcd-encryption",
        code: "AKS-018",
        title: "Secrets in etcd encrypted with a Key Vault key (KMS)",
        severity: "high",
        description: "Checks that the AKS cluster encrypts Kubernetes secrets in etcd with a Key Vault key (securityProfile.azureKeyVaultKms enabled with a keyId, and keyVaultResourceId when the vault is private).",
        remediation: "Set securityProfile.azureKeyVaultKms to { enabled: true, keyId: <versioned key URL>, keyVaultNetworkAccess, keyVaultResourceId } (cluster.encryption.kms) and give the cluster identity Key Vault Crypto User on the vault.",
        url: "https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption",
        covers: [stricter("azurePolicy", "AKS_EnableKMS")],
    },
    (cluster) => {
        const kms = at(cluster, "securityProfile", "azureKeyVaultKms");
        const enabled = at(kms, "enabled");
        if (enabled !== true) return [`securityProfile.azureKeyVaultKms.enabled must be true (found ${describe(enabled)})`];
        const findings: string[] = [];
        if ((asString(at(kms, "keyId")) ?? "") === "") findings.push("securityProfile.azureKeyVaultKms.keyId must name the Key Vault key (found unset)");
        if (enumIn(at(kms, "keyVaultNetworkAccess"), ["Private"]) && (asString(at(kms, "keyVaultResourceId")) ?? "") === "") {
            findings.push("securityProfile.azureKeyVaultKms.keyVaultResourceId must name the key vault when keyVaultNetworkAccess is Private (found unset)");
        }
        return findings;
    },
);

/** AKS-019: managed identities, no service principal. */
export const managedIdentity = clusterPolicy(
    {
        name: "aks-managed-identity",
        code: "AKS-019",
        title: "Managed identity, no service principal",
        severity: "medium",
        description: "Checks that the AKS cluster runs with a managed identity (identity.type SystemAssigned or UserAssigned) and no service principal other than msi (servicePrincipalProfile.clientId).",
        remediation: "Set identity to { type: \"UserAssigned\", userAssignedIdentities: [<identity id>] } and remove servicePrincipalProfile.",
        url: "https://learn.microsoft.com/azure/aks/use-managed-identity",
        covers: [stricter("azurePolicy", "AKS_MSI_Audit")],
    },
    (cluster) => {
        const findings: string[] = [];
        const type = at(cluster, "identity", "type");
        if (!enumIn(type, ["SystemAssigned", "UserAssigned"])) findings.push(`identity.type must be SystemAssigned or UserAssigned (found ${describe(type)})`);
        const sp = at(cluster, "servicePrincipalProfile");
        if (sp !== undefined && !enumIn(at(sp, "clientId"), ["msi"])) findings.push(`servicePrincipalProfile must be absent (or clientId "msi"); found clientId ${describe(at(sp, "clientId"))}`);
        return findings;
    },
);

/** AKS-030: Image Cleaner. */
export const imageCleanerEnabled = clusterPolicy(
    {
        name: "aks-image-cleaner-enabled",
        code: "AKS-030",
        title: "Image Cleaner enabled",
        severity: "low",
        description: "Checks that the AKS cluster runs Image Cleaner (securityProfile.imageCleaner.enabled), which removes unused, vulnerable images from the nodes.",
        remediation: "Set securityProfile.imageCleaner to { enabled: true, intervalHours: 168 } (cluster.addons.imageCleanerIntervalHours).",
        url: "https://learn.microsoft.com/azure/aks/image-cleaner",
        covers: [equivalent("azurePolicy", "AKS_ImageCleaner_Audit")],
    },
    (cluster) => {
        const value = at(cluster, "securityProfile", "imageCleaner", "enabled");
        return value === true ? [] : [`securityProfile.imageCleaner.enabled must be true (found ${describe(value)})`];
    },
);

/** AKS-031: CSI drivers not switched off. */
export const csiDriversEnabled = clusterPolicy(
    {
        name: "aks-csi-drivers-enabled",
        code: "AKS-031",
        title: "CSI drivers enabled",
        severity: "low",
        description: "Checks that the AKS cluster keeps the Azure Disk and Azure Files CSI drivers and the snapshot controller on (storageProfile.*.enabled not false; unset means on).",
        remediation: "Remove enabled: false from storageProfile.diskCSIDriver, fileCSIDriver and snapshotController; the in-tree volume plugins they replace are gone.",
        url: "https://learn.microsoft.com/azure/aks/csi-storage-drivers",
        covers: [equivalent("azurePolicy", "AKS_CSI")],
    },
    (cluster) =>
        ["diskCSIDriver", "fileCSIDriver", "snapshotController"]
            .filter((driver) => at(cluster, "storageProfile", driver, "enabled") === false)
            .map((driver) => `storageProfile.${driver}.enabled must not be false`),
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
    retiredAddonsDisabled,
    apiServerPrivate,
    commandInvokeDisabled,
    diskEncryptionCmk,
    kmsEtcdEncryption,
    managedIdentity,
    imageCleanerEnabled,
    csiDriversEnabled,
];

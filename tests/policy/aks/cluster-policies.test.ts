import * as cp from "../../../policy/aks/cluster-policies";
import { MANAGED_CLUSTER } from "../../../policy/aks/subjects";
import type { PackPolicy } from "../../../policy/common/define";
import { goodCluster } from "../fixtures";
import { evaluateResource, mutate } from "../harness";

type Cluster = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const C = 'ManagedCluster "test"';

describe("every cluster policy accepts the happy-path cluster", () => {
    test.each(cp.clusterPolicies.map((p) => [p.name, p] as const))("%s", async (_name, policy) => {
        expect(await evaluateResource(policy, MANAGED_CLUSTER, goodCluster())).toEqual({ violations: [] });
    });
});

describe("every cluster policy ignores other resource types", () => {
    test.each(cp.clusterPolicies.map((p) => [p.name, p] as const))("%s", async (_name, policy) => {
        const outcome = await evaluateResource(policy, "azure-native:storage:StorageAccount", {});
        expect(outcome).toEqual({ notApplicable: `Policy only applies to resources of type ${MANAGED_CLUSTER}` });
    });
});

interface Case {
    policy: PackPolicy;
    change: (c: Cluster) => void;
    violations: string[];
    config?: Record<string, unknown>;
}

const cases: Record<string, Case> = {
    "a cluster with neither a private API server nor authorized ranges is open": {
        policy: cp.apiServerRestricted,
        change: (c) => delete c.apiServerAccessProfile,
        violations: [`${C}: the API server is reachable from any address: set apiServerAccessProfile.enablePrivateCluster to true or list apiServerAccessProfile.authorizedIPRanges`],
    },
    "an authorized range of 0.0.0.0/0 admits every address": {
        policy: cp.apiServerRestricted,
        change: (c) => (c.apiServerAccessProfile.authorizedIPRanges = ["0.0.0.0/0"]),
        violations: [`${C}: apiServerAccessProfile.authorizedIPRanges together admit every IPv4 address (0.0.0.0/0); list only the ranges that need the API server`],
    },
    "two halves (0.0.0.0/1 and 128.0.0.0/1) admit every address too: coverage is computed": {
        policy: cp.apiServerRestricted,
        change: (c) => (c.apiServerAccessProfile = { authorizedIPRanges: ["0.0.0.0/1", "128.0.0.0/1"] }),
        violations: [`${C}: apiServerAccessProfile.authorizedIPRanges together admit every IPv4 address (0.0.0.0/1, 128.0.0.0/1); list only the ranges that need the API server`],
    },
    "256 /8 ranges that each pass the prefix floor still admit every address together": {
        policy: cp.apiServerRestricted,
        change: (c) => (c.apiServerAccessProfile = { authorizedIPRanges: Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`) }),
        violations: [`${C}: apiServerAccessProfile.authorizedIPRanges together admit every IPv4 address (${Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`).join(", ")}); list only the ranges that need the API server`],
    },
    "a range broader than the /8 floor": {
        policy: cp.apiServerRestricted,
        change: (c) => (c.apiServerAccessProfile = { authorizedIPRanges: ["203.0.113.0/24", "64.0.0.0/2"] }),
        violations: [`${C}: apiServerAccessProfile.authorizedIPRanges must not hold ranges broader than /8 (found 64.0.0.0/2)`],
    },
    "the prefix floor is a setting": {
        policy: cp.apiServerRestricted,
        change: (c) => (c.apiServerAccessProfile = { authorizedIPRanges: ["10.0.0.0/12"] }),
        config: { minPrefixLength: 16 },
        violations: [`${C}: apiServerAccessProfile.authorizedIPRanges must not hold ranges broader than /16 (found 10.0.0.0/12)`],
    },
    "an entry that is not an IPv4 range is named": {
        policy: cp.apiServerRestricted,
        change: (c) => (c.apiServerAccessProfile = { authorizedIPRanges: ["203.0.113.0/24", "office"] }),
        violations: [`${C}: apiServerAccessProfile.authorizedIPRanges must list IPv4 CIDR ranges (found "office")`],
    },
    "office and CI ranges pass": {
        policy: cp.apiServerRestricted,
        change: (c) => (c.apiServerAccessProfile = { authorizedIPRanges: ["203.0.113.0/24", "198.51.100.17"] }),
        violations: [],
    },
    "a private cluster without ranges is restricted": {
        policy: cp.apiServerRestricted,
        change: (c) => (c.apiServerAccessProfile = { enablePrivateCluster: true }),
        violations: [],
    },
    "local accounts left on": {
        policy: cp.localAccountsDisabled,
        change: (c) => delete c.disableLocalAccounts,
        violations: [`${C}: disableLocalAccounts must be true (found unset)`],
    },
    "local accounts disabled with a string instead of a boolean": {
        policy: cp.localAccountsDisabled,
        change: (c) => (c.disableLocalAccounts = "true"),
        violations: [`${C}: disableLocalAccounts must be true (found "true")`],
    },
    "no Entra ID integration": {
        policy: cp.entraIdAzureRbac,
        change: (c) => delete c.aadProfile,
        violations: [`${C}: aadProfile is unset: enable Microsoft Entra ID integration with aadProfile.managed = true and aadProfile.enableAzureRBAC = true`],
    },
    "Entra ID without Azure RBAC": {
        policy: cp.entraIdAzureRbac,
        change: (c) => (c.aadProfile = { managed: true }),
        violations: [`${C}: aadProfile.enableAzureRBAC must be true (found unset)`],
    },
    "legacy (unmanaged) Entra ID integration": {
        policy: cp.entraIdAzureRbac,
        change: (c) => (c.aadProfile.managed = false),
        violations: [`${C}: aadProfile.managed must be true (found false)`],
    },
    "RBAC turned off": {
        policy: cp.rbacEnabled,
        change: (c) => (c.enableRBAC = false),
        violations: [`${C}: enableRBAC must be true (found false)`],
    },
    "RBAC unset is AKS's default of on": {
        policy: cp.rbacEnabled,
        change: (c) => delete c.enableRBAC,
        violations: [],
    },
    "no network profile at all fails (unlike compliance-policies, which passes it)": {
        policy: cp.networkPolicySet,
        change: (c) => delete c.networkProfile,
        violations: [`${C}: networkProfile is unset, so no network policy engine runs: set networkProfile.networkPolicy to azure, calico or cilium`],
    },
    "network policy none": {
        policy: cp.networkPolicySet,
        change: (c) => (c.networkProfile.networkPolicy = "none"),
        violations: [`${C}: networkProfile.networkPolicy must be azure, calico or cilium (found "none")`],
    },
    "kubenet instead of Azure CNI": {
        policy: cp.azureCni,
        change: (c) => (c.networkProfile.networkPlugin = "kubenet"),
        violations: [`${C}: networkProfile.networkPlugin must be azure (found "kubenet")`],
    },
    "no monitoring add-on": {
        policy: cp.monitoringEnabled,
        change: (c) => delete c.addonProfiles.omsagent,
        violations: [`${C}: addonProfiles.omsagent.enabled must be true (found unset); azureMonitorProfile.metrics alone collects no container logs`],
    },
    "managed Prometheus alone does not count: it collects no logs (Checkov CKV_AZURE_4)": {
        policy: cp.monitoringEnabled,
        change: (c) => {
            delete c.addonProfiles.omsagent;
            c.azureMonitorProfile = { metrics: { enabled: true } };
        },
        violations: [`${C}: addonProfiles.omsagent.enabled must be true (found unset); azureMonitorProfile.metrics alone collects no container logs`],
    },
    "Container Insights without a workspace": {
        policy: cp.monitoringEnabled,
        change: (c) => (c.addonProfiles.omsagent = { enabled: true }),
        violations: [`${C}: addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID must name the Log Analytics workspace the agent writes to (found unset)`],
    },
    "the add-on key is matched case-insensitively (omsAgent)": {
        policy: cp.monitoringEnabled,
        change: (c) => {
            c.addonProfiles.omsAgent = c.addonProfiles.omsagent;
            delete c.addonProfiles.omsagent;
        },
        violations: [],
    },
    "Azure Policy add-on disabled": {
        policy: cp.azurePolicyAddon,
        change: (c) => (c.addonProfiles.azurepolicy.enabled = false),
        violations: [`${C}: addonProfiles.azurepolicy.enabled must be true (found false)`],
    },
    "Key Vault provider without rotation": {
        policy: cp.keyVaultSecretRotation,
        change: (c) => delete c.addonProfiles.azureKeyvaultSecretsProvider.config,
        violations: [`${C}: addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation must be "true" (found unset)`],
    },
    "no Key Vault provider": {
        policy: cp.keyVaultSecretRotation,
        change: (c) => delete c.addonProfiles.azureKeyvaultSecretsProvider,
        violations: [`${C}: addonProfiles.azureKeyvaultSecretsProvider.enabled must be true (found unset)`],
    },
    "workload identity without the OIDC issuer": {
        policy: cp.workloadIdentity,
        change: (c) => delete c.oidcIssuerProfile,
        violations: [`${C}: oidcIssuerProfile.enabled must be true (found unset)`],
    },
    "neither workload identity nor OIDC": {
        policy: cp.workloadIdentity,
        change: (c) => {
            delete c.oidcIssuerProfile;
            delete c.securityProfile.workloadIdentity;
        },
        violations: [`${C}: securityProfile.workloadIdentity.enabled must be true (found unset)`, `${C}: oidcIssuerProfile.enabled must be true (found unset)`],
    },
    "no Defender profile": {
        policy: cp.defenderEnabled,
        change: (c) => delete c.securityProfile.defender,
        violations: [`${C}: securityProfile.defender.securityMonitoring.enabled must be true (found unset)`],
    },
    "Defender without a workspace": {
        policy: cp.defenderEnabled,
        change: (c) => (c.securityProfile.defender = { securityMonitoring: { enabled: true } }),
        violations: [`${C}: securityProfile.defender.logAnalyticsWorkspaceResourceId must name the Log Analytics workspace Defender writes to (found unset)`],
    },
    "upgrade channel none and no node OS channel": {
        policy: cp.upgradeChannels,
        change: (c) => (c.autoUpgradeProfile = { upgradeChannel: "none" }),
        violations: [
            `${C}: autoUpgradeProfile.upgradeChannel must be one of patch, stable, rapid (found "none")`,
            `${C}: autoUpgradeProfile.nodeOSUpgradeChannel must be one of NodeImage, SecurityPatch (found unset)`,
        ],
    },
    "node-image never upgrades Kubernetes, so it is no cluster channel (Azure's AKS_Autoupgrade_Cluster_Audit)": {
        policy: cp.upgradeChannels,
        change: (c) => (c.autoUpgradeProfile.upgradeChannel = "node-image"),
        violations: [`${C}: autoUpgradeProfile.upgradeChannel must be one of patch, stable, rapid (found "node-image")`],
    },
    "channels compare as Azure compares enums: Stable is stable": {
        policy: cp.upgradeChannels,
        change: (c) => (c.autoUpgradeProfile = { upgradeChannel: "Stable", nodeOSUpgradeChannel: "nodeimage" }),
        violations: [],
    },
    "the allowed channels are a setting": {
        policy: cp.upgradeChannels,
        change: (c) => (c.autoUpgradeProfile.upgradeChannel = "rapid"),
        config: { upgradeChannels: ["stable"] },
        violations: [`${C}: autoUpgradeProfile.upgradeChannel must be one of stable (found "rapid")`],
    },
    "the Free tier where an SLA is required": {
        policy: cp.paidTierForSla,
        change: (c) => (c.sku = { name: "Base", tier: "Free" }),
        violations: [`${C}: sku.tier must be Standard or Premium for the uptime SLA (found "Free"; AKS reads unset as Free)`],
    },
    "the tier compares case-insensitively": {
        policy: cp.paidTierForSla,
        change: (c) => (c.sku.tier = "standard"),
        violations: [],
    },
    "the Kubernetes dashboard add-on enabled": {
        policy: cp.retiredAddonsDisabled,
        change: (c) => (c.addonProfiles.kubeDashboard = { enabled: true }),
        violations: [`${C}: addonProfiles.kubeDashboard.enabled must not be true: the add-on is retired`],
    },
    "HTTP application routing enabled (key matched case-insensitively)": {
        policy: cp.retiredAddonsDisabled,
        change: (c) => (c.addonProfiles.HttpApplicationRouting = { enabled: true }),
        violations: [`${C}: addonProfiles.httpApplicationRouting.enabled must not be true: the add-on is retired`],
    },
    "a public API server with authorized ranges is not private": {
        policy: cp.apiServerPrivate,
        change: (c) => (c.apiServerAccessProfile = { authorizedIPRanges: ["203.0.113.0/24"] }),
        violations: [`${C}: apiServerAccessProfile.enablePrivateCluster must be true (found unset); the API server has a public endpoint`],
    },
    "Command Invoke left on": {
        policy: cp.commandInvokeDisabled,
        change: (c) => delete c.apiServerAccessProfile.disableRunCommand,
        violations: [`${C}: apiServerAccessProfile.disableRunCommand must be true (found unset)`],
    },
    "no disk encryption set": {
        policy: cp.diskEncryptionCmk,
        change: (c) => delete c.diskEncryptionSetID,
        violations: [`${C}: diskEncryptionSetID must name a disk encryption set (found unset)`],
    },
    "an empty disk encryption set ID (Azure's AKS_CMK_Deny fails it too)": {
        policy: cp.diskEncryptionCmk,
        change: (c) => (c.diskEncryptionSetID = ""),
        violations: [`${C}: diskEncryptionSetID must name a disk encryption set (found "")`],
    },
    "no KMS": {
        policy: cp.kmsEtcdEncryption,
        change: (c) => delete c.securityProfile.azureKeyVaultKms,
        violations: [`${C}: securityProfile.azureKeyVaultKms.enabled must be true (found unset)`],
    },
    "KMS on a private vault without the vault's ID or a key": {
        policy: cp.kmsEtcdEncryption,
        change: (c) => (c.securityProfile.azureKeyVaultKms = { enabled: true, keyVaultNetworkAccess: "private" }),
        violations: [
            `${C}: securityProfile.azureKeyVaultKms.keyId must name the Key Vault key (found unset)`,
            `${C}: securityProfile.azureKeyVaultKms.keyVaultResourceId must name the key vault when keyVaultNetworkAccess is Private (found unset)`,
        ],
    },
    "a service principal instead of a managed identity": {
        policy: cp.managedIdentity,
        change: (c) => {
            delete c.identity;
            c.servicePrincipalProfile = { clientId: "11111111-1111-1111-1111-111111111111", secret: "x" };
        },
        violations: [`${C}: identity.type must be SystemAssigned or UserAssigned (found unset)`, `${C}: servicePrincipalProfile must be absent (or clientId "msi"); found clientId "11111111-1111-1111-1111-111111111111"`],
    },
    "servicePrincipalProfile msi with a managed identity passes": {
        policy: cp.managedIdentity,
        change: (c) => (c.servicePrincipalProfile = { clientId: "msi" }),
        violations: [],
    },
    "no Image Cleaner": {
        policy: cp.imageCleanerEnabled,
        change: (c) => (c.securityProfile.imageCleaner = { enabled: false }),
        violations: [`${C}: securityProfile.imageCleaner.enabled must be true (found false)`],
    },
    "the disk CSI driver and snapshot controller switched off": {
        policy: cp.csiDriversEnabled,
        change: (c) => (c.storageProfile = { diskCSIDriver: { enabled: false }, fileCSIDriver: { enabled: true }, snapshotController: { enabled: false } }),
        violations: [`${C}: storageProfile.diskCSIDriver.enabled must not be false`, `${C}: storageProfile.snapshotController.enabled must not be false`],
    },
    "the Free tier where no SLA is required (dev)": {
        policy: cp.paidTierForSla,
        change: (c) => delete c.sku,
        config: { requireUptimeSla: false },
        violations: [],
    },
};

describe("cluster policy mutations", () => {
    test.each(Object.entries(cases))("%s", async (_sentence, { policy, change, violations, config }) => {
        expect(await evaluateResource(policy, MANAGED_CLUSTER, mutate(goodCluster(), change), { config })).toEqual({ violations });
    });
});

describe("settings are validated", () => {
    test("an unknown upgrade channel in the settings is an error naming the policy and key", async () => {
        await expect(evaluateResource(cp.upgradeChannels, MANAGED_CLUSTER, goodCluster(), { config: { upgradeChannels: ["weekly"] } })).rejects.toThrow(
            'policy aks-upgrade-channels-set: setting "upgradeChannels" must be a list of values from rapid, stable, patch, node-image, none, got ["weekly"]',
        );
    });
    test("a non-boolean requireUptimeSla is an error", async () => {
        await expect(evaluateResource(cp.paidTierForSla, MANAGED_CLUSTER, goodCluster(), { config: { requireUptimeSla: "yes" } })).rejects.toThrow(
            'policy aks-paid-tier-for-sla: setting "requireUptimeSla" must be true or false, got "yes"',
        );
    });
});

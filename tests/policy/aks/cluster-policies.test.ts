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
        violations: [`${C}: apiServerAccessProfile.authorizedIPRanges includes 0.0.0.0/0, which admits every address; list only the ranges that need the API server`],
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
        violations: [`${C}: neither addonProfiles.omsagent nor azureMonitorProfile.metrics is enabled; enable one of them`],
    },
    "managed Prometheus alone counts as monitoring": {
        policy: cp.monitoringEnabled,
        change: (c) => {
            delete c.addonProfiles.omsagent;
            c.azureMonitorProfile = { metrics: { enabled: true } };
        },
        violations: [],
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
            `${C}: autoUpgradeProfile.upgradeChannel must be one of patch, stable, rapid, node-image (found "none")`,
            `${C}: autoUpgradeProfile.nodeOSUpgradeChannel must be one of NodeImage, SecurityPatch (found unset)`,
        ],
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

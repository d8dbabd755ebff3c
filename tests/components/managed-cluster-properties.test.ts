import {
    aadProfile,
    addonProfiles,
    apiServerAccessProfile,
    autoScalerProfile,
    maintenanceConfigurations,
    maintenanceWindow,
    networkProfile,
    securityProfile,
} from "../../components/managed-cluster-properties";
import { editedSpec, stackSpec } from "./fixtures";

const WORKSPACE = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs";

describe("aadProfile", () => {
    test("managed Entra ID with Azure RBAC and the admin groups", () => {
        const cluster = stackSpec("prod").cluster;
        expect(aadProfile(cluster)).toEqual({ managed: true, enableAzureRBAC: true, adminGroupObjectIDs: cluster.entraId.adminGroupObjectIds });
    });

    test("no profile when Entra ID is turned off", () => {
        const spec = editedSpec("dev", (s) => {
            s.cluster.entraId = { enabled: false, azureRbac: false, adminGroupObjectIds: [], deployerRole: "none" };
        });
        expect(aadProfile(spec.cluster)).toBeUndefined();
    });
});

describe("addonProfiles", () => {
    test("monitoring on: omsagent reports to the workspace with managed-identity auth", () => {
        expect(addonProfiles(stackSpec("dev").cluster, WORKSPACE).omsagent).toEqual({
            enabled: true,
            config: { logAnalyticsWorkspaceResourceID: WORKSPACE, useAADAuth: "true" },
        });
    });

    test("monitoring off: omsagent is sent disabled", () => {
        const spec = editedSpec("dev", (s) => {
            s.cluster.monitoring.enabled = false;
        });
        expect(addonProfiles(spec.cluster, undefined).omsagent).toEqual({ enabled: false });
    });

    test("the Key Vault secrets provider rotates secrets at the configured interval", () => {
        const cluster = stackSpec("prod").cluster;
        expect(addonProfiles(cluster, WORKSPACE).azureKeyvaultSecretsProvider).toEqual({
            enabled: true,
            config: { enableSecretRotation: "true", rotationPollInterval: cluster.addons.secretRotationInterval },
        });
    });

    test("add-ons turned off are sent as enabled: false", () => {
        const spec = editedSpec("prod", (s) => {
            s.cluster.addons.azurePolicy = false;
            s.cluster.addons.keyVaultSecretsProvider = false;
        });
        const profiles = addonProfiles(spec.cluster, WORKSPACE);
        expect(profiles.azurepolicy).toEqual({ enabled: false });
        expect(profiles.azureKeyvaultSecretsProvider).toEqual({ enabled: false });
    });
});

describe("securityProfile", () => {
    test("prod: workload identity, Defender on the workspace, image cleaner every 168 hours", () => {
        expect(securityProfile(stackSpec("prod").cluster, WORKSPACE)).toEqual({
            workloadIdentity: { enabled: true },
            defender: { logAnalyticsWorkspaceResourceId: WORKSPACE, securityMonitoring: { enabled: true } },
            imageCleaner: { enabled: true, intervalHours: 168 },
        });
    });

    test("without Defender or an image-cleaner interval, neither is enabled", () => {
        const spec = editedSpec("prod", (s) => {
            s.cluster.addons.defender = false;
            delete s.cluster.addons.imageCleanerIntervalHours;
        });
        const profile = securityProfile(spec.cluster, WORKSPACE);
        expect(profile).not.toHaveProperty("defender");
        expect(profile.imageCleaner).toEqual({ enabled: false });
    });
});

describe("networkProfile and apiServerAccessProfile", () => {
    test("the network settings are sent under AKS's names", () => {
        const cluster = stackSpec("prod").cluster;
        expect(networkProfile(cluster)).toMatchObject({
            networkPlugin: cluster.network.plugin,
            networkDataplane: cluster.network.dataplane,
            networkPolicy: cluster.network.policy,
            podCidr: cluster.network.podCidr,
            serviceCidr: cluster.network.serviceCidr,
            dnsServiceIP: cluster.network.dnsServiceIp,
        });
    });

    test.each([
        { name: "a private cluster sends no authorized ranges; with VNet integration, the API server subnet", stack: "prod" as const, want: { enablePrivateCluster: true, enableVnetIntegration: true, subnetId: "snet-apiserver-id" } },
        { name: "a public cluster sends its authorized ranges", stack: "dev" as const, want: { enablePrivateCluster: false, authorizedIPRanges: ["203.0.113.0/24", "198.51.100.17/32"] } },
    ])("$name", ({ stack, want }) => {
        expect(apiServerAccessProfile(stackSpec(stack).cluster, "snet-apiserver-id")).toEqual(want);
    });
});

describe("autoScalerProfile", () => {
    test("booleans are sent as the strings the API takes", () => {
        const profile = autoScalerProfile(stackSpec("prod").cluster);
        expect(profile).toMatchObject({ expander: "least-waste", balanceSimilarNodeGroups: "true", scaleDownUnneededTime: "15m" });
        expect(typeof profile.skipNodesWithSystemPods).toBe("string");
    });
});

describe("maintenance configurations", () => {
    test("both windows become the two AKS-managed schedules", () => {
        const configs = maintenanceConfigurations(stackSpec("prod").cluster);
        expect(configs.map((c) => c.configName)).toEqual(["aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule"]);
        expect(maintenanceWindow(configs[0]!.window)).toEqual({
            schedule: { weekly: { dayOfWeek: "Sunday", intervalWeeks: 1 } },
            durationHours: 6,
            startTime: "02:00",
            utcOffset: "+00:00",
        });
    });

    test("an absent window creates no configuration", () => {
        const spec = editedSpec("prod", (s) => {
            delete s.cluster.upgrades.clusterWindow;
        });
        expect(maintenanceConfigurations(spec.cluster).map((c) => c.configName)).toEqual(["aksManagedNodeOSUpgradeSchedule"]);
    });
});

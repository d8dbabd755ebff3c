/** stackConfigSchema: the documented defaults, resolved into the PlatformSpec shape. */
import { SPOT_TAINT, stackConfigSchema, type StackConfig } from "../../config/schema";
import { keysAt } from "../../config/zod-issues";
import { minimalRawConfig, type RawYaml } from "./fixtures";

function resolve(change: (raw: RawYaml) => void = () => undefined): StackConfig {
    const raw = minimalRawConfig();
    change(raw);
    return stackConfigSchema.parse(raw);
}

describe("cluster defaults", () => {
    test("are the secure ones documented in docs/configuration.md", () => {
        const { cluster, resourceGroup } = resolve();
        expect(resourceGroup).toEqual({ name: "rg-test", create: true, protect: false });
        expect(cluster).toMatchObject({ protect: true, registries: [], apiServer: { vnetIntegration: false }, entraId: { deployerRole: "clusterAdmin" } });
        expect(cluster).toMatchObject({
            kubernetesVersion: "1.33",
            tier: "Standard",
            entraId: { enabled: true, azureRbac: true, adminGroupObjectIds: [] },
            disableLocalAccounts: true,
            oidcIssuer: true,
            addons: { azurePolicy: true, keyVaultSecretsProvider: true, secretRotationInterval: "2m", workloadIdentity: true, defender: false, monitoring: true },
            monitoring: { enabled: true, retentionDays: 30, controlPlaneLogs: ["kube-audit-admin", "kube-apiserver", "kube-controller-manager", "cluster-autoscaler", "guard"] },
            encryption: {},
            upgrades: {
                channel: "patch",
                nodeOsChannel: "NodeImage",
                clusterWindow: { dayOfWeek: "Sunday", intervalWeeks: 1, startTime: "00:00", utcOffset: "+00:00", durationHours: 8 },
                nodeOsWindow: { dayOfWeek: "Saturday", intervalWeeks: 1, startTime: "00:00", utcOffset: "+00:00", durationHours: 8 },
            },
            autoscalerProfile: {
                expander: "least-waste", balanceSimilarNodeGroups: false, scaleDownUnneededTime: "10m", scaleDownUtilizationThreshold: "0.5",
                maxNodeProvisionTime: "15m", skipNodesWithSystemPods: true, skipNodesWithLocalStorage: false,
            },
            tags: {},
        });
        expect(cluster.addons.imageCleanerIntervalHours).toBe(168);
        expect(cluster.apiServer.commandInvoke).toBe(false);
        expect(cluster.fleet).toBeUndefined();
    });

    test("a null Image Cleaner interval turns it off", () => {
        expect(resolve((r) => { r.cluster.addons = { imageCleanerIntervalHours: null }; }).cluster.addons.imageCleanerIntervalHours).toBeUndefined();
    });

    test("monitoring off also turns the monitoring add-on off", () => {
        expect(resolve((r) => { r.cluster.monitoring = { enabled: false }; }).cluster.addons.monitoring).toBe(false);
    });

    test("null maintenance windows mean upgrades at any time", () => {
        const { upgrades } = resolve((r) => { r.cluster.upgrades = { clusterWindow: null, nodeOsWindow: null }; }).cluster;
        expect(upgrades).toEqual({ channel: "patch", nodeOsChannel: "NodeImage" });
    });

    test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
        ["Azure CNI defaults to Overlay with the Cilium dataplane and policy", {}, { plugin: "azure", pluginMode: "overlay", dataplane: "cilium", policy: "cilium" }],
        ["pluginMode null selects Azure CNI on the node subnet, azure dataplane, no policy", { pluginMode: null }, { plugin: "azure", dataplane: "azure", policy: "none" }],
        ["kubenet has no plugin mode and the azure dataplane", { plugin: "kubenet" }, { plugin: "kubenet", dataplane: "azure", policy: "none" }],
        ["a declared policy is kept", { plugin: "kubenet", policy: "calico" }, { plugin: "kubenet", dataplane: "azure", policy: "calico" }],
    ])("network: %s", (_name, network, expected) => {
        const resolved = resolve((r) => { r.cluster.network = network; }).cluster.network;
        expect(resolved).toEqual({ ...expected, podCidr: "10.244.0.0/16", serviceCidr: "10.0.0.0/16", dnsServiceIp: "10.0.0.10" });
        expect("pluginMode" in resolved).toBe(expected.pluginMode !== undefined);
    });
});

describe("node pool defaults", () => {
    test("the system pool defaults to mode System and user pools to mode User", () => {
        const { cluster } = resolve();
        expect([cluster.systemPool.mode, cluster.nodePools[0].mode]).toEqual(["System", "User"]);
    });

    test("a pool gets the catalog capacity, canonical size name and the AKS defaults", () => {
        const pool = resolve((r) => { r.nodePools[0].vmSize = "standard_d4ds_v5"; }).cluster.nodePools[0];
        expect(pool).toEqual({
            name: "general", mode: "User", vmSize: "Standard_D4ds_v5",
            capacity: { vcpus: 4, memoryGiB: 16, tempDiskGiB: 150, cacheDiskGiB: 0, architecture: "amd64", burstable: false, gpu: undefined, maxDataDisks: 8 },
            zones: [], count: 1, autoscaling: { minCount: 1, maxCount: 3 }, maxPods: 250,
            osType: "Linux", osSku: "Ubuntu", osDiskType: "Ephemeral", osDiskSizeGB: 150,
            labels: {}, taints: [],
            upgrade: { maxSurge: "10%", maxUnavailable: "0", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 },
            gpuDevicePlugin: false, enableNodePublicIP: false, enableEncryptionAtHost: false,
        });
    });

    test.each<[string, Record<string, unknown>, number]>([
        ["Azure CNI Overlay", {}, 250],
        ["Azure CNI on the node subnet", { pluginMode: null, dataplane: "azure", policy: "none" }, 30],
        ["kubenet", { plugin: "kubenet" }, 110],
    ])("maxPods defaults by network plugin: %s gives %i", (_name, network, maxPods) => {
        const { cluster } = resolve((r) => { r.cluster.network = network; });
        expect([cluster.systemPool.maxPods, cluster.nodePools[0].maxPods]).toEqual([maxPods, maxPods]);
    });

    test("a declared maxPods wins over the network default", () => {
        expect(resolve((r) => { r.nodePools[0].maxPods = 60; }).cluster.nodePools[0].maxPods).toBe(60);
    });

    test.each<[string, unknown]>([["spot: true", true], ["a spot object", { evictionPolicy: "Deallocate", maxPrice: 0.05 }]])(
        "%s adds the spot taint AKS writes back, and no spot label",
        (_name, spot) => {
            const pool = resolve((r) => { r.nodePools[0].spot = spot; r.nodePools[0].labels = { team: "batch" }; }).cluster.nodePools[0];
            expect(pool.taints).toEqual([SPOT_TAINT]);
            expect(pool.labels).toEqual({ team: "batch" });
            expect(pool.spot).toEqual(spot === true ? { evictionPolicy: "Delete", maxPrice: -1 } : spot);
        },
    );

    test("a spot pool defaults to no surge nodes, replacing one node at a time", () => {
        const pool = resolve((r) => { r.nodePools[0].spot = true; }).cluster.nodePools[0];
        expect(pool.upgrade).toEqual({ maxSurge: "0", maxUnavailable: "1", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 });
    });

    test("a spot pool keeps declared surge settings", () => {
        const pool = resolve((r) => { r.nodePools[0].spot = true; r.nodePools[0].upgrade = { maxSurge: "0", maxUnavailable: "33%" }; }).cluster.nodePools[0];
        expect(pool.upgrade).toMatchObject({ maxSurge: "0", maxUnavailable: "33%" });
    });

    test("a declared spot taint is not added twice", () => {
        const pool = resolve((r) => { r.nodePools[0].spot = true; r.nodePools[0].taints = ["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"]; }).cluster.nodePools[0];
        expect(pool.taints).toEqual([SPOT_TAINT]);
    });

    test("spot: false is a regular pool without the spot taint", () => {
        const pool = resolve((r) => { r.nodePools[0].spot = false; }).cluster.nodePools[0];
        expect(pool.spot).toBeUndefined();
        expect(pool.taints).toEqual([]);
    });

    test("zones and surge written as YAML numbers become strings", () => {
        const pool = resolve((r) => { r.nodePools[0].zones = [1, 2]; r.nodePools[0].upgrade = { maxSurge: 1 }; }).cluster.nodePools[0];
        expect(pool.zones).toEqual(["1", "2"]);
        expect(pool.upgrade.maxSurge).toBe("1");
    });

    test("a Windows pool defaults to Windows Server 2022", () => {
        const pool = resolve((r) => { r.nodePools[0] = { name: "win", vmSize: "Standard_D4s_v5", count: 1, osType: "Windows" }; }).cluster.nodePools[0];
        expect(pool).toMatchObject({ osSku: "Windows2022", osDiskType: "Managed", osDiskSizeGB: 128 });
    });
});

describe("keysAt", () => {
    test.each<[string, (string | number)[], string[] | undefined]>([
        ["the top level", [], ["location", "resourceGroup", "cluster", "vnet", "registries", "namespaces", "systemPool", "nodePools", "workloads", "priorityClasses", "placement", "changeImpact"]],
        ["a pool in the list, through the transform", ["nodePools", 0, "autoscaling"], ["minCount", "maxCount"]],
        ["a defaulted nested object", ["cluster", "monitoring"], ["enabled", "retentionDays", "controlPlaneLogs"]],
        ["the object branch of a union", ["nodePools", 0, "taints", 0], ["key", "value", "effect"]],
        ["a value that is not an object", ["location"], undefined],
        ["a key the schema does not have", ["nope"], undefined],
    ])("lists the keys of %s", (_name, path, keys) => {
        expect(keysAt(stackConfigSchema, path)).toEqual(keys);
    });
});

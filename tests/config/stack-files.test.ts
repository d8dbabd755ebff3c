/** The three committed stack files parse, and resolve to the values that make each environment what it is. */
import * as path from "node:path";
import { loadPlatformSpec } from "../../config/load";
import type { PlatformSpec } from "../../config/platform-spec";

const PROJECT_DIR = path.resolve(__dirname, "../..");
const load = (stack: string): PlatformSpec => loadPlatformSpec(stack, PROJECT_DIR);
const SPOT_TAINT = { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" };
const CRITICAL_ADDONS = { key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" };

describe("the committed stack files", () => {
    test.each(["dev", "staging", "prod"])("%s parses with the secure defaults in place", (stack) => {
        const spec = load(stack);
        expect(spec.stack).toBe(stack);
        expect(spec.location).toBe("westeurope");
        expect(spec.cluster.entraId).toMatchObject({ enabled: true, azureRbac: true });
        expect(spec.cluster.disableLocalAccounts).toBe(true);
        expect(spec.cluster.oidcIssuer).toBe(true);
        expect(spec.cluster.addons).toMatchObject({ workloadIdentity: true, azurePolicy: true, keyVaultSecretsProvider: true, secretRotationInterval: "2m", monitoring: true });
        expect(spec.cluster.network).toEqual({
            plugin: "azure", pluginMode: "overlay", dataplane: "cilium", policy: "cilium",
            podCidr: "10.244.0.0/16", serviceCidr: "10.0.0.0/16", dnsServiceIp: "10.0.0.10",
        });
        expect(spec.cluster.upgrades).toMatchObject({ channel: "patch", nodeOsChannel: "NodeImage" });
        expect(spec.cluster.upgrades.clusterWindow).toBeDefined();
        expect(spec.cluster.upgrades.nodeOsWindow).toBeDefined();
        expect([spec.cluster.systemPool, ...spec.cluster.nodePools].every((p) => p.maxPods === 250)).toBe(true);
        // The node-pool component refuses surge nodes on spot pools; every committed spot pool must agree.
        expect(spec.cluster.nodePools.filter((p) => p.spot !== undefined).map((p) => p.upgrade.maxSurge)).toEqual(
            stack === "prod" ? [] : ["0"],
        );
    });

    test("dev is small and cheap: Free tier, one zone, two system nodes, a spot pool scaling from zero", () => {
        const { cluster } = load("dev");
        expect(cluster.tier).toBe("Free");
        expect(cluster.apiServer).toEqual({ authorizedIpRanges: ["203.0.113.0/24", "198.51.100.17/32"], privateCluster: false, vnetIntegration: false });
        expect(cluster.monitoring.retentionDays).toBe(30);
        expect(cluster.systemPool).toMatchObject({ mode: "System", vmSize: "Standard_D2ds_v5", count: 2, zones: ["1"], osDiskType: "Ephemeral", osDiskSizeGB: 64 });
        const [general, spot] = cluster.nodePools;
        expect(general).toMatchObject({ name: "general", mode: "User", autoscaling: { minCount: 1, maxCount: 3 }, count: 1, osDiskType: "Ephemeral", osDiskSizeGB: 150 });
        expect(spot).toMatchObject({ name: "spot", autoscaling: { minCount: 0, maxCount: 3 }, count: 0, spot: { evictionPolicy: "Delete", maxPrice: -1 } });
        expect(spot.taints).toEqual([SPOT_TAINT]);
        expect(spot.labels).toEqual({ "workload.example.com/class": "interruptible" });
    });

    test("staging is prod-shaped: Standard tier, three zones, a CriticalAddonsOnly system pool of three, spot", () => {
        const { cluster } = load("staging");
        expect(cluster.tier).toBe("Standard");
        expect(cluster.systemPool).toMatchObject({ count: 3, zones: ["1", "2", "3"], taints: [CRITICAL_ADDONS] });
        expect(cluster.nodePools.map((p) => p.name)).toEqual(["general", "spot"]);
        expect(cluster.nodePools[1].taints).toEqual([SPOT_TAINT]);
        expect(cluster.monitoring.retentionDays).toBe(60);
    });

    test("prod is private, zonal, with general, memory and GPU pools and a year of logs", () => {
        const { cluster } = load("prod");
        expect(cluster.tier).toBe("Standard");
        expect(cluster.apiServer).toEqual({ authorizedIpRanges: [], privateCluster: true, vnetIntegration: true, deployFrom: { subnet: "snet-runners" } });
        expect(cluster.vnet).toMatchObject({ name: "vnet-aks-platform-prod", egress: { type: "natGateway" } });
        expect(cluster.protect).toBe(true);
        expect(cluster.monitoring.retentionDays).toBe(365);
        expect(cluster.systemPool).toMatchObject({ vmSize: "Standard_D4ds_v5", count: 3, osDiskType: "Ephemeral", osDiskSizeGB: 128, taints: [CRITICAL_ADDONS] });
        const byName = Object.fromEntries(cluster.nodePools.map((p) => [p.name, p]));
        expect(Object.keys(byName)).toEqual(["general", "memory", "gpu"]);
        expect(byName.memory.capacity.memoryGiB).toBe(64);
        expect(byName.gpu).toMatchObject({
            vmSize: "Standard_NC4as_T4_v3", gpuDevicePlugin: true, count: 0, autoscaling: { minCount: 0, maxCount: 6 },
            taints: [{ key: "sku", value: "gpu", effect: "NoSchedule" }],
        });
        expect(byName.gpu.capacity.gpu).toEqual({ count: 1, model: "NVIDIA Tesla T4 16 GB" });
        expect(cluster.upgrades.clusterWindow).toEqual({ dayOfWeek: "Sunday", intervalWeeks: 1, startTime: "02:00", utcOffset: "+00:00", durationHours: 6 });
    });
});

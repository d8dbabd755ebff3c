import { CREATE_ONLY_AGENT_POOL_PROPERTIES, SPOT_NODE_LABEL, agentPoolProperties } from "../../components/agent-pool-properties";
import { spotPool, userPool } from "./fixtures";

describe("agentPoolProperties", () => {
    test.each([
        {
            name: "a fixed-size pool sends its count and no autoscaler bounds",
            pool: userPool({ autoscaling: undefined, count: 4 }),
            want: { count: 4, enableAutoScaling: false, minCount: undefined, maxCount: undefined },
        },
        {
            name: "an autoscaled pool sends its bounds and its initial count",
            pool: userPool({ autoscaling: { minCount: 2, maxCount: 9 }, count: 2 }),
            want: { count: 2, enableAutoScaling: true, minCount: 2, maxCount: 9 },
        },
    ])("$name", ({ pool, want }) => {
        const props = agentPoolProperties(pool);
        expect({ count: props.count, enableAutoScaling: props.enableAutoScaling, minCount: props.minCount, maxCount: props.maxCount }).toEqual(want);
    });

    test.each([
        { name: "a zonal pool lists its zones", zones: ["1", "2", "3"], want: ["1", "2", "3"] },
        { name: "a regional pool sends no availabilityZones, as AKS returns none", zones: [], want: undefined },
    ])("$name", ({ zones, want }) => {
        expect(agentPoolProperties(userPool({ zones })).availabilityZones).toEqual(want);
    });

    test("taints are rendered in AKS's key=value:Effect form, a taint without value as key:Effect", () => {
        const props = agentPoolProperties(userPool({
            taints: [
                { key: "sku", value: "gpu", effect: "NoSchedule" },
                { key: "dedicated", effect: "NoExecute" },
            ],
        }));
        expect(props.nodeTaints).toEqual(["sku=gpu:NoSchedule", "dedicated:NoExecute"]);
    });

    test("a spot pool is Spot priority with its eviction policy, price, label and taint, and no maxSurge", () => {
        const pool = spotPool({ spot: { evictionPolicy: "Deallocate", maxPrice: 0.25 } });
        const props = agentPoolProperties(pool);
        expect(props).toMatchObject({
            scaleSetPriority: "Spot",
            scaleSetEvictionPolicy: "Deallocate",
            spotMaxPrice: 0.25,
            nodeLabels: { ...pool.labels, [SPOT_NODE_LABEL.key]: "spot" },
        });
        expect(props.nodeTaints).toContain("kubernetes.azure.com/scalesetpriority=spot:NoSchedule");
        expect(props.upgradeSettings).toEqual({
            maxUnavailable: pool.upgrade.maxUnavailable,
            drainTimeoutInMinutes: pool.upgrade.drainTimeoutInMinutes,
            nodeSoakDurationInMinutes: pool.upgrade.nodeSoakDurationInMinutes,
        });
    });

    test("a regular pool is Regular priority with no spot fields or label, and keeps its maxSurge", () => {
        const pool = userPool({ upgrade: { maxSurge: "33%", maxUnavailable: "0", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 5 } });
        const props = agentPoolProperties(pool);
        expect(props.scaleSetPriority).toBe("Regular");
        expect(props).not.toHaveProperty("scaleSetEvictionPolicy");
        expect(props).not.toHaveProperty("spotMaxPrice");
        expect(props.nodeLabels).toEqual(pool.labels);
        expect(props.upgradeSettings).toEqual({ maxSurge: "33%", maxUnavailable: "0", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 5 });
    });

    test("OS, disk, pods, public IP and encryption come from the spec unchanged", () => {
        const pool = userPool({ osType: "Linux", osSku: "Ubuntu2204", osDiskType: "Ephemeral", osDiskSizeGB: 100, maxPods: 60, enableEncryptionAtHost: true, enableNodePublicIP: false });
        expect(agentPoolProperties(pool)).toMatchObject({
            type: "VirtualMachineScaleSets",
            mode: "User",
            vmSize: pool.vmSize,
            osType: "Linux",
            osSKU: "Ubuntu2204",
            osDiskType: "Ephemeral",
            osDiskSizeGB: 100,
            maxPods: 60,
            enableEncryptionAtHost: true,
            enableNodePublicIP: false,
        });
    });

    test.each([
        { name: "a pool pinned to a Kubernetes version sends orchestratorVersion", version: "1.32", want: "1.32" },
        { name: "a pool following the control plane sends no orchestratorVersion", version: undefined, want: undefined },
    ])("$name", ({ version, want }) => {
        expect(agentPoolProperties(userPool({ orchestratorVersion: version })).orchestratorVersion).toBe(want);
    });

    test("the create-only list names only properties the renderer sends", () => {
        const props = agentPoolProperties(spotPool({ zones: ["1"] }), { vnetSubnetId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/n" });
        const sent = Object.keys(props);
        expect(CREATE_ONLY_AGENT_POOL_PROPERTIES.filter((p) => !sent.includes(p))).toEqual([]);
    });
});

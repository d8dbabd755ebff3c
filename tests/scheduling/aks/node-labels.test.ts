import { InvalidObjectError } from "../../../scheduling/model/errors";
import {
    AKS_NODE_LABEL_KEYS,
    nodeHostname,
    nodeLabels,
    nodeTaints,
    poolMetadataViolations,
    SPOT_TAINT,
} from "../../../scheduling/aks/node-labels";
import { cluster, pool } from "./fixtures";

describe("nodeLabels: what AKS puts on a node", () => {
    test("a zonal user node carries the pool, mode, OS, arch, size, region, zone and storage labels", () => {
        const labels = nodeLabels(pool(), { ...cluster(), name: "prod", nodeResourceGroup: "MC_rg_prod_westeurope" }, { index: 1, zone: "2" });
        expect(labels).toMatchObject({
            "kubernetes.azure.com/agentpool": "user1",
            agentpool: "user1",
            "kubernetes.azure.com/mode": "user",
            "kubernetes.azure.com/role": "agent",
            "kubernetes.azure.com/managedby": "aks",
            "kubernetes.azure.com/cluster": "MC_rg_prod_westeurope",
            "kubernetes.azure.com/os-sku": "AzureLinux",
            "kubernetes.azure.com/priority": "regular",
            "kubernetes.azure.com/storageprofile": "managed",
            "kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64",
            "node.kubernetes.io/instance-type": "Standard_D4ds_v5",
            "topology.kubernetes.io/region": "westeurope",
            "topology.kubernetes.io/zone": "westeurope-2",
        });
        expect(labels["kubernetes.io/hostname"]).toMatch(/^aks-user1-\d{8}-vmss000001$/);
    });

    test("a regular node has no scalesetpriority label and no accelerator label", () => {
        const labels = nodeLabels(pool(), cluster(), { index: 0, zone: "1" });
        expect(labels).not.toHaveProperty("kubernetes.azure.com/scalesetpriority");
        expect(labels).not.toHaveProperty("kubernetes.azure.com/accelerator");
    });

    test("a regional system node reads fault domain zone \"0\" and mode system", () => {
        const labels = nodeLabels(pool({ name: "system", mode: "System", zones: [] }), cluster(), { index: 0 });
        expect(labels["topology.kubernetes.io/zone"]).toBe("0");
        expect(labels["kubernetes.azure.com/mode"]).toBe("system");
    });

    test("a spot node reads priority spot and scalesetpriority spot", () => {
        const labels = nodeLabels(pool({ spot: { evictionPolicy: "Delete", maxPrice: -1 } }), cluster(), { index: 0, zone: "1" });
        expect(labels["kubernetes.azure.com/priority"]).toBe("spot");
        expect(labels["kubernetes.azure.com/scalesetpriority"]).toBe("spot");
    });

    test("a GPU size gets accelerator=nvidia, prefixed and legacy", () => {
        const labels = nodeLabels(pool({ vmSize: "Standard_NC4as_T4_v3" }), cluster(), { index: 0, zone: "1" });
        expect(labels["kubernetes.azure.com/accelerator"]).toBe("nvidia");
        expect(labels.accelerator).toBe("nvidia");
    });

    test("an ephemeral OS disk reads storageprofile=ephemeral (Azure/AgentBaker#264)", () => {
        expect(nodeLabels(pool({ osDiskType: "Ephemeral" }), cluster(), { index: 0, zone: "1" })["kubernetes.azure.com/storageprofile"]).toBe("ephemeral");
    });

    test("an arm64 Windows node reads its arch, os and Windows build", () => {
        const labels = nodeLabels(pool({ name: "win1", vmSize: "Standard_D4ps_v5", osType: "Windows", osSku: "Windows2019" }), cluster(), { index: 0, zone: "1" });
        expect(labels).toMatchObject({ "kubernetes.io/arch": "arm64", "kubernetes.io/os": "windows", "node.kubernetes.io/windows-build": "10.0.17763", "kubernetes.azure.com/os-sku": "Windows2019" });
    });

    test("a location written as a display name is normalised: \"West Europe\" → westeurope-3", () => {
        const labels = nodeLabels(pool(), cluster({ location: "West Europe" }), { index: 2, zone: "3" });
        expect(labels["topology.kubernetes.io/region"]).toBe("westeurope");
        expect(labels["topology.kubernetes.io/zone"]).toBe("westeurope-3");
    });

    test("without a node resource group the kubernetes.azure.com/cluster label is not invented", () => {
        expect(nodeLabels(pool(), cluster(), { index: 0, zone: "1" })).not.toHaveProperty("kubernetes.azure.com/cluster");
    });

    test("the pool's own labels are added", () => {
        const labels = nodeLabels(pool({ labels: { "example.com/team": "payments", tier: "" } }), cluster(), { index: 0, zone: "1" });
        expect(labels["example.com/team"]).toBe("payments");
        expect(labels.tier).toBe("");
    });

    test("every label AKS sets is listed in AKS_NODE_LABEL_KEYS (spot GPU Windows node with a resource group)", () => {
        const everything = pool({ vmSize: "Standard_NC4as_T4_v3", osType: "Windows", osSku: "Windows2022", spot: { evictionPolicy: "Delete", maxPrice: -1 } });
        const keys = Object.keys(nodeLabels(everything, { ...cluster(), nodeResourceGroup: "MC_x" }, { index: 0, zone: "1" }));
        expect(keys.filter((k) => !AKS_NODE_LABEL_KEYS.includes(k))).toEqual([]);
    });
});

describe("nodeHostname: aks-<pool>-<8 digits>-vmss<6 base-36>", () => {
    const prod = { ...cluster(), name: "prod" };

    test("is the same for the same inputs", () => {
        expect(nodeHostname(pool(), prod, 0)).toBe(nodeHostname(pool(), { ...cluster(), name: "prod" }, 0));
    });

    test("pools of one cluster share the 8 digits, different clusters do not", () => {
        const digits = (name: string, clusterName: string): string => nodeHostname(pool({ name }), { ...cluster(), name: clusterName }, 0).split("-")[2];
        expect(digits("user1", "prod")).toBe(digits("system", "prod"));
        expect(digits("user1", "prod")).not.toBe(digits("user1", "staging"));
    });

    test.each([
        [0, "vmss000000"],
        [9, "vmss000009"],
        [10, "vmss00000a"],
        [36, "vmss000010"],
        [999, "vmss0000rr"],
    ])("instance %i ends in %s", (index, suffix) => {
        expect(nodeHostname(pool(), prod, index).endsWith(`-${suffix}`)).toBe(true);
    });

    test("a negative instance number is rejected", () => {
        expect(() => nodeHostname(pool(), prod, -1)).toThrow("NodePool/user1: count: node index -1 is outside 0–2176782335");
    });
});

describe("nodeTaints", () => {
    test("a regular pool keeps exactly its declared taints; a value-less taint has no value key", () => {
        const taints = nodeTaints(pool({ taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }, { key: "dedicated", effect: "NoExecute" }] }));
        expect(taints).toEqual([
            { key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" },
            { key: "dedicated", effect: "NoExecute" },
        ]);
    });

    test("a pool without taints has none", () => {
        expect(nodeTaints(pool())).toEqual([]);
    });

    test("a spot pool gets the spot taint even if the spec omitted it", () => {
        expect(nodeTaints(pool({ spot: { evictionPolicy: "Delete", maxPrice: -1 } }))).toEqual([{ ...SPOT_TAINT }]);
    });

    test("a spot pool that declares the spot taint has it once", () => {
        expect(nodeTaints(pool({ spot: { evictionPolicy: "Delete", maxPrice: -1 }, taints: [{ ...SPOT_TAINT }] }))).toEqual([{ ...SPOT_TAINT }]);
    });

    test("a GPU pool gets no automatic taint (DOC-GPU: none is added)", () => {
        expect(nodeTaints(pool({ vmSize: "Standard_NC4as_T4_v3", gpuDevicePlugin: true }))).toEqual([]);
    });
});

describe("pool label and taint validation", () => {
    test.each([
        ["a domain-prefixed key", { "example.com/team": "a" }],
        ["a plain key with dots, dashes and underscores", { "my_label.v-1": "x.y_z-1" }],
        ["an empty value", { tier: "" }],
        ["the kubelet-allowed node.kubernetes.io namespace", { "node.kubernetes.io/purpose": "batch" }],
    ])("accepts %s", (_name, labels) => {
        expect(poolMetadataViolations(pool({ labels }))).toEqual([]);
        expect(() => nodeLabels(pool({ labels }), cluster(), { index: 0, zone: "1" })).not.toThrow();
    });

    test.each([
        ["the kubernetes.azure.com/ prefix", { "kubernetes.azure.com/scalesetpriority": "spot" }, 'NodePool/user1: labels["kubernetes.azure.com/scalesetpriority"]: the prefix "kubernetes.azure.com/" is reserved by AKS (reserved: "kubernetes.azure.com/", "kubernetes.io/"); use your own domain, e.g. "example.com/scalesetpriority"'],
        ["the kubernetes.io/ prefix", { "kubernetes.io/role": "db" }, 'NodePool/user1: labels["kubernetes.io/role"]: the prefix "kubernetes.io/" is reserved by AKS'],
        ["a kubernetes.io sub-domain the kubelet refuses", { "topology.kubernetes.io/zone": "x" }, 'NodePool/user1: labels["topology.kubernetes.io/zone"]: the kubelet refuses node labels under "topology.kubernetes.io/"'],
        ["a key AKS sets itself", { agentpool: "other" }, 'NodePool/user1: labels["agentpool"]: AKS sets the label "agentpool" itself; choose another key'],
        ["a key starting with a dash", { "-bad": "x" }, 'NodePool/user1: labels["-bad"]: label key name "-bad" is invalid'],
        ["an upper-case prefix", { "Example.com/team": "x" }, 'NodePool/user1: labels["Example.com/team"]: label key prefix "Example.com" is not a DNS subdomain'],
        ["two slashes", { "a/b/c": "x" }, `NodePool/user1: labels["a/b/c"]: label key "a/b/c" has more than one '/'`],
        ["a value with a space", { team: "two words" }, 'NodePool/user1: labels["team"]: label value "two words" is invalid'],
        ["a 64-character value", { team: "a".repeat(64) }, 'NodePool/user1: labels["team"]: label value'],
    ])("rejects %s, naming the pool and the key", (_name, labels, message) => {
        expect(() => nodeLabels(pool({ labels }), cluster(), { index: 0, zone: "1" })).toThrow(InvalidObjectError);
        expect(() => nodeLabels(pool({ labels }), cluster(), { index: 0, zone: "1" })).toThrow(message);
    });

    test.each([
        ["a bad taint key", [{ key: "bad key", effect: "NoSchedule" as const }], 'NodePool/user1: taints[0].key: taint key name "bad key" is invalid'],
        ["a bad taint value", [{ key: "k", value: "a b", effect: "NoSchedule" as const }], 'NodePool/user1: taints[0].value: taint value "a b" is invalid'],
        ["an unknown effect", [{ key: "k", effect: "NoScheduled" as "NoSchedule" }], 'NodePool/user1: taints[0].effect: "NoScheduled" is not a taint effect; expected one of NoSchedule, PreferNoSchedule, NoExecute'],
        ["a duplicate key and effect", [{ key: "k", value: "a", effect: "NoSchedule" as const }, { key: "k", value: "b", effect: "NoSchedule" as const }], 'NodePool/user1: taints[1]: duplicates taints[0] (same key "k" and effect NoSchedule)'],
    ])("rejects %s", (_name, taints, message) => {
        expect(() => nodeTaints(pool({ taints }))).toThrow(message);
    });

    test("the same key with two effects is two taints, not a duplicate", () => {
        const taints = [{ key: "k", effect: "NoSchedule" as const }, { key: "k", effect: "NoExecute" as const }];
        expect(nodeTaints(pool({ taints }))).toHaveLength(2);
    });

    test("poolMetadataViolations lists every problem at once", () => {
        const violations = poolMetadataViolations(pool({ labels: { "kubernetes.io/a": "x", b: "bad value" }, taints: [{ key: "k", effect: "Nope" as "NoSchedule" }] }));
        expect(violations.map((v) => v.field)).toEqual(['labels["kubernetes.io/a"]', 'labels["b"]', "taints[0].effect"]);
    });
});

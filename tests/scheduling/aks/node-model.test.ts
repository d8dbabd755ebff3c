import { InvalidObjectError } from "../../../scheduling/model/errors";
import { buildPoolNodes, poolNodeCounts } from "../../../scheduling/aks/node-model";
import { nodeResources } from "../../../scheduling/aks/reservations";
import { cluster, pool } from "./fixtures";

const zoneOf = (node: { metadata?: { labels?: Record<string, string> } }): string | undefined => node.metadata?.labels?.["topology.kubernetes.io/zone"];

describe("buildPoolNodes: zone spreading", () => {
    test("5 nodes over zones 1,2,3 go round-robin: 1,2,3,1,2", () => {
        const nodes = buildPoolNodes(pool(), cluster(), { count: 5 });
        expect(nodes.map(zoneOf)).toEqual(["westeurope-1", "westeurope-2", "westeurope-3", "westeurope-1", "westeurope-2"]);
    });

    test("dropping a lost zone spreads 4 nodes over the two left: 1,3,1,3", () => {
        const nodes = buildPoolNodes(pool(), cluster(), { count: 4, zones: ["1", "3"] });
        expect(nodes.map(zoneOf)).toEqual(["westeurope-1", "westeurope-3", "westeurope-1", "westeurope-3"]);
    });

    test("a regional pool's nodes all read fault domain 0", () => {
        expect(buildPoolNodes(pool({ zones: [] }), cluster(), { count: 2 }).map(zoneOf)).toEqual(["0", "0"]);
    });

    test("first builds the later VMSS instances, as a bigger build would", () => {
        const all = buildPoolNodes(pool(), cluster(), { count: 5 });
        expect(buildPoolNodes(pool(), cluster(), { count: 2, first: 3 })).toEqual(all.slice(3));
    });

    test("a first instance number below 0 is refused", () => {
        expect(() => buildPoolNodes(pool(), cluster(), { count: 1, first: -1 })).toThrow("NodePool/user1: first (buildPoolNodes option): must be a whole number ≥ 0, got -1");
    });

    test("count 0 builds no node", () => {
        expect(buildPoolNodes(pool(), cluster(), { count: 0 })).toEqual([]);
    });

    test.each([
        ["a zone the pool does not have", pool(), { count: 1, zones: ["4"] }, 'NodePool/user1: zones (buildPoolNodes option): zone "4" is not one of the pool\'s zones ["1","2","3"]'],
        ["no zone left for a zonal pool", pool(), { count: 1, zones: [] }, 'NodePool/user1: zones (buildPoolNodes option): is empty; a zonal pool needs at least one of its zones ["1","2","3"]'],
        ["a zone listed twice", pool(), { count: 1, zones: ["1", "1"] }, 'NodePool/user1: zones (buildPoolNodes option): zone "1" is listed twice; list each zone once'],
        ["zones for a regional pool", pool({ zones: [] }), { count: 1, zones: ["1"] }, 'NodePool/user1: zones (buildPoolNodes option): ["1"] given for a regional pool (no availability zones); leave it out'],
        ["a pool listing a zone twice", pool({ zones: ["1", "2", "1"] }), { count: 1 }, 'NodePool/user1: zones: zone "1" is listed twice; list each zone once'],
        ["a negative count", pool(), { count: -1 }, "NodePool/user1: count (buildPoolNodes option): must be a whole number ≥ 0, got -1"],
        ["a fractional count", pool(), { count: 1.5 }, "NodePool/user1: count (buildPoolNodes option): must be a whole number ≥ 0, got 1.5"],
    ])("rejects %s", (_name, p, options, message) => {
        expect(() => buildPoolNodes(p, cluster(), options)).toThrow(InvalidObjectError);
        expect(() => buildPoolNodes(p, cluster(), options)).toThrow(message);
    });
});

describe("buildPoolNodes: each node is a full Node object", () => {
    const spot = pool({ name: "spot1", maxPods: 110, spot: { evictionPolicy: "Delete", maxPrice: -1 }, orchestratorVersion: "1.32.4" });
    const [node] = buildPoolNodes(spot, { ...cluster(), name: "prod" }, { count: 1 });

    test("metadata.name is the hostname label", () => {
        expect(node.metadata?.name).toMatch(/^aks-spot1-\d{8}-vmss000000$/);
        expect(node.metadata?.name).toBe(node.metadata?.labels?.["kubernetes.io/hostname"]);
    });

    test("spec.taints holds the spot taint", () => {
        expect(node.spec?.taints).toEqual([{ key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" }]);
    });

    test("a pool without taints gives nodes without spec.taints", () => {
        expect(buildPoolNodes(pool(), cluster(), { count: 1 })[0].spec?.taints).toBeUndefined();
    });

    test("status capacity and allocatable are the node model's (1.32, 110 pods: 16103344 − 2350×1024 = 13696944Ki)", () => {
        expect(node.status?.allocatable).toEqual(nodeResources(spot, "1.33").allocatable);
        expect(node.status?.allocatable?.memory).toBe("13696944Ki");
        expect(node.status?.capacity?.cpu).toBe("4000m");
    });

    test("nodeInfo states the pool's kubelet version, OS image, architecture and OS", () => {
        expect(node.status?.nodeInfo).toMatchObject({ kubeletVersion: "v1.32.4", osImage: "Azure Linux", architecture: "amd64", operatingSystem: "linux" });
    });

    test("a pool without orchestratorVersion runs the cluster's version", () => {
        expect(buildPoolNodes(pool(), cluster(), { count: 1 })[0].status?.nodeInfo?.kubeletVersion).toBe("v1.33");
    });

    test("names are unique and the same on every call", () => {
        const names = (): (string | undefined)[] => buildPoolNodes(pool(), { ...cluster(), name: "prod" }, { count: 40 }).map((n) => n.metadata?.name);
        expect(new Set(names()).size).toBe(40);
        expect(names()).toEqual(names());
    });

    test("nodes do not share mutable objects", () => {
        const [a, b] = buildPoolNodes(spot, cluster(), { count: 2 });
        expect(a.status?.allocatable).not.toBe(b.status?.allocatable);
        expect(a.spec?.taints).not.toBe(b.spec?.taints);
    });

    test("an invalid pool label stops the build, naming the pool and key", () => {
        expect(() => buildPoolNodes(pool({ labels: { "kubernetes.azure.com/mode": "x" } }), cluster(), { count: 1 })).toThrow('NodePool/user1: labels["kubernetes.azure.com/mode"]');
    });
});

describe("poolNodeCounts", () => {
    test("a fixed pool has min = max = initial = count", () => {
        expect(poolNodeCounts(pool({ count: 3 }))).toEqual({ min: 3, max: 3, initial: 3 });
    });

    test("an autoscaled pool has the autoscaler's bounds and count as initial", () => {
        expect(poolNodeCounts(pool({ count: 2, autoscaling: { minCount: 1, maxCount: 10 } }))).toEqual({ min: 1, max: 10, initial: 2 });
    });

    test.each([
        ["minCount above maxCount", pool({ autoscaling: { minCount: 5, maxCount: 2 } }), "NodePool/user1: autoscaling: minCount 5 is greater than maxCount 2; expected minCount ≤ maxCount"],
        ["a negative count", pool({ count: -2 }), "NodePool/user1: count: must be a whole number ≥ 0, got -2"],
        ["a fractional maxCount", pool({ autoscaling: { minCount: 1, maxCount: 2.5 } }), "NodePool/user1: autoscaling.maxCount: must be a whole number ≥ 0, got 2.5"],
    ])("rejects %s", (_name, p, message) => {
        expect(() => poolNodeCounts(p)).toThrow(message);
    });
});

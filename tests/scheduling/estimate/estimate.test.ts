/** The per-pool node-count estimate: lower bound, first-fit-decreasing binpacking, the pool's maximum. */
import type { NodePoolSpec } from "../../../scheduling/aks/node-pool-spec";
import { binpackingScore, daemonSetFootprint, estimatePoolNodes, resourceLowerBound } from "../../../scheduling/estimate";
import { createNodeInfo, createPodInfo } from "../../../scheduling/framework/node-info";
import type { V1Pod } from "../../../scheduling/model/types";
import { cluster, pool } from "../aks/fixtures";

/** Standard_D4ds_v5 nodes: 3860m cpu, 30 pods allocatable. */
const autoscaled = (max: number, overrides: Partial<NodePoolSpec> = {}): NodePoolSpec => pool({ name: "user1", count: 1, autoscaling: { minCount: 1, maxCount: max }, ...overrides });

function pods(prefix: string, count: number, cpu: string, memory = "256Mi", extra: Partial<NonNullable<V1Pod["spec"]>> = {}): V1Pod[] {
    return Array.from({ length: count }, (_, i) => ({
        metadata: { name: `${prefix}-${i}`, namespace: "default" },
        spec: { containers: [{ name: "app", resources: { requests: { cpu, memory } } }], ...extra },
    }));
}

describe("estimatePoolNodes", () => {
    test("with the claims given, Azure Disks bound a node as cpu does (NodeVolumeLimits, the VM size's data-disk limit)", () => {
        // Standard_D4ds_v5 attaches 8 data disks: 4 pods of 4 disks each need 2 nodes, though their cpu fits on 1.
        const claims = Array.from({ length: 16 }, (_, i) => ({
            metadata: { name: `disk-${i}`, namespace: "default" },
            spec: { accessModes: ["ReadWriteOnce"], storageClassName: "managed-csi", resources: { requests: { storage: "32Gi" } } },
        }));
        const diskPods = pods("disks", 4, "100m").map((pod, p) => ({
            ...pod,
            spec: { ...pod.spec!, volumes: [0, 1, 2, 3].map((d) => ({ name: `v${d}`, persistentVolumeClaim: { claimName: `disk-${p * 4 + d}` } })) },
        }));
        const storageClasses = [{ metadata: { name: "managed-csi" }, provisioner: "disk.csi.azure.com", volumeBindingMode: "WaitForFirstConsumer" }];
        const pool10 = autoscaled(10);
        expect(pool10.capacity.maxDataDisks).toBe(8);
        expect(estimatePoolNodes({ pool: pool10, cluster: cluster(), pods: diskPods }).nodesNeeded).toBe(1);
        const withDisks = estimatePoolNodes({ pool: pool10, cluster: cluster(), pods: diskPods, storage: { persistentVolumeClaims: claims, storageClasses } });
        expect(withDisks.nodesNeeded).toBe(2);
        // At most one node: two pods cannot attach their disks anywhere.
        const one = estimatePoolNodes({ pool: autoscaled(1), cluster: cluster(), pods: diskPods, storage: { persistentVolumeClaims: claims, storageClasses } });
        expect(one.unplaceable).toEqual(["default/disks-2", "default/disks-3"]);
    });

    test("pods that pack exactly need the lower bound", () => {
        // 1900m each: two per node (3800m of 3860m); 6 pods → 3 nodes, and ceil(11400 / 3860) = 3.
        const estimate = estimatePoolNodes({ pool: autoscaled(10), cluster: cluster(), pods: pods("half", 6, "1900m") });
        expect(estimate).toEqual({ pool: "user1", nodesNeeded: 3, firstFitNodes: 3, lowerBound: 3, min: 1, max: 10, fitsWithinMax: true, unplaceable: [], unplaceableReasons: {} });
    });

    test("pods that leave unusable room need more than the lower bound", () => {
        // 1000m each: three per node (a fourth would need 4000m); 10 pods → 4 nodes, while ceil(10000 / 3860) = 3.
        const estimate = estimatePoolNodes({ pool: autoscaled(10), cluster: cluster(), pods: pods("one", 10, "1") });
        expect([estimate.nodesNeeded, estimate.lowerBound]).toEqual([4, 3]);
    });

    test("larger pods are placed first, so small ones fill the gaps", () => {
        // Input order small-first would open a node for the 12 small pods and then one per big pod; decreasing order packs
        // each 3000m pod with 8 × 100m pods.
        const estimate = estimatePoolNodes({ pool: autoscaled(10), cluster: cluster(), pods: [...pods("small", 12, "100m"), ...pods("big", 2, "3")] });
        expect(estimate.nodesNeeded).toBe(2);
    });

    test("when first fit strands pod slots far above the lower bound, the balanced packing needs fewer nodes", () => {
        // 150 × 386m fill a node's cpu ten at a time, leaving 20 of its 30 slots unusable; first fit then needs 10 more
        // nodes for 300 × 1m pods (25 in all). Spreading the big pods 9 per node leaves room for the small ones on 17.
        const estimate = estimatePoolNodes({ pool: autoscaled(100), cluster: cluster(), pods: [...pods("big", 150, "386m"), ...pods("small", 300, "1m", "1Mi")] });
        expect([estimate.firstFitNodes, estimate.lowerBound, estimate.nodesNeeded]).toEqual([25, 16, 17]);
    });

    test("pod slots bound the estimate when requests are tiny", () => {
        const estimate = estimatePoolNodes({ pool: autoscaled(10), cluster: cluster(), pods: pods("tiny", 61, "1m", "1Mi") });
        expect([estimate.nodesNeeded, estimate.lowerBound]).toEqual([3, 3]);
    });

    test("pods beyond the pool's maximum are unplaceable, with the reason", () => {
        const estimate = estimatePoolNodes({ pool: autoscaled(2), cluster: cluster(), pods: pods("one", 8, "1") });
        expect(estimate).toMatchObject({ nodesNeeded: 2, max: 2, fitsWithinMax: false, unplaceable: ["default/one-6", "default/one-7"] });
        expect(estimate.unplaceableReasons["default/one-6"]).toBe("pool user1 reached its maximum of 2 node(s)");
    });

    test("a pod too big for an empty node is unplaceable without opening nodes", () => {
        const estimate = estimatePoolNodes({ pool: autoscaled(5), cluster: cluster(), pods: pods("huge", 1, "5") });
        expect(estimate).toMatchObject({ nodesNeeded: 0, lowerBound: 0, fitsWithinMax: false, unplaceable: ["default/huge-0"], unplaceableReasons: { "default/huge-0": "does not fit an empty user1 node: Insufficient cpu" } });
    });

    test("a pod that does not tolerate the pool's taint is unplaceable", () => {
        const tainted = autoscaled(5, { taints: [{ key: "sku", value: "gpu", effect: "NoSchedule" }] });
        const estimate = estimatePoolNodes({ pool: tainted, cluster: cluster(), pods: pods("web", 1, "100m") });
        expect(estimate.unplaceableReasons).toEqual({ "default/web-0": "does not fit an empty user1 node: node(s) had untolerated taint(s)" });
    });

    test("the DaemonSet footprint takes room on every node", () => {
        const ds = { kind: "DaemonSet", metadata: { name: "agent", namespace: "kube-system" }, spec: { template: { spec: { containers: [{ name: "a", resources: { requests: { cpu: "1" } } }] } } } };
        const footprint = daemonSetFootprint(autoscaled(10), cluster(), [ds]);
        expect(footprint).toHaveLength(1);
        // 2860m left per node: one 1900m pod each.
        const estimate = estimatePoolNodes({ pool: autoscaled(10), cluster: cluster(), pods: pods("half", 6, "1900m"), daemonSetPods: footprint });
        expect([estimate.nodesNeeded, estimate.lowerBound]).toEqual([6, 4]);
    });

    test("a fixed-size pool's maximum is its count", () => {
        const estimate = estimatePoolNodes({ pool: pool({ name: "fixed", count: 2 }), cluster: cluster(), pods: pods("half", 6, "1900m") });
        expect(estimate).toMatchObject({ min: 2, max: 2, nodesNeeded: 2, fitsWithinMax: false, unplaceable: ["default/half-4", "default/half-5"] });
    });
});

describe("estimator parts", () => {
    test.each([
        ["a pod of half the cpu and a quarter of the memory scores 0.75", { cpu: 2000, memory: 4 }, { cpu: 4000, memory: 16 }, 0.75],
        ["an empty pod scores 0", {}, { cpu: 4000, memory: 16 }, 0],
    ])("binpackingScore: %s", (_name, requests, allocatable, expected) => {
        expect(binpackingScore(requests, allocatable)).toBe(expected);
    });

    test.each([
        ["no pods need no node", 0, 0],
        ["cpu binds: 4 × 1000m on 3000m nodes", 4, 2],
    ])("resourceLowerBound: %s", (_name, count, expected) => {
        const template = createNodeInfo({ metadata: { name: "t" }, status: { allocatable: { cpu: "3", memory: "64Gi", pods: "110" } } });
        expect(resourceLowerBound(pods("p", count, "1").map(createPodInfo), template)).toBe(expected);
    });

    test("a DaemonSet's priorityClassName resolves against the PriorityClasses in the list", () => {
        const spec = { priorityClassName: "agents", containers: [{ name: "a", resources: { requests: { cpu: "100m" } } }] };
        const ds = { kind: "DaemonSet", metadata: { name: "agent", namespace: "kube-system" }, spec: { template: { spec } } };
        const agents = { kind: "PriorityClass", metadata: { name: "agents" }, value: 5000 };
        expect(daemonSetFootprint(autoscaled(1), cluster(), [agents, ds]).map((p) => p.spec?.priority)).toEqual([5000]);
        expect(() => daemonSetFootprint(autoscaled(1), cluster(), [ds])).toThrow('DaemonSet/kube-system/agent: spec.template.spec.priorityClassName: no PriorityClass named "agents"');
    });

    test("daemonSetFootprint rejects objects that are not DaemonSets", () => {
        expect(() => daemonSetFootprint(autoscaled(1), cluster(), [{ kind: "Deployment", metadata: { name: "web" }, spec: { template: { spec: { containers: [{ name: "a" }] } } } }])).toThrow(
            "Deployment/default/web: kind: daemonSetFootprint takes DaemonSet objects only",
        );
    });
});

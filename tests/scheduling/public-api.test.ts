/** The engine's public surface (`scheduling/index.ts`), used as the README's worked example uses it. */
import { buildPoolNodes, evaluatePod, podRequests, simulate, type V1Pod } from "../../scheduling";
import { cluster, pool } from "./aks/fixtures";

const user1 = buildPoolNodes(pool({ name: "user1" }), cluster(), { count: 3 });
const gpu = buildPoolNodes(pool({ name: "gpu", taints: [{ key: "sku", value: "gpu", effect: "NoSchedule" }] }), cluster(), { count: 3 });

function podAsking(cpu: string): V1Pod {
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "big", namespace: "default" },
        spec: { containers: [{ name: "app", image: "example.azurecr.io/app:1.0", resources: { requests: { cpu, memory: "1Gi" } } }] },
    };
}

describe("the public API, on nodes from the AKS node model", () => {
    test("a pod asking more cpu than any node has, beside a tainted pool, gets kube-scheduler's message", () => {
        // Standard_D4ds_v5: 4000m − 140m kube-reserved = 3860m allocatable, so 5 cpu fits no user1 node.
        const verdict = evaluatePod({ pod: podAsking("5"), nodes: [...user1, ...gpu] });
        expect(verdict.message).toBe("0/6 nodes are available: 3 Insufficient cpu, 3 node(s) had untolerated taint(s).");
        expect(verdict.nodes[user1[0].metadata!.name!]).toMatchObject({ fits: false, plugin: "NodeResourcesFit", reasons: ["Insufficient cpu"] });
    });

    test("the same pod at 3 cpu fits the user1 nodes and only them", () => {
        const verdict = evaluatePod({ pod: podAsking("3"), nodes: [...user1, ...gpu] });
        expect(verdict.message).toBeUndefined();
        expect(Object.values(verdict.nodes).filter((v) => v.fits)).toHaveLength(3);
    });

    test("podRequests gives the effective requests as quantities", () => {
        expect(podRequests(podAsking("1500m"))).toEqual({ cpu: "1500m", memory: "1Gi" });
    });

    test("simulate places a Deployment's replicas and reports the one that fits nowhere", () => {
        const deployment = {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "web", namespace: "default" },
            spec: {
                replicas: 4,
                selector: { matchLabels: { app: "web" } },
                template: { metadata: { labels: { app: "web" } }, spec: podAsking("3").spec },
            },
        };
        const result = simulate({ nodes: [...user1, ...gpu], workloads: [deployment] });
        expect(result.workloads).toEqual([{ workload: "Deployment/default/web", placed: 3, total: 4 }]);
        expect(result.pods.filter((p) => p.node === undefined).map((p) => p.message)).toEqual([
            "0/6 nodes are available: 3 Insufficient cpu, 3 node(s) had untolerated taint(s).",
        ]);
    });
});

/** simulate() with preemption: a higher-priority pod evicts lower-priority ones, which are queued again. */
import type { V1Pod } from "../../../scheduling/model/types";
import { simulate } from "../../../scheduling/simulate";
import { deployment, podSpec, poolNodes, priorityClass } from "./fixtures";

// One Standard_D4ds_v5 node: 3860m allocatable cpu.
const nodes = poolNodes("one", 1);
const filler = (priority: string) => deployment("batch", 3, podSpec("1100m", "128Mi", { priorityClassName: priority }));
const critical = (extra = {}) => deployment("api", 1, podSpec("1500m", "128Mi", { priorityClassName: "high", ...extra }));

describe("simulate: preemption", () => {
    test("a high-priority pod that fits nowhere evicts a low-priority pod; the victim is queued again and stays Pending", () => {
        const workloads = [priorityClass("low", 100), priorityClass("high", 1000), filler("low")];
        const existing = simulate({ nodes, workloads });
        expect(existing.unschedulable).toBe(0);
        const boundBatch: V1Pod[] = existing.pods.map((p, i) => ({
            metadata: { name: p.pod.split("/")[1], namespace: "default", labels: { app: "batch" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "batch-x", uid: "u", controller: true }] },
            spec: { ...podSpec("1100m", "128Mi"), priority: 100, nodeName: existing.pods[i].node },
        }));
        const result = simulate({ nodes, workloads: [priorityClass("high", 1000), critical()], existingPods: boundBatch });
        const api = result.pods.find((p) => p.workload === "Deployment/default/api")!;
        expect(api.node).toBe(nodes[0].metadata!.name);
        expect(api.preempted).toEqual([boundBatch[2].metadata!.namespace + "/" + boundBatch[2].metadata!.name]);
        expect(result.preemptions).toEqual([{ pod: api.pod, node: api.node, victims: api.preempted }]);
        const victim = result.pods.find((p) => p.pod === api.preempted![0])!;
        expect(victim).toMatchObject({ workload: "ReplicaSet/default/batch-x", preemptedBy: api.pod, preemptedFrom: api.node });
        expect(victim.node).toBeUndefined();
        expect(victim.message).toBe("0/1 nodes are available: 1 Insufficient cpu.");
        expect(victim.preemptionMessage).toBe("preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    });

    test("the victim is created again by its controller and lands on another node", () => {
        const two = [...poolNodes("a", 1, { labels: { tier: "a" } }), ...poolNodes("b", 1)];
        const owned: V1Pod = {
            metadata: { name: "worker-0", namespace: "default", ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "worker-x", uid: "u", controller: true }] },
            spec: { ...podSpec("3000m", "128Mi"), priority: 500, nodeName: two[0].metadata!.name },
        };
        const api = critical({ nodeSelector: { tier: "a" } });
        const result = simulate({ nodes: two, workloads: [priorityClass("high", 1000), api], existingPods: [owned] });
        expect(result.pods).toEqual([
            expect.objectContaining({ workload: "Deployment/default/api", node: two[0].metadata!.name, preempted: ["default/worker-0"] }),
            { pod: "default/worker-0", workload: "ReplicaSet/default/worker-x", node: two[1].metadata!.name, preemptedBy: result.pods[0].pod, preemptedFrom: two[0].metadata!.name },
        ]);
        expect(result.unschedulable).toBe(0);
    });

    test("preemptionPolicy Never keeps the pod Pending and says why", () => {
        const lows: V1Pod[] = [0, 1, 2].map((i) => ({ metadata: { name: `low-${i}`, namespace: "default" }, spec: { ...podSpec("1100m", "128Mi"), priority: 100, nodeName: nodes[0].metadata!.name } }));
        const result = simulate({ nodes, workloads: [priorityClass("high", 1000), critical({ preemptionPolicy: "Never" })], existingPods: lows });
        expect(result.pods[0]).toMatchObject({
            message: "0/1 nodes are available: 1 Insufficient cpu.",
            preemptionMessage: "preemption: not eligible due to preemptionPolicy=Never.",
        });
        expect(result.preemptions).toEqual([]);
    });

    test("an evicted pod without a controller is gone, not queued again", () => {
        const lows: V1Pod[] = [0, 1, 2].map((i) => ({ metadata: { name: `low-${i}`, namespace: "default" }, spec: { ...podSpec("1100m", "128Mi"), priority: 100, nodeName: nodes[0].metadata!.name } }));
        const result = simulate({ nodes, workloads: [priorityClass("high", 1000), critical()], existingPods: lows });
        expect(result.pods[1]).toEqual({
            pod: "default/low-2",
            workload: "Pod/default/low-2",
            preemptedBy: result.pods[0].pod,
            preemptedFrom: nodes[0].metadata!.name,
            message: "evicted by preemption; a pod without a controller is not created again",
        });
        expect(result.unschedulable).toBe(0);
    });
});

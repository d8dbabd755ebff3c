/**
 * The node model's nodes and kube-system pods, read by the scheduling engine (`scheduling/evaluate.ts`):
 * allocatable is exact to the millicore and the KiB, and the placement rules hold.
 */
import { kubeSystemWorkloads } from "../../../scheduling/aks/kube-system";
import { buildPoolNodes } from "../../../scheduling/aks/node-model";
import { evaluatePod } from "../../../scheduling/evaluate";
import type { V1Pod, V1PodTemplateSpec } from "../../../scheduling/model/types";
import { cluster, pool } from "./fixtures";

const c = cluster();
// 1.33, D4ds_v5, 30 pods: allocatable 3860m and 15335344Ki (see reservations.test.ts).
const userNodes = buildPoolNodes(pool({ name: "user1" }), c, { count: 3 });
const systemNodes = buildPoolNodes(pool({ name: "system", mode: "System", taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }] }), c, { count: 2 });
const spotNodes = buildPoolNodes(pool({ name: "spot1", spot: { evictionPolicy: "Delete", maxPrice: -1 } }), c, { count: 2 });

function podRequesting(cpu: string, memory: string): V1Pod {
    return { apiVersion: "v1", kind: "Pod", metadata: { name: "app", namespace: "default" }, spec: { containers: [{ name: "app", resources: { requests: { cpu, memory } } }] } };
}

function podFrom(template: V1PodTemplateSpec, name: string): V1Pod {
    return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "kube-system", labels: template.metadata?.labels }, spec: template.spec ?? { containers: [] } };
}

const fitting = (result: ReturnType<typeof evaluatePod>): string[] => Object.keys(result.nodes).filter((n) => result.nodes[n].fits);

describe("the engine reads the node model's allocatable exactly", () => {
    test("a pod asking for exactly 3860m and 15335344Ki fits each user node", () => {
        const result = evaluatePod({ pod: podRequesting("3860m", "15335344Ki"), nodes: userNodes });
        expect(result.message).toBeUndefined();
        expect(fitting(result)).toHaveLength(3);
    });

    test("1m more CPU fits no node: 0/3 nodes are available: 3 Insufficient cpu.", () => {
        expect(evaluatePod({ pod: podRequesting("3861m", "15335344Ki"), nodes: userNodes }).message).toBe("0/3 nodes are available: 3 Insufficient cpu.");
    });

    test("1Ki more memory fits no node: 0/3 nodes are available: 3 Insufficient memory.", () => {
        expect(evaluatePod({ pod: podRequesting("3860m", "15335345Ki"), nodes: userNodes }).message).toBe("0/3 nodes are available: 3 Insufficient memory.");
    });
});

describe("kube-system pods against system, user and spot nodes", () => {
    const nodes = [...systemNodes, ...userNodes, ...spotNodes];
    const { daemonSets, deployments } = kubeSystemWorkloads(c);

    test("coredns fits the tainted system pool and the user pool, not the spot pool", () => {
        const coredns = deployments.find((d) => d.metadata?.name === "coredns");
        const result = evaluatePod({ pod: podFrom(coredns?.spec?.template ?? {}, "coredns-0"), nodes });
        expect(fitting(result).map((n) => n.split("-")[1])).toEqual(["system", "system", "user1", "user1", "user1"]);
        expect(result.nodes[spotNodes[0].metadata?.name ?? ""].reasons).toEqual(["node(s) had untolerated taint(s)"]);
    });

    test("a Linux DaemonSet pod fits every Linux node, spot and tainted system nodes included", () => {
        const ds = daemonSets.find((d) => d.metadata?.name === "cloud-node-manager");
        expect(fitting(evaluatePod({ pod: podFrom(ds?.spec?.template ?? {}, "cnm-0"), nodes }))).toHaveLength(nodes.length);
    });

    test("a Windows DaemonSet pod fits no Linux node", () => {
        const ds = daemonSets.find((d) => d.metadata?.name === "cloud-node-manager-windows");
        expect(fitting(evaluatePod({ pod: podFrom(ds?.spec?.template ?? {}, "cnm-win-0"), nodes }))).toEqual([]);
    });
});

import { InvalidObjectError } from "../../../scheduling/model/errors";
import { addPodToNode, createNodeInfo, createPodInfo } from "../../../scheduling/framework/node-info";
import { createSnapshot } from "../../../scheduling/framework/snapshot";
import type { V1Pod } from "../../../scheduling/model/types";

const nodes = [
    { metadata: { name: "n1" }, status: { allocatable: { cpu: "2", memory: "4Gi", pods: "110" } } },
    { metadata: { name: "n2" }, status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } } },
];
const bound = (name: string, nodeName: string | undefined, extra: Partial<NonNullable<V1Pod["spec"]>> = {}): V1Pod => ({
    metadata: { name, namespace: "shop" },
    spec: { nodeName, containers: [{ name: "c", resources: { requests: { cpu: "500m", memory: "1Gi" } } }], ...extra },
});

describe("createSnapshot", () => {
    test("places existing pods by spec.nodeName and sums their requests", () => {
        const snapshot = createSnapshot({ nodes, existingPods: [bound("a", "n1"), bound("b", "n1"), bound("c", "n2")] });
        expect(snapshot.get("n1")?.pods.map((p) => p.pod.metadata?.name)).toEqual(["a", "b"]);
        expect(snapshot.get("n1")?.requested).toEqual({ cpu: 1000, memory: 2147483648 });
        expect(snapshot.get("n2")?.allocatable).toEqual({ cpu: 4000, memory: 8589934592, pods: 110 });
        expect(snapshot.get("n3")).toBeUndefined();
    });
    test("lists nodes with pods that have (required anti-)affinity", () => {
        const anti = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { app: "x" } } }] } } };
        const snapshot = createSnapshot({ nodes, existingPods: [bound("a", "n1", anti), bound("b", "n2")] });
        expect(snapshot.havePodsWithAffinity().map((n) => n.name)).toEqual(["n1"]);
        expect(snapshot.havePodsWithRequiredAntiAffinity().map((n) => n.name)).toEqual(["n1"]);
    });
    test("a node added joins at the end; a node removed leaves, the last node taking its place", () => {
        const snapshot = createSnapshot({ nodes: [...nodes, { metadata: { name: "n3" }, status: { allocatable: { cpu: "1" } } }] });
        snapshot.addNodeInfo(createNodeInfo({ metadata: { name: "n4" } }));
        expect(snapshot.nodeInfos.map((n) => n.name)).toEqual(["n1", "n2", "n3", "n4"]);
        snapshot.removeNodeInfo(snapshot.get("n1")!);
        expect(snapshot.nodeInfos.map((n) => n.name)).toEqual(["n4", "n2", "n3"]);
        expect(snapshot.get("n1")).toBeUndefined();
        expect(() => snapshot.addNodeInfo(createNodeInfo({ metadata: { name: "n2" } }))).toThrow('Node/n2: metadata.name: duplicate node name "n2"');
    });
    test("nodes added and removed keep their positions and the change log right: positions follow, layout counts", () => {
        const snapshot = createSnapshot({ nodes: [...nodes, { metadata: { name: "n3" }, status: { allocatable: { cpu: "1" } } }] });
        expect(snapshot.changeLog.layout).toBe(0);
        const n4 = createNodeInfo({ metadata: { name: "n4" }, status: { allocatable: { cpu: "1" } } });
        snapshot.addNodeInfo(n4);
        const n1 = snapshot.get("n1")!;
        snapshot.removeNodeInfo(n1);
        expect(snapshot.changeLog.layout).toBe(2);
        expect(snapshot.nodeInfos.map((n) => n.index)).toEqual([0, 1, 2]);
        // The moved node logs its new position; the removed one logs nothing more.
        addPodToNode(n4, createPodInfo(bound("c", "n4")));
        addPodToNode(n1, createPodInfo(bound("d", "n1")));
        expect(snapshot.changeLog.changed).toEqual([0]);
    });
    test("keeps namespaces by name", () => {
        const snapshot = createSnapshot({ nodes, namespaces: [{ metadata: { name: "shop", labels: { team: "a" } } }] });
        expect(snapshot.namespaces.get("shop")?.metadata?.labels).toEqual({ team: "a" });
    });
    test.each<[string, Parameters<typeof createSnapshot>[0], string]>([
        ["a pod naming an unknown node", { nodes, existingPods: [bound("a", "n9")] }, 'Pod/shop/a: spec.nodeName: unknown node "n9"; known nodes: n1, n2'],
        ["an existing pod without a node", { nodes, existingPods: [bound("a", undefined)] }, "Pod/shop/a: spec.nodeName: an existing pod must be bound to a node"],
        ["two nodes with one name", { nodes: [nodes[0], nodes[0]] }, 'Node/n1: metadata.name: duplicate node name "n1"'],
        ["a node without a name", { nodes: [{ metadata: {} }] }, "Node/<unnamed>: metadata.name: a node needs a non-empty name"],
        ["a malformed allocatable", { nodes: [{ metadata: { name: "n1" }, status: { allocatable: { cpu: "two" } } }] }, 'Node/n1: status.allocatable.cpu: invalid quantity "two"'],
        ["a malformed existing pod request", { nodes, existingPods: [{ metadata: { name: "a", namespace: "shop" }, spec: { nodeName: "n1", containers: [{ name: "c", resources: { requests: { memory: "1 GB" } } }] } }] }, 'Pod/shop/a: spec.containers[0].resources.requests.memory: invalid quantity "1 GB"'],
    ])("%s is an InvalidObjectError naming the object", (_name, input, message) => {
        expect(() => createSnapshot(input)).toThrow(InvalidObjectError);
        expect(() => createSnapshot(input)).toThrow(message);
    });
});

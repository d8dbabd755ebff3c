/**
 * LiveCluster against `simulate`: after every change (a node added, cordoned, uncordoned or removed, a pod
 * evicted or placed), placing a pod on the live cluster must give exactly what a fresh `simulate` of the same
 * nodes and bound pods gives for that pod: the same node, or the same FitError text and detail.
 */
import { aksProvisionedVolumeTopology, poolCsiNodes } from "../../../scheduling/aks/storage";
import { InvalidObjectError } from "../../../scheduling/model/errors";
import type { V1Node, V1Pod } from "../../../scheduling/model/types";
import { LiveCluster, simulate, type BoundPod } from "../../../scheduling/simulate";
import { expandWorkloads } from "../../../scheduling/simulate/workloads";
import { Prng } from "../../../bench/prng";
import { barePod, deployment, pool, podSpec, poolNodes, priorityClass, ZONE } from "./fixtures";

/** The pods of a Deployment as the simulation makes them (namespace and priority resolved). */
function replicas(name: string, count: number, spec: ReturnType<typeof podSpec>, classes: object[] = []): V1Pod[] {
    return expandWorkloads([...classes, deployment(name, count, spec)]).sources[0].pods;
}

/** What a fresh simulation says of `pod` on `nodes` with `bound` already bound. */
function fresh(nodes: V1Node[], bound: readonly BoundPod[], pod: V1Pod, classes: object[] = []) {
    const result = simulate({ nodes, workloads: [...classes, pod], existingPods: bound.map((b) => ({ ...b.pod, spec: { ...b.pod.spec!, nodeName: b.node } })) });
    const { node, message, detail } = result.pods[0];
    return { node, message, detail };
}

const spread = (app: string) => ({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: "DoNotSchedule" as const, labelSelector: { matchLabels: { app } } }] });
const antiAffinity = (app: string) => ({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { app } } }] } } });

describe("LiveCluster.place agrees with a fresh simulate after every change", () => {
    test.each([1, 2, 3, 4, 5, 6])("random replay %i (nodes added, cordoned, removed; pods evicted and placed again)", (seed) => {
        const rng = new Prng(seed);
        const classes = [priorityClass("high", 1000)];
        const templates = [
            replicas("web", 12, podSpec("700m", "1Gi")),
            replicas("zoned", 9, podSpec("300m", "512Mi", spread("zoned"))),
            replicas("lonely", 6, podSpec("200m", "256Mi", antiAffinity("lonely"))),
            replicas("urgent", 4, podSpec("1", "2Gi", { priorityClassName: "high" }), classes),
        ].flat();
        let pending = [...templates];
        const spare = poolNodes("spare", 6);
        const cluster = new LiveCluster({ nodes: poolNodes("user", 4), priorityClasses: classes as never });
        const bound: BoundPod[] = [];
        let added = 0;
        let failures = 0;
        for (let step = 0; step < 60; step++) {
            const action = rng.int(0, 9);
            const nodes = cluster.nodes();
            if (action === 0 && added < spare.length) cluster.addNode(spare[added++]);
            else if (action === 1 && nodes.length > 1) cluster.setUnschedulable(rng.pick(nodes).metadata!.name!, rng.next() < 0.7);
            else if (action === 2 && nodes.length > 2) {
                const name = rng.pick(nodes).metadata!.name!;
                cluster.removeNode(name);
                for (const b of bound.filter((x) => x.node === name)) {
                    bound.splice(bound.indexOf(b), 1);
                    pending.push(b.pod);
                }
            } else if (action <= 4 && bound.length > 0) {
                const victim = rng.pick(bound);
                cluster.unbind(victim);
                bound.splice(bound.indexOf(victim), 1);
                pending.push(victim.pod);
            } else if (pending.length > 0) {
                const pod = pending[0];
                const expected = fresh(cluster.nodes(), bound, pod, classes);
                const placed = cluster.place(pod);
                expect({ node: placed.node, message: placed.message, detail: placed.detail }).toEqual(expected);
                if (placed.bound !== undefined) {
                    bound.push(placed.bound);
                    pending = pending.slice(1);
                    // Victims of a preemption are unbound already; their controllers create them again.
                    for (const victim of placed.victims ?? []) {
                        bound.splice(bound.findIndex((b) => b.pod === victim.pod), 1);
                        pending.push(victim.pod);
                    }
                } else {
                    pending = [...pending.slice(1), pod];
                    failures++;
                }
            }
        }
        expect(bound.length).toBeGreaterThan(0);
        expect(bound.length + failures).toBeGreaterThan(5);
    });
});

describe("LiveCluster changes", () => {
    const pod = barePod("solo", podSpec("3", "1Gi")) as V1Pod;

    test("a cordoned node takes no pod; uncordoned, it takes one again", () => {
        const [node] = poolNodes("user", 1);
        const cluster = new LiveCluster({ nodes: [node] });
        cluster.setUnschedulable(node.metadata!.name!, true);
        expect(cluster.place(pod).message).toBe("0/1 nodes are available: 1 node(s) were unschedulable.");
        cluster.setUnschedulable(node.metadata!.name!, false);
        expect(cluster.place(pod).node).toBe(node.metadata!.name);
    });

    test("an unbound pod's room is free again", () => {
        const [node] = poolNodes("user", 1);
        const cluster = new LiveCluster({ nodes: [node] });
        const first = cluster.place(pod);
        expect(cluster.place(pod).message).toBe("0/1 nodes are available: 1 Insufficient cpu.");
        cluster.unbind(first.bound!);
        expect(cluster.place(pod).node).toBe(node.metadata!.name);
    });

    test("a removed node is gone, with its pods; a cluster without nodes places nothing", () => {
        const [node] = poolNodes("user", 1);
        const cluster = new LiveCluster({ nodes: [node] });
        cluster.place(pod);
        cluster.removeNode(node.metadata!.name!);
        expect(cluster.nodes()).toEqual([]);
        expect(cluster.place(pod).message).toBe("no nodes available to schedule pods");
        cluster.addNode(node);
        expect(cluster.place(pod).node).toBe(node.metadata!.name);
    });

    test("a pod bound directly counts on its node", () => {
        const [node] = poolNodes("user", 1);
        const cluster = new LiveCluster({ nodes: [node] });
        cluster.bind({ ...pod, metadata: { name: "agent", namespace: "kube-system" }, spec: { ...pod.spec!, nodeName: node.metadata!.name } });
        expect(cluster.place(pod).message).toBe("0/1 nodes are available: 1 Insufficient cpu.");
    });

    test.each([
        ["a second node of the same name", (c: LiveCluster, n: V1Node) => c.addNode(n), InvalidObjectError, /duplicate node name/],
        ["a node that is not in the cluster", (c: LiveCluster) => c.removeNode("nowhere"), Error, 'node "nowhere" is not in the cluster'],
        ["a pod bound to a node that is not in the cluster", (c: LiveCluster) => c.bind({ ...pod, spec: { ...pod.spec!, nodeName: "nowhere" } }), Error, 'node "nowhere" is not in the cluster'],
    ])("refuses %s", (_name, change, type, message) => {
        const [node] = poolNodes("user", 1);
        const cluster = new LiveCluster({ nodes: [node] });
        expect(() => change(cluster, node)).toThrow(type);
        expect(() => change(cluster, node)).toThrow(message);
    });
});

describe("LiveCluster preemption", () => {
    const classes = [priorityClass("high", 1000), priorityClass("low", 10)];
    const big = (name: string, priorityClassName?: string) =>
        expandWorkloads([...classes, barePod(name, podSpec("3", "1Gi", priorityClassName === undefined ? {} : { priorityClassName }))]).sources[0].pods[0];

    test("a pod that fits only by preempting a lower-priority pod evicts it and returns it as a victim", () => {
        const [node] = poolNodes("user", 1);
        const cluster = new LiveCluster({ nodes: [node], priorityClasses: classes as never });
        const low = cluster.place(big("batch", "low"));
        const placed = cluster.place(big("urgent", "high"));
        expect(placed.node).toBe(node.metadata!.name);
        expect(placed.preempted).toEqual(["default/batch"]);
        expect(placed.victims!.map((v) => v.pod)).toEqual([low.bound!.pod]);
        // The victim is gone from the node: placed again, it finds no room (the urgent pod holds it).
        expect(cluster.place(low.bound!.pod).message).toBe("0/1 nodes are available: 1 Insufficient cpu.");
    });

    test("a pod of equal priority cannot preempt: it fits nowhere, with preemption's own message", () => {
        const [node] = poolNodes("user", 1);
        const cluster = new LiveCluster({ nodes: [node], priorityClasses: classes as never });
        cluster.place(big("batch", "low"));
        const placed = cluster.place(big("peer", "low"));
        expect(placed.node).toBeUndefined();
        expect(placed.victims).toBeUndefined();
        expect(placed.message).toBe("0/1 nodes are available: 1 Insufficient cpu.");
        expect(placed.preemptionMessage).toBe("preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    });
});

describe("LiveCluster storage", () => {
    const lrs = { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "premium-lrs" }, provisioner: "disk.csi.azure.com", parameters: { skuName: "Premium_LRS" }, volumeBindingMode: "WaitForFirstConsumer" };
    const statefulSet = {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name: "db", namespace: "default" },
        spec: {
            replicas: 1,
            serviceName: "db",
            selector: { matchLabels: { app: "db" } },
            template: { metadata: { labels: { app: "db" } }, spec: podSpec("500m") },
            volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: "premium-lrs", resources: { requests: { storage: "64Gi" } } } }],
        },
    };

    test("a claim bound by an earlier run keeps its pod in the disk's zone; without that zone's nodes it fits nowhere", () => {
        const nodes = poolNodes("user", 3);
        const csiNodes = poolCsiNodes(pool({ name: "user", count: 3 }), nodes);
        const first = simulate({ nodes, workloads: [lrs, statefulSet], storage: { csiNodes }, provisionedVolumeTopology: aksProvisionedVolumeTopology, keepPods: true });
        const home = nodes.find((n) => n.metadata!.name === first.pods[0].node)!;
        const pod = first.podObjects!.get("default/db-0")!;
        const cluster = new LiveCluster({ nodes, storage: { ...first.storage, csiNodes }, provisionedVolumeTopology: aksProvisionedVolumeTopology });
        expect(cluster.place(pod).node).toBe(home.metadata!.name);
        const elsewhere = new LiveCluster({ nodes: nodes.filter((n) => n !== home), storage: { ...first.storage, csiNodes }, provisionedVolumeTopology: aksProvisionedVolumeTopology });
        expect(elsewhere.place(pod).message).toBe("0/2 nodes are available: 2 node(s) had volume node affinity conflict.");
    });

    test("a joining node brings its CSINode: with it, a pod of nine disks exceeds a Standard_D4ds_v5's eight; without, it fits", () => {
        const [node] = poolNodes("user", 1);
        const [csiNode] = poolCsiNodes(pool({ name: "user", count: 1 }), [node]);
        const claims = Array.from({ length: 9 }, (_, i) => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: `d${i}`, namespace: "default" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: "premium-lrs", resources: { requests: { storage: "8Gi" } } } }));
        const pod = barePod("nine", { ...podSpec("100m"), volumes: claims.map((c) => ({ name: c.metadata.name, persistentVolumeClaim: { claimName: c.metadata.name } })) }) as V1Pod;
        const limited = new LiveCluster({ nodes: [], workloads: [lrs, ...claims] });
        limited.addNode(node, csiNode);
        expect(limited.place(pod).message).toBe("0/1 nodes are available: 1 node(s) exceed max volume count.");
        const unlimited = new LiveCluster({ nodes: [], workloads: [lrs, ...claims] });
        unlimited.addNode(node);
        expect(unlimited.place(pod).node).toBe(node.metadata!.name);
    });
});

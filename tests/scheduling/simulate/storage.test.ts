/**
 * simulate() with storage: StatefulSet claims provisioned where their pod lands and pinned there for later runs,
 * the Azure Disk attach limit, default spreading of a Service's replicas, and what the claims look like.
 */
import { aksProvisionedVolumeTopology, builtInStorageClasses, poolCsiNodes } from "../../../scheduling/aks";
import type { V1Node, V1StorageClass } from "../../../scheduling/model/types";
import { simulate, type SimulationResult } from "../../../scheduling/simulate";
import { cluster, deployment, podSpec, pool, poolNodes, ZONE } from "./fixtures";

const DISK_ZONE = "topology.disk.csi.azure.com/zone";

/** A StatefulSet of `replicas` with one 32Gi claim template on `storageClassName`. */
function statefulSet(name: string, replicas: number, storageClassName: string | undefined, extra: Record<string, unknown> = {}): object {
    return {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name, namespace: "default" },
        spec: {
            replicas,
            serviceName: name,
            selector: { matchLabels: { app: name } },
            template: { metadata: { labels: { app: name } }, spec: podSpec("200m", "256Mi") },
            volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "32Gi" } }, ...(storageClassName === undefined ? {} : { storageClassName }) } }],
            ...extra,
        },
    };
}

const lrsClass: V1StorageClass = {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: "premium-lrs" },
    provisioner: "disk.csi.azure.com",
    parameters: { skuname: "Premium_LRS" },
    volumeBindingMode: "WaitForFirstConsumer",
};
const zrsClass: V1StorageClass = { ...lrsClass, metadata: { name: "premium-zrs" }, parameters: { skuname: "Premium_ZRS" } };

function aksStorage(nodes: V1Node[], classes: V1StorageClass[], vmSize = "Standard_D4ds_v5") {
    return { storageClasses: classes, csiNodes: poolCsiNodes(pool({ vmSize }), nodes) };
}

const zoneOf = (nodes: V1Node[], name: string | undefined): string | undefined => nodes.find((n) => n.metadata!.name === name)?.metadata!.labels![ZONE];

describe("simulate: StatefulSet claims and zonal disks", () => {
    const nodes = poolNodes("db", 6);

    function firstRun(classes: V1StorageClass[], className: string): SimulationResult {
        return simulate({ nodes, workloads: [statefulSet("db", 3, className)], storage: aksStorage(nodes, classes), provisionedVolumeTopology: aksProvisionedVolumeTopology });
    }

    test("each replica's claim is provisioned on its node's zone and bound to it", () => {
        const result = firstRun([lrsClass], "premium-lrs");
        expect(result.unschedulable).toBe(0);
        for (const ordinal of [0, 1, 2]) {
            const claim = result.storage.persistentVolumeClaims.find((c) => c.metadata!.name === `data-db-${ordinal}`)!;
            const volume = result.storage.persistentVolumes.find((v) => v.metadata!.name === claim.spec!.volumeName)!;
            const node = result.pods.find((p) => p.pod === `default/db-${ordinal}`)!.node;
            expect(claim.status?.phase).toBe("Bound");
            expect(volume.spec!.nodeAffinity!.required!.nodeSelectorTerms).toEqual([{ matchExpressions: [{ key: DISK_ZONE, operator: "In", values: [zoneOf(nodes, node)] }] }]);
        }
    });

    test("an LRS claim pins its pod to the zone: with that zone lost, the replica fits nowhere and the detail names the zone", () => {
        const first = firstRun([lrsClass], "premium-lrs");
        const lostZone = zoneOf(nodes, first.pods.find((p) => p.pod === "default/db-0")!.node)!;
        const remaining = nodes.filter((n) => n.metadata!.labels![ZONE] !== lostZone);
        const again = simulate({
            nodes: remaining,
            workloads: [statefulSet("db", 3, "premium-lrs", { podManagementPolicy: "Parallel" })],
            storage: { ...first.storage, csiNodes: poolCsiNodes(pool(), remaining) },
            provisionedVolumeTopology: aksProvisionedVolumeTopology,
        });
        const db0 = again.pods.find((p) => p.pod === "default/db-0")!;
        expect(db0.node).toBeUndefined();
        expect(db0.message).toBe("0/4 nodes are available: 4 node(s) had volume node affinity conflict.");
        expect(db0.detail!.volumeNodeAffinityConflicts).toEqual([
            { claim: "default/data-db-0", volume: first.storage.persistentVolumeClaims.find((c) => c.metadata!.name === "data-db-0")!.spec!.volumeName, requirement: `${DISK_ZONE} In [${lostZone}]`, nodes: 4 },
        ]);
        expect(again.unschedulable).toBe(1);
    });

    test("a ZRS claim is not pinned: with any zone lost every replica still lands", () => {
        const first = firstRun([zrsClass], "premium-zrs");
        for (const lostZone of ["westeurope-1", "westeurope-2", "westeurope-3"]) {
            const remaining = nodes.filter((n) => n.metadata!.labels![ZONE] !== lostZone);
            const again = simulate({ nodes: remaining, workloads: [statefulSet("db", 3, "premium-zrs")], storage: { ...first.storage, csiNodes: poolCsiNodes(pool(), remaining) }, provisionedVolumeTopology: aksProvisionedVolumeTopology });
            expect([lostZone, again.unschedulable]).toEqual([lostZone, 0]);
        }
    });

    test("a claim without a class gets the default class (AKS's `default`, zone-redundant on a multi-zone 1.33 cluster)", () => {
        const result = simulate({ nodes, workloads: [statefulSet("db", 1, undefined)], storage: aksStorage(nodes, builtInStorageClasses(cluster(), [pool()])), provisionedVolumeTopology: aksProvisionedVolumeTopology });
        const claim = result.storage.persistentVolumeClaims.find((c) => c.metadata!.name === "data-db-0")!;
        expect(claim.spec!.storageClassName).toBe("default");
        expect(result.storage.persistentVolumes.find((v) => v.metadata!.name === claim.spec!.volumeName)!.spec!.nodeAffinity).toBeUndefined();
    });

    test("a claim of a class that does not exist keeps the pod Pending with upstream's words", () => {
        const result = simulate({ nodes, workloads: [statefulSet("db", 1, "missing")], storage: aksStorage(nodes, [lrsClass]) });
        expect(result.pods[0].message).toBe("0/6 nodes are available: pod has unbound immediate PersistentVolumeClaims.");
        expect(result.pods[0].preemptionMessage).toBe("preemption: 0/6 nodes are available: 6 Preemption is not helpful for scheduling.");
    });
});

describe("simulate: the Azure Disk attach limit", () => {
    // Two Standard_D2ds_v5 nodes: 4 data disks each.
    const nodes = poolNodes("small", 2, { vmSize: "Standard_D2ds_v5", zones: ["1"] });
    const storage = aksStorage(nodes, [lrsClass], "Standard_D2ds_v5");

    test("a ninth disk exceeds the nodes' max volume count; OrderedReady creates no replica after it", () => {
        const result = simulate({ nodes, workloads: [statefulSet("db", 10, "premium-lrs")], storage, provisionedVolumeTopology: aksProvisionedVolumeTopology });
        expect(result.pods.filter((p) => p.node !== undefined)).toHaveLength(8);
        expect(result.pods[8].message).toBe("0/2 nodes are available: 2 node(s) exceed max volume count.");
        expect(result.pods[9].message).toBe("not created: StatefulSet/default/db creates its pods one at a time (podManagementPolicy OrderedReady) and db-8 is Pending");
        expect(result.unschedulable).toBe(2);
    });

    test("eight disks fit", () => {
        const result = simulate({ nodes, workloads: [statefulSet("db", 8, "premium-lrs")], storage, provisionedVolumeTopology: aksProvisionedVolumeTopology });
        expect(result.unschedulable).toBe(0);
    });
});

describe("simulate: StatefulSet identity", () => {
    test("pods carry their name and index labels and mount their own claim", () => {
        const nodes = poolNodes("db", 3);
        const result = simulate({ nodes, workloads: [statefulSet("db", 2, "premium-lrs", { podManagementPolicy: "Parallel" })], storage: aksStorage(nodes, [lrsClass]) });
        expect(result.pods.map((p) => p.pod)).toEqual(["default/db-0", "default/db-1"]);
        const claims = result.storage.persistentVolumeClaims.map((c) => [c.metadata!.name, c.metadata!.labels]);
        expect(claims).toEqual([
            ["data-db-0", { app: "db" }],
            ["data-db-1", { app: "db" }],
        ]);
    });

    test("an unknown podManagementPolicy is rejected", () => {
        expect(() => simulate({ nodes: poolNodes("db", 1), workloads: [statefulSet("db", 1, "x", { podManagementPolicy: "Random" })] })).toThrow(
            'StatefulSet/default/db: spec.podManagementPolicy: "Random" is not valid; use OrderedReady or Parallel',
        );
    });
});

describe("simulate: default topology spreading", () => {
    // Nodes in zone order (three single-zone pools), so that the emptiest nodes first in node order share a zone.
    const nodes = [...poolNodes("a", 3, { zones: ["1"] }), ...poolNodes("b", 3, { zones: ["2"] }), ...poolNodes("c", 3, { zones: ["3"] })];
    const service = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" } } };

    test("a Deployment's three replicas behind a Service land one per zone", () => {
        const result = simulate({ nodes, workloads: [service, deployment("web", 3, podSpec("100m"))] });
        expect(result.pods.map((p) => zoneOf(nodes, p.node)).sort()).toEqual(["westeurope-1", "westeurope-2", "westeurope-3"]);
    });

    test("three bare pods (no controller, no Service) are not spread by zone", () => {
        const bare = [0, 1, 2].map((i) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: `web-${i}`, labels: { app: "lone" } }, spec: podSpec("100m") }));
        const result = simulate({ nodes, workloads: bare });
        expect(result.pods.map((p) => zoneOf(nodes, p.node))).toEqual(["westeurope-1", "westeurope-1", "westeurope-1"]);
    });
});

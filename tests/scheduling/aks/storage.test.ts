/** AKS storage: built-in classes (LRS or ZRS), CSINodes with the data-disk limit, and where provisioned disks attach. */
import {
    aksProvisionedVolumeTopology,
    azureDiskSku,
    builtInDisksAreZoneRedundant,
    builtInStorageClasses,
    poolCsiNodes,
} from "../../../scheduling/aks";
import { buildPoolNodes } from "../../../scheduling/aks/node-model";
import { findVmSize } from "../../../scheduling/aks/vm-sizes";
import type { V1PersistentVolumeClaim, V1StorageClass } from "../../../scheduling/model/types";
import { cluster, pool } from "./fixtures";

const claim: V1PersistentVolumeClaim = { metadata: { name: "data" }, spec: {} };
const diskClass = (sku: string): V1StorageClass => ({ metadata: { name: sku }, provisioner: "disk.csi.azure.com", parameters: { skuName: sku } });

describe("built-in storage classes", () => {
    test.each([
        ["1.33, three zones: ZRS", "1.33", [["1", "2", "3"]], true],
        ["1.33, pools in two different zones: ZRS", "1.33", [["1"], ["2"]], true],
        ["1.33, one zone: LRS", "1.33", [["1"]], false],
        ["1.33, regional pools: LRS", "1.33", [[]], false],
        ["1.28, three zones: LRS (before AKS switched to ZRS)", "1.28", [["1", "2", "3"]], false],
    ])("%s", (_name, version, zones, zrs) => {
        const pools = (zones as string[][]).map((z) => ({ zones: z }));
        expect(builtInDisksAreZoneRedundant({ kubernetesVersion: version as string }, pools)).toBe(zrs);
        const classes = builtInStorageClasses({ kubernetesVersion: version as string }, pools);
        expect(classes.map((c) => [c.metadata!.name, c.provisioner, c.volumeBindingMode, azureDiskSku(c)])).toEqual([
            ["default", "disk.csi.azure.com", "WaitForFirstConsumer", zrs ? "StandardSSD_ZRS" : "StandardSSD_LRS"],
            ["managed-csi", "disk.csi.azure.com", "WaitForFirstConsumer", zrs ? "StandardSSD_ZRS" : "StandardSSD_LRS"],
            ["managed-csi-premium", "disk.csi.azure.com", "WaitForFirstConsumer", zrs ? "Premium_ZRS" : "Premium_LRS"],
            ["azurefile-csi", "file.csi.azure.com", "Immediate", "Standard_LRS"],
            ["azurefile-csi-premium", "file.csi.azure.com", "Immediate", "Premium_LRS"],
        ]);
        expect(classes.filter((c) => c.metadata!.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true").map((c) => c.metadata!.name)).toEqual(["default"]);
    });
});

describe("CSINodes", () => {
    test.each([
        ["Standard_D2ds_v5", 4],
        ["Standard_D4ds_v5", 8],
        ["Standard_D16s_v5", 32],
        ["Standard_E8s_v5", 16],
    ])("a %s node allows %i Azure Disks", (vmSize, limit) => {
        expect(findVmSize(vmSize)!.maxDataDisks).toBe(limit);
        const p = pool({ vmSize, capacity: findVmSize(vmSize)! });
        const nodes = buildPoolNodes(p, cluster(), { count: 1 });
        expect(poolCsiNodes(p, nodes)).toEqual([
            {
                apiVersion: "storage.k8s.io/v1",
                kind: "CSINode",
                metadata: { name: nodes[0].metadata!.name },
                spec: {
                    drivers: [
                        { name: "disk.csi.azure.com", nodeID: nodes[0].metadata!.name, topologyKeys: ["topology.disk.csi.azure.com/zone"], allocatable: { count: limit } },
                        { name: "file.csi.azure.com", nodeID: nodes[0].metadata!.name },
                    ],
                },
            },
        ]);
    });

    test("a size without a known limit gets no allocatable count (no limit is enforced)", () => {
        const p = pool({ capacity: { ...findVmSize("Standard_D4ds_v5")!, maxDataDisks: undefined } });
        const nodes = buildPoolNodes(p, cluster(), { count: 1 });
        expect(poolCsiNodes(p, nodes)[0].spec!.drivers[0]).toEqual({ name: "disk.csi.azure.com", nodeID: nodes[0].metadata!.name, topologyKeys: ["topology.disk.csi.azure.com/zone"] });
    });
});

describe("where a provisioned volume attaches", () => {
    const zonal = buildPoolNodes(pool({ zones: ["2"] }), cluster(), { count: 1 })[0];
    const regional = buildPoolNodes(pool({ zones: [] }), cluster(), { count: 1 })[0];

    test("nodes carry the disk driver's zone label: the zone on zonal nodes, empty on regional ones", () => {
        expect(zonal.metadata!.labels!["topology.disk.csi.azure.com/zone"]).toBe("westeurope-2");
        expect(regional.metadata!.labels!["topology.disk.csi.azure.com/zone"]).toBe("");
    });

    test.each([
        ["an LRS disk is pinned to the node's zone", diskClass("Premium_LRS"), zonal, { matchExpressions: [{ key: "topology.disk.csi.azure.com/zone", operator: "In", values: ["westeurope-2"] }] }],
        ["an LRS disk made for a regional node attaches to regional nodes only", diskClass("StandardSSD_LRS"), regional, { matchExpressions: [{ key: "topology.disk.csi.azure.com/zone", operator: "In", values: [""] }] }],
        ["a disk without a SKU is the driver's default, StandardSSD_LRS: pinned", { metadata: { name: "plain" }, provisioner: "disk.csi.azure.com" }, zonal, { matchExpressions: [{ key: "topology.disk.csi.azure.com/zone", operator: "In", values: ["westeurope-2"] }] }],
        ["a ZRS disk is not pinned", diskClass("Premium_ZRS"), zonal, undefined],
        ["an Azure Files share is not pinned", { metadata: { name: "files" }, provisioner: "file.csi.azure.com" }, zonal, undefined],
    ])("%s", (_name, storageClass, node, term) => {
        expect(aksProvisionedVolumeTopology(claim, storageClass as V1StorageClass, node)).toEqual(term);
    });
});

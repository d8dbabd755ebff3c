/**
 * Storage as AKS gives it: the built-in StorageClasses, the CSINode of every node (the Azure Disk driver's attach
 * limit and topology), and where a provisioned volume may attach.
 *
 * Sources:
 * - Built-in classes, their provisioners and binding modes (`kubectl get storageclass` on AKS: the Azure Files
 *   classes Immediate, the Azure Disk classes WaitForFirstConsumer, `default` the default class):
 *   https://learn.microsoft.com/azure/aks/concepts-storage#storage-classes.
 * - "Effective starting with Kubernetes version 1.29, when you deploy AKS clusters across multiple availability
 *   zones, AKS now utilizes zone-redundant storage (ZRS) to create managed disks within built-in storage classes"
 *   (Azure/AKS release 2024-04-28; https://learn.microsoft.com/azure/aks/availability-zones-overview#azure-disk-availability-zones-support).
 *   We read "across multiple availability zones" as: the cluster's pools together declare two zones or more.
 * - A locally redundant (LRS) disk lives in one zone and attaches only to nodes of that zone; the Azure Disk CSI
 *   driver pins its volume with `topology.disk.csi.azure.com/zone`; a ZRS disk "could be scheduled on all zone and
 *   non-zone agent nodes" (kubernetes-sigs/azuredisk-csi-driver `deploy/example/topology/README.md`). The driver's
 *   default SKU is StandardSSD_LRS (`docs/driver-parameters.md`).
 * - The attach limit: the driver reports the VM size's "Max data disks" (see `vm-sizes.ts`) as the node's
 *   `disk.csi.azure.com` allocatable count; its `reservedDataDiskSlotNum` defaults to 0 (chart `values.yaml`).
 *   Azure Files shares are mounted over the network: no attach limit, no topology.
 * See https://learn.microsoft.com/azure/aks/azure-disk-csi
 */
import type { V1CSINode, V1Node, V1NodeSelectorTerm, V1PersistentVolumeClaim, V1StorageClass } from "../model/types";
import { DEFAULT_CLASS_ANNOTATION } from "../model/volumes";
import { isAtLeast, parseKubernetesVersion } from "./kubernetes-version";
import type { ClusterNodeContext, NodePoolSpec } from "./node-pool-spec";

/** The Azure Disk CSI driver. */
export const AZURE_DISK_CSI_DRIVER = "disk.csi.azure.com";
/** The Azure Files CSI driver. */
export const AZURE_FILE_CSI_DRIVER = "file.csi.azure.com";
/** The node label the Azure Disk driver pins zonal disks with. */
export const AZURE_DISK_ZONE_LABEL = "topology.disk.csi.azure.com/zone";
export { DEFAULT_CLASS_ANNOTATION };

/** Whether AKS makes the built-in disk classes zone-redundant for this cluster (1.29+, two zones or more). */
export function builtInDisksAreZoneRedundant(cluster: Pick<ClusterNodeContext, "kubernetesVersion">, pools: readonly Pick<NodePoolSpec, "zones">[]): boolean {
    const version = parseKubernetesVersion(cluster.kubernetesVersion, "ManagedCluster", "kubernetesVersion");
    const zones = new Set(pools.flatMap((p) => p.zones));
    return isAtLeast(version, 1, 29) && zones.size >= 2;
}

function diskClass(name: string, sku: string, isDefault: boolean): V1StorageClass {
    return {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name, ...(isDefault ? { annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" } } : {}) },
        provisioner: AZURE_DISK_CSI_DRIVER,
        parameters: { skuname: sku },
        reclaimPolicy: "Delete",
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
    };
}

function fileClass(name: string, sku: string): V1StorageClass {
    return {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name },
        provisioner: AZURE_FILE_CSI_DRIVER,
        parameters: { skuName: sku },
        reclaimPolicy: "Delete",
        volumeBindingMode: "Immediate",
        allowVolumeExpansion: true,
    };
}

/**
 * The StorageClasses every AKS cluster has (the CSI ones; the legacy in-tree names `managed`, `managed-premium`,
 * `azurefile`, `azurefile-premium` are aliases of the same drivers and left out): `default` (the default class)
 * and `managed-csi` on Standard SSD, `managed-csi-premium` on Premium SSD, LRS or ZRS as
 * {@link builtInDisksAreZoneRedundant} says; `azurefile-csi` and `azurefile-csi-premium` on Azure Files.
 */
export function builtInStorageClasses(cluster: Pick<ClusterNodeContext, "kubernetesVersion">, pools: readonly Pick<NodePoolSpec, "zones">[]): V1StorageClass[] {
    const redundancy = builtInDisksAreZoneRedundant(cluster, pools) ? "ZRS" : "LRS";
    return [
        diskClass("default", `StandardSSD_${redundancy}`, true),
        diskClass("managed-csi", `StandardSSD_${redundancy}`, false),
        diskClass("managed-csi-premium", `Premium_${redundancy}`, false),
        fileClass("azurefile-csi", "Standard_LRS"),
        fileClass("azurefile-csi-premium", "Premium_LRS"),
    ];
}

/**
 * The CSINode the kubelet registers for each node of a pool: the Azure Disk driver with the VM size's
 * data-disk limit (none when the size's limit is unknown) and its zone topology key, and the Azure Files driver
 * (no limit, no topology).
 */
export function poolCsiNodes(pool: Pick<NodePoolSpec, "capacity">, nodes: readonly V1Node[]): V1CSINode[] {
    const limit = pool.capacity.maxDataDisks;
    return nodes.map((node) => {
        const name = node.metadata!.name!;
        return {
            apiVersion: "storage.k8s.io/v1",
            kind: "CSINode",
            metadata: { name },
            spec: {
                drivers: [
                    { name: AZURE_DISK_CSI_DRIVER, nodeID: name, topologyKeys: [AZURE_DISK_ZONE_LABEL], ...(limit === undefined ? {} : { allocatable: { count: limit } }) },
                    { name: AZURE_FILE_CSI_DRIVER, nodeID: name },
                ],
            },
        };
    });
}

/** A class parameter read case-insensitively (the Azure drivers accept `skuName`, `skuname`, `storageAccountType`). */
function parameter(storageClass: V1StorageClass, ...names: string[]): string | undefined {
    const wanted = names.map((n) => n.toLowerCase());
    for (const [key, value] of Object.entries(storageClass.parameters ?? {})) if (wanted.includes(key.toLowerCase())) return value;
    return undefined;
}

/** The disk SKU a class provisions (the driver's default when unset). */
export function azureDiskSku(storageClass: V1StorageClass): string {
    return parameter(storageClass, "skuName", "storageAccountType") ?? "StandardSSD_LRS";
}

/**
 * Where a volume the AKS CSI drivers provision for a claim may attach, given the node the pod was scheduled to:
 * an Azure Disk that is not zone-redundant is pinned to the node's `topology.disk.csi.azure.com/zone` (which is
 * empty on regional nodes, so a regional disk attaches to regional nodes only); ZRS disks, Azure Files shares and
 * other provisioners are not pinned. This is the `provisionedVolumeTopology` the placement checks give `simulate`.
 */
export function aksProvisionedVolumeTopology(_claim: V1PersistentVolumeClaim, storageClass: V1StorageClass, node: V1Node): V1NodeSelectorTerm | undefined {
    if (storageClass.provisioner !== AZURE_DISK_CSI_DRIVER) return undefined;
    if (/_ZRS$/i.test(azureDiskSku(storageClass))) return undefined;
    const zone = node.metadata?.labels?.[AZURE_DISK_ZONE_LABEL] ?? "";
    return { matchExpressions: [{ key: AZURE_DISK_ZONE_LABEL, operator: "In", values: [zone] }] };
}

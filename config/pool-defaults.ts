/**
 * The defaults AKS applies to a node pool when a setting is left out, written down so that the resolved
 * {@link NodePoolSpec} states what AKS will actually build. Pure functions; the schema calls them.
 */
import type { ClusterNetworkSpec, OsDiskType, OsSku, OsType } from "../scheduling/aks/node-pool-spec";
import { ephemeralOsDiskLimitGiB, type VmCapacity } from "../scheduling/aks/vm-sizes";

/**
 * Default pods per node by network plugin (https://learn.microsoft.com/azure/aks/concepts-network-ip-address-planning#maximum-pods-per-node):
 * Azure CNI Overlay 250, kubenet 110, Azure CNI on the node subnet 30. Bring-your-own CNI (`none`) has no
 * default AKS documents: such pools must declare `maxPods` (undefined here).
 */
export function defaultMaxPods(network: Pick<ClusterNetworkSpec, "plugin" | "pluginMode">): number | undefined {
    if (network.plugin === "azure") {
        return network.pluginMode === "overlay" ? 250 : 30;
    }
    return network.plugin === "kubenet" ? 110 : undefined;
}

/** Default OS SKU per OS type: Ubuntu for Linux, Windows Server 2022 for Windows (API `osSKU` defaults). */
export function defaultOsSku(osType: OsType): OsSku {
    return osType === "Linux" ? "Ubuntu" : "Windows2022";
}

/**
 * Managed OS disk size AKS picks by vCPU count (https://learn.microsoft.com/azure/aks/concepts-storage#ephemeral-os-disk):
 * 1–7 vCPUs 128 GB, 8–15 256 GB, 16–63 512 GB, 64 and more 1024 GB.
 */
export function defaultManagedOsDiskSizeGB(vcpus: number): number {
    if (vcpus >= 64) {
        return 1024;
    }
    if (vcpus >= 16) {
        return 512;
    }
    return vcpus >= 8 ? 256 : 128;
}

/** The smallest default OS disk AKS places on a VM's local disk. */
export const DEFAULT_EPHEMERAL_MIN_GB = 128;

/**
 * Resolves OS disk type and size the way AKS does when either is left out (same doc): with neither given, an
 * ephemeral disk filling the local disk when that holds at least 128 GiB, else a managed disk of the vCPU
 * default; with only a size, ephemeral when it fits the local disk; with only "Ephemeral", the whole local
 * disk (at least 128, which the node-pool rules reject if it does not fit); with only "Managed", the vCPU default.
 */
export function resolveOsDisk(
    capacity: VmCapacity,
    declared: { osDiskType?: OsDiskType; osDiskSizeGB?: number },
): { osDiskType: OsDiskType; osDiskSizeGB: number } {
    const limit = ephemeralOsDiskLimitGiB(capacity);
    const { osDiskType, osDiskSizeGB } = declared;
    if (osDiskType === undefined && osDiskSizeGB === undefined) {
        return limit >= DEFAULT_EPHEMERAL_MIN_GB
            ? { osDiskType: "Ephemeral", osDiskSizeGB: limit }
            : { osDiskType: "Managed", osDiskSizeGB: defaultManagedOsDiskSizeGB(capacity.vcpus) };
    }
    if (osDiskType === undefined && osDiskSizeGB !== undefined) {
        return { osDiskType: limit >= osDiskSizeGB ? "Ephemeral" : "Managed", osDiskSizeGB };
    }
    if (osDiskType === "Ephemeral") {
        return { osDiskType, osDiskSizeGB: osDiskSizeGB ?? Math.max(limit, DEFAULT_EPHEMERAL_MIN_GB) };
    }
    return { osDiskType: "Managed", osDiskSizeGB: osDiskSizeGB ?? defaultManagedOsDiskSizeGB(capacity.vcpus) };
}

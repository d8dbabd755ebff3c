/**
 * The catalog of Azure VM sizes that AKS node pools can use, with the figures the node model and the
 * stack validation need: vCPUs, memory, local disks (for ephemeral OS disks), GPUs and CPU architecture.
 *
 * Sources, per entry in `source`:
 * - VMDOC: https://learn.microsoft.com/azure/virtual-machines/sizes/overview (series pages under
 *   `sizes/{general-purpose,memory-optimized,compute-optimized,gpu-accelerated}/*-series`), read 2026.
 * - VMDOC-OLD: the previous-generation pages (`dv3-dsv3-series`, `fsv2-series`, `dv2-dsv2-series`), which still
 *   list the cache size used for ephemeral OS disks on those sizes.
 * - Max data disks: the table the Azure Disk CSI driver reports as each node's attach limit
 *   (kubernetes-sigs/azuredisk-csi-driver `pkg/azuredisk/azure_dd_max_disk_count.go`, read at commit
 *   005d9c4750aee845d6d61ed35f2b01125b796d7c), which matches the "Max data disks" column of VMDOC
 *   (/work/shared/reference/aks-facts.md §2d lists the same figures for the sizes it covers).
 *
 * Memory is the documented "Memory (GB)" figure, which Azure treats as GiB (AKS computes reservations on it).
 * Unknown sizes are not guessed: a stack must declare their capacity (see {@link VmCapacity}).
 */

/** CPU architecture of a VM size, spelled as the `kubernetes.io/arch` node label spells it. */
export type CpuArchitecture = "amd64" | "arm64";

/** The GPUs of a VM size. */
export interface VmGpu {
    /** Number of GPUs per VM; exposed as `nvidia.com/gpu` when a device plugin runs. */
    count: number;
    /** Model, for humans ("NVIDIA Tesla T4 16 GB"). */
    model: string;
}

/** The capacity of one VM size: what a node of that size brings before AKS reserves anything. */
export interface VmCapacity {
    /** Number of vCPUs. */
    vcpus: number;
    /** Memory in GiB, as Azure documents it. */
    memoryGiB: number;
    /** Temporary (resource) disk in GiB; 0 when the size has none. */
    tempDiskGiB: number;
    /** Cache size in GiB for previous-generation sizes that have one; 0 otherwise. */
    cacheDiskGiB: number;
    /** GPUs, when the size has any. */
    gpu?: VmGpu;
    /** CPU architecture. */
    architecture: CpuArchitecture;
    /** Burstable (B-series) sizes, which AKS refuses for System pools. */
    burstable: boolean;
    /**
     * The most data disks the size attaches ("Max data disks"). The Azure Disk CSI driver reports it as the node's
     * attach limit for `disk.csi.azure.com` (its `reservedDataDiskSlotNum` defaults to 0). Unknown for a declared
     * capacity that leaves it out: the node model then sets no limit.
     * See https://learn.microsoft.com/azure/virtual-machines/sizes/overview
     */
    maxDataDisks?: number;
}

/** One catalog entry: a VM size's capacity and the document it was read from. */
export interface VmSize extends VmCapacity {
    /** The VM size name, as Azure spells it (`Standard_D4s_v5`). */
    name: string;
    /** Where the figures come from (see the file header). */
    source: string;
}

function size(
    name: string,
    vcpus: number,
    memoryGiB: number,
    disks: { data: number; temp: number; cache?: number },
    source: string,
    extra: { gpu?: VmGpu; architecture?: CpuArchitecture; burstable?: boolean } = {},
): VmSize {
    return {
        name,
        vcpus,
        memoryGiB,
        tempDiskGiB: disks.temp,
        cacheDiskGiB: disks.cache ?? 0,
        gpu: extra.gpu,
        architecture: extra.architecture ?? "amd64",
        burstable: extra.burstable ?? false,
        maxDataDisks: disks.data,
        source,
    };
}

const BSERIES = "VMDOC general-purpose/bv1-series";
const DV2 = "VMDOC-OLD dv2-dsv2-series";
const DV3 = "VMDOC-OLD dv3-dsv3-series";
const DSV5 = "VMDOC general-purpose/dsv5-series";
const DDSV5 = "VMDOC general-purpose/ddsv5-series";
const DASV5 = "VMDOC general-purpose/dasv5-series";
const DPSV5 = "VMDOC general-purpose/dpsv5-series";
const ESV5 = "VMDOC memory-optimized/esv5-series";
const EDSV5 = "VMDOC memory-optimized/edsv5-series";
const FSV2 = "VMDOC-OLD fsv2-series";
const NCV3 = "VMDOC gpu-accelerated/ncv3-series";
const NCA100 = "VMDOC gpu-accelerated/nca100v4-series";
const NCT4 = "VMDOC gpu-accelerated/ncast4v3-series";

const T4 = "NVIDIA Tesla T4 16 GB";

/** Every VM size the project knows, by name. */
export const VM_SIZES: readonly VmSize[] = [
    size("Standard_B2s", 2, 4, { data: 4, temp: 8 }, BSERIES, { burstable: true }),
    size("Standard_B2ms", 2, 8, { data: 4, temp: 16 }, BSERIES, { burstable: true }),
    size("Standard_B4ms", 4, 16, { data: 8, temp: 32 }, BSERIES, { burstable: true }),
    size("Standard_DS2_v2", 2, 7, { data: 8, temp: 14, cache: 86 }, DV2),
    size("Standard_D2s_v3", 2, 8, { data: 4, temp: 16, cache: 50 }, DV3),
    size("Standard_D4s_v3", 4, 16, { data: 8, temp: 32, cache: 100 }, DV3),
    size("Standard_D8s_v3", 8, 32, { data: 16, temp: 64, cache: 200 }, DV3),
    size("Standard_D16s_v3", 16, 64, { data: 32, temp: 128, cache: 400 }, DV3),
    size("Standard_D2s_v5", 2, 8, { data: 4, temp: 0 }, DSV5),
    size("Standard_D4s_v5", 4, 16, { data: 8, temp: 0 }, DSV5),
    size("Standard_D8s_v5", 8, 32, { data: 16, temp: 0 }, DSV5),
    size("Standard_D16s_v5", 16, 64, { data: 32, temp: 0 }, DSV5),
    size("Standard_D32s_v5", 32, 128, { data: 32, temp: 0 }, DSV5),
    size("Standard_D2ds_v5", 2, 8, { data: 4, temp: 75 }, DDSV5),
    size("Standard_D4ds_v5", 4, 16, { data: 8, temp: 150 }, DDSV5),
    size("Standard_D8ds_v5", 8, 32, { data: 16, temp: 300 }, DDSV5),
    size("Standard_D16ds_v5", 16, 64, { data: 32, temp: 600 }, DDSV5),
    size("Standard_D2as_v5", 2, 8, { data: 4, temp: 0 }, DASV5),
    size("Standard_D4as_v5", 4, 16, { data: 8, temp: 0 }, DASV5),
    size("Standard_D8as_v5", 8, 32, { data: 16, temp: 0 }, DASV5),
    size("Standard_D4ps_v5", 4, 16, { data: 8, temp: 0 }, DPSV5, { architecture: "arm64" }),
    size("Standard_D8ps_v5", 8, 32, { data: 16, temp: 0 }, DPSV5, { architecture: "arm64" }),
    size("Standard_E2s_v5", 2, 16, { data: 4, temp: 0 }, ESV5),
    size("Standard_E4s_v5", 4, 32, { data: 8, temp: 0 }, ESV5),
    size("Standard_E8s_v5", 8, 64, { data: 16, temp: 0 }, ESV5),
    size("Standard_E16s_v5", 16, 128, { data: 32, temp: 0 }, ESV5),
    size("Standard_E4ds_v5", 4, 32, { data: 8, temp: 150 }, EDSV5),
    size("Standard_E8ds_v5", 8, 64, { data: 16, temp: 300 }, EDSV5),
    size("Standard_F4s_v2", 4, 8, { data: 8, temp: 32, cache: 64 }, FSV2),
    size("Standard_F8s_v2", 8, 16, { data: 16, temp: 64, cache: 128 }, FSV2),
    size("Standard_F16s_v2", 16, 32, { data: 32, temp: 128, cache: 256 }, FSV2),
    size("Standard_NC6s_v3", 6, 112, { data: 12, temp: 736 }, NCV3, { gpu: { count: 1, model: "NVIDIA Tesla V100 16 GB" } }),
    size("Standard_NC24ads_A100_v4", 24, 220, { data: 8, temp: 64 }, NCA100, { gpu: { count: 1, model: "NVIDIA A100 PCIe 80 GB" } }),
    size("Standard_NC4as_T4_v3", 4, 28, { data: 8, temp: 176 }, NCT4, { gpu: { count: 1, model: T4 } }),
    size("Standard_NC8as_T4_v3", 8, 56, { data: 16, temp: 352 }, NCT4, { gpu: { count: 1, model: T4 } }),
    size("Standard_NC16as_T4_v3", 16, 110, { data: 32, temp: 352 }, NCT4, { gpu: { count: 1, model: T4 } }),
    size("Standard_NC64as_T4_v3", 64, 440, { data: 32, temp: 2816 }, NCT4, { gpu: { count: 4, model: T4 } }),
];

const BY_LOWERCASE_NAME = new Map(VM_SIZES.map((s) => [s.name.toLowerCase(), s]));

/**
 * Looks a VM size up by name. Azure treats size names case-insensitively (nodes have been seen with a
 * lowercase `node.kubernetes.io/instance-type`), and so does this lookup.
 */
export function findVmSize(name: string): VmSize | undefined {
    return BY_LOWERCASE_NAME.get(name.toLowerCase());
}

/** The names of all known sizes, in catalog order. */
export function knownVmSizeNames(): string[] {
    return VM_SIZES.map((s) => s.name);
}

/**
 * The local disk an ephemeral OS disk is placed on, in GiB: the cache for previous-generation sizes that
 * have one, otherwise the temporary disk (https://learn.microsoft.com/azure/aks/concepts-storage#ephemeral-os-disk).
 */
export function ephemeralOsDiskLimitGiB(capacity: VmCapacity): number {
    return capacity.cacheDiskGiB > 0 ? capacity.cacheDiskGiB : capacity.tempDiskGiB;
}

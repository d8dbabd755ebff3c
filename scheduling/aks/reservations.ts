/**
 * What AKS holds back on each node, and so what a node of a pool offers the scheduler: `status.capacity`
 * and `status.allocatable` for cpu, memory, ephemeral-storage, pods and `nvidia.com/gpu`.
 *
 * Sources (keys of /work/shared/reference/aks-facts.md §0, §2b):
 * - DOC-RES: https://learn.microsoft.com/azure/aks/node-resource-reservations (ms.date 06/11/2026) — the CPU
 *   table, both memory formulas, the eviction thresholds, the extra Windows reservation.
 * - KARP: Azure/karpenter-provider-azure `pkg/providers/instancetype/instancetype.go` (352646f) — the CPU
 *   brackets (`reservedCPUTaxVCPU`) that reproduce the DOC-RES table.
 * - Azure/AKS#3525 and #1216 (observed nodes), Azure/AgentBaker `e2e/node_config.go` (06836ee; kubelet flags).
 *
 * Where sources disagree the value that leaves LESS allocatable is used; each such choice is marked
 * "conservative" below. Nothing here depends on I/O, time or randomness.
 */
import { InvalidObjectError } from "../model/errors";
import { isAtLeast, poolKubernetesVersion, type KubernetesVersion } from "./kubernetes-version";
import type { NodePoolSpec } from "./node-pool-spec";
import { count, kibibytes, millicores } from "./quantities";

/** Which kube-reserved memory rule a node gets (DOC-RES). */
export type MemoryReservationFormula =
    /** AKS < 1.29: regressive brackets on the VM's memory, plus `memory.available<750Mi` hard eviction. */
    | "brackets-before-1.29"
    /** AKS ≥ 1.29: min(20 MiB × maxPods + 50 MiB, 25 % of memory), plus `memory.available<100Mi`. */
    | "max-pods-from-1.29"
    /** AKS ≥ 1.29 on Windows: the larger of the two rules above, plus `memory.available<100Mi` (see {@link memoryFormulaFor}). */
    | "larger-of-both-windows-from-1.29";

/** The reservations behind a node's allocatable, each with its unit in its name. */
export interface NodeReservations {
    /** The Kubernetes version the pool's nodes run (the pool's `orchestratorVersion`, else the cluster's). */
    kubernetesVersion: string;
    /** The memory rule that version selects. */
    memoryFormula: MemoryReservationFormula;
    /** kube-reserved CPU (DOC-RES table / KARP brackets). */
    kubeReservedCpuMillicores: number;
    /** kube-reserved memory from the formula, the Windows extra not included. */
    kubeReservedMemoryMiB: number;
    /** Extra memory AKS reserves on Windows nodes (2048 MiB, DOC-RES), 0 on Linux. */
    windowsReservedMemoryMiB: number;
    /** The kubelet's hard eviction threshold `memory.available` (750 or 100 MiB). */
    evictionHardMemoryMiB: number;
    /** The kubelet's hard eviction threshold `nodefs.available` as a percentage of the OS disk filesystem (10). */
    evictionHardNodefsPercent: number;
    /** Memory the kubelet reports as capacity (the VM's memory minus what the OS/hypervisor keep). */
    kubeletMemoryCapacityKi: number;
    /** Filesystem size of the OS disk the kubelet reports as ephemeral-storage capacity. */
    osDiskFilesystemKi: number;
}

/** A node's resources as the Node object states them, and the reservations that explain the difference. */
export interface NodeResources {
    /** `status.capacity`: quantity strings keyed by resource name. */
    capacity: Record<string, string>;
    /** `status.allocatable`: quantity strings keyed by resource name. */
    allocatable: Record<string, string>;
    reserved: NodeReservations;
}

/**
 * kube-reserved CPU in millicores for a VM with `vcpus` cores: 6 % of the first core, 4 % of the second,
 * 2 % of the third and fourth, 1 % of every core above four (KARP `reservedCPUTaxVCPU`), which gives the
 * DOC-RES table exactly: 1→60, 2→100, 4→140, 8→180, 16→260, 32→420, 64→740.
 *
 * @param vcpus - Whole number of vCPUs (≥ 1).
 */
export function kubeReservedCpuMillicores(vcpus: number): number {
    // Per-core shares in millicores (percent of 1000m): core 1 → 60, core 2 → 40, cores 3–4 → 20, beyond → 10.
    let reserved = 0;
    for (let core = 1; core <= vcpus; core++) {
        reserved += core === 1 ? 60 : core === 2 ? 40 : core <= 4 ? 20 : 10;
    }
    return reserved;
}

/** The < 1.29 memory brackets (DOC-RES): [size of the band in MiB, share reserved]. */
const MEMORY_BRACKETS_BEFORE_1_29: ReadonlyArray<[number, number]> = [
    [4 * 1024, 0.25], // first 4 GiB
    [4 * 1024, 0.2], // next 4 GiB (to 8)
    [8 * 1024, 0.1], // next 8 GiB (to 16)
    [112 * 1024, 0.06], // next 112 GiB (to 128)
    [Number.POSITIVE_INFINITY, 0.02], // above 128 GiB
];

/**
 * kube-reserved memory in MiB under the AKS < 1.29 brackets, applied to the VM's nominal memory in GiB.
 *
 * Rounded to the nearest MiB: observed nodes show the fraction dropped where it is below one half
 * (7 GiB → `--kube-reserved=memory=1638Mi` from 1638.4, AgentBaker `e2e/node_config.go`; 16 GiB → 2662Mi
 * from 2662.4, Azure/AKS#1216), which rules out rounding up; nearest (not down) is the conservative reading
 * consistent with them, and it reproduces the derived table of aks-facts §2b (64 GiB → 5612 from 5611.52).
 *
 * @param memoryGiB - The VM's documented memory.
 */
export function kubeReservedMemoryBefore129MiB(memoryGiB: number): number {
    let remaining = memoryGiB * 1024;
    let reserved = 0;
    for (const [band, share] of MEMORY_BRACKETS_BEFORE_1_29) {
        const inBand = Math.min(remaining, band);
        reserved += inBand * share;
        remaining -= inBand;
        if (remaining <= 0) break;
    }
    return Math.round(reserved);
}

/**
 * kube-reserved memory in MiB under the AKS ≥ 1.29 rule: min(20 × maxPods + 50, 25 % of memory).
 *
 * Units, conservative: DOC-RES writes "MB"; Karpenter's alignment PR (Azure/karpenter-provider-azure#1919)
 * uses MiB. MiB reserves more (20 MiB > 20 MB), so MiB is used. The 25 % cap is taken on the VM's nominal
 * memory rather than the (smaller) kubelet capacity, again the larger reservation. Fractions round up.
 *
 * @param memoryGiB - The VM's documented memory.
 * @param maxPods - The pool's pods per node.
 */
export function kubeReservedMemoryFrom129MiB(memoryGiB: number, maxPods: number): number {
    return Math.ceil(Math.min(20 * maxPods + 50, (memoryGiB * 1024) / 4));
}

/** Hard eviction `memory.available` before 1.29 (DOC-RES; KARP `DefaultMemoryAvailable`). */
export const EVICTION_HARD_MEMORY_BEFORE_1_29_MIB = 750;
/** Hard eviction `memory.available` from 1.29 (DOC-RES). */
export const EVICTION_HARD_MEMORY_FROM_1_29_MIB = 100;
/** "AKS reserves an extra 2 GB for system processes" on Windows (DOC-RES); 2 GiB, the larger reading. */
export const WINDOWS_EXTRA_RESERVED_MEMORY_MIB = 2048;
/** Hard eviction `nodefs.available<10%` (DOC-RES; Azure/AKS#3525). */
export const EVICTION_HARD_NODEFS_PERCENT = 10;

/**
 * Memory the kubelet reports as capacity, in KiB, for a VM of `memoryGiB`: the VM's memory times the
 * smallest fraction observed on AKS nodes, 4025836Ki out of 4 GiB (0.9598, Azure/AKS#3525 and #1216).
 * Larger sizes were seen higher (7 GiB → 0.969, 16 GiB → 0.978, aks-facts §2b); the smallest fraction
 * is the conservative one. 4025836 / 4194304 × 1048576 = 1006459 KiB per GiB, exactly.
 */
export function kubeletMemoryCapacityKi(memoryGiB: number): number {
    return Math.floor(memoryGiB * 1006459);
}

/**
 * Size of the OS disk's filesystem in KiB, which the kubelet reports as ephemeral-storage capacity: the
 * disk size times the fraction observed on a 128 GB managed OS disk (the AKS default for 2-vCPU sizes,
 * DOC-STO), 129886128Ki (Azure/AKS#3525) of 134217728Ki — partitions and filesystem overhead take the rest.
 * Azure disk sizes in "GB" are binary (a 128 GB P10 disk is 128 GiB).
 */
export function osDiskFilesystemKi(osDiskSizeGB: number): number {
    return Math.floor((osDiskSizeGB * 129886128) / 128);
}

/**
 * The memory rule for a Kubernetes version and OS: the max-pods rule from 1.29 (CHLOG 2024-03-17; pools
 * created before 2024-02-26 keep the brackets until updated, which this model does not track).
 *
 * Windows from 1.29, conservative: DOC-RES does not say whether Windows nodes moved to the max-pods rule,
 * and AgentBaker's Windows sample (`e2e/node_config.go`, 06836ee: `--max-pods=30`,
 * `--kube-reserved=cpu=100m,memory=3891Mi` = 1843 MiB brackets on 8 GiB + 2048) shows the brackets with 30
 * pods, where the max-pods rule would give 650 MiB. The larger of the two rules is used.
 */
export function memoryFormulaFor(version: KubernetesVersion, osType: NodePoolSpec["osType"] = "Linux"): MemoryReservationFormula {
    if (!isAtLeast(version, 1, 29)) return "brackets-before-1.29";
    return osType === "Windows" ? "larger-of-both-windows-from-1.29" : "max-pods-from-1.29";
}

/**
 * The capacity and allocatable of a node of `pool`, and the reservations between them.
 *
 * - cpu: vCPUs × 1000m − kube-reserved CPU.
 * - memory: kubelet capacity − kube-reserved memory (formula by version and OS, + 2 GiB on Windows) − hard eviction;
 *   never below zero (a VM too small for AKS's reservations offers nothing).
 * - ephemeral-storage: OS disk filesystem × 0.9 (`nodefs.available<10%`).
 * - pods: maxPods.
 * - `nvidia.com/gpu`: the size's GPU count, only when the pool's `gpuDevicePlugin` is true (without a
 *   device plugin the GPUs are not advertised, DOC-GPU).
 *
 * @param pool - The node pool.
 * @param kubernetesVersion - The cluster's version, used when the pool sets no `orchestratorVersion`.
 * @throws InvalidObjectError on a malformed version, a non-positive vCPU/memory/disk/maxPods figure, or
 *   `gpuDevicePlugin` on a size without GPUs.
 */
export function nodeResources(pool: NodePoolSpec, kubernetesVersion: string): NodeResources {
    const object = `NodePool/${pool.name}`;
    const { capacity: vm } = pool;
    requirePositiveInteger(object, "capacity.vcpus", vm.vcpus);
    requirePositive(object, "capacity.memoryGiB", vm.memoryGiB);
    requirePositiveInteger(object, "osDiskSizeGB", pool.osDiskSizeGB);
    requirePositiveInteger(object, "maxPods", pool.maxPods);
    if (pool.gpuDevicePlugin && (vm.gpu === undefined || vm.gpu.count <= 0)) {
        throw new InvalidObjectError(
            object,
            "gpuDevicePlugin",
            `is true but ${pool.vmSize} has no GPUs; set it only on GPU sizes (e.g. Standard_NC4as_T4_v3) or set it to false`,
        );
    }

    const version = poolKubernetesVersion(pool, kubernetesVersion);
    const memoryFormula = memoryFormulaFor(version, pool.osType);
    const kubeReservedMemoryMiB =
        memoryFormula === "max-pods-from-1.29"
            ? kubeReservedMemoryFrom129MiB(vm.memoryGiB, pool.maxPods)
            : memoryFormula === "larger-of-both-windows-from-1.29"
              ? Math.max(kubeReservedMemoryFrom129MiB(vm.memoryGiB, pool.maxPods), kubeReservedMemoryBefore129MiB(vm.memoryGiB))
              : kubeReservedMemoryBefore129MiB(vm.memoryGiB);
    // Hard eviction by version (DOC-RES). AgentBaker's Windows sample sets none; keeping it is conservative.
    const evictionHardMemoryMiB =
        memoryFormula === "brackets-before-1.29" ? EVICTION_HARD_MEMORY_BEFORE_1_29_MIB : EVICTION_HARD_MEMORY_FROM_1_29_MIB;
    const windowsReservedMemoryMiB = pool.osType === "Windows" ? WINDOWS_EXTRA_RESERVED_MEMORY_MIB : 0;
    const kubeReservedCpu = kubeReservedCpuMillicores(vm.vcpus);

    const memoryCapacityKi = kubeletMemoryCapacityKi(vm.memoryGiB);
    const memoryHeldKi = (kubeReservedMemoryMiB + windowsReservedMemoryMiB + evictionHardMemoryMiB) * 1024;
    const filesystemKi = osDiskFilesystemKi(pool.osDiskSizeGB);
    const cpuCapacity = vm.vcpus * 1000;

    const capacity: Record<string, string> = {
        cpu: millicores(cpuCapacity),
        memory: kibibytes(memoryCapacityKi),
        "ephemeral-storage": kibibytes(filesystemKi),
        pods: count(pool.maxPods),
    };
    const allocatable: Record<string, string> = {
        cpu: millicores(Math.max(0, cpuCapacity - kubeReservedCpu)),
        memory: kibibytes(Math.max(0, memoryCapacityKi - memoryHeldKi)),
        "ephemeral-storage": kibibytes(Math.floor((filesystemKi * (100 - EVICTION_HARD_NODEFS_PERCENT)) / 100)),
        pods: count(pool.maxPods),
    };
    if (pool.gpuDevicePlugin && vm.gpu !== undefined) {
        capacity["nvidia.com/gpu"] = count(vm.gpu.count);
        allocatable["nvidia.com/gpu"] = count(vm.gpu.count);
    }
    return {
        capacity,
        allocatable,
        reserved: {
            kubernetesVersion: version.text,
            memoryFormula,
            kubeReservedCpuMillicores: kubeReservedCpu,
            kubeReservedMemoryMiB,
            windowsReservedMemoryMiB,
            evictionHardMemoryMiB,
            evictionHardNodefsPercent: EVICTION_HARD_NODEFS_PERCENT,
            kubeletMemoryCapacityKi: memoryCapacityKi,
            osDiskFilesystemKi: filesystemKi,
        },
    };
}

function requirePositive(object: string, field: string, value: number): void {
    if (!(Number.isFinite(value) && value > 0)) {
        throw new InvalidObjectError(object, field, `must be a positive number, got ${value}`);
    }
}

function requirePositiveInteger(object: string, field: string, value: number): void {
    if (!(Number.isSafeInteger(value) && value > 0)) {
        throw new InvalidObjectError(object, field, `must be a positive whole number, got ${value}`);
    }
}

/**
 * Hand-checked node allocatable. Arithmetic used throughout:
 * - kubelet memory capacity = GiB × 1006459 Ki (4025836Ki observed on 4 GiB nodes, Azure/AKS#3525);
 * - allocatable memory = capacity − (kube-reserved + Windows extra + eviction) MiB × 1024;
 * - ephemeral-storage capacity = osDiskSizeGB × 129886128 / 128 Ki, allocatable = floor(capacity × 0.9).
 */
import { InvalidObjectError } from "../../../scheduling/model/errors";
import {
    kubeReservedCpuMillicores,
    kubeReservedMemoryBefore129MiB,
    kubeReservedMemoryFrom129MiB,
    nodeResources,
} from "../../../scheduling/aks/reservations";
import { capacityOf, pool } from "./fixtures";

describe("kubeReservedCpuMillicores", () => {
    test.each([
        // DOC-RES table.
        [1, 60],
        [2, 100],
        [4, 140],
        [8, 180],
        [16, 260],
        [32, 420],
        [64, 740],
        // Derived from the brackets (aks-facts §2b).
        [3, 120],
        [6, 160],
        [12, 220],
        [24, 340],
        [48, 580],
        [96, 1060],
    ])("%i vCPUs reserve %im", (vcpus, expected) => {
        expect(kubeReservedCpuMillicores(vcpus)).toBe(expected);
    });

    test("a 4-vCPU node does not reserve the 2-vCPU figure", () => {
        expect(kubeReservedCpuMillicores(4)).not.toBe(100);
    });
});

describe("kubeReservedMemoryBefore129MiB (brackets 25/20/10/6/2 % of nominal GiB)", () => {
    test.each([
        ["4 GiB: 0.25×4096 = 1024", 4, 1024],
        ["7 GiB: 1024 + 0.2×3072 = 1638.4 → 1638 (AgentBaker kube-reserved=1638Mi)", 7, 1638],
        ["8 GiB: 1024 + 819.2 = 1843.2 → 1843", 8, 1843],
        ["16 GiB: 1843.2 + 0.1×8192 = 2662.4 → 2662 (Azure/AKS#1216: 3412 − 750)", 16, 2662],
        ["28 GiB: 2662.4 + 0.06×12288 = 3399.68 → 3400", 28, 3400],
        ["32 GiB: 2662.4 + 0.06×16384 = 3645.44 → 3645", 32, 3645],
        ["64 GiB: 2662.4 + 0.06×49152 = 5611.52 → 5612", 64, 5612],
        ["128 GiB: 2662.4 + 0.06×114688 = 9543.68 → 9544", 128, 9544],
        ["220 GiB: 9543.68 + 0.02×94208 = 11427.84 → 11428", 220, 11428],
    ])("%s", (_name, gib, expected) => {
        expect(kubeReservedMemoryBefore129MiB(gib)).toBe(expected);
    });
});

describe("kubeReservedMemoryFrom129MiB (min(20 MiB × maxPods + 50 MiB, 25 % of memory))", () => {
    test.each([
        ["16 GiB, 30 pods: 20×30+50 = 650 < 4096", 16, 30, 650],
        ["16 GiB, 110 pods: 2250 < 4096", 16, 110, 2250],
        ["16 GiB, 250 pods: 5050 capped at 4096", 16, 250, 4096],
        ["4 GiB, 70 pods: 1450 capped at 1024 (DOC-RES example: 25 % cap)", 4, 70, 1024],
        ["32 GiB, 250 pods: 5050 < 8192", 32, 250, 5050],
    ])("%s", (_name, gib, maxPods, expected) => {
        expect(kubeReservedMemoryFrom129MiB(gib, maxPods)).toBe(expected);
    });
});

describe("nodeResources: allocatable under both memory formulas", () => {
    test.each([
        // Standard_D4ds_v5: 4 vCPU, 16 GiB → capacity 16×1006459 = 16103344Ki; CPU 4000 − 140 = 3860m.
        ["D4ds_v5, 1.28: 16103344 − (2662+750)×1024 = 12609456Ki", "Standard_D4ds_v5", 30, "1.28", "3860m", "12609456Ki"],
        ["D4ds_v5, 1.33, 30 pods: 16103344 − (650+100)×1024 = 15335344Ki", "Standard_D4ds_v5", 30, "1.33", "3860m", "15335344Ki"],
        ["D4ds_v5, 1.33, 110 pods: 16103344 − (2250+100)×1024 = 13696944Ki", "Standard_D4ds_v5", 110, "1.33", "3860m", "13696944Ki"],
        ["D4ds_v5, 1.33, 250 pods: 16103344 − (4096+100)×1024 = 11806640Ki", "Standard_D4ds_v5", 250, "1.33", "3860m", "11806640Ki"],
        // Standard_D8s_v5: 8 vCPU, 32 GiB → capacity 32206688Ki; CPU 8000 − 180 = 7820m.
        ["D8s_v5, 1.28: 32206688 − (3645+750)×1024 = 27706208Ki", "Standard_D8s_v5", 110, "1.28", "7820m", "27706208Ki"],
        ["D8s_v5, 1.29, 110 pods: 32206688 − (2250+100)×1024 = 29800288Ki", "Standard_D8s_v5", 110, "1.29", "7820m", "29800288Ki"],
        ["D8s_v5, 1.29, 250 pods: 32206688 − (5050+100)×1024 = 26933088Ki", "Standard_D8s_v5", 250, "1.29", "7820m", "26933088Ki"],
        // Standard_B2s: 2 vCPU, 4 GiB → capacity 4025836Ki; CPU 2000 − 100 = 1900m.
        ["B2s, 1.28: 4025836 − (1024+750)×1024 = 2209260Ki (observed, Azure/AKS#3525)", "Standard_B2s", 110, "1.28", "1900m", "2209260Ki"],
        ["B2s, 1.30, 30 pods: 4025836 − (650+100)×1024 = 3257836Ki", "Standard_B2s", 30, "1.30", "1900m", "3257836Ki"],
        ["B2s, 1.30, 110 pods: 4025836 − (1024+100)×1024 = 2874860Ki", "Standard_B2s", 110, "1.30", "1900m", "2874860Ki"],
        // Standard_DS2_v2: 2 vCPU, 7 GiB → capacity 7×1006459 = 7045213Ki.
        ["DS2_v2, 1.28: 7045213 − (1638+750)×1024 = 4599901Ki", "Standard_DS2_v2", 110, "1.28", "1900m", "4599901Ki"],
        ["DS2_v2, 1.31, 110 pods: 7045213 − (1792+100)×1024 = 5107805Ki", "Standard_DS2_v2", 110, "1.31", "1900m", "5107805Ki"],
        // Standard_NC4as_T4_v3: 4 vCPU, 28 GiB → capacity 28180852Ki.
        ["NC4as_T4_v3, 1.28: 28180852 − (3400+750)×1024 = 23931252Ki", "Standard_NC4as_T4_v3", 30, "1.28", "3860m", "23931252Ki"],
        ["NC4as_T4_v3, 1.33, 30 pods: 28180852 − (650+100)×1024 = 27412852Ki", "Standard_NC4as_T4_v3", 30, "1.33", "3860m", "27412852Ki"],
    ])("%s", (_name, vmSize, maxPods, version, cpu, memory) => {
        const result = nodeResources(pool({ vmSize, maxPods }), version);
        expect(result.allocatable).toEqual({ cpu, memory, "ephemeral-storage": "116897515Ki", pods: String(maxPods) });
    });

    test("capacity is the VM's vCPUs, the kubelet's memory, the OS disk filesystem and maxPods", () => {
        expect(nodeResources(pool({ maxPods: 110 }), "1.33").capacity).toEqual({
            cpu: "4000m",
            memory: "16103344Ki",
            "ephemeral-storage": "129886128Ki",
            pods: "110",
        });
    });

    test("the 1.29 formula does not apply before 1.29: 1.28.9 keeps the brackets (3412Mi reserved, not 750Mi)", () => {
        const { reserved, allocatable } = nodeResources(pool({ maxPods: 30 }), "1.28.9");
        expect(reserved.memoryFormula).toBe("brackets-before-1.29");
        expect(reserved.kubeReservedMemoryMiB + reserved.evictionHardMemoryMiB).toBe(3412);
        expect(allocatable.memory).not.toBe("15335344Ki");
    });

    test("the pool's orchestratorVersion wins over the cluster's version (1.28 pool in a 1.33 cluster)", () => {
        const result = nodeResources(pool({ orchestratorVersion: "1.28" }), "1.33");
        expect(result.reserved).toMatchObject({ kubernetesVersion: "1.28", memoryFormula: "brackets-before-1.29", evictionHardMemoryMiB: 750 });
        expect(result.allocatable.memory).toBe("12609456Ki");
    });

    test("without orchestratorVersion the cluster's version decides", () => {
        expect(nodeResources(pool(), "1.33.2").reserved).toMatchObject({ kubernetesVersion: "1.33.2", memoryFormula: "max-pods-from-1.29", evictionHardMemoryMiB: 100 });
    });

    test.each([
        // Windows D4s_v5, 16 GiB: +2048 MiB; from 1.29 the larger of the brackets (2662) and the max-pods rule.
        ["1.33, 30 pods: max(2662, 650) → 16103344 − (2662+2048+100)×1024 = 11177904Ki", "1.33", 30, "11177904Ki"],
        ["1.33, 250 pods: max(2662, 4096) → 16103344 − (4096+2048+100)×1024 = 9709488Ki", "1.33", 250, "9709488Ki"],
        ["1.28: 16103344 − (2662+2048+750)×1024 = 10512304Ki", "1.28", 30, "10512304Ki"],
    ])("Windows reserves 2 GiB more: %s", (_name, version, maxPods, memory) => {
        const result = nodeResources(pool({ name: "win1", vmSize: "Standard_D4s_v5", osType: "Windows", osSku: "Windows2022", maxPods }), version);
        expect(result.reserved.windowsReservedMemoryMiB).toBe(2048);
        expect(result.allocatable.memory).toBe(memory);
    });

    test("Windows 8 GiB, 30 pods on 1.33 reserves 1843 + 2048 = 3891MiB, as AgentBaker's Windows kubelet flags show", () => {
        const { reserved } = nodeResources(pool({ name: "win1", vmSize: "Standard_D2s_v5", osType: "Windows", osSku: "Windows2022" }), "1.33");
        expect(reserved.memoryFormula).toBe("larger-of-both-windows-from-1.29");
        expect(reserved.kubeReservedMemoryMiB + reserved.windowsReservedMemoryMiB).toBe(3891);
    });

    test("Linux reserves no Windows extra", () => {
        expect(nodeResources(pool({ vmSize: "Standard_D4s_v5" }), "1.33").reserved.windowsReservedMemoryMiB).toBe(0);
    });

    test("ephemeral-storage: 256 GB disk → 256×129886128/128 = 259772256Ki capacity, ×0.9 = 233795030Ki allocatable", () => {
        const result = nodeResources(pool({ vmSize: "Standard_D8s_v5", osDiskSizeGB: 256 }), "1.33");
        expect(result.capacity["ephemeral-storage"]).toBe("259772256Ki");
        expect(result.allocatable["ephemeral-storage"]).toBe("233795030Ki");
    });

    test("a GPU size with the device plugin advertises nvidia.com/gpu = 1", () => {
        const result = nodeResources(pool({ name: "gpu1", vmSize: "Standard_NC4as_T4_v3", gpuDevicePlugin: true }), "1.33");
        expect(result.capacity["nvidia.com/gpu"]).toBe("1");
        expect(result.allocatable["nvidia.com/gpu"]).toBe("1");
    });

    test("a GPU size without the device plugin advertises no nvidia.com/gpu", () => {
        const result = nodeResources(pool({ name: "gpu1", vmSize: "Standard_NC4as_T4_v3", gpuDevicePlugin: false }), "1.33");
        expect(result.capacity).not.toHaveProperty("nvidia.com/gpu");
        expect(result.allocatable).not.toHaveProperty("nvidia.com/gpu");
    });

    test("a 4-GPU size advertises 4", () => {
        expect(nodeResources(pool({ vmSize: "Standard_NC64as_T4_v3", gpuDevicePlugin: true }), "1.33").allocatable["nvidia.com/gpu"]).toBe("4");
    });

    test("memory allocatable never goes below zero on a VM smaller than the reservations", () => {
        const tiny = pool({ capacity: { ...capacityOf("Standard_B2s"), memoryGiB: 1 } });
        // 1 GiB: capacity 1006459Ki; 1.28 holds (256 + 750) × 1024 = 1030144Ki > capacity.
        expect(nodeResources(tiny, "1.28").allocatable.memory).toBe("0Ki");
    });
});

describe("nodeResources: malformed input", () => {
    test.each([
        ["a version with a v prefix", pool(), "v1.33", 'NodePool/user1: kubernetesVersion (the cluster\'s, as the pool sets no orchestratorVersion): "v1.33" is not a Kubernetes version; expected "<major>.<minor>" or "<major>.<minor>.<patch>", e.g. "1.33" or "1.33.2"'],
        ["a word as the pool version", pool({ orchestratorVersion: "latest" }), "1.33", 'NodePool/user1: orchestratorVersion: "latest" is not a Kubernetes version; expected "<major>.<minor>" or "<major>.<minor>.<patch>", e.g. "1.33" or "1.33.2"'],
        ["gpuDevicePlugin on a size without GPUs", pool({ gpuDevicePlugin: true }), "1.33", "NodePool/user1: gpuDevicePlugin: is true but Standard_D4ds_v5 has no GPUs; set it only on GPU sizes (e.g. Standard_NC4as_T4_v3) or set it to false"],
        ["maxPods 0", pool({ maxPods: 0 }), "1.33", "NodePool/user1: maxPods: must be a positive whole number, got 0"],
        ["an OS disk of 0 GB", pool({ osDiskSizeGB: 0 }), "1.33", "NodePool/user1: osDiskSizeGB: must be a positive whole number, got 0"],
        ["fractional vCPUs", pool({ capacity: { ...capacityOf("Standard_D4ds_v5"), vcpus: 2.5 } }), "1.33", "NodePool/user1: capacity.vcpus: must be a positive whole number, got 2.5"],
    ])("%s is rejected", (_name, badPool, version, message) => {
        expect(() => nodeResources(badPool, version)).toThrow(InvalidObjectError);
        expect(() => nodeResources(badPool, version)).toThrow(message);
    });

    test.each([["1.33"], ["1.33.2"], ["1.9"]])("version %s is accepted", (version) => {
        expect(nodeResources(pool(), version).reserved.kubernetesVersion).toBe(version);
    });
});

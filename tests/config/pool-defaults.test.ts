/** The AKS defaults the loader writes into a pool: pods per node by CNI, OS SKU, OS disk type and size. */
import { defaultManagedOsDiskSizeGB, defaultMaxPods, defaultOsSku, resolveOsDisk } from "../../config/pool-defaults";
import type { ClusterNetworkSpec, OsDiskType } from "../../scheduling/aks/node-pool-spec";
import { capacityOf } from "./fixtures";

describe("defaultMaxPods", () => {
    test.each<[string, Pick<ClusterNetworkSpec, "plugin" | "pluginMode">, number | undefined]>([
        ["Azure CNI Overlay", { plugin: "azure", pluginMode: "overlay" }, 250],
        ["Azure CNI on the node subnet", { plugin: "azure" }, 30],
        ["kubenet", { plugin: "kubenet" }, 110],
        ["bring-your-own CNI (no documented default)", { plugin: "none" }, undefined],
    ])("%s", (_name, network, maxPods) => {
        expect(defaultMaxPods(network)).toBe(maxPods);
    });
});

test.each<[number, number]>([[2, 128], [7, 128], [8, 256], [15, 256], [16, 512], [63, 512], [64, 1024]])(
    "a managed OS disk for %i vCPUs defaults to %i GB",
    (vcpus, size) => {
        expect(defaultManagedOsDiskSizeGB(vcpus)).toBe(size);
    },
);

test("Linux pools default to Ubuntu and Windows pools to Windows Server 2022", () => {
    expect([defaultOsSku("Linux"), defaultOsSku("Windows")]).toEqual(["Ubuntu", "Windows2022"]);
});

describe("resolveOsDisk", () => {
    test.each<[string, string, { osDiskType?: OsDiskType; osDiskSizeGB?: number }, OsDiskType, number]>([
        ["nothing declared, a local disk of at least 128 GiB: ephemeral, the whole disk", "Standard_D4ds_v5", {}, "Ephemeral", 150],
        ["nothing declared, a small local disk: managed, the vCPU default", "Standard_D2ds_v5", {}, "Managed", 128],
        ["nothing declared, no local disk: managed, the vCPU default", "Standard_D8s_v5", {}, "Managed", 256],
        ["nothing declared, a previous-generation cache under 128 GiB: managed", "Standard_D4s_v3", {}, "Managed", 128],
        ["a size that fits the local disk: ephemeral", "Standard_D2ds_v5", { osDiskSizeGB: 64 }, "Ephemeral", 64],
        ["a size that does not fit the local disk: managed", "Standard_D2ds_v5", { osDiskSizeGB: 100 }, "Managed", 100],
        ["ephemeral without a size on a large local disk: the whole disk", "Standard_E8ds_v5", { osDiskType: "Ephemeral" }, "Ephemeral", 300],
        ["ephemeral without a size on a small local disk: 128, which the rules then refuse", "Standard_D2ds_v5", { osDiskType: "Ephemeral" }, "Ephemeral", 128],
        ["managed without a size: the vCPU default", "Standard_D16ds_v5", { osDiskType: "Managed" }, "Managed", 512],
        ["both declared: kept as declared", "Standard_D4ds_v5", { osDiskType: "Managed", osDiskSizeGB: 200 }, "Managed", 200],
    ])("%s", (_name, vmSize, declared, osDiskType, osDiskSizeGB) => {
        expect(resolveOsDisk(capacityOf(vmSize), declared)).toEqual({ osDiskType, osDiskSizeGB });
    });
});

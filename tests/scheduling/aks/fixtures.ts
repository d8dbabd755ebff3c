/** Test fixtures for the AKS node model: a pool and a cluster context with every field set, overridable. */
import type { ClusterNodeContext, NodePoolSpec } from "../../../scheduling/aks/node-pool-spec";
import { findVmSize, type VmCapacity } from "../../../scheduling/aks/vm-sizes";

/** The catalog capacity of `vmSize`; fails the test when the size is unknown. */
export function capacityOf(vmSize: string): VmCapacity {
    const size = findVmSize(vmSize);
    if (size === undefined) throw new Error(`test fixture: ${vmSize} is not in the VM size catalog`);
    return size;
}

/** A Linux user pool of Standard_D4ds_v5 over three zones, 30 pods per node, 128 GB OS disk. */
export function pool(overrides: Partial<NodePoolSpec> = {}): NodePoolSpec {
    const vmSize = overrides.vmSize ?? "Standard_D4ds_v5";
    return {
        name: "user1",
        mode: "User",
        vmSize,
        capacity: capacityOf(vmSize),
        zones: ["1", "2", "3"],
        count: 3,
        maxPods: 30,
        osType: "Linux",
        osSku: "AzureLinux",
        osDiskType: "Managed",
        osDiskSizeGB: 128,
        labels: {},
        taints: [],
        upgrade: { maxSurge: "33%", maxUnavailable: "0", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 },
        gpuDevicePlugin: false,
        enableNodePublicIP: false,
        enableEncryptionAtHost: false,
        ...overrides,
    };
}

/** A westeurope cluster on 1.33 with Azure CNI Overlay + Cilium and every add-on off. */
export function cluster(overrides: Partial<ClusterNodeContext> = {}): ClusterNodeContext {
    return {
        location: "westeurope",
        kubernetesVersion: "1.33",
        network: { plugin: "azure", pluginMode: "overlay", dataplane: "cilium", policy: "cilium" },
        addons: { monitoring: false, azurePolicy: false, keyVaultSecretsProvider: false, workloadIdentity: false },
        ...overrides,
    };
}

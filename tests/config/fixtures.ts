/** Shared test inputs for the config tests: a minimal valid stack configuration and a resolved pool. */
import { parsePlatformSpec } from "../../config/load";
import type { ClusterSpec } from "../../config/platform-spec";
import type { NodePoolSpec } from "../../scheduling/aks/node-pool-spec";
import { findVmSize, type VmCapacity } from "../../scheduling/aks/vm-sizes";

/**
 * Raw YAML as the tests mutate it: any key may be set to any value, which is the point of testing a loader
 * that receives untyped YAML.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately untyped: tests write invalid values into it
export type RawYaml = Record<string, any>;

/** The smallest raw configuration (keys after `aks-platform:`) that passes every rule. */
export function minimalRawConfig(): RawYaml {
    return {
        location: "westeurope",
        resourceGroup: { name: "rg-test" },
        cluster: { name: "aks-test", apiServer: { authorizedIpRanges: ["203.0.113.0/24"] } },
        systemPool: { name: "system", vmSize: "Standard_D4ds_v5", count: 3 },
        nodePools: [{ name: "general", vmSize: "Standard_D4ds_v5", autoscaling: { minCount: 1, maxCount: 3 } }],
    };
}

/** The catalog capacity of a known size (throws for an unknown one, which would be a broken test). */
export function capacityOf(vmSize: string): VmCapacity {
    const size = findVmSize(vmSize);
    if (size === undefined) {
        throw new Error(`test fixture: ${vmSize} is not in the catalog`);
    }
    const { name: _name, source: _source, ...capacity } = size;
    return capacity;
}

/** A resolved User pool that passes every node-pool rule; override fields per test case. */
export function validPool(overrides: Partial<NodePoolSpec> = {}): NodePoolSpec {
    const vmSize = overrides.vmSize ?? "Standard_D4ds_v5";
    return {
        name: "general",
        mode: "User",
        vmSize,
        capacity: capacityOf(vmSize),
        zones: ["1", "2", "3"],
        count: 2,
        autoscaling: { minCount: 1, maxCount: 5 },
        maxPods: 250,
        osType: "Linux",
        osSku: "AzureLinux",
        osDiskType: "Ephemeral",
        osDiskSizeGB: 128,
        labels: { "workload.example.com/class": "general" },
        taints: [],
        upgrade: { maxSurge: "33%", maxUnavailable: "0", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 },
        gpuDevicePlugin: false,
        enableNodePublicIP: false,
        enableEncryptionAtHost: false,
        ...overrides,
    };
}

/** A resolved cluster that passes every cluster rule: the minimal configuration, parsed. */
export function validCluster(): ClusterSpec {
    return parsePlatformSpec(minimalRawConfig(), { file: "Pulumi.test.yaml", stack: "test" }).cluster;
}

/** Small hand-made resources for the pure impact tests. */
import type { ImpactResource } from "../../impact/types";

/** A custom resource with no options set; `options` overrides any field. */
export function resource(type: string, name: string, inputs: Record<string, unknown>, options: Partial<ImpactResource> = {}): ImpactResource {
    return {
        type,
        name,
        urn: `urn:pulumi:test::aks-platform::${type}::${name}`,
        custom: true,
        inputs,
        protect: false,
        deleteBeforeReplace: false,
        deleteBeforeReplaceDefined: false,
        ignoreChanges: [],
        replaceOnChanges: [],
        propertyDependencies: {},
        aliases: [],
        ...options,
    };
}

export const AGENT_POOL = "azure-native:containerservice:AgentPool";
export const MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster";

/** An AgentPool's inputs as the program sends them (the fields the tests read). */
export function poolInputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        resourceGroupName: "rg",
        resourceName: "aks",
        agentPoolName: "general",
        mode: "User",
        vmSize: "Standard_D4ds_v5",
        availabilityZones: ["1", "2", "3"],
        count: 2,
        maxCount: 5,
        minCount: 1,
        enableAutoScaling: true,
        osType: "Linux",
        osSKU: "AzureLinux",
        maxPods: 110,
        upgradeSettings: { maxSurge: "33%", maxUnavailable: "0" },
        ...overrides,
    };
}

/**
 * The one translation of a {@link NodePoolSpec} into AKS agent-pool properties. The `AgentPool` of every
 * `AksNodePool` and the inline System profile of the `ManagedCluster` both take their properties from here,
 * so what is deployed and what the scheduling model reads (the same spec) cannot drift apart.
 *
 * Property names and meanings: AKS API 2025-10-01, `ManagedClusterAgentPoolProfileProperties`
 * (https://learn.microsoft.com/rest/api/aks/agent-pools/create-or-update).
 */
import { formatAksTaint } from "../config/taint-format";
import type { NodePoolSpec } from "../scheduling/aks/node-pool-spec";

/**
 * The label AKS puts on spot nodes (https://learn.microsoft.com/azure/aks/spot-node-pool). AKS writes it back
 * into the pool's `nodeLabels`; declaring it too keeps `pulumi preview` free of a diff after every refresh
 * (hashicorp/terraform-provider-azurerm#9454 shows the drift when it is left out).
 */
export const SPOT_NODE_LABEL = { key: "kubernetes.azure.com/scalesetpriority", value: "spot" } as const;

/**
 * Agent-pool properties AKS fixes at creation: changing one needs a new pool, so the component asks Pulumi
 * to replace the pool instead of sending an update AKS rejects (aks-facts §1.4; pulumi/pulumi-azure-native#3655
 * made vmSize a replacement in the provider itself).
 */
export const CREATE_ONLY_AGENT_POOL_PROPERTIES: readonly string[] = [
    "vmSize",
    "availabilityZones",
    "osDiskType",
    "osDiskSizeGB",
    "maxPods",
    "scaleSetPriority",
    "scaleSetEvictionPolicy",
    "spotMaxPrice",
    "osType",
    "osSKU",
];

/** Upgrade settings as AKS takes them; `maxSurge` is absent on spot pools. */
export interface AgentPoolUpgradeProperties {
    maxSurge?: string;
    maxUnavailable: string;
    drainTimeoutInMinutes: number;
    nodeSoakDurationInMinutes: number;
}

/** The agent-pool properties rendered from a spec (everything but the pool, cluster and group names). */
export interface AgentPoolProperties {
    mode: "System" | "User";
    type: "VirtualMachineScaleSets";
    vmSize: string;
    /** Absent for a regional pool (no zones), as AKS returns it. */
    availabilityZones?: string[];
    /** Fixed count, or the initial count of an autoscaled pool (the component then ignores later drift). */
    count: number;
    enableAutoScaling: boolean;
    minCount?: number;
    maxCount?: number;
    maxPods: number;
    osType: "Linux" | "Windows";
    osSKU: string;
    osDiskType: "Managed" | "Ephemeral";
    osDiskSizeGB: number;
    nodeLabels: Record<string, string>;
    /** `key=value:Effect` strings, the spot taint included for spot pools. */
    nodeTaints: string[];
    scaleSetPriority: "Regular" | "Spot";
    scaleSetEvictionPolicy?: "Delete" | "Deallocate";
    spotMaxPrice?: number;
    upgradeSettings: AgentPoolUpgradeProperties;
    enableNodePublicIP: boolean;
    enableEncryptionAtHost: boolean;
    orchestratorVersion?: string;
}

/**
 * Renders a resolved pool spec as AKS agent-pool properties. Pure.
 *
 * - Autoscaled pools send `enableAutoScaling`, `minCount`, `maxCount` and `count` (the initial size: AKS
 *   requires it at creation, pulumi/pulumi-azure-native#2943).
 * - Spot pools send `scaleSetPriority: "Spot"`, the eviction policy, the price, the spot label, and no
 *   `maxSurge`: AKS adds no surge nodes to spot pools (https://learn.microsoft.com/azure/aks/spot-node-pool#limitations).
 */
export function agentPoolProperties(spec: NodePoolSpec): AgentPoolProperties {
    const { maxSurge, maxUnavailable, drainTimeoutInMinutes, nodeSoakDurationInMinutes } = spec.upgrade;
    const spot = spec.spot;
    return {
        mode: spec.mode,
        type: "VirtualMachineScaleSets",
        vmSize: spec.vmSize,
        ...(spec.zones.length > 0 ? { availabilityZones: [...spec.zones] } : {}),
        count: spec.count,
        enableAutoScaling: spec.autoscaling !== undefined,
        ...(spec.autoscaling !== undefined ? { minCount: spec.autoscaling.minCount, maxCount: spec.autoscaling.maxCount } : {}),
        maxPods: spec.maxPods,
        osType: spec.osType,
        osSKU: spec.osSku,
        osDiskType: spec.osDiskType,
        osDiskSizeGB: spec.osDiskSizeGB,
        nodeLabels: spot === undefined ? { ...spec.labels } : { ...spec.labels, [SPOT_NODE_LABEL.key]: SPOT_NODE_LABEL.value },
        nodeTaints: spec.taints.map(formatAksTaint),
        scaleSetPriority: spot === undefined ? "Regular" : "Spot",
        ...(spot === undefined ? {} : { scaleSetEvictionPolicy: spot.evictionPolicy, spotMaxPrice: spot.maxPrice }),
        upgradeSettings: spot === undefined
            ? { maxSurge, maxUnavailable, drainTimeoutInMinutes, nodeSoakDurationInMinutes }
            : { maxUnavailable, drainTimeoutInMinutes, nodeSoakDurationInMinutes },
        enableNodePublicIP: spec.enableNodePublicIP,
        enableEncryptionAtHost: spec.enableEncryptionAtHost,
        ...(spec.orchestratorVersion === undefined ? {} : { orchestratorVersion: spec.orchestratorVersion }),
    };
}

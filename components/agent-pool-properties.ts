/**
 * The one translation of a {@link NodePoolSpec} into AKS agent-pool properties. The `AgentPool` of every
 * `AksNodePool` and the inline System profile of the `ManagedCluster` both take their properties from here,
 * so what is deployed and what the scheduling model reads (the same spec) cannot drift apart.
 *
 * Property names and meanings: AKS API 2025-10-01, `ManagedClusterAgentPoolProfileProperties`
 * (https://learn.microsoft.com/rest/api/aks/agent-pools/create-or-update).
 */
import type * as pulumi from "@pulumi/pulumi";
import { formatAksTaint } from "../config/taint-format";
import type { NodePoolSpec } from "../scheduling/aks/node-pool-spec";

/**
 * The label AKS puts on spot nodes (https://learn.microsoft.com/azure/aks/spot-node-pool). AKS writes it back
 * into the pool's `nodeLabels`; declaring it too keeps `pulumi preview` free of a diff after every refresh
 * (hashicorp/terraform-provider-azurerm#9454 shows the drift when it is left out).
 */
export const SPOT_NODE_LABEL = { key: "kubernetes.azure.com/scalesetpriority", value: "spot" } as const;

/**
 * Agent-pool properties AKS fixes at creation, which the component sends: changing one needs a new pool, so
 * `AksNodePool` lists them in `replaceOnChanges` (with `deleteBeforeReplace`, as the pool's name is fixed).
 * Each is create-only per the AKS docs (https://learn.microsoft.com/azure/aks/create-node-pools#limitations,
 * `az aks nodepool update` has no flag for them): VM size (azure-native also forces it, `provider/pkg/gen/
 * replacement.go`), zones, OS type, OS disk type and size, max pods, the spot settings, node public IPs, the
 * subnet, and encryption at host ("can only be set at cluster or node pool creation time",
 * https://learn.microsoft.com/azure/aks/enable-host-encryption#limitations). `osSKU` is not: "you can use
 * az aks nodepool update to migrate between any supported Linux os-sku"
 * (https://learn.microsoft.com/azure/aks/upgrade-os-version#update-os-sku-on-an-existing-node-pool); only the
 * Windows SKUs cannot be updated, so Windows pools list it (see {@link createOnlyAgentPoolProperties}).
 */
export const CREATE_ONLY_AGENT_POOL_PROPERTIES: readonly string[] = [
    "vmSize",
    "availabilityZones",
    "osType",
    "osDiskType",
    "osDiskSizeGB",
    "maxPods",
    "scaleSetPriority",
    "scaleSetEvictionPolicy",
    "spotMaxPrice",
    "enableNodePublicIP",
    "enableEncryptionAtHost",
    "vnetSubnetID",
];

/** The create-only properties of one pool: {@link CREATE_ONLY_AGENT_POOL_PROPERTIES}, plus `osSKU` on Windows pools. */
export function createOnlyAgentPoolProperties(spec: Pick<NodePoolSpec, "osType">): string[] {
    return spec.osType === "Windows" ? [...CREATE_ONLY_AGENT_POOL_PROPERTIES, "osSKU"] : [...CREATE_ONLY_AGENT_POOL_PROPERTIES];
}

/** What a pool takes from its cluster rather than from its own spec. */
export interface AgentPoolContext {
    /**
     * The pool's Kubernetes version when its spec sets none: the control plane's, so that a minor upgrade of the
     * cluster reaches the pool (pulumi/pulumi-azure-native#2094). Absent: no `orchestratorVersion` is sent.
     */
    kubernetesVersion?: string;
    /** The subnet the nodes take their addresses from (`vnetSubnetID`); absent: the AKS-managed VNet. */
    vnetSubnetId?: pulumi.Input<string>;
}

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
    vnetSubnetID?: pulumi.Input<string>;
}

/**
 * Renders a resolved pool spec as AKS agent-pool properties. Pure.
 *
 * - Autoscaled pools send `enableAutoScaling`, `minCount`, `maxCount` and `count` (the initial size: AKS
 *   requires it at creation, pulumi/pulumi-azure-native#2943).
 * - `orchestratorVersion` is the spec's, else the cluster's (`context.kubernetesVersion`); `vnetSubnetID` the
 *   pool's subnet when the cluster has a VNet of its own.
 * - Spot pools send `scaleSetPriority: "Spot"`, the eviction policy, the price, the spot label, and no
 *   `maxSurge`: AKS adds no surge nodes to spot pools (https://learn.microsoft.com/azure/aks/spot-node-pool#limitations).
 */
export function agentPoolProperties(spec: NodePoolSpec, context: AgentPoolContext = {}): AgentPoolProperties {
    const orchestratorVersion = spec.orchestratorVersion ?? context.kubernetesVersion;
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
        ...(orchestratorVersion === undefined ? {} : { orchestratorVersion }),
        ...(context.vnetSubnetId === undefined ? {} : { vnetSubnetID: context.vnetSubnetId }),
    };
}

/**
 * The plain, Pulumi-free description of an AKS node pool and of the cluster facts that shape its nodes.
 *
 * This is the one place the node-pool shape is defined: the stack configuration (`config/`) parses into it,
 * the `AksNodePool` component renders it into an `AgentPool`, and the AKS node model (`scheduling/aks/`)
 * turns it into the Node objects AKS will create. All fields are resolved (defaults applied) by the time a
 * value of this type exists.
 */
import type { VmCapacity } from "./vm-sizes";

/**
 * A taint effect, spelled as Kubernetes spells it.
 * See https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

/** A node taint in Kubernetes' shape; AKS's `key=value:Effect` string is rendered from it in one place. */
export interface Taint {
    key: string;
    /** Optional: `key:Effect` taints have no value. */
    value?: string;
    effect: TaintEffect;
}

/** Pool mode. See https://learn.microsoft.com/azure/aks/use-system-pools */
export type PoolMode = "System" | "User";

/** Node OS. System pools are Linux only. */
export type OsType = "Linux" | "Windows";

/** Node OS SKU (`osSKU` in the AKS API, 2025-10-01). */
export type OsSku = "Ubuntu" | "AzureLinux" | "AzureLinux3" | "Ubuntu2204" | "Ubuntu2404" | "Windows2019" | "Windows2022";

/** OS disk kind. See https://learn.microsoft.com/azure/aks/concepts-storage#ephemeral-os-disk */
export type OsDiskType = "Managed" | "Ephemeral";

/** Autoscaling bounds; a pool without them has a fixed node count. */
export interface AutoscalingSpec {
    /** Fewest nodes the cluster autoscaler keeps (0–1000 for User pools, 1–1000 for System pools). */
    minCount: number;
    /** Most nodes the cluster autoscaler creates. */
    maxCount: number;
}

/** Spot settings. See https://learn.microsoft.com/azure/aks/spot-node-pool */
export interface SpotSpec {
    /** What happens to evicted nodes. */
    evictionPolicy: "Delete" | "Deallocate";
    /** Highest price per hour in US dollars; -1 means up to the on-demand price. */
    maxPrice: number;
}

/** Upgrade settings. See https://learn.microsoft.com/azure/aks/upgrade-aks-cluster#customize-node-surge-upgrade */
export interface UpgradeSpec {
    /** Extra nodes during an upgrade: a count ("1") or a percentage of the pool ("33%"). */
    maxSurge: string;
    /** Nodes that may be unavailable during an upgrade: a count or a percentage ("0"). */
    maxUnavailable: string;
    /** How long a node drain may wait on pod disruption budgets, in minutes (1–1440). */
    drainTimeoutInMinutes: number;
    /** Wait after each node is upgraded, in minutes (0–30). */
    nodeSoakDurationInMinutes: number;
}

/** One node pool, resolved. */
export interface NodePoolSpec {
    /** Agent pool name: `^[a-z][a-z0-9]{0,11}$`, at most 6 characters for Windows pools. */
    name: string;
    mode: PoolMode;
    /** Azure VM size name, e.g. `Standard_D4ds_v5`. */
    vmSize: string;
    /** The size's capacity: from the catalog, or declared by the stack for sizes the catalog lacks. */
    capacity: VmCapacity;
    /** Availability zones ("1", "2", "3"); empty for a regional pool. */
    zones: string[];
    /** Fixed node count, or the initial count of an autoscaled pool (sent only at creation). */
    count: number;
    /** Autoscaling bounds; absent for a fixed-size pool. */
    autoscaling?: AutoscalingSpec;
    /** Pods per node (10–250). */
    maxPods: number;
    osType: OsType;
    osSku: OsSku;
    osDiskType: OsDiskType;
    /** OS disk size in GB; the node's ephemeral-storage capacity comes from it. */
    osDiskSizeGB: number;
    /** Node labels the pool declares (AKS's own labels are added by the node model). */
    labels: Record<string, string>;
    /** Node taints the pool declares (the spot taint is added here too, as AKS writes it back). */
    taints: Taint[];
    /** Spot settings; absent for regular pools. */
    spot?: SpotSpec;
    upgrade: UpgradeSpec;
    /** Whether `nvidia.com/gpu` is advertised: true when the NVIDIA device plugin runs on GPU nodes. */
    gpuDevicePlugin: boolean;
    /** Node public IPs (off by default). */
    enableNodePublicIP: boolean;
    /** Encryption at host for the VM's disks and caches. */
    enableEncryptionAtHost: boolean;
    /** Kubernetes version of the pool's nodes; absent means the control plane's version. */
    orchestratorVersion?: string;
}

/** Network settings that change what runs on every node. */
export interface ClusterNetworkSpec {
    /** `networkProfile.networkPlugin`. */
    plugin: "azure" | "kubenet" | "none";
    /** `networkProfile.networkPluginMode`: "overlay" for Azure CNI Overlay. */
    pluginMode?: "overlay";
    /** `networkProfile.networkDataplane`: with cilium, kube-proxy does not run. */
    dataplane: "azure" | "cilium";
    /** `networkProfile.networkPolicy`. */
    policy: "none" | "azure" | "calico" | "cilium";
}

/** Add-ons that put pods on every node or on the system pool. */
export interface ClusterAddonsSpec {
    /** Container Insights (the `omsagent` add-on, ama-logs DaemonSet). */
    monitoring: boolean;
    /** Azure Policy add-on (Gatekeeper). */
    azurePolicy: boolean;
    /** Key Vault secrets provider (CSI driver DaemonSet). */
    keyVaultSecretsProvider: boolean;
    /** Workload identity webhook. */
    workloadIdentity: boolean;
}

/** The cluster facts the node model needs, beside its pools. */
export interface ClusterNodeContext {
    /** Azure region, e.g. `westeurope`; zone labels read `<region>-<zone>`. */
    location: string;
    /** Control-plane Kubernetes version ("1.33" or "1.33.2"); picks the memory reservation formula. */
    kubernetesVersion: string;
    network: ClusterNetworkSpec;
    addons: ClusterAddonsSpec;
}

/**
 * The typed, validated content of one stack file (`Pulumi.<stack>.yaml`): everything the program builds.
 *
 * `config/schema.ts` parses raw configuration into this shape (applying the documented defaults);
 * `index.ts` hands it to the components. Node pools use the one shared {@link NodePoolSpec}.
 */
import type { ClusterAddonsSpec, ClusterNetworkSpec, NodePoolSpec } from "../scheduling/aks/node-pool-spec";
import type { ScenarioName } from "../placement/types";

/** Resource group: created by the program, or an existing one given by name. */
export interface ResourceGroupSpec {
    /** Name of the resource group. */
    name: string;
    /** true: the program creates it; false: it must already exist. */
    create: boolean;
    /**
     * Pulumi's `protect` on the created group: `pulumi destroy` and a replacement refuse to delete it.
     * See https://www.pulumi.com/docs/iac/concepts/options/protect/
     */
    protect: boolean;
}

/** API server access. See https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges */
export interface ApiServerSpec {
    /** CIDR ranges allowed to reach a public API server. */
    authorizedIpRanges: string[];
    /** Private cluster: the API server has no public endpoint. */
    privateCluster: boolean;
    /**
     * API Server VNet Integration: the API server gets an address in the VNet's `apiServer` subnet
     * (`apiServerAccessProfile.enableVnetIntegration` and `subnetId`).
     * See https://learn.microsoft.com/azure/aks/api-server-vnet-integration
     */
    vnetIntegration: boolean;
    /**
     * Where `pulumi up` runs from when the API server is private: a subnet of the stack's VNet (a self-hosted
     * runner there), or an address range peered with it. Absent for a public API server.
     * See https://learn.microsoft.com/azure/aks/private-clusters#options-for-connecting-to-the-private-cluster
     */
    deployFrom?: { subnet?: string; peeredRange?: string };
}

/** Entra ID integration. See https://learn.microsoft.com/azure/aks/manage-azure-rbac */
export interface EntraIdSpec {
    /**
     * Managed Entra ID integration (`aadProfile.managed`). Absent means true: the loader always sets it, and
     * only `false` turns the integration off (then `aadProfile` is not sent and local accounts must stay on).
     */
    enabled?: boolean;
    /** Managed Entra ID integration with Azure RBAC for Kubernetes authorization. */
    azureRbac: boolean;
    /** Entra group object IDs given cluster-admin. */
    adminGroupObjectIds: string[];
    /** Tenant; absent means the subscription's tenant. */
    tenantId?: string;
    /**
     * The Kubernetes role given to the identity running `pulumi up` (from `authorization.getClientConfig`) on an
     * Azure-RBAC cluster: `clusterAdmin` ("Azure Kubernetes Service RBAC Cluster Admin", which namespaces need)
     * or `none` (the deployer already holds a role). See https://learn.microsoft.com/azure/aks/manage-azure-rbac
     */
    deployerRole: "clusterAdmin" | "none";
}

/** One maintenance window (a `MaintenanceConfiguration` resource). */
export interface MaintenanceWindowSpec {
    /** Weekly schedule: the day ("Sunday" … "Saturday"). */
    dayOfWeek: "Sunday" | "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday";
    /** Every N weeks (1–4). */
    intervalWeeks: number;
    /** Start time "HH:MM". */
    startTime: string;
    /** UTC offset "+HH:MM" / "-HH:MM". */
    utcOffset: string;
    /** Window length in hours (4–24). */
    durationHours: number;
}

/** Upgrades. See https://learn.microsoft.com/azure/aks/auto-upgrade-cluster */
export interface UpgradePolicySpec {
    /** Cluster auto-upgrade channel. */
    channel: "rapid" | "stable" | "patch" | "node-image" | "none";
    /** Node OS upgrade channel. */
    nodeOsChannel: "None" | "Unmanaged" | "NodeImage" | "SecurityPatch";
    /** Window for cluster upgrades (`aksManagedAutoUpgradeSchedule`); absent means any time. */
    clusterWindow?: MaintenanceWindowSpec;
    /** Window for node OS upgrades (`aksManagedNodeOSUpgradeSchedule`); absent means any time. */
    nodeOsWindow?: MaintenanceWindowSpec;
}

/** Cluster autoscaler profile (string values as the AKS API takes them). */
export interface AutoscalerProfileSpec {
    expander: "least-waste" | "most-pods" | "priority" | "random";
    balanceSimilarNodeGroups: boolean;
    scaleDownUnneededTime: string;
    scaleDownUtilizationThreshold: string;
    maxNodeProvisionTime: string;
    skipNodesWithSystemPods: boolean;
    skipNodesWithLocalStorage: boolean;
}

/** Monitoring. See https://learn.microsoft.com/azure/azure-monitor/containers/container-insights-overview */
export interface MonitoringSpec {
    /** Log Analytics workspace and Container Insights. */
    enabled: boolean;
    /** Days of log retention (30–730). */
    retentionDays: number;
}

/** Egress of the nodes (`networkProfile.outboundType`). See https://learn.microsoft.com/azure/aks/egress-outboundtype */
export type EgressSpec =
    | { type: "loadBalancer" }
    /** A NAT gateway on the node subnets (`userAssignedNATGateway`): created for created subnets. */
    | { type: "natGateway"; idleTimeoutInMinutes: number }
    /** A route table sending 0.0.0.0/0 to a firewall (`userDefinedRouting`): created for created subnets. */
    | { type: "userDefinedRouting"; nextHopIp: string; firewallPublicIp?: string };

/** What a subnet is for. */
export type SubnetRole = "nodes" | "apiServer" | "runners" | "other";

/** One subnet of the VNet. */
export interface SubnetSpec {
    /** Subnet name (of the created subnet, or of the existing one inside the existing VNet). */
    name: string;
    /** IPv4 range. Required for existing subnets too: sizing and overlap are checked against it. */
    addressPrefix: string;
    role: SubnetRole;
    /** Pools whose nodes take their addresses here (role `nodes`); resolved, every pool in exactly one subnet. */
    pools: string[];
}

/**
 * The Azure virtual network the nodes join: created by the program (`name`) or an existing one (`id`).
 * See https://learn.microsoft.com/azure/aks/configure-azure-cni-dynamic-ip-allocation
 */
export interface VnetSpec {
    /** Name of the created VNet; absent for an existing one. */
    name?: string;
    /** ARM ID of an existing VNet (a hub-spoke spoke); absent for a created one. */
    id?: string;
    /** Address space, e.g. `["10.240.0.0/16"]`. */
    addressSpace: string[];
    subnets: SubnetSpec[];
    egress: EgressSpec;
}

/**
 * A container registry the kubelet pulls from: an existing Azure Container Registry (`id`), one the program
 * creates (`create`), or a public registry pulled anonymously (`public`). The kubelet identity gets AcrPull
 * on every ACR. See https://learn.microsoft.com/azure/aks/cluster-container-registry-integration
 */
export type RegistrySpec =
    | { kind: "acr"; name: string; id: string }
    | { kind: "acr"; name: string; create: true; sku: "Basic" | "Standard" | "Premium" }
    | { kind: "public"; server: string };

/** Pod Security Standards levels. See https://kubernetes.io/docs/concepts/security/pod-security-admission/ */
export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

/** A namespace the program creates for workloads. */
export interface NamespaceSpec {
    name: string;
    /** Pod Security Admission level, enforced, audited and warned. */
    podSecurity: PodSecurityLevel;
}

/** The cluster, resolved. */
export interface ClusterSpec {
    /** Cluster name (`resourceName`); also the prefix of the DNS name. */
    name: string;
    /** Kubernetes version ("1.33"). */
    kubernetesVersion: string;
    /** SKU tier: Free (no SLA), Standard (SLA), Premium (LTS). */
    tier: "Free" | "Standard" | "Premium";
    entraId: EntraIdSpec;
    /** Local accounts disabled (requires Entra ID). */
    disableLocalAccounts: boolean;
    /** OIDC issuer (required by workload identity). */
    oidcIssuer: boolean;
    network: ClusterNetworkSpec & {
        /** Pod CIDR for overlay. */
        podCidr: string;
        serviceCidr: string;
        dnsServiceIp: string;
    };
    apiServer: ApiServerSpec;
    addons: ClusterAddonsSpec & {
        /** Key Vault secrets provider rotation poll interval, e.g. "2m". */
        secretRotationInterval: string;
        /** Microsoft Defender for Containers. */
        defender: boolean;
        /** Image cleaner (Eraser), interval in hours. */
        imageCleanerIntervalHours?: number;
    };
    monitoring: MonitoringSpec;
    upgrades: UpgradePolicySpec;
    autoscalerProfile: AutoscalerProfileSpec;
    /** The one System pool defined inline in the ManagedCluster. */
    systemPool: NodePoolSpec;
    /** Every other pool, each its own AgentPool. */
    nodePools: NodePoolSpec[];
    /** Tags on every Azure resource. */
    tags: Record<string, string>;
    /** Pulumi's `protect` on the managed cluster: its force-new fields cannot delete it. */
    protect: boolean;
    /** The VNet the nodes join; absent means the AKS-managed VNet (public API server only). */
    vnet?: VnetSpec;
    /** Registries the kubelet pulls from; images must come from one of them (or mcr.microsoft.com). */
    registries: RegistrySpec[];
}

/** The change kinds the change gates refuse where they are mandatory (docs/change-impact.md). */
export const GATED_CHANGES = ["replace-cluster", "replace-system-pool", "delete-targeted-pool"] as const;

/** A change kind the change gates refuse where they are mandatory. */
export type GatedChange = (typeof GATED_CHANGES)[number];

/** One allowance of `aks-platform:changeImpact.allow`. */
export interface GateAllowance {
    change: GatedChange;
    /** The cluster's or the pool's name in AKS. */
    target: string;
    /** Why it is allowed; the plan records it in its report. */
    reason: string;
}

/**
 * `aks-platform:changeImpact`: how the plan's change gates treat a gated change against `--base`.
 * See docs/change-impact.md.
 */
export interface ChangeImpactSpec {
    /** `mandatory` (default): a gated change fails the plan unless allowed; `advisory`: it is reported only. */
    gates: "mandatory" | "advisory";
    /** Gated changes this stack allows, each with its reason. Defaults to none. */
    allow: GateAllowance[];
}

/** One stack's whole configuration. */
export interface PlatformSpec {
    /** Stack name (dev, staging, prod). */
    stack: string;
    /** Azure region. */
    location: string;
    resourceGroup: ResourceGroupSpec;
    cluster: ClusterSpec;
    /** Workloads on the cluster's pools, in declaration order (empty when the stack declares none). */
    workloads: WorkloadSpec[];
    /** Every namespace the workloads use (except `default`), with its Pod Security level, in first-use order. */
    namespaces: NamespaceSpec[];
    /**
     * The placement scenarios this stack promises to pass (`aks-platform:placement.promises`); the tests and
     * the policy pack require every one of them to be ok. Defaults to `["max-size"]`.
     */
    placementPromises: ScenarioName[];
    /** The change gates' settings (`aks-platform:changeImpact`); defaults to mandatory gates, nothing allowed. */
    changeImpact: ChangeImpactSpec;
}

/**
 * One workload a stack declares: a Deployment or StatefulSet with its Service, PodDisruptionBudget and
 * HorizontalPodAutoscaler, and where it should run, said as intent. `components/workload-manifests.ts` turns it
 * into Kubernetes objects; the `Workload` component registers them. All defaults are applied.
 */
export interface WorkloadSpec {
    /** Name of the workload and of its objects (DNS-1123 label). */
    name: string;
    /** Namespace (created by the program when it is not "default" or "kube-system"). */
    namespace: string;
    /** Controller kind. */
    kind: "Deployment" | "StatefulSet";
    /** Container image, with a tag or digest (no `latest`). */
    image: string;
    /** Replicas (the HPA's minimum when autoscaling is set). */
    replicas: number;
    /** Names of the node pools the pods may run on (the system pool's name included); one or more. */
    pools: string[];
    /** Container resources; requests are required, limits optional. */
    resources: { requests: Record<string, string>; limits?: Record<string, string> };
    /** Zone and host spread, as topologySpreadConstraints (maxSkew 1); absent = no spread. */
    spread?: { zones?: "required" | "preferred"; hosts?: "required" | "preferred" };
    /** Pod anti-affinity against its own replicas, per host; absent = none. */
    antiAffinity?: "required" | "preferred";
    /** Container port the Service targets; absent = no Service. */
    port?: number;
    /** HTTP probes on `port` (readiness and liveness). */
    probes?: { path: string };
    /** PriorityClass name. */
    priorityClassName?: string;
    /** PodDisruptionBudget: exactly one of minAvailable / maxUnavailable (count or percentage); absent = no PDB. */
    disruptionBudget?: { minAvailable?: number | string; maxUnavailable?: number | string };
    /** HorizontalPodAutoscaler on CPU; absent = fixed replicas. */
    autoscaling?: { maxReplicas: number; targetCpuUtilization: number };
    /** Mount the service-account token (off by default: a secure pod asks for it). */
    serviceAccountToken: boolean;
    /** Egress the pods need besides DNS: another workload (`to`, `name` or `namespace/name`) or a CIDR, on a TCP port. */
    egress: { to?: string; cidr?: string; port: number }[];
}

/**
 * The typed, validated content of one stack file (`Pulumi.<stack>.yaml`): everything the program builds.
 *
 * `config/schema.ts` parses raw configuration into this shape (applying the documented defaults);
 * `index.ts` hands it to the components. Node pools use the one shared {@link NodePoolSpec}.
 */
import type { ClusterAddonsSpec, ClusterNetworkSpec, NodePoolSpec } from "../scheduling/aks/node-pool-spec";

/** Resource group: created by the program, or an existing one given by name. */
export interface ResourceGroupSpec {
    /** Name of the resource group. */
    name: string;
    /** true: the program creates it; false: it must already exist. */
    create: boolean;
}

/** API server access. See https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges */
export interface ApiServerSpec {
    /** CIDR ranges allowed to reach a public API server. */
    authorizedIpRanges: string[];
    /** Private cluster: the API server has no public endpoint. */
    privateCluster: boolean;
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
}

/** One stack's whole configuration. */
export interface PlatformSpec {
    /** Stack name (dev, staging, prod). */
    stack: string;
    /** Azure region. */
    location: string;
    resourceGroup: ResourceGroupSpec;
    cluster: ClusterSpec;
}

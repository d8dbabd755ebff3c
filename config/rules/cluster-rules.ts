/**
 * The rules AKS enforces across a whole cluster, plus the project's one security rule (no API server open to
 * the internet). Pure: no zod, no Pulumi. Paths are relative to {@link ClusterSpec} (`systemPool.mode`,
 * `nodePools[2].name`, `network.dataplane`); the stack loader maps them onto the stack file's keys.
 * Per-pool rules are not repeated here: call `nodePoolRuleViolations` for each pool as well.
 */
import type { ClusterSpec } from "../platform-spec";
import type { NodePoolSpec } from "../../scheduling/aks/node-pool-spec";
import { admittedIpv4Addresses, IPV4_ADDRESSES, parseIpv4, parseIpv4Cidr, rangeContains, rangesOverlap } from "./ipv4";
import type { RuleViolation } from "./rule-violation";

/** Node pools per cluster (https://learn.microsoft.com/azure/aks/quotas-skus-regions#service-quotas-and-limits). */
export const MAX_POOLS_PER_CLUSTER = 100;
/** Nodes per cluster on the Standard and Premium tiers, and on the Free tier (same page). */
export const MAX_NODES_PER_CLUSTER = { Free: 1000, Standard: 5000, Premium: 5000 } as const;
/** Free tier is recommended for fewer than 10 nodes (https://learn.microsoft.com/azure/aks/free-standard-pricing-tiers). */
export const FREE_TIER_RECOMMENDED_NODES = 10;
/** Node pools may lag the control plane by at most two minor versions (https://learn.microsoft.com/azure/aks/supported-kubernetes-versions#kubernetes-version-support-policy). */
export const MAX_POOL_MINOR_VERSION_SKEW = 2;

interface NamedPool {
    pool: NodePoolSpec;
    path: string;
}

function allPools(cluster: ClusterSpec): NamedPool[] {
    return [
        { pool: cluster.systemPool, path: "systemPool" },
        ...cluster.nodePools.map((pool, i) => ({ pool, path: `nodePools[${i}]` })),
    ];
}

/** Most nodes a pool can have: its autoscaling maximum, else its fixed count. */
function maxNodes(pool: NodePoolSpec): number {
    return pool.autoscaling?.maxCount ?? pool.count;
}

/** One inline System pool, unique names, at most 100 pools, node totals within the tier's limit. */
function poolSetViolations(cluster: ClusterSpec): RuleViolation[] {
    const out: RuleViolation[] = [];
    // https://learn.microsoft.com/azure/aks/use-system-pools: a cluster always has a System pool; ours is the inline one.
    if (cluster.systemPool.mode !== "System") {
        out.push({ path: "systemPool.mode", message: `the inline pool must be a System pool (found "${cluster.systemPool.mode}")` });
    }
    const firstUse = new Map<string, string>();
    for (const { pool, path } of allPools(cluster)) {
        const earlier = firstUse.get(pool.name);
        if (earlier !== undefined) {
            out.push({ path: `${path}.name`, message: `"${pool.name}" is already the name of ${earlier}; pool names must be unique in a cluster` });
        } else {
            firstUse.set(pool.name, path);
        }
    }
    const pools = allPools(cluster);
    if (pools.length > MAX_POOLS_PER_CLUSTER) {
        out.push({ path: "nodePools", message: `a cluster has at most ${MAX_POOLS_PER_CLUSTER} node pools (found ${pools.length})` });
    }
    const total = pools.reduce((sum, { pool }) => sum + maxNodes(pool), 0);
    const limit = MAX_NODES_PER_CLUSTER[cluster.tier];
    if (total > limit) {
        out.push({ path: "nodePools", message: `the pools can reach ${total} nodes, more than the ${limit} a ${cluster.tier} tier cluster allows` });
    }
    return out;
}

/** Identity: workload identity needs OIDC; no local accounts and Azure RBAC need Entra ID (https://learn.microsoft.com/azure/aks/manage-local-accounts-managed-azure-ad, https://learn.microsoft.com/azure/aks/workload-identity-overview). */
function identityViolations(cluster: ClusterSpec): RuleViolation[] {
    const out: RuleViolation[] = [];
    const entra = cluster.entraId.enabled !== false;
    if (cluster.addons.workloadIdentity && !cluster.oidcIssuer) {
        out.push({ path: "addons.workloadIdentity", message: "workload identity requires the OIDC issuer: set oidcIssuer to true, or turn workloadIdentity off" });
    }
    if (cluster.disableLocalAccounts && !entra) {
        out.push({ path: "disableLocalAccounts", message: "local accounts can only be disabled on an Entra ID cluster: set entraId.enabled to true, or disableLocalAccounts to false" });
    }
    if (cluster.entraId.azureRbac && !entra) {
        out.push({ path: "entraId.azureRbac", message: "Azure RBAC for Kubernetes requires Entra ID: set entraId.enabled to true, or azureRbac to false" });
    }
    return out;
}

/** CNI combinations AKS accepts (https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium, https://learn.microsoft.com/azure/aks/azure-cni-overlay). */
function networkPluginViolations(cluster: ClusterSpec): RuleViolation[] {
    const out: RuleViolation[] = [];
    const { plugin, pluginMode, dataplane, policy } = cluster.network;
    if (pluginMode === "overlay" && plugin !== "azure") {
        out.push({ path: "network.pluginMode", message: `overlay mode is a mode of Azure CNI: set plugin to "azure" (found "${plugin}")` });
    }
    // Pod-subnet Azure CNI needs a bring-your-own VNet, which this project does not configure; overlay is the only way here.
    if (dataplane === "cilium" && !(plugin === "azure" && pluginMode === "overlay")) {
        out.push({ path: "network.dataplane", message: `the cilium dataplane requires Azure CNI Overlay: set plugin "azure" and pluginMode "overlay", or dataplane "azure"` });
    }
    if (policy === "cilium" && dataplane !== "cilium") {
        out.push({ path: "network.policy", message: `cilium network policy requires the cilium dataplane: set dataplane "cilium", or another policy` });
    }
    if (dataplane === "cilium" && (policy === "azure" || policy === "calico")) {
        out.push({ path: "network.policy", message: `with the cilium dataplane, Cilium enforces network policy: set policy "cilium" (or "none")` });
    }
    if (policy === "azure" && plugin !== "azure") {
        out.push({ path: "network.policy", message: `Azure network policy requires Azure CNI: set plugin "azure", or policy "calico"` });
    }
    if (plugin === "none" && policy !== "none") {
        out.push({ path: "network.policy", message: `with your own CNI (plugin "none") AKS manages no network policy engine: set policy "none"` });
    }
    for (const { pool, path } of allPools(cluster)) {
        if (pool.osType === "Windows" && plugin !== "azure") {
            out.push({ path: `${path}.osType`, message: `Windows pools require Azure CNI: set network.plugin to "azure" (found "${plugin}")` });
        }
    }
    return out;
}

/** Address ranges (https://learn.microsoft.com/azure/aks/concepts-network-ip-address-planning). */
function addressViolations(cluster: ClusterSpec): RuleViolation[] {
    const out: RuleViolation[] = [];
    const service = parseIpv4Cidr(cluster.network.serviceCidr);
    const pods = parseIpv4Cidr(cluster.network.podCidr);
    const dns = parseIpv4(cluster.network.dnsServiceIp);
    if (service === undefined || pods === undefined || dns === undefined) {
        return out; // malformed ranges are reported by the schema
    }
    if (service.prefix < 12) {
        out.push({ path: "network.serviceCidr", message: `the service range must be smaller than /12 (found /${service.prefix})` });
    }
    if (!rangeContains(service, dns) || dns === service.network) {
        out.push({
            path: "network.dnsServiceIp",
            message: `must be an address inside serviceCidr ${cluster.network.serviceCidr} other than its first (found ${cluster.network.dnsServiceIp})`,
        });
    }
    if (cluster.network.pluginMode === "overlay" && rangesOverlap(service, pods)) {
        out.push({ path: "network.podCidr", message: `${cluster.network.podCidr} overlaps serviceCidr ${cluster.network.serviceCidr}` });
    }
    return out;
}

/**
 * API server exposure. The project refuses an API server open to the internet (no authorized ranges and not
 * private); AKS itself refuses authorized ranges on a private cluster and with node public IPs
 * (https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges#limitations).
 */
function apiServerViolations(cluster: ClusterSpec): RuleViolation[] {
    const out: RuleViolation[] = [];
    const { authorizedIpRanges, privateCluster } = cluster.apiServer;
    // What the ranges admit together is computed: 0.0.0.0/1 and 128.0.0.0/1 are as open as 0.0.0.0/0.
    const open = authorizedIpRanges.length > 0 && admittedIpv4Addresses(authorizedIpRanges) >= IPV4_ADDRESSES;
    if (!privateCluster && (authorizedIpRanges.length === 0 || open)) {
        out.push({
            path: "apiServer.authorizedIpRanges",
            message: `the API server would be open to the whole internet${open ? ` (${authorizedIpRanges.join(", ")})` : ""}: list the CIDR ranges allowed to reach it in apiServer.authorizedIpRanges, or set apiServer.privateCluster to true`,
        });
    }
    const kms = cluster.encryption.kms;
    if (kms?.networkAccess === "Private" && !cluster.apiServer.vnetIntegration) {
        out.push({ path: "encryption.kms.networkAccess", message: "KMS with a private key vault needs API Server VNet Integration (apiServer.vnetIntegration: true), or use a public key vault" });
    }
    if (privateCluster && authorizedIpRanges.length > 0) {
        out.push({
            path: "apiServer.authorizedIpRanges",
            message: "a private cluster's API server has no public endpoint to restrict: remove the authorized ranges, or set privateCluster to false",
        });
    }
    if (authorizedIpRanges.length > 0) {
        for (const { pool, path } of allPools(cluster)) {
            if (pool.enableNodePublicIP) {
                out.push({ path: `${path}.enableNodePublicIP`, message: "node public IPs cannot be combined with API server authorized IP ranges" });
            }
        }
    }
    return out;
}

function minorVersion(version: string): [number, number] | undefined {
    const match = /^(\d+)\.(\d+)(\.\d+)?$/.exec(version);
    return match === null ? undefined : [Number(match[1]), Number(match[2])];
}

/** Upgrades: `node-image` channel implies NodeImage OS upgrades (https://learn.microsoft.com/azure/aks/auto-upgrade-node-os-image); pool version skew. */
function versionViolations(cluster: ClusterSpec): RuleViolation[] {
    const out: RuleViolation[] = [];
    if (cluster.upgrades.channel === "node-image" && cluster.upgrades.nodeOsChannel !== "NodeImage") {
        out.push({
            path: "upgrades.nodeOsChannel",
            message: `the "node-image" upgrade channel requires nodeOsChannel "NodeImage" (found "${cluster.upgrades.nodeOsChannel}")`,
        });
    }
    const control = minorVersion(cluster.kubernetesVersion);
    for (const { pool, path } of allPools(cluster)) {
        const own = pool.orchestratorVersion === undefined ? undefined : minorVersion(pool.orchestratorVersion);
        if (control === undefined || own === undefined) {
            continue;
        }
        const skew = (control[0] - own[0]) * 1000 + (control[1] - own[1]);
        if (skew < 0) {
            out.push({
                path: `${path}.orchestratorVersion`,
                message: `${pool.orchestratorVersion} is newer than the control plane (${cluster.kubernetesVersion}); a pool may not run ahead of it`,
            });
        } else if (skew > MAX_POOL_MINOR_VERSION_SKEW) {
            out.push({
                path: `${path}.orchestratorVersion`,
                message: `${pool.orchestratorVersion} is more than ${MAX_POOL_MINOR_VERSION_SKEW} minor versions behind the control plane (${cluster.kubernetesVersion})`,
            });
        }
    }
    return out;
}

/**
 * Every cluster-wide rule the resolved cluster breaks, paths relative to {@link ClusterSpec}. An empty list
 * means AKS accepts the cluster-level settings. Does not include the per-pool rules.
 */
export function clusterRuleViolations(cluster: ClusterSpec): { path: string; message: string }[] {
    return [
        ...poolSetViolations(cluster),
        ...identityViolations(cluster),
        ...networkPluginViolations(cluster),
        ...addressViolations(cluster),
        ...apiServerViolations(cluster),
        ...versionViolations(cluster),
    ];
}

/**
 * Settings AKS accepts but advises against, as warnings (same shape as violations): a Free tier cluster that
 * can grow past 10 nodes, a System pool that can have fewer than two nodes
 * (https://learn.microsoft.com/azure/aks/use-system-pools: "at least two nodes, three recommended").
 */
export function clusterRuleWarnings(cluster: ClusterSpec): { path: string; message: string }[] {
    const out: RuleViolation[] = [];
    const total = allPools(cluster).reduce((sum, { pool }) => sum + maxNodes(pool), 0);
    if (cluster.tier === "Free" && total > FREE_TIER_RECOMMENDED_NODES) {
        out.push({
            path: "tier",
            message: `the pools can reach ${total} nodes; the Free tier (no SLA) is meant for fewer than ${FREE_TIER_RECOMMENDED_NODES}: consider "Standard"`,
        });
    }
    const systemMin = cluster.systemPool.autoscaling?.minCount ?? cluster.systemPool.count;
    if (systemMin < 2) {
        out.push({ path: "systemPool.count", message: `the System pool can shrink to ${systemMin} node; AKS advises at least two (three recommended)` });
    }
    return out;
}

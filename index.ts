/**
 * The Pulumi program: reads the stack's configuration (`Pulumi.<stack>.yaml`, validated by `config/`) and
 * builds the platform with the components: the cluster and its pools, then the namespaces and workloads the
 * stack declares. Wiring only; every rule lives in `config/`, `components/` or `scheduling/`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { AksCluster, Workload, createDevicePlugin, createNamespaces, devicePluginPools } from "./components";
import { GPU_RESOURCE, formatAksTaint, loadPlatformSpecFromPulumi } from "./config";
import { checkPlacementOfSpec, placementSummary } from "./placement";

const spec = loadPlatformSpecFromPulumi();

const platform = new AksCluster("platform", {
    location: spec.location,
    resourceGroup: spec.resourceGroup,
    cluster: spec.cluster,
});

const poolSpecs = platform.poolSpecs();
/** The resource that brings a pool's nodes: its AgentPool, or the cluster for the inline System pool. */
function capacityOf(pool: string): pulumi.Resource {
    return platform.nodePools.find((p) => p.spec.name === pool)?.agentPool ?? platform.managedCluster;
}

const namespaces = createNamespaces({ namespaces: spec.namespaces, workloads: spec.workloads, kubernetesVersion: spec.cluster.kubernetesVersion, provider: platform.provider });
const devicePlugin = createDevicePlugin("nvidia-device-plugin", {
    pools: poolSpecs,
    provider: platform.provider,
    dependsOn: devicePluginPools(poolSpecs).map((p) => capacityOf(p.name)),
});

const workloadComponents = spec.workloads.map((workload) => {
    const ns = namespaces.get(workload.namespace);
    const gpu = Number(workload.resources.requests[GPU_RESOURCE] ?? "0") > 0;
    const dependsOn = [
        ...(ns?.namespace === undefined ? [] : [ns.namespace]),
        ...(ns?.policies ?? []),
        ...workload.pools.map(capacityOf),
        ...(gpu && devicePlugin !== undefined ? [devicePlugin] : []),
    ];
    // Namespace and name are DNS-1123 labels (no "."), so the dotted pair is unique and unambiguous.
    return new Workload(
        `${workload.namespace}.${workload.name}`,
        { spec: workload, pools: poolSpecs, cluster: spec.cluster, provider: platform.provider, dependsOn },
        { dependsOn },
    );
});

/** Name of the managed cluster. */
export const clusterName = platform.clusterName;
/** ARM ID of the managed cluster. */
export const clusterId = platform.clusterId;
/** Resource group of the cluster. */
export const resourceGroupName = platform.resourceGroupName;
/** OIDC issuer URL, for workload identity federated credentials. */
export const oidcIssuerUrl = platform.oidcIssuerUrl;
/** Resource group AKS manages for the nodes. */
export const nodeResourceGroup = platform.nodeResourceGroup;
/** Cluster-user kubeconfig (secret; non-interactive kubelogin on Entra ID clusters). */
export const kubeconfig = platform.kubeconfig;
/** One line of facts per pool, for `pulumi stack output pools`. */
export const pools = poolSpecs.map((pool) => ({
    name: pool.name,
    mode: pool.mode,
    vmSize: pool.vmSize,
    zones: pool.zones,
    nodes: pool.autoscaling === undefined ? { count: pool.count } : { min: pool.autoscaling.minCount, max: pool.autoscaling.maxCount },
    spot: pool.spot !== undefined,
    labels: pool.labels,
    taints: pool.taints.map(formatAksTaint),
}));
/** One line of facts per workload, for `pulumi stack output workloads`. */
export const workloads = workloadComponents.map((w) => w.facts);
/**
 * Whether every workload schedules in the scenarios this stack promises (`aks-platform:placement.promises`),
 * checked offline by the placement checks on the stack's configuration; `pulumi stack output scheduling`.
 */
export const scheduling = placementSummary(checkPlacementOfSpec(spec, { scenarios: spec.placementPromises }));

/**
 * The Pulumi program: reads the stack's configuration (`Pulumi.<stack>.yaml`, validated by `config/`) and
 * builds the platform with the components: the cluster and its pools, then the namespaces and workloads the
 * stack declares. Wiring only; every rule lives in `config/`, `components/` or `scheduling/`.
 */
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { AksCluster, Workload } from "./components";
import { formatAksTaint, loadPlatformSpecFromPulumi } from "./config";
import { checkPlacementOfSpec, placementSummary } from "./placement";

const spec = loadPlatformSpecFromPulumi();

const platform = new AksCluster("platform", {
    location: spec.location,
    resourceGroup: spec.resourceGroup,
    cluster: spec.cluster,
});

/** Namespaces Kubernetes does not create itself: one per namespace the workloads use. */
const BUILT_IN_NAMESPACES: readonly string[] = ["default", "kube-system"];
const namespaces = new Map(
    [...new Set(spec.workloads.map((w) => w.namespace))]
        .filter((name) => !BUILT_IN_NAMESPACES.includes(name))
        .map((name) => [name, new Namespace(`ns-${name}`, { metadata: { name } }, { provider: platform.provider })]),
);

const poolSpecs = platform.poolSpecs();
const workloadComponents = spec.workloads.map((workload) => {
    const namespace = namespaces.get(workload.namespace);
    // Namespace and name are DNS-1123 labels (no "."), so the dotted pair is unique and unambiguous.
    return new Workload(
        `${workload.namespace}.${workload.name}`,
        { spec: workload, pools: poolSpecs, cluster: spec.cluster, provider: platform.provider },
        namespace === undefined ? {} : { dependsOn: [namespace] },
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

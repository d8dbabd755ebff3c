/**
 * The Pulumi program: reads the stack's configuration (`Pulumi.<stack>.yaml`, validated by `config/`) and
 * builds the platform with the components. Wiring only; every rule lives in `config/`, `components/` or
 * `scheduling/`.
 */
import { AksCluster } from "./components";
import { formatAksTaint, loadPlatformSpecFromPulumi } from "./config";

const spec = loadPlatformSpecFromPulumi();

const platform = new AksCluster("platform", {
    location: spec.location,
    resourceGroup: spec.resourceGroup,
    cluster: spec.cluster,
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
export const pools = platform.poolSpecs().map((pool) => ({
    name: pool.name,
    mode: pool.mode,
    vmSize: pool.vmSize,
    zones: pool.zones,
    nodes: pool.autoscaling === undefined ? { count: pool.count } : { min: pool.autoscaling.minCount, max: pool.autoscaling.maxCount },
    spot: pool.spot !== undefined,
    labels: pool.labels,
    taints: pool.taints.map(formatAksTaint),
}));

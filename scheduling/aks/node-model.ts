/**
 * The Node objects AKS creates for a pool: names, labels, taints, capacity and allocatable, spread over
 * the pool's availability zones as VMSS zone balancing spreads instances
 * (https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-use-availability-zones#zone-balancing).
 *
 * The result is plain Kubernetes API objects (`kubectl get node -o json` shape) for the scheduling engine.
 */
import { InvalidObjectError } from "../model/errors";
import type { V1Node } from "../model/types";
import { poolKubernetesVersion } from "./kubernetes-version";
import { nodeHostname, nodeLabels, nodeTaints, type NodeModelCluster } from "./node-labels";
import type { NodePoolSpec, OsSku } from "./node-pool-spec";
import { nodeResources } from "./reservations";

/** Options of {@link buildPoolNodes}. */
export interface BuildPoolNodesOptions {
    /** How many nodes to build (0 or more), e.g. a pool's `initial`, `min` or `max` from {@link poolNodeCounts}. */
    count: number;
    /**
     * The VMSS instance number of the first node built (nodes `first` to `first + count - 1`), e.g. the next
     * node a scale-up or a surge adds to a pool that has `first` nodes. Defaults to 0.
     */
    first?: number;
    /**
     * The zones to spread the nodes over, a non-empty subset of the pool's zones, e.g. the pool's zones
     * without a lost one. Defaults to the pool's zones. Must be absent or empty for a regional pool.
     */
    zones?: string[];
}

/** The node counts a pool can have. See https://learn.microsoft.com/azure/aks/cluster-autoscaler */
export interface PoolNodeCounts {
    /** Fewest nodes: the autoscaler's `minCount`, or the fixed count. */
    min: number;
    /** Most nodes: the autoscaler's `maxCount`, or the fixed count. */
    max: number;
    /** Nodes at creation: `count`. */
    initial: number;
}

/**
 * The node counts of a pool: fixed pools have min = max = initial = `count`; autoscaled pools have
 * the autoscaler's bounds and `count` as the initial size.
 *
 * @throws InvalidObjectError when a count is not a whole number ≥ 0, or min > max.
 */
export function poolNodeCounts(pool: NodePoolSpec): PoolNodeCounts {
    const object = `NodePool/${pool.name}`;
    requireCount(object, "count", pool.count);
    if (pool.autoscaling === undefined) return { min: pool.count, max: pool.count, initial: pool.count };
    const { minCount, maxCount } = pool.autoscaling;
    requireCount(object, "autoscaling.minCount", minCount);
    requireCount(object, "autoscaling.maxCount", maxCount);
    if (minCount > maxCount) {
        throw new InvalidObjectError(object, "autoscaling", `minCount ${minCount} is greater than maxCount ${maxCount}; expected minCount ≤ maxCount`);
    }
    return { min: minCount, max: maxCount, initial: pool.count };
}

/**
 * Builds `options.count` nodes of `pool`: node `i` is VMSS instance `i`, placed in zone
 * `zones[i mod zones.length]` (round-robin, the order of the pool's zones), each a full Node object —
 * `metadata.name` = the hostname label, the labels and taints AKS sets, `status.capacity` and
 * `status.allocatable` from {@link nodeResources}, and `status.nodeInfo` (kubelet version, OS image,
 * architecture, operating system; facts the model does not know, such as boot and machine IDs, are empty).
 *
 * @param pool - The node pool.
 * @param cluster - The cluster context; `name` and `nodeResourceGroup` are optional (see `ClusterNaming`).
 * @param options - How many nodes, over which zones.
 * @throws InvalidObjectError on a bad count, a zone outside the pool's zones, or an invalid pool.
 */
export function buildPoolNodes(pool: NodePoolSpec, cluster: NodeModelCluster, options: BuildPoolNodesOptions): V1Node[] {
    const object = `NodePool/${pool.name}`;
    requireCount(object, "count (buildPoolNodes option)", options.count);
    const first = options.first ?? 0;
    requireCount(object, "first (buildPoolNodes option)", first);
    const zones = effectiveZones(pool, options.zones);
    const resources = nodeResources(pool, cluster.kubernetesVersion);
    const taints = nodeTaints(pool);
    const version = poolKubernetesVersion(pool, cluster.kubernetesVersion);
    const nodeInfo = {
        architecture: pool.capacity.architecture,
        operatingSystem: pool.osType === "Windows" ? "windows" : "linux",
        osImage: OS_IMAGE[pool.osSku],
        kubeletVersion: `v${version.text}`,
        kubeProxyVersion: "",
        containerRuntimeVersion: "",
        kernelVersion: "",
        bootID: "",
        machineID: "",
        systemUUID: "",
    };
    const nodes: V1Node[] = [];
    for (let index = first; index < first + options.count; index++) {
        const zone = zones.length === 0 ? undefined : zones[index % zones.length];
        const name = nodeHostname(pool, cluster, index);
        nodes.push({
            apiVersion: "v1",
            kind: "Node",
            metadata: { name, labels: nodeLabels(pool, cluster, { index, zone }) },
            spec: taints.length === 0 ? {} : { taints: taints.map((t) => ({ ...t })) },
            status: {
                capacity: { ...resources.capacity },
                allocatable: { ...resources.allocatable },
                nodeInfo: { ...nodeInfo },
            },
        });
    }
    return nodes;
}

/**
 * `status.nodeInfo.osImage` per OS SKU, informational only. Unversioned SKUs ("Ubuntu", "AzureLinux") get
 * a version-free name because the version AKS picks for them depends on the Kubernetes release.
 */
const OS_IMAGE: Record<OsSku, string> = {
    Ubuntu: "Ubuntu",
    Ubuntu2204: "Ubuntu 22.04 LTS",
    Ubuntu2404: "Ubuntu 24.04 LTS",
    AzureLinux: "Azure Linux",
    AzureLinux3: "Microsoft Azure Linux 3.0",
    Windows2019: "Windows Server 2019 Datacenter",
    Windows2022: "Windows Server 2022 Datacenter",
};

function effectiveZones(pool: NodePoolSpec, requested: string[] | undefined): string[] {
    const object = `NodePool/${pool.name}`;
    const poolDuplicate = pool.zones.find((zone, i) => pool.zones.indexOf(zone) !== i);
    if (poolDuplicate !== undefined) {
        throw new InvalidObjectError(object, "zones", `zone ${JSON.stringify(poolDuplicate)} is listed twice; list each zone once`);
    }
    if (requested === undefined) return [...pool.zones];
    if (pool.zones.length === 0) {
        if (requested.length > 0) {
            throw new InvalidObjectError(object, "zones (buildPoolNodes option)", `${JSON.stringify(requested)} given for a regional pool (no availability zones); leave it out`);
        }
        return [];
    }
    if (requested.length === 0) {
        throw new InvalidObjectError(object, "zones (buildPoolNodes option)", `is empty; a zonal pool needs at least one of its zones ${JSON.stringify(pool.zones)}`);
    }
    const duplicate = requested.find((zone, i) => requested.indexOf(zone) !== i);
    if (duplicate !== undefined) {
        throw new InvalidObjectError(object, "zones (buildPoolNodes option)", `zone ${JSON.stringify(duplicate)} is listed twice; list each zone once`);
    }
    for (const zone of requested) {
        if (!pool.zones.includes(zone)) {
            throw new InvalidObjectError(object, "zones (buildPoolNodes option)", `zone ${JSON.stringify(zone)} is not one of the pool's zones ${JSON.stringify(pool.zones)}`);
        }
    }
    return [...requested];
}

function requireCount(object: string, field: string, value: number): void {
    if (!(Number.isSafeInteger(value) && value >= 0)) {
        throw new InvalidObjectError(object, field, `must be a whole number ≥ 0, got ${value}`);
    }
}

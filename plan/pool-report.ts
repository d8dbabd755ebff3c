/**
 * What AKS will give each node pool of a stack: the nodes at the pool's minimum and maximum size (AKS node
 * model), the kube-system pods AKS runs on them placed by the engine, and what is left for workloads.
 * Pure: a `PlatformSpec` in, plain data out.
 */
import type { PlatformSpec } from "../config/platform-spec";
import { buildPoolNodes, kubeSystemWorkloads, nodeResources, poolNodeCounts, type NodeModelCluster } from "../scheduling/aks";
import type { NodePoolSpec } from "../scheduling/aks/node-pool-spec";
import { simulate, type PodPlacement, type ResourceUsage } from "../scheduling/simulate";
import { amountFor, formatAmount, parseQuantity } from "../scheduling/model/quantity";

/** One pool, as AKS will build it. */
export interface PoolReport {
    name: string;
    mode: string;
    vmSize: string;
    zones: string[];
    spot: boolean;
    minNodes: number;
    maxNodes: number;
    /** Per node, after AKS's reservations: cpu, memory, pods (and GPUs when advertised). */
    allocatablePerNode: Record<string, string>;
    /** Free for workloads at the minimum size, after the kube-system pods placed there. */
    freeAtMin: Record<string, string>;
    /** Nodes at the minimum size. */
    nodesAtMin: number;
}

/** The whole stack at its pools' minimum size. */
export interface StackPoolReport {
    stack: string;
    location: string;
    kubernetesVersion: string;
    pools: PoolReport[];
    /** kube-system pods AKS runs that found no node at the minimum size, with kube-scheduler's message. */
    unschedulableSystemPods: PodPlacement[];
}

const SHOWN_RESOURCES = ["cpu", "memory", "pods", "nvidia.com/gpu"];

function pick(list: Record<string, string>): Record<string, string> {
    return Object.fromEntries(SHOWN_RESOURCES.filter((r) => list[r] !== undefined).map((r) => [r, list[r]]));
}

function free(resources: Record<string, ResourceUsage>, pods: number, podCapacity: number): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of SHOWN_RESOURCES) {
        if (name === "pods") {
            out.pods = String(podCapacity - pods);
            continue;
        }
        const usage = resources[name];
        if (usage === undefined) continue;
        const left = amountFor(name, parseQuantity(usage.allocatable)) - amountFor(name, parseQuantity(usage.requested));
        out[name] = formatAmount(name, left);
    }
    return out;
}

/** Builds every pool at its minimum size, places kube-system on it, and reports per pool. */
export function stackPoolReport(spec: PlatformSpec): StackPoolReport {
    const cluster: NodeModelCluster = { ...spec.cluster, location: spec.location };
    const pools: NodePoolSpec[] = [spec.cluster.systemPool, ...spec.cluster.nodePools];
    const nodes = pools.flatMap((pool) => buildPoolNodes(pool, cluster, { count: poolNodeCounts(pool).min }));
    const system = kubeSystemWorkloads(cluster, { nodeCount: nodes.length });
    const result = simulate({ nodes, workloads: [...system.daemonSets, ...system.deployments] });
    return {
        stack: spec.stack,
        location: spec.location,
        kubernetesVersion: spec.cluster.kubernetesVersion,
        pools: pools.map((pool) => {
            const counts = poolNodeCounts(pool);
            const usage = result.pools.find((p) => p.pool === pool.name);
            return {
                name: pool.name,
                mode: pool.mode,
                vmSize: pool.vmSize,
                zones: pool.zones,
                spot: pool.spot !== undefined,
                minNodes: counts.min,
                maxNodes: counts.max,
                nodesAtMin: usage?.nodes ?? 0,
                allocatablePerNode: pick(nodeResources(pool, pool.orchestratorVersion ?? spec.cluster.kubernetesVersion).allocatable),
                freeAtMin: usage === undefined ? {} : free(usage.resources, usage.pods, usage.podCapacity),
            };
        }),
        unschedulableSystemPods: result.pods.filter((p) => p.node === undefined),
    };
}

/** Per node and per pool usage after a simulation: requested vs allocatable per resource, and pod counts. */
import type { NodeInfo, ResourceAmounts } from "../framework/interfaces";
import { formatAmount } from "../model/quantity";
import { poolOf } from "./diagnosis";
import type { NodeUsage, PoolUsage, ResourceUsage } from "./types";

function resources(allocatable: ResourceAmounts, requested: ResourceAmounts): Record<string, ResourceUsage> {
    const out: Record<string, ResourceUsage> = {};
    const names = new Set([...Object.keys(allocatable), ...Object.keys(requested)]);
    names.delete("pods");
    for (const name of names) out[name] = { requested: formatAmount(name, requested[name] ?? 0), allocatable: formatAmount(name, allocatable[name] ?? 0) };
    return out;
}

/** One node's usage. */
export function nodeUsage(nodeInfo: NodeInfo): NodeUsage {
    const pool = poolOf(nodeInfo);
    return {
        node: nodeInfo.name,
        ...(pool === "" ? {} : { pool }),
        resources: resources(nodeInfo.allocatable, nodeInfo.requested),
        pods: nodeInfo.pods.length,
        podCapacity: nodeInfo.allocatable.pods ?? 0,
    };
}

/** Sums per pool, pools in order of first appearance; nodes without the agentpool label sum under `""`. */
export function poolUsage(nodeInfos: readonly NodeInfo[]): PoolUsage[] {
    const sums = new Map<string, { nodes: number; allocatable: ResourceAmounts; requested: ResourceAmounts; pods: number }>();
    for (const nodeInfo of nodeInfos) {
        const pool = poolOf(nodeInfo);
        let sum = sums.get(pool);
        if (sum === undefined) {
            sum = { nodes: 0, allocatable: {}, requested: {}, pods: 0 };
            sums.set(pool, sum);
        }
        sum.nodes++;
        sum.pods += nodeInfo.pods.length;
        for (const [name, amount] of Object.entries(nodeInfo.allocatable)) sum.allocatable[name] = (sum.allocatable[name] ?? 0) + amount;
        for (const [name, amount] of Object.entries(nodeInfo.requested)) sum.requested[name] = (sum.requested[name] ?? 0) + amount;
    }
    return [...sums].map(([pool, s]) => ({ pool, nodes: s.nodes, resources: resources(s.allocatable, s.requested), pods: s.pods, podCapacity: s.allocatable.pods ?? 0 }));
}

/**
 * A placement run read back as the report's shapes: per workload (replicas placed per pool and zone, or why
 * not, in kube-scheduler's words and in plain ones), per pool (requests vs allocatable, nodes needed vs min
 * and max), and the problems a user reads.
 */
import { daemonSetFootprint, estimatePoolNodes, poolNodeCounts, type NodePoolSpec, type PlacementDetail, type V1Node, type V1Pod } from "../scheduling";
import { KUBE_SYSTEM } from "../scheduling/aks/kube-system";
import { compileRequiredNodeAffinity } from "../scheduling/model/node-selector";
import { poolOfNode, zoneOfNode, type PlacementContext, type PlacementRun } from "./context";
import type { PoolPlacement, WorkloadPlacement } from "./types";

/** kube-scheduler's reason when PodTopologySpread rejects a node (pkg/scheduler/framework/plugins/podtopologyspread/filtering.go, v1.35). */
const SPREAD_REASON = "node(s) didn't match pod topology spread constraints";

/** Reasons that mean "this pool could host the pod with more room": the estimate counts such pods for the pool. */
function onlyForLackOfRoom(reasons: Record<string, number>): boolean {
    return Object.keys(reasons).every((r) => r.startsWith("Insufficient ") || r === "Too many pods");
}

const quote = (pools: Iterable<string>) => [...pools].map((p) => `"${p}"`).join(", ");

/**
 * The pools with a node the pod's node selector and required node affinity accept (taints aside): the nodes
 * NodeAffinity's Filter would pass (`nodeSelector` and required terms, as `compileRequiredNodeAffinity` reads them).
 */
export function poolsMatchingSelector(pod: V1Pod, nodes: V1Node[]): Set<string> {
    const pools = new Set<string>();
    if (nodes.length === 0) return pools;
    const affinity = compileRequiredNodeAffinity(pod);
    for (const node of nodes) {
        const pool = poolOfNode(node);
        if (!pools.has(pool) && affinity.matches(node)) pools.add(pool);
    }
    return pools;
}

/**
 * Plain-words explanations of one pod's FitError detail: a selector that matches no pool, untolerated taints
 * (of the pools the selector accepts), resources short, volumes pinned away (an LRS disk in a lost zone), spread
 * constraints the zones cannot satisfy.
 *
 * @param emptyPools - The model's pools without nodes in this scenario, named when the selector matches no pool.
 * @param pod - The pod, to tell the pools its selector accepts from those it does not.
 */
export function explain(detail: PlacementDetail, run: PlacementRun, emptyPools: readonly string[] = [], pod?: V1Pod): string[] {
    const out: string[] = [];
    const pools = Object.keys(detail.reasonsByPool);
    const accepted = pod === undefined ? undefined : poolsMatchingSelector(pod, run.nodes);
    if (detail.wantedNodeSelector !== undefined && accepted !== undefined && accepted.size === 0) {
        const empty = emptyPools.length === 0 ? "" : `; pools without nodes in this scenario: ${quote(emptyPools)}`;
        out.push(`the node selector ${detail.wantedNodeSelector.join(", ")} matches no pool with nodes (pools: ${quote(pools)}${empty})`);
    }
    for (const t of detail.untoleratedTaints) {
        if (accepted !== undefined && !accepted.has(t.pool)) continue;
        out.push(`pool "${t.pool}" has taint ${t.taints.join(", ")} that the pod does not tolerate`);
    }
    for (const r of detail.insufficientResources) {
        if (r.resource === "pods") {
            out.push(`no pod slot left on ${r.nodes} node(s)`);
        } else {
            out.push(`${r.resource}: the pod requests ${r.requested}, at most ${r.mostFree} is free on a node${r.mostFreeNode === undefined ? "" : ` (${r.mostFreeNode})`}`);
        }
    }
    for (const c of detail.volumeNodeAffinityConflicts ?? []) {
        out.push(`claim ${c.claim} is bound to volume ${c.volume}, which attaches only where ${c.requirement} (${c.nodes} node(s) outside it)`);
    }
    const spreadPools = pools.filter((p) => (detail.reasonsByPool[p][SPREAD_REASON] ?? 0) > 0);
    if (spreadPools.length > 0) {
        const zones = [...new Set(run.nodes.filter((n) => spreadPools.includes(poolOfNode(n))).map(zoneOfNode))].sort();
        const where = zones.length === 1 && zones[0] === "" ? "no availability zone (regional nodes)" : `zone(s) ${zones.map((z) => z || "<regional>").join(", ")}`;
        out.push(`topology spread: pool(s) ${quote(spreadPools)} offer ${where}; no node keeps the spread within maxSkew`);
    }
    return out;
}

/** The model's pools without a node in this run. */
function emptyPoolsOf(context: PlacementContext, run: PlacementRun): string[] {
    const present = new Set(run.nodes.map(poolOfNode));
    return context.model.pools.map((p) => p.name).filter((p) => !present.has(p));
}

/** Per model workload: replicas wanted and placed, where, and why not. */
export function workloadPlacements(context: PlacementContext, run: PlacementRun): WorkloadPlacement[] {
    const nodes = new Map(run.nodes.map((n) => [n.metadata!.name!, n]));
    const emptyPools = emptyPoolsOf(context, run);
    const refs = new Set(context.workloadRefs);
    // The replicas of one template that fit nowhere share one detail (the simulation reuses it): explain it once.
    const explained = new Map<PlacementDetail, string[]>();
    const byRef = new Map<string, WorkloadPlacement>();
    for (const summary of run.result.workloads) {
        if (!refs.has(summary.workload)) continue;
        byRef.set(summary.workload, { workload: summary.workload, replicas: summary.total, placed: summary.placed, byPool: {}, reasons: [], details: [] });
    }
    for (const pod of run.result.pods) {
        const entry = byRef.get(pod.workload);
        if (entry === undefined) continue;
        if (pod.node !== undefined) {
            const node = nodes.get(pod.node)!;
            const pool = (entry.byPool[poolOfNode(node)] ??= {});
            const zone = zoneOfNode(node);
            pool[zone] = (pool[zone] ?? 0) + 1;
        } else {
            if (pod.message !== undefined && !entry.reasons.includes(pod.message)) entry.reasons.push(pod.message);
            if (pod.detail === undefined) continue;
            let details = explained.get(pod.detail);
            if (details === undefined) {
                details = explain(pod.detail, run, emptyPools, run.pods.get(pod.pod));
                explained.set(pod.detail, details);
            }
            for (const d of details) if (!entry.details.includes(d)) entry.details.push(d);
        }
    }
    return context.workloadRefs.filter((r) => byRef.has(r)).map((r) => byRef.get(r)!);
}

/** One problem per workload with replicas that fit nowhere, and per AKS kube-system workload likewise. */
export function unplacedProblems(context: PlacementContext, run: PlacementRun, workloads: WorkloadPlacement[], prefix = ""): string[] {
    const problems: string[] = [];
    const emptyPools = emptyPoolsOf(context, run);
    const poolsOf = new Map<string, Set<string>>();
    for (const pod of run.result.pods) {
        if (pod.detail === undefined) continue;
        let pools = poolsOf.get(pod.workload);
        if (pools === undefined) poolsOf.set(pod.workload, (pools = new Set()));
        for (const p of Object.keys(pod.detail.reasonsByPool)) pools.add(p);
    }
    for (const w of workloads) {
        if (w.placed === w.replicas) continue;
        const pools = poolsOf.get(w.workload) ?? new Set<string>();
        const where = pools.size === 0 ? "no node exists" : `pools ${quote([...pools].sort())}`;
        const empty = emptyPools.length === 0 ? "" : `; no nodes in pool(s) ${quote(emptyPools)}`;
        const details = w.details.length === 0 ? "" : ` — ${w.details.join("; ")}`;
        problems.push(`${prefix}${w.workload}: ${w.replicas - w.placed} of ${w.replicas} replica(s) fit on no node (${where}${empty}): ${w.reasons.join(" / ")}${details}`);
    }
    const system = new Map<string, string>();
    for (const pod of run.result.pods) {
        if (pod.node === undefined && pod.workload.split("/")[1] === KUBE_SYSTEM && !system.has(pod.workload)) system.set(pod.workload, pod.message ?? "");
    }
    for (const [ref, message] of system) problems.push(`${prefix}AKS's ${ref} fits on no node: ${message}`);
    return problems;
}

/** The pods of the run that target each pool: placed there, or placeable there with more room. */
export function podsByPool(context: PlacementContext, run: PlacementRun): Map<string, V1Pod[]> {
    const nodes = new Map(run.nodes.map((n) => [n.metadata!.name!, n]));
    const out = new Map<string, V1Pod[]>(context.model.pools.map((p) => [p.name, []]));
    for (const placement of run.result.pods) {
        if (placement.workload.startsWith("DaemonSet/")) continue;
        const pod = run.pods.get(placement.pod);
        if (pod === undefined) continue;
        if (placement.node !== undefined) {
            out.get(poolOfNode(nodes.get(placement.node)!))?.push(pod);
        } else if (placement.detail !== undefined) {
            const reasons = placement.detail.reasonsByPool;
            const pool = Object.keys(reasons).find((p) => onlyForLackOfRoom(reasons[p]));
            if (pool !== undefined) out.get(pool)?.push(pod);
        } else {
            // No node at all (every pool at 0): the pod targets the first pool whose empty node would take it.
            const target = context.model.pools.find((p) => estimatePoolNodes({ pool: p, cluster: context.cluster, pods: [pod] }).unplaceable.length === 0);
            if (target !== undefined) out.get(target.name)?.push(pod);
        }
    }
    return out;
}

/** A pool's DaemonSet footprint, computed once per context for each set of DaemonSets (scenarios share them). */
function footprintOf(context: PlacementContext, pool: NodePoolSpec, daemonSets: object[], daemonSetsKey: string): V1Pod[] {
    const key = `${pool.name}\u0000${daemonSetsKey}`;
    let pods = context.footprints.get(key);
    if (pods === undefined) {
        pods = daemonSetFootprint(pool, context.cluster, daemonSets);
        context.footprints.set(key, pods);
    }
    return pods;
}

/** Per pool: nodes, requests vs allocatable, nodes needed (binpacking estimate) vs min and max. */
export function poolPlacements(context: PlacementContext, run: PlacementRun): PoolPlacement[] {
    const targets = podsByPool(context, run);
    // The DaemonSets, with the PriorityClasses their priorityClassName may name.
    const daemonSets = run.workloads.filter((w) => ["DaemonSet", "PriorityClass"].includes((w as { kind?: string }).kind ?? ""));
    const daemonSetsKey = JSON.stringify(daemonSets);
    const usages = new Map(run.result.pools.map((p) => [p.pool, p]));
    // With claims, the estimate counts Azure Disks against each VM size's data-disk limit, as the autoscaler does.
    const storage = run.result.storage.persistentVolumeClaims.length > 0 ? run.result.storage : undefined;
    return context.model.pools.map((pool) => {
        const usage = usages.get(pool.name);
        const estimate = estimatePoolNodes({ pool, cluster: context.cluster, pods: targets.get(pool.name) ?? [], daemonSetPods: footprintOf(context, pool, daemonSets, daemonSetsKey), storage });
        const counts = poolNodeCounts(pool);
        return {
            pool: pool.name,
            nodes: usage?.nodes ?? 0,
            requested: Object.fromEntries(Object.entries(usage?.resources ?? {}).map(([r, u]) => [r, u.requested])),
            allocatable: Object.fromEntries(Object.entries(usage?.resources ?? {}).map(([r, u]) => [r, u.allocatable])),
            nodesNeeded: estimate.nodesNeeded,
            lowerBound: estimate.lowerBound,
            min: counts.min,
            max: counts.max,
            podsBeyondMax: estimate.unplaceable.filter((pod) => /reached its maximum/.test(estimate.unplaceableReasons[pod] ?? "")).length,
        };
    });
}

/** Problems for pools whose pods need more nodes than their maximum. */
export function poolProblems(pools: PoolPlacement[]): string[] {
    return pools
        .filter((p) => p.podsBeyondMax > 0)
        .map((p) => `pool "${p.pool}": its pods need more than its maximum of ${p.max} node(s) (${p.podsBeyondMax} pod(s) left over at ${p.max}); raise the maximum or lower the replicas`);
}

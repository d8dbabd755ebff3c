/**
 * Node-count estimation for one pool, after cluster-autoscaler's binpacking estimator
 * (kubernetes/autoscaler `cluster-autoscaler/estimator/binpacking_estimator.go` and
 * `decreasing_pod_orderer.go`, 1.33):
 * - pods are sorted by decreasing score `cpu / node cpu + memory / node memory` (the template node's
 *   allocatable), ties kept in input order;
 * - each pod goes on the first opened node that passes the filters (first fit); when none does, a new node is
 *   opened from the template, unless `max` nodes are open; a pod that does not fit an empty node is unplaceable;
 * - every opened node starts with the DaemonSet pods.
 * First fit decreasing sorts by cpu and memory only, so when pod slots bind as well it can crowd the big pods
 * onto the first nodes and leave the slots of the last ones unused; {@link estimatePoolNodes} then also tries a
 * balanced packing from the lower bound up and keeps the smaller count.
 * The filters are the engine's own plugins that read only the node and its pods: NodeUnschedulable, NodeName,
 * TaintToleration, NodeAffinity, NodePorts and NodeResourcesFit, and, when the input gives the claims the pods'
 * volumes resolve against (`storage`), NodeVolumeLimits with the pool's CSINode (its VM size's data-disk limit):
 * the autoscaler's simulation runs every Filter plugin, so disks bound a node as cpu does. Topology spread, pod
 * (anti-)affinity and volume zones across the new nodes are not modelled (the autoscaler checks them; with them
 * the estimate can only grow).
 * See https://learn.microsoft.com/azure/aks/cluster-autoscaler
 */
import { buildPoolNodes, poolNodeCounts } from "../aks/node-model";
import { poolCsiNodes } from "../aks/storage";
import { createStorageLister, type StorageLister } from "../framework/storage";
import { createCycleState } from "../framework/cycle-state";
import type { CycleContext, FilterPlugin, NodeInfo, PodInfo, Snapshot, Status } from "../framework/interfaces";
import { NodeAffinity, NodeName, NodePorts, NodeResourcesFit, NodeUnschedulable, NodeVolumeLimits, TaintToleration } from "../framework/names";
import { addPodToNode, createNodeInfo, createPodInfo } from "../framework/node-info";
import { resolveFilterPlugins } from "../framework/registry";
import { runFilterPlugins, runPreFilterPlugins } from "../framework/run-filters";
import { podRef } from "../model/pod-requests";
import type { V1Node } from "../model/types";
import type { PoolEstimate, PoolEstimateInput } from "./types";

/** The Filter plugins the estimator runs on template nodes. */
export const ESTIMATOR_FILTER_PLUGINS: readonly string[] = [NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit];

/** cluster-autoscaler's pod score: the pod's cpu and memory as shares of the node's, summed. */
export function binpackingScore(requests: Readonly<Record<string, number>>, allocatable: Readonly<Record<string, number>>): number {
    const cpu = allocatable.cpu ? (requests.cpu ?? 0) / allocatable.cpu : 0;
    const memory = allocatable.memory ? (requests.memory ?? 0) / allocatable.memory : 0;
    return cpu + memory;
}

/**
 * The resource lower bound: the largest, over pod slots and every requested resource, of
 * `ceil(total / per-node room)`, where the room is the template's allocatable minus the DaemonSet pods.
 * A resource no node has room for is left out here (its pods are unplaceable, reported separately).
 */
export function resourceLowerBound(pods: readonly PodInfo[], template: NodeInfo): number {
    if (pods.length === 0) return 0;
    const totals: Record<string, number> = { pods: pods.length };
    for (const podInfo of pods) for (const [name, amount] of Object.entries(podInfo.requests)) if (name !== "pods") totals[name] = (totals[name] ?? 0) + amount;
    let bound = 0;
    for (const [name, total] of Object.entries(totals)) {
        const room = name === "pods" ? (template.allocatable.pods ?? 0) - template.pods.length : (template.allocatable[name] ?? 0) - (template.requested[name] ?? 0);
        if (total <= 0 || room <= 0) continue;
        bound = Math.max(bound, Math.ceil(total / room));
    }
    return bound;
}

function singleNodeSnapshot(nodeInfo: NodeInfo, storage: StorageLister): Snapshot {
    return {
        nodeInfos: [nodeInfo],
        get: (name) => (name === nodeInfo.name ? nodeInfo : undefined),
        havePodsWithAffinity: () => [],
        havePodsWithRequiredAntiAffinity: () => [],
        namespaces: new Map(),
        storage,
        // A fresh snapshot per pod: the indexes built on it never need to catch up on changes.
        changeLog: { changed: [], layout: 0 },
    };
}

/** A pod's cycle context against one node, with PreFilter run; a PreFilter rejection comes back as the status. */
function prepare(plugins: readonly FilterPlugin[], podInfo: PodInfo, nodeInfo: NodeInfo, storage: StorageLister): { ctx: CycleContext; skipped: ReadonlySet<string>; rejection?: Status } {
    const ctx: CycleContext = { state: createCycleState(), pod: podInfo.pod, podInfo, snapshot: singleNodeSnapshot(nodeInfo, storage), featureGates: {} };
    const outcome = runPreFilterPlugins(plugins, ctx);
    return { ctx, skipped: outcome.skipped, rejection: outcome.status };
}

/** A pod ready to be tried on template nodes. */
interface Candidate {
    podInfo: PodInfo;
    name: string;
    fits(nodeInfo: NodeInfo): boolean;
}

/** Most (pod × node) filter runs the balanced refinement may spend per pool, over all the counts it tries. */
export const REFINEMENT_BUDGET = 5_000_000;

/**
 * First-fit decreasing, as cluster-autoscaler does it: the nodes opened, up to `max`, and the pods that found
 * no node within `max`.
 */
function firstFit(candidates: readonly Candidate[], max: number, openNode: (index: number) => NodeInfo): { nodes: number; overflow: Candidate[] } {
    const opened: NodeInfo[] = [];
    const overflow: Candidate[] = [];
    for (const candidate of candidates) {
        let target = opened.find((nodeInfo) => candidate.fits(nodeInfo));
        if (target === undefined) {
            if (opened.length >= max) {
                overflow.push(candidate);
                continue;
            }
            target = openNode(opened.length);
            opened.push(target);
        }
        addPodToNode(target, candidate.podInfo);
    }
    return { nodes: opened.length, overflow };
}

/** The largest share of cpu, memory or pod slots the node's pods take. */
function load(nodeInfo: NodeInfo): number {
    const { allocatable, requested } = nodeInfo;
    const cpu = allocatable.cpu ? (requested.cpu ?? 0) / allocatable.cpu : 0;
    const memory = allocatable.memory ? (requested.memory ?? 0) / allocatable.memory : 0;
    const pods = allocatable.pods ? nodeInfo.pods.length / allocatable.pods : 0;
    return Math.max(cpu, memory, pods);
}

/**
 * Whether the pods fit on exactly `count` nodes when each goes, in decreasing order, to the least-loaded node
 * that takes it (worst fit): big pods spread over the nodes and small ones fill the gaps, where first fit
 * crowds big pods onto the first nodes and strands pod slots or cpu on the last.
 */
function fitsBalanced(candidates: readonly Candidate[], count: number, openNode: (index: number) => NodeInfo): boolean {
    const nodes = Array.from({ length: count }, (_, i) => openNode(i));
    const loads = nodes.map(() => 0);
    for (const candidate of candidates) {
        let best = -1;
        for (let i = 0; i < count; i++) if ((best < 0 || loads[i] < loads[best]) && candidate.fits(nodes[i])) best = i;
        if (best < 0) return false;
        addPodToNode(nodes[best], candidate.podInfo);
        loads[best] = load(nodes[best]);
    }
    return true;
}

/**
 * Estimates the nodes `input.pool` needs for `input.pods`: cluster-autoscaler's first-fit decreasing, and, when
 * that lands above `max(1.05 × lowerBound, lowerBound + 1)`, the fewest nodes from the lower bound up on which
 * a balanced (worst-fit decreasing) packing fits every pod, within {@link REFINEMENT_BUDGET} filter runs. The
 * estimate is the smaller of the two, capped at `max`; pods beyond `max` are those first fit could not place.
 * @throws InvalidObjectError for a malformed pool or pod.
 */
export function estimatePoolNodes(input: PoolEstimateInput): PoolEstimate {
    const { pool, cluster } = input;
    const counts = poolNodeCounts(pool);
    const [templateNode] = buildPoolNodes(pool, cluster, { count: 1 });
    const daemonPods = (input.daemonSetPods ?? []).map(createPodInfo);
    const plugins = resolveFilterPlugins(input.storage === undefined ? ESTIMATOR_FILTER_PLUGINS : [...ESTIMATOR_FILTER_PLUGINS, NodeVolumeLimits]);
    // The claims and volumes as given; every node of the pool gets the pool's CSINode (under its own name).
    const storage = createStorageLister({ ...input.storage, csiNodes: [] });
    const [csiNode] = poolCsiNodes(pool, [templateNode]);
    const withCsiNode = (node: V1Node): V1Node => {
        if (input.storage !== undefined) storage.putCSINode({ ...csiNode, metadata: { ...csiNode.metadata, name: node.metadata!.name } });
        return node;
    };
    const template = createNodeInfo(withCsiNode(templateNode), daemonPods);
    const order = input.pods.map(createPodInfo).map((podInfo, i) => ({ podInfo, i, score: binpackingScore(podInfo.requests, template.allocatable) }));
    order.sort((a, b) => b.score - a.score || a.i - b.i);
    const openNode = (index: number): NodeInfo => createNodeInfo(withCsiNode({ ...templateNode, metadata: { ...templateNode.metadata, name: `${templateNode.metadata!.name}-estimate-${index}` } }), daemonPods);

    const unplaceable: string[] = [];
    const unplaceableReasons: Record<string, string> = {};
    const candidates: Candidate[] = [];
    for (const { podInfo } of order) {
        const name = podRef(podInfo.pod).slice("Pod/".length);
        const prepared = prepare(plugins, podInfo, template, storage);
        const onEmpty = prepared.rejection ?? runFilterPlugins(plugins, prepared.ctx, template, prepared.skipped);
        if (onEmpty !== undefined) {
            unplaceable.push(name);
            unplaceableReasons[name] = `does not fit an empty ${pool.name} node: ${onEmpty.reasons.join(", ")}`;
            continue;
        }
        candidates.push({ podInfo, name, fits: (nodeInfo) => runFilterPlugins(plugins, prepared.ctx, nodeInfo, prepared.skipped) === undefined });
    }
    const lowerBound = resourceLowerBound(
        candidates.map((c) => c.podInfo),
        template,
    );
    const unbounded = firstFit(candidates, Number.POSITIVE_INFINITY, openNode).nodes;
    let needed = unbounded;
    if (unbounded > Math.max(1.05 * lowerBound, lowerBound + 1)) {
        let spent = 0;
        for (let count = lowerBound; count < unbounded; count++) {
            spent += candidates.length * count;
            if (spent > REFINEMENT_BUDGET) break;
            if (fitsBalanced(candidates, count, openNode)) {
                needed = count;
                break;
            }
        }
    }
    if (needed > counts.max) {
        for (const candidate of firstFit(candidates, counts.max, openNode).overflow) {
            unplaceable.push(candidate.name);
            unplaceableReasons[candidate.name] = `pool ${pool.name} reached its maximum of ${counts.max} node(s)`;
        }
    }
    return {
        pool: pool.name,
        nodesNeeded: Math.min(needed, counts.max),
        firstFitNodes: Math.min(unbounded, counts.max),
        lowerBound,
        min: counts.min,
        max: counts.max,
        fitsWithinMax: unplaceable.length === 0,
        unplaceable,
        unplaceableReasons,
    };
}

/**
 * `simulate`: every workload's pods through the Filter plugins onto the nodes, one at a time, as
 * kube-scheduler would place them on an idle cluster, reporting where each lands or why it fits nowhere.
 *
 * Scheduling order (deterministic; kube-scheduler's PrioritySort orders by priority, then queue time):
 * 1. higher `spec.priority` first;
 * 2. at equal priority, DaemonSet pods first (they are created as soon as nodes exist);
 * 3. then the order of declaration in `workloads`, replicas in replica order (DaemonSet pods in node order).
 */
import { createSnapshot } from "../framework/snapshot";
import type { V1Namespace } from "../model/types";
import { daemonPods } from "./daemon-pods";
import { resolveSimulationPlugins } from "./plugins";
import { Scheduler, type QueuedPod } from "./scheduler";
import type { PodPlacement, SimulationInput, SimulationResult, WorkloadSummary } from "./types";
import { nodeUsage, poolUsage } from "./usage";
import { validateList, validateNode, validateObject, validatePod } from "../validate";
import { expandWorkloads } from "./workloads";

interface Entry extends QueuedPod {
    priority: number;
    daemon: boolean;
    declarationIndex: number;
    replica: number;
}

/**
 * Places every pod of `input.workloads` on `input.nodes`.
 * @throws InvalidObjectError naming `Kind/namespace/name` and the field for a malformed workload, node or pod;
 *   Error for an unknown plugin name.
 */
export function simulate(input: SimulationInput): SimulationResult {
    if (input === null || typeof input !== "object") validateList(input, "simulate: input", () => undefined);
    if (input.nodes === undefined) validateList(null, "simulate: nodes", validateNode);
    validateList(input.nodes, "simulate: nodes", validateNode);
    if (input.workloads === undefined) validateList(null, "simulate: workloads", validateObject);
    validateList(input.workloads, "simulate: workloads", (w) => validateObject(w));
    validateList(input.existingPods, "simulate: existingPods", validatePod);
    const plugins = resolveSimulationPlugins(input.plugins);
    const parsed = expandWorkloads(input.workloads, input.priorityClasses ?? []);
    const namespaces: V1Namespace[] = [...(input.namespaces ?? []), ...parsed.namespaces];
    const snapshot = createSnapshot({ nodes: input.nodes, existingPods: input.existingPods, namespaces });
    const entries: Entry[] = [];
    for (const source of parsed.sources) {
        const daemon = source.kind === "DaemonSet";
        if (daemon) source.pods = daemonPods(source, input.nodes);
        source.pods.forEach((pod, replica) => {
            // DaemonSet pods share a run unless spread constraints make PodTopologySpread depend on their node affinity.
            const ownRun = daemon && (pod.spec?.topologySpreadConstraints?.length ?? 0) > 0;
            entries.push({
                pod,
                source,
                runKey: ownRun ? `${source.declarationIndex}/${pod.metadata!.name}` : `${source.declarationIndex}`,
                perPodAffinity: daemon,
                priority: source.priority,
                daemon,
                declarationIndex: source.declarationIndex,
                replica,
            });
        });
    }
    entries.sort((a, b) => b.priority - a.priority || Number(b.daemon) - Number(a.daemon) || a.declarationIndex - b.declarationIndex || a.replica - b.replica);
    const scheduler = new Scheduler(snapshot, plugins);
    const summaries = new Map<string, WorkloadSummary>(parsed.sources.map((s) => [s.ref, { workload: s.ref, placed: 0, total: s.pods.length }]));
    let unschedulable = 0;
    const pods: PodPlacement[] = entries.map((entry) => {
        const outcome = scheduler.schedule(entry);
        const placement: PodPlacement = { pod: `${entry.source.namespace}/${entry.pod.metadata!.name}`, workload: entry.source.ref };
        if (outcome.node !== undefined) {
            placement.node = outcome.node;
            summaries.get(entry.source.ref)!.placed++;
        } else {
            unschedulable++;
            placement.message = outcome.message;
            placement.detail = outcome.detail;
        }
        return placement;
    });
    const result: SimulationResult = {
        pods,
        nodes: snapshot.nodeInfos.map(nodeUsage),
        pools: poolUsage(snapshot.nodeInfos),
        workloads: [...summaries.values()],
        unschedulable,
    };
    if (input.keepPods === true) {
        result.podObjects = new Map();
        for (const source of parsed.sources) for (const pod of source.pods) result.podObjects.set(`${source.namespace}/${pod.metadata!.name}`, pod);
    }
    return result;
}

/**
 * `simulate`: every workload's pods through kube-scheduler's Filter, Score and PostFilter (preemption) onto the
 * nodes, one at a time, as kube-scheduler would place them, reporting where each lands or why it fits nowhere.
 *
 * Scheduling order (deterministic; kube-scheduler's PrioritySort orders by priority, then queue time):
 * 1. higher `spec.priority` first;
 * 2. at equal priority, DaemonSet pods first (they are created as soon as nodes exist);
 * 3. then the order of declaration in `workloads`, replicas in replica order (DaemonSet pods in node order).
 * A pod evicted by preemption is created again by its controller and queued at its priority, after the pods of
 * that priority still waiting; an evicted existing pod without a controller is gone. A StatefulSet with
 * `podManagementPolicy: OrderedReady` creates a replica only once the previous one runs: after a replica that fits
 * nowhere, the later ones are not created (unless `replicasExist`: then each lost replica is created again alone).
 */
import { createSpreadingOwners } from "../framework/owners";
import { createSnapshot } from "../framework/snapshot";
import type { V1Namespace, V1Pod } from "../model/types";
import { daemonPods } from "./daemon-pods";
import { resolveSimulationPlugins } from "./plugins";
import { Scheduler, type Eviction, type QueuedPod } from "./scheduler";
import { csiNodeTopology, ephemeralClaims, settleStorage, storageSnapshot } from "./storage";
import type { PodPlacement, Preemption, SimulationInput, SimulationResult, WorkloadSummary } from "./types";
import { nodeUsage, poolUsage } from "./usage";
import { validateList, validateNode, validateObject, validatePod } from "../validate";
import { expandWorkloads, type PodSource } from "./workloads";

interface Entry extends QueuedPod {
    priority: number;
    daemon: boolean;
    declarationIndex: number;
    replica: number;
    /** For an evicted existing pod queued again: the placement already reported for it. */
    placement?: PodPlacement;
}

const compareEntries = (a: Entry, b: Entry): number =>
    b.priority - a.priority || Number(b.daemon) - Number(a.daemon) || a.declarationIndex - b.declarationIndex || a.replica - b.replica;

const podKey = (pod: V1Pod): string => `${pod.metadata?.namespace || "default"}/${pod.metadata?.name ?? ""}`;

/** Inserts `entry` among the entries after `position`, keeping them sorted (after equal ones). */
function requeue(entries: Entry[], position: number, entry: Entry): void {
    let at = entries.length;
    for (let i = position + 1; i < entries.length; i++) {
        if (compareEntries(entry, entries[i]) < 0) {
            at = i;
            break;
        }
    }
    entries.splice(at, 0, entry);
}

/** The `Kind/namespace/name` an existing pod is reported under: its controller, else the pod. */
function existingWorkload(pod: V1Pod): { ref: string; controlled: boolean } {
    const owner = (pod.metadata?.ownerReferences ?? []).find((o) => o.controller === true);
    const namespace = pod.metadata?.namespace || "default";
    return owner === undefined ? { ref: `Pod/${namespace}/${pod.metadata?.name ?? ""}`, controlled: false } : { ref: `${owner.kind}/${namespace}/${owner.name}`, controlled: true };
}

/**
 * Places every pod of `input.workloads` on `input.nodes`.
 * @throws InvalidObjectError naming `Kind/namespace/name` and the field for a malformed workload, node, pod or
 *   storage object; Error for an unknown plugin name or an invalid `tieBreakSeed`.
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
    const entries: Entry[] = [];
    for (const source of parsed.sources) {
        const daemon = source.kind === "DaemonSet";
        if (daemon) source.pods = daemonPods(source, input.nodes);
        source.pods.forEach((pod, replica) => {
            // DaemonSet pods share a run unless spread constraints make PodTopologySpread depend on their node affinity.
            // A StatefulSet's replicas differ in their identity labels (pod-name, pod-index), which a selector may
            // name (a per-pod Service, an anti-affinity term): each has a run of its own.
            const ownRun = (daemon && (pod.spec?.topologySpreadConstraints?.length ?? 0) > 0) || source.kind === "StatefulSet";
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
    const created = [...parsed.sources.flatMap((s) => s.claims ?? []), ...[...(input.existingPods ?? []), ...entries.map((e) => e.pod)].flatMap(ephemeralClaims)];
    const storage = settleStorage(input.storage, parsed.storage, created);
    const snapshot = createSnapshot({ nodes: input.nodes, existingPods: input.existingPods, namespaces, storage });
    entries.sort(compareEntries);
    const scheduler = new Scheduler(snapshot, plugins, {
        owners: createSpreadingOwners({ services: parsed.services, replicaSets: parsed.replicaSets, statefulSets: parsed.statefulSets }),
        volumeTopology: input.provisionedVolumeTopology ?? csiNodeTopology(storage),
        disruptionBudgets: parsed.disruptionBudgets,
        tieBreakSeed: input.tieBreakSeed,
    });
    const summaries = new Map<string, WorkloadSummary>(parsed.sources.map((s) => [s.ref, { workload: s.ref, placed: 0, total: s.pods.length }]));
    const pods: PodPlacement[] = [];
    const preemptions: Preemption[] = [];
    /** OrderedReady StatefulSets with a replica that fits nowhere: the replica's name. */
    const blocked = new Map<string, string>();
    /** Evicted existing pods that no controller creates again. */
    const gone = new Set<string>();
    // Only existing pods can be victims: the queue is in non-increasing priority (a pod queued again has less than
    // the pod that evicted it), so no pod placed in this run has less priority than a later one.
    const existing = new Set<V1Pod>(input.existingPods ?? []);
    const evict = (victim: Eviction, by: string, position: number): void => {
        const pod = victim.podInfo.pod;
        if (!existing.has(pod)) throw new Error(`${podKey(pod)} was placed in this simulation and then chosen as a preemption victim of ${by}; the queue order should make that impossible`);
        const { ref, controlled } = existingWorkload(pod);
        const placement: PodPlacement = { pod: podKey(pod), workload: ref, preemptedBy: by, preemptedFrom: victim.node };
        pods.push(placement);
        if (!controlled) {
            placement.message = "evicted by preemption; a pod without a controller is not created again";
            gone.add(placement.pod);
            return;
        }
        const spec = { ...pod.spec! };
        delete spec.nodeName;
        const again: V1Pod = { ...pod, spec };
        const source: PodSource = { kind: "Pod", namespace: pod.metadata?.namespace || "default", name: pod.metadata?.name ?? "", ref, declarationIndex: Number.MAX_SAFE_INTEGER, templatePrefix: "", priority: pod.spec?.priority ?? 0, pods: [again] };
        requeue(entries, position, { pod: again, source, runKey: `evicted/${placement.pod}`, priority: source.priority, daemon: false, declarationIndex: source.declarationIndex, replica: 0, placement });
    };
    for (let position = 0; position < entries.length; position++) {
        const entry = entries[position];
        const key = podKey(entry.pod);
        let placement = entry.placement;
        if (placement === undefined) {
            placement = { pod: key, workload: entry.source.ref };
            pods.push(placement);
        }
        const ordered = entry.source.orderedReady === true && input.replicasExist !== true;
        const waitingFor = ordered ? blocked.get(entry.source.ref) : undefined;
        if (waitingFor !== undefined) {
            placement.message = `not created: ${entry.source.ref} creates its pods one at a time (podManagementPolicy OrderedReady) and ${waitingFor} is Pending`;
            continue;
        }
        const outcome = scheduler.schedule(entry);
        if (outcome.node !== undefined) {
            placement.node = outcome.node;
            const summary = summaries.get(entry.source.ref);
            if (summary !== undefined) summary.placed++;
            const victims = outcome.victims ?? [];
            if (victims.length > 0) {
                placement.preempted = victims.map((v) => podKey(v.podInfo.pod));
                preemptions.push({ pod: key, node: outcome.node, victims: placement.preempted });
                for (const victim of victims) evict(victim, key, position);
            }
        } else {
            placement.message = outcome.message;
            if (outcome.detail !== undefined) placement.detail = outcome.detail;
            if (outcome.preemptionMessage !== undefined) placement.preemptionMessage = outcome.preemptionMessage;
            if (ordered) blocked.set(entry.source.ref, entry.pod.metadata!.name!);
        }
    }
    const result: SimulationResult = {
        pods,
        nodes: snapshot.nodeInfos.map(nodeUsage),
        pools: poolUsage(snapshot.nodeInfos),
        workloads: [...summaries.values()],
        unschedulable: pods.filter((p) => p.node === undefined && !gone.has(p.pod)).length,
        preemptions,
        storage: storageSnapshot(storage),
    };
    if (input.keepPods === true) {
        result.podObjects = new Map();
        for (const source of parsed.sources) for (const pod of source.pods) result.podObjects.set(`${source.namespace}/${pod.metadata!.name}`, pod);
    }
    return result;
}

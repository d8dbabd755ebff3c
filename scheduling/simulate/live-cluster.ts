/**
 * A cluster that changes between pods, for scenarios that replay operations one step at a time (an upgrade
 * drain: nodes added, cordoned and removed, pods evicted and placed again). It keeps one snapshot and one
 * scheduler for the whole replay, so each step costs what it changes, not the size of the cluster; `simulate`
 * on the same nodes and pods gives the same placement as {@link LiveCluster.place} (each placement searches
 * from the first node, as a fresh `simulate` does). A pod that fits only by preempting others does (DefaultPreemption,
 * as in `simulate`): its victims are unbound and returned, for the caller to create again and place.
 */
import type { PodInfo } from "../framework/interfaces";
import { createSpreadingOwners } from "../framework/owners";
import { createSnapshot } from "../framework/snapshot";
import type { StorageInput, StorageLister } from "../framework/storage";
import type { V1CSINode, V1Namespace, V1Node, V1Pod, V1PriorityClass } from "../model/types";
import { validateList, validateNode, validatePod } from "../validate";
import { resolveSimulationPlugins } from "./plugins";
import { Scheduler } from "./scheduler";
import { csiNodeTopology, settleStorage, storageSnapshot, type ProvisionedVolumeTopology } from "./storage";
import type { PodPlacement, SimulationStorage } from "./types";
import { indexPriorityClasses, resolvePriority, type PriorityClasses } from "./priority";
import { expandWorkloads, type PodSource } from "./workloads";

/** What a {@link LiveCluster} starts from. */
export interface LiveClusterInput {
    /** The nodes, in order; names must be unique. */
    nodes: readonly V1Node[];
    /** Pods already bound to the nodes (`spec.nodeName`). Defaults to none. */
    existingPods?: readonly V1Pod[];
    /** PriorityClasses the pods' `priorityClassName` resolve against (the built-in ones always count). Defaults to none. */
    priorityClasses?: readonly V1PriorityClass[];
    /** Namespaces, for pod affinity `namespaceSelector`. Defaults to none. */
    namespaces?: readonly V1Namespace[];
    /** Filter plugin names, as `simulate` takes them. Defaults to every default plugin. */
    plugins?: string[];
    /**
     * The objects the pods come from, for what kube-scheduler reads besides pods and nodes: Services, ReplicaSets and
     * StatefulSets (a Deployment stands for its ReplicaSet) for PodTopologySpread's default constraints,
     * PodDisruptionBudgets for preemption's choice of victims, storage objects and the StatefulSets' claims. Their
     * pods are not placed. Defaults to none.
     */
    workloads?: readonly object[];
    /**
     * Claims, volumes, classes and CSINodes, as `simulate` takes them (a run's `SimulationResult.storage`, with the
     * nodes' CSINodes, keeps its claims where it bound them). Defaults to none.
     */
    storage?: StorageInput;
    /** Where provisioned volumes are made for a node, as `simulate` takes it. */
    provisionedVolumeTopology?: ProvisionedVolumeTopology;
}

/** A pod bound in a {@link LiveCluster}: what {@link LiveCluster.unbind} needs. */
export interface BoundPod {
    readonly pod: V1Pod;
    readonly node: string;
    /** @internal The scheduler's view of the pod. */
    readonly info: PodInfo;
}

/** The outcome of {@link LiveCluster.place}: `simulate`'s placement of the pod, and its binding when it fits. */
export interface LivePlacement extends PodPlacement {
    bound?: BoundPod;
    /** The pods it preempted (already unbound), when it fits only by preempting them. */
    victims?: BoundPod[];
}

/** One snapshot and one scheduler, changed step by step. */
export class LiveCluster {
    private readonly scheduler: Scheduler;
    private readonly storageLister: StorageLister;
    private readonly priorityClasses: readonly V1PriorityClass[];
    private readonly classes: PriorityClasses;
    private placements = 0;

    /**
     * @throws InvalidObjectError naming the object and field for a malformed node or pod, a duplicate node name,
     *   or a pod bound to an unknown node; Error for an unknown plugin name.
     */
    constructor(input: LiveClusterInput) {
        validateList(input.nodes, "LiveCluster: nodes", validateNode);
        validateList(input.existingPods, "LiveCluster: existingPods", validatePod);
        const plugins = resolveSimulationPlugins(input.plugins);
        this.priorityClasses = input.priorityClasses ?? [];
        this.classes = indexPriorityClasses(this.priorityClasses);
        const parsed = expandWorkloads(input.workloads ?? [], this.priorityClasses);
        this.storageLister = settleStorage(input.storage, parsed.storage, parsed.sources.flatMap((s) => s.claims ?? []));
        const snapshot = createSnapshot({ nodes: input.nodes, existingPods: input.existingPods, namespaces: [...(input.namespaces ?? []), ...parsed.namespaces], storage: this.storageLister });
        this.scheduler = new Scheduler(snapshot, plugins, {
            owners: createSpreadingOwners({ services: parsed.services, replicaSets: parsed.replicaSets, statefulSets: parsed.statefulSets }),
            volumeTopology: input.provisionedVolumeTopology ?? csiNodeTopology(this.storageLister),
            disruptionBudgets: parsed.disruptionBudgets,
        });
    }

    /** The claims, volumes and classes as bound so far. */
    storage(): SimulationStorage {
        return storageSnapshot(this.storageLister);
    }

    /** The nodes in the cluster now, in the order they joined. */
    nodes(): V1Node[] {
        return this.scheduler.nodes().map((n) => n.node);
    }

    /**
     * Adds a node after the others, with its CSINode if it has one (its CSI drivers' attach limits and topology keys).
     * @throws InvalidObjectError for a malformed node or a duplicate name.
     */
    addNode(node: V1Node, csiNode?: V1CSINode): void {
        validateNode(node);
        this.scheduler.addNode(node);
        if (csiNode !== undefined) this.storageLister.putCSINode(csiNode);
    }

    /** Removes a node and every pod bound to it. */
    removeNode(name: string): void {
        this.scheduler.removeNode(name);
    }

    /** Cordons or uncordons a node (`spec.unschedulable`). */
    setUnschedulable(name: string, unschedulable: boolean): void {
        this.scheduler.setUnschedulable(name, unschedulable);
    }

    /** Binds a pod to the node its `spec.nodeName` names, without scheduling it (a DaemonSet pod). */
    bind(pod: V1Pod): BoundPod {
        validatePod(pod);
        return { pod, node: pod.spec!.nodeName!, info: this.scheduler.bind(pod) };
    }

    /** Unbinds a pod (an eviction). */
    unbind(bound: BoundPod): void {
        this.scheduler.unbind(bound.info, bound.node);
    }

    /**
     * Schedules one pod (without `spec.nodeName`) on the cluster as it is now and binds it where it lands.
     * @throws InvalidObjectError naming the pod and field for a malformed pod.
     */
    place(pod: V1Pod): LivePlacement {
        validatePod(pod);
        const source = this.sourceOf(pod);
        const queued = source.pods[0];
        this.scheduler.resetSearchStart();
        const outcome = this.scheduler.schedule({ pod: queued, source, runKey: `live/${this.placements++}` });
        const placement: LivePlacement = { pod: `${source.namespace}/${queued.metadata!.name}`, workload: source.ref };
        if (outcome.node !== undefined && outcome.podInfo !== undefined) {
            placement.node = outcome.node;
            placement.bound = { pod: outcome.podInfo.pod, node: outcome.node, info: outcome.podInfo };
            if (outcome.victims !== undefined && outcome.victims.length > 0) {
                placement.victims = outcome.victims.map((v) => ({ pod: v.podInfo.pod, node: v.node, info: v.podInfo }));
                placement.preempted = placement.victims.map((v) => `${v.pod.metadata?.namespace || "default"}/${v.pod.metadata?.name ?? ""}`);
            }
        } else {
            placement.message = outcome.message;
            placement.detail = outcome.detail;
            if (outcome.preemptionMessage !== undefined) placement.preemptionMessage = outcome.preemptionMessage;
        }
        return placement;
    }

    /**
     * The pod as `simulate` takes it. A pod a simulation made (an evicted replica placed again) already carries
     * its namespace and resolved `spec.priority`, so it is taken as it is rather than expanded (and copied) again.
     */
    private sourceOf(pod: V1Pod): PodSource {
        const meta = pod.metadata;
        const spec = pod.spec;
        if (spec !== undefined && typeof meta?.name === "string" && typeof meta.namespace === "string" && meta.namespace !== "" && typeof spec.priority === "number") {
            const ref = `Pod/${meta.namespace}/${meta.name}`;
            if (resolvePriority(spec, this.classes, ref, "spec") === spec.priority) {
                return { kind: "Pod", namespace: meta.namespace, name: meta.name, ref, declarationIndex: 0, templatePrefix: "", priority: spec.priority, pods: [pod] };
            }
        }
        return expandWorkloads([pod], this.priorityClasses).sources[0];
    }
}

/**
 * A cluster that changes between pods, for scenarios that replay operations one step at a time (an upgrade
 * drain: nodes added, cordoned and removed, pods evicted and placed again). It keeps one snapshot and one
 * scheduler for the whole replay, so each step costs what it changes, not the size of the cluster; `simulate`
 * on the same nodes and pods gives the same placement as {@link LiveCluster.place} (each placement searches
 * from the first node, as a fresh `simulate` does).
 */
import type { PodInfo } from "../framework/interfaces";
import { createSnapshot } from "../framework/snapshot";
import type { V1Namespace, V1Node, V1Pod, V1PriorityClass } from "../model/types";
import { validateList, validateNode, validatePod } from "../validate";
import { resolveSimulationPlugins } from "./plugins";
import { Scheduler } from "./scheduler";
import type { PodPlacement } from "./types";
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
}

/** One snapshot and one scheduler, changed step by step. */
export class LiveCluster {
    private readonly scheduler: Scheduler;
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
        const snapshot = createSnapshot({ nodes: input.nodes, existingPods: input.existingPods, namespaces: input.namespaces });
        this.scheduler = new Scheduler(snapshot, resolveSimulationPlugins(input.plugins));
        this.priorityClasses = input.priorityClasses ?? [];
        this.classes = indexPriorityClasses(this.priorityClasses);
    }

    /** The nodes in the cluster now, in the order they joined. */
    nodes(): V1Node[] {
        return this.scheduler.nodes().map((n) => n.node);
    }

    /** Adds a node after the others. @throws InvalidObjectError for a malformed node or a duplicate name. */
    addNode(node: V1Node): void {
        validateNode(node);
        this.scheduler.addNode(node);
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
        } else {
            placement.message = outcome.message;
            placement.detail = outcome.detail;
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

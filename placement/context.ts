/**
 * What every scenario shares: the model's objects sorted by role (pod-producing workloads, disruption budgets,
 * autoscalers), replica counts at a demand level, the nodes of a set of pool sizes, and one placement run
 * (AKS's kube-system workloads first, then the model's objects) with `simulate`.
 */
import {
    aksProvisionedVolumeTopology,
    builtInStorageClasses,
    buildPoolNodes,
    kubeSystemWorkloads,
    poolCsiNodes,
    poolNodeCounts,
    simulate,
    type NodeModelCluster,
    type NodePoolSpec,
    type SimulationResult,
    type SimulationStorage,
    type StorageInput,
    type V1Node,
    type V1Pod,
    type V1PodDisruptionBudget,
} from "../scheduling";
import { InvalidObjectError } from "../scheduling/model/errors";
import { validateObject } from "../scheduling/validate";
import type { PlatformModel } from "./types";

/** The kinds whose objects make pods. See https://kubernetes.io/docs/concepts/workloads/ */
export const POD_MAKING_KINDS: readonly string[] = ["Pod", "Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "Job", "CronJob"];
/** Storage kinds `simulate` reads (see {@link runPlacement}). */
const STORAGE_KINDS: readonly string[] = ["StorageClass", "PersistentVolumeClaim", "PersistentVolume", "CSINode"];
/** Whether an object is a StorageClass, claim, volume or CSINode (see {@link placementStorage}). */
export function isStorageObject(o: object): boolean {
    return STORAGE_KINDS.includes((o as Obj).kind ?? "");
}
/** Context kinds `simulate` reads: budgets, priorities, namespaces, Services (for the default spreading) and storage. */
const CONTEXT_KINDS: readonly string[] = ["PodDisruptionBudget", "PriorityClass", "Namespace", "Service", ...STORAGE_KINDS];
/** Kinds whose `spec.replicas` an autoscaler may drive (`scaleTargetRef.kind`). */
const SCALABLE_KINDS: readonly string[] = ["Deployment", "StatefulSet", "ReplicaSet"];

type Obj = Record<string, unknown> & { kind?: string; metadata?: { name?: string; namespace?: string }; spec?: Record<string, unknown> };

/** An autoscaler's bounds for one workload. See https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/ */
export interface ReplicaBounds {
    /** `spec.minReplicas`, default 1. */
    min: number;
    /** `spec.maxReplicas`. */
    max: number;
}

/** How many replicas the scenario asks of autoscaled workloads. */
export type Demand = "declared" | "peak";

/** The model, sorted for the scenarios. */
export interface PlacementContext {
    model: PlatformModel;
    /** The cluster facts with its name (hostnames are seeded by it). */
    cluster: NodeModelCluster;
    /** Every object `simulate` takes (no autoscalers), in declaration order. */
    objects: Obj[];
    /** `Kind/namespace/name` of the model's pod-making workloads, in declaration order. */
    workloadRefs: string[];
    /** Autoscaler bounds by target `Kind/namespace/name`. */
    autoscaled: Map<string, ReplicaBounds>;
    disruptionBudgets: V1PodDisruptionBudget[];
    /** Placement runs more than one scenario starts from, by pool sizes and demand (see {@link runAtPoolSizes}). */
    runs: Map<string, PlacementRun>;
    /** Each pool's DaemonSet pods per node, by pool and DaemonSets (see `report.ts`). */
    footprints: Map<string, V1Pod[]>;
    /** Each pool's nodes, built once (see {@link buildNodes}). */
    nodes: Map<string, V1Node[]>;
}

function refOf(obj: Obj): string {
    const namespace = obj.metadata?.namespace === undefined || obj.metadata.namespace === "" ? "default" : obj.metadata.namespace;
    return `${obj.kind}/${namespace}/${obj.metadata?.name ?? "<unnamed>"}`;
}

function readCount(value: unknown, where: string, field: string, fallback?: number): number {
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
        throw new InvalidObjectError(where, field, `expected a whole number ≥ 0, got ${JSON.stringify(value)}`);
    }
    return value;
}

/**
 * Sorts the model's objects: autoscalers become replica bounds of their targets (an autoscaler whose target is
 * not in the model is an error naming it); unsupported kinds are dropped as `simulate` would reject them.
 *
 * @throws InvalidObjectError naming the autoscaler and field.
 */
export function placementContext(model: PlatformModel): PlacementContext {
    const objects: Obj[] = [];
    const autoscalers: Obj[] = [];
    for (const object of model.objects as Obj[]) {
        if (object.kind === "HorizontalPodAutoscaler") autoscalers.push(object);
        else if (POD_MAKING_KINDS.includes(object.kind ?? "") || CONTEXT_KINDS.includes(object.kind ?? "")) objects.push(object);
    }
    const refs = new Set(objects.filter((o) => POD_MAKING_KINDS.includes(o.kind!)).map(refOf));
    const autoscaled = new Map<string, ReplicaBounds>();
    for (const hpa of autoscalers) {
        // A target without a kind or name is refused as the API server refuses it, naming the field.
        validateObject(hpa);
        const where = refOf(hpa);
        const target = (hpa.spec?.scaleTargetRef ?? {}) as { kind?: string; name?: string };
        const targetRef = `${target.kind}/${hpa.metadata?.namespace ?? "default"}/${target.name}`;
        if (!SCALABLE_KINDS.includes(target.kind ?? "") || !refs.has(targetRef)) {
            throw new InvalidObjectError(where, "spec.scaleTargetRef", `${targetRef} is not a Deployment, StatefulSet or ReplicaSet of this cluster's objects`);
        }
        const min = readCount(hpa.spec?.minReplicas, where, "spec.minReplicas", 1);
        const max = readCount(hpa.spec?.maxReplicas, where, "spec.maxReplicas");
        if (min > max) throw new InvalidObjectError(where, "spec.minReplicas", `${min} is greater than spec.maxReplicas ${max}`);
        autoscaled.set(targetRef, { min, max });
    }
    return {
        model,
        cluster: { ...model.cluster, name: model.clusterName },
        objects,
        workloadRefs: [...refs],
        autoscaled,
        disruptionBudgets: objects.filter((o) => o.kind === "PodDisruptionBudget") as V1PodDisruptionBudget[],
        runs: new Map(),
        footprints: new Map(),
        nodes: new Map(),
    };
}

/**
 * The objects with autoscaled workloads at a demand: `declared` keeps `spec.replicas` (raised to the autoscaler's
 * minimum), `peak` sets the autoscaler's maximum.
 */
export function objectsAt(context: PlacementContext, demand: Demand): object[] {
    return context.objects.map((object) => {
        const bounds = context.autoscaled.get(refOf(object));
        if (bounds === undefined) return object;
        const declared = typeof object.spec?.replicas === "number" ? object.spec.replicas : 1;
        const replicas = demand === "peak" ? bounds.max : Math.max(declared, bounds.min);
        return { ...object, spec: { ...object.spec, replicas } };
    });
}

/** Node counts per pool name. */
export type PoolSizes = Record<string, number>;

/** Every pool at its minimum or maximum (autoscaler bounds, or the fixed count). */
export function poolSizes(context: PlacementContext, at: "min" | "max"): PoolSizes {
    return Object.fromEntries(context.model.pools.map((pool) => [pool.name, poolNodeCounts(pool)[at]]));
}

/** The nodes of every pool at the given sizes, in pool order. */
export function buildNodes(context: PlacementContext, sizes: PoolSizes): V1Node[] {
    return context.model.pools.flatMap((pool) => {
        const count = sizes[pool.name] ?? 0;
        // Node i of a pool is the same object whatever the pool's size (VMSS instance i): built once per context at
        // the largest size asked for, shared by every run (the engine never changes a node it is given).
        let built = context.nodes.get(pool.name);
        if (built === undefined || built.length < count) {
            built = buildPoolNodes(pool, context.cluster, { count: Math.max(count, poolNodeCounts(pool).max) });
            context.nodes.set(pool.name, built);
        }
        return built.slice(0, count);
    });
}

/** The pool a node belongs to (its `kubernetes.azure.com/agentpool` label). */
export function poolOfNode(node: V1Node): string {
    return node.metadata?.labels?.["kubernetes.azure.com/agentpool"] ?? "";
}

/** The zone a node is in (`topology.kubernetes.io/zone`), "" for regional nodes. */
export function zoneOfNode(node: V1Node): string {
    return node.metadata?.labels?.["topology.kubernetes.io/zone"] ?? "";
}

/** The workloads AKS runs in kube-system, for a cluster of `nodeCount` nodes, DaemonSets first. */
export function systemObjects(context: PlacementContext, nodeCount: number): object[] {
    const system = kubeSystemWorkloads(context.model.cluster, { nodeCount });
    return [...system.daemonSets, ...system.deployments];
}

/** One placement run: its nodes, what it placed, and the pods it made (by `namespace/name`). */
export interface PlacementRun {
    nodes: V1Node[];
    workloads: object[];
    result: SimulationResult;
    /** Every pod the run made, by `namespace/name` (DaemonSet pods for these nodes included). */
    pods: Map<string, V1Pod>;
}

/**
 * The storage a run starts from on `nodes`: AKS's built-in classes (a class the objects declare under the same name
 * replaces it) and every node's CSINode (Azure Disk attach limit and zone key), or, for a run that follows another
 * (`pinned`), that run's classes, claims and volumes as bound, so claims stay where they were provisioned.
 */
export function placementStorage(model: PlatformModel, nodes: readonly V1Node[], objects: readonly object[], pinned?: SimulationStorage): StorageInput {
    const declared = new Set((objects as Obj[]).filter((o) => STORAGE_KINDS.includes(o.kind ?? "")).map((o) => `${o.kind}/${o.metadata?.name ?? ""}`));
    const csiNodes = model.pools.flatMap((pool) => poolCsiNodes(pool, nodes.filter((n) => poolOfNode(n) === pool.name))).filter((c) => !declared.has(`CSINode/${c.metadata!.name}`));
    if (pinned !== undefined) return { ...pinned, csiNodes };
    const storageClasses = builtInStorageClasses(model.cluster, model.pools).filter((c) => !declared.has(`StorageClass/${c.metadata!.name}`));
    return { storageClasses, csiNodes };
}

/**
 * Places AKS's kube-system workloads, then `objects`, on `nodes` with `simulate`; Azure Disks provisioned where
 * their pod lands (`aksProvisionedVolumeTopology`).
 * @param pinned - The storage of an earlier run this one follows (its claims stay bound where they are); the
 *   objects' own storage objects are then that run's and are not given again.
 */
export function runPlacement(context: PlacementContext, nodes: V1Node[], objects: object[], pinned?: SimulationStorage): PlacementRun {
    const own = pinned === undefined ? objects : (objects as Obj[]).filter((o) => !STORAGE_KINDS.includes(o.kind ?? "") || o.kind === "CSINode");
    const workloads = [...systemObjects(context, nodes.length), ...own];
    // A run that follows another stands for the same cluster after losing nodes: its pods existed already.
    const result = simulate({ nodes, workloads, storage: placementStorage(context.model, nodes, own, pinned), provisionedVolumeTopology: aksProvisionedVolumeTopology, replicasExist: pinned !== undefined, keepPods: true });
    return { nodes, workloads, result, pods: result.podObjects! };
}

/**
 * The placement run with every pool at its minimum or maximum and the workloads at a demand, made once per
 * context: several scenarios start from the same one (upgrade-drain's probe and spot-eviction's baseline are both
 * the pools at their maximum with the declared replicas).
 */
export function runAtPoolSizes(context: PlacementContext, at: "min" | "max", demand: Demand): PlacementRun {
    const key = `${at}/${demand}`;
    let run = context.runs.get(key);
    if (run === undefined) {
        run = runPlacement(context, buildNodes(context, poolSizes(context, at)), objectsAt(context, demand));
        context.runs.set(key, run);
    }
    return run;
}

/** Whether a pool is a spot pool. */
export function isSpot(pool: NodePoolSpec): boolean {
    return pool.spot !== undefined;
}

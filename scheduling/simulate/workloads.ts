/**
 * Workload objects → the pods their controllers would create, before any node is looked at (DaemonSet pods
 * depend on the nodes and are made in `daemon-pods.ts`). What each controller does, and what we do:
 * - Pod: taken as is (namespace defaulted to `default`).
 * - Deployment: one ReplicaSet `<name>-<pod-template-hash>`, pods `<name>-<hash>-<suffix>` with the
 *   `pod-template-hash` label (`pkg/controller/deployment/sync.go`); `spec.replicas` defaults to 1.
 * - ReplicaSet: pods `<name>-<suffix>` (`pkg/controller/replicaset`); `spec.replicas` defaults to 1.
 * - StatefulSet: pods `<name>-0` … `<name>-(n-1)` with the labels `statefulset.kubernetes.io/pod-name`,
 *   `apps.kubernetes.io/pod-index` and `controller-revision-hash`, and per `volumeClaimTemplates` entry a claim
 *   `<template>-<name>-<ordinal>` (labels: the template's and the selector's `matchLabels`) mounted as the pod
 *   volume of the template's name (`pkg/controller/statefulset/stateful_set_utils.go`, v1.35);
 *   `podManagementPolicy` (`OrderedReady` by default, or `Parallel`) is kept on the source.
 * - Job: `min(parallelism, completions)` pods `<name>-<suffix>` at once (`pkg/controller/job`), parallelism
 *   defaulting to 1 and completions to parallelism; labels `batch.kubernetes.io/job-name` and `job-name`.
 * - CronJob: one run of its `jobTemplate`, as the Job `<name>-<n>` (the controller's `n` is the scheduled
 *   time in minutes; we derive a fixed 8-digit number from the name, having no clock).
 * Suffixes are deterministic (see `pod-names.ts`). Indexed Jobs' `batch.kubernetes.io/job-completion-index` is
 * not added. Every pod gets an owner reference and its resolved `spec.priority`. The controllers' objects the
 * default topology spreading reads are made too: the Deployment's ReplicaSet (its selector plus
 * `pod-template-hash`, as `pkg/controller/deployment/sync.go` makes it) and the StatefulSets.
 * Malformed objects raise `InvalidObjectError` naming `Kind/namespace/name` and the field.
 */
import { InvalidObjectError, objectRef } from "../model/errors";
import { labelSelectorMatches } from "../model/label-selector";
import { compileRequiredNodeAffinity } from "../model/node-selector";
import { computePodRequests } from "../model/pod-requests";
import type {
    V1CSINode,
    V1LabelSelector,
    V1Namespace,
    V1PersistentVolume,
    V1PersistentVolumeClaim,
    V1Pod,
    V1PodDisruptionBudget,
    V1PodSpec,
    V1PriorityClass,
    V1ReplicaSet,
    V1Service,
    V1StatefulSet,
    V1StorageClass,
    V1Volume,
} from "../model/types";
import { buildSpreadConstraints } from "../plugins/pod-topology-spread";
import { getPodAffinityTerms } from "../plugins/inter-pod-affinity";
import { fnv32a, podSuffixes, templateHash } from "./pod-names";
import { indexPriorityClasses, resolvePriority, type PriorityClasses } from "./priority";

/** Kinds that make pods. */
export const POD_WORKLOAD_KINDS = ["Pod", "Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "Job", "CronJob"] as const;
/** A kind that makes pods. */
export type PodWorkloadKind = (typeof POD_WORKLOAD_KINDS)[number];
/** Kinds read as context, not pods. */
export const CONTEXT_KINDS = ["PodDisruptionBudget", "PriorityClass", "Namespace", "Service", "StorageClass", "PersistentVolumeClaim", "PersistentVolume", "CSINode"] as const;
/** Context kinds that are not namespaced. */
const CLUSTER_SCOPED_KINDS: readonly string[] = ["PriorityClass", "Namespace", "StorageClass", "PersistentVolume", "CSINode"];

/** The labels the StatefulSet controller puts on each pod (`apps/v1` `StatefulSetPodNameLabel`, `PodIndexLabel`, `ControllerRevisionHashLabelKey`). */
export const STATEFULSET_POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
export const CONTROLLER_REVISION_HASH_LABEL = "controller-revision-hash";

/** The label the Deployment controller puts on its ReplicaSets' pods. */
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";
/** The labels the Job controller puts on its pods. */
export const JOB_NAME_LABELS = ["batch.kubernetes.io/job-name", "job-name"] as const;

/** The pods of one workload (or, for a DaemonSet, the template its per-node pods are made from). */
export interface PodSource {
    kind: PodWorkloadKind;
    namespace: string;
    name: string;
    /** `Kind/namespace/name`. */
    ref: string;
    /** Position in the input list. */
    declarationIndex: number;
    /** The pod fields' prefix inside the workload: `""` for a Pod, `spec.template.` for controllers. */
    templatePrefix: string;
    /** The resolved priority of every pod of the workload. */
    priority: number;
    /** The pods, in replica order; empty for a DaemonSet until its nodes are known. */
    pods: V1Pod[];
    /** For a DaemonSet: the pod every per-node pod is copied from (name and affinity are set per node). */
    daemonTemplate?: V1Pod;
    /** For a StatefulSet: whether replicas are created one at a time, each once the previous runs (`OrderedReady`). */
    orderedReady?: boolean;
    /** Claims the workload creates with its pods (StatefulSet `volumeClaimTemplates`), in replica order. */
    claims?: V1PersistentVolumeClaim[];
    /** The ReplicaSet or StatefulSet that owns the pods, with its selector (for the default topology spreading). */
    owner?: { kind: "ReplicaSet" | "StatefulSet"; name: string; selector: V1LabelSelector };
}

/** Storage objects given in the workload list. */
export interface WorkloadStorage {
    storageClasses: V1StorageClass[];
    persistentVolumeClaims: V1PersistentVolumeClaim[];
    persistentVolumes: V1PersistentVolume[];
    csiNodes: V1CSINode[];
}

/** The input list, sorted into pod sources and context. */
export interface ParsedWorkloads {
    sources: PodSource[];
    namespaces: V1Namespace[];
    priorityClasses: V1PriorityClass[];
    disruptionBudgets: V1PodDisruptionBudget[];
    services: V1Service[];
    storage: WorkloadStorage;
    /** The ReplicaSets pods are owned by (made for Deployments), for the default topology spreading. */
    replicaSets: V1ReplicaSet[];
    statefulSets: V1StatefulSet[];
}

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj => typeof value === "object" && value !== null && !Array.isArray(value);

function refOf(obj: Obj, namespaced: boolean): string {
    const meta = isObject(obj.metadata) ? obj.metadata : {};
    const kind = typeof obj.kind === "string" ? obj.kind : "<no kind>";
    const name = typeof meta.name === "string" ? meta.name : undefined;
    const namespace = namespaced ? (typeof meta.namespace === "string" && meta.namespace !== "" ? meta.namespace : "default") : undefined;
    return objectRef({ kind, metadata: { name, namespace } }, kind);
}

/** Re-homes an error raised on a pod made from a template so it names the workload and the template's field. */
export function inTemplate(error: unknown, source: Pick<PodSource, "ref" | "templatePrefix">): unknown {
    if (!(error instanceof InvalidObjectError)) return error;
    return new InvalidObjectError(source.ref, `${source.templatePrefix}${error.field}`, error.detail);
}

function requireCount(value: unknown, ref: string, field: string, fallback: number): number {
    if (value === undefined || value === null) return fallback;
    if (!Number.isSafeInteger(value) || (value as number) < 0) throw new InvalidObjectError(ref, field, `must be a whole number ≥ 0, got ${JSON.stringify(value)}`);
    return value as number;
}

function requirePodSpec(spec: unknown, ref: string, field: string): V1PodSpec {
    if (!isObject(spec)) throw new InvalidObjectError(ref, field, "a pod spec (an object with containers) is required");
    if (!Array.isArray(spec.containers) || spec.containers.length === 0) throw new InvalidObjectError(ref, `${field}.containers`, "at least one container is required");
    return spec as unknown as V1PodSpec;
}

interface Template {
    labels: Record<string, string>;
    spec: V1PodSpec;
}

function requireTemplate(obj: Obj, ref: string, path: string[], kind: string): Template {
    let node: unknown = obj;
    for (let i = 0; i < path.length; i++) {
        const next = isObject(node) ? node[path[i]] : undefined;
        if (!isObject(next)) {
            throw new InvalidObjectError(ref, path.slice(0, i + 1).join("."), `a ${kind} needs ${path.join(".")} (a pod template with metadata.labels and spec.containers)`);
        }
        node = next;
    }
    const template = node as Obj;
    const field = path.join(".");
    const meta = template.metadata === undefined ? {} : template.metadata;
    if (!isObject(meta)) throw new InvalidObjectError(ref, `${field}.metadata`, "must be an object");
    const labels = meta.labels === undefined ? {} : meta.labels;
    if (!isObject(labels) || Object.values(labels).some((v) => typeof v !== "string")) {
        throw new InvalidObjectError(ref, `${field}.metadata.labels`, "must be a map of label key to string value");
    }
    return { labels: labels as Record<string, string>, spec: requirePodSpec(template.spec, ref, `${field}.spec`) };
}

function checkSelector(spec: Obj, template: Template, ref: string): void {
    if (spec.selector === undefined || spec.selector === null) return;
    if (!labelSelectorMatches(spec.selector as V1LabelSelector, template.labels, { object: ref, field: "spec.selector" })) {
        throw new InvalidObjectError(ref, "spec.selector", "does not select the pod template's labels (spec.template.metadata.labels); the API server rejects such a workload");
    }
}

/** Builds a pod, checking once what every replica shares: requests, node affinity, spread and affinity terms. */
function makePod(source: PodSource, name: string, labels: Record<string, string>, spec: V1PodSpec, owner?: { kind: string; name: string; apiVersion: string }): V1Pod {
    const pod: V1Pod = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
            name,
            namespace: source.namespace,
            labels,
            ...(owner === undefined
                ? {}
                : { ownerReferences: [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name, uid: `${fnv32a(`${source.namespace}/${owner.kind}/${owner.name}`)}`, controller: true, blockOwnerDeletion: true }] }),
        },
        spec,
    };
    return pod;
}

function validateTemplatePod(pod: V1Pod, source: PodSource): void {
    try {
        computePodRequests(pod);
        compileRequiredNodeAffinity(pod);
        buildSpreadConstraints(pod);
        getPodAffinityTerms(pod);
    } catch (error) {
        throw inTemplate(error, source);
    }
}

function replicaPods(source: PodSource, template: Template, count: number, owner: { kind: string; name: string; apiVersion: string }, names: string[], extraLabels: Record<string, string>): void {
    const labels = { ...template.labels, ...extraLabels };
    for (let i = 0; i < count; i++) source.pods.push(makePod(source, names[i], labels, template.spec, owner));
    // The template is checked even with zero replicas: a scale-up would use it.
    validateTemplatePod(source.pods[0] ?? makePod(source, source.name, labels, template.spec, owner), source);
}

/** A controller's selector; one the manifest leaves out reads as the template's labels (the API server requires it). */
function controllerSelector(spec: Obj, template: Template): V1LabelSelector {
    return isObject(spec.selector) ? (structuredClone(spec.selector) as V1LabelSelector) : { matchLabels: { ...template.labels } };
}

function withLabel(selector: V1LabelSelector, key: string, value: string): V1LabelSelector {
    return { ...selector, matchLabels: { ...(selector.matchLabels ?? {}), [key]: value } };
}

function volumeClaimTemplates(spec: Obj, ref: string): { name: string; labels: Record<string, string>; spec: V1PersistentVolumeClaim["spec"] }[] {
    const templates = spec.volumeClaimTemplates;
    if (templates === undefined || templates === null) return [];
    if (!Array.isArray(templates)) throw new InvalidObjectError(ref, "spec.volumeClaimTemplates", "must be a list of PersistentVolumeClaim templates");
    return templates.map((t: unknown, i) => {
        const field = `spec.volumeClaimTemplates[${i}]`;
        const meta = isObject(t) && isObject(t.metadata) ? t.metadata : undefined;
        if (meta === undefined || typeof meta.name !== "string" || meta.name === "") throw new InvalidObjectError(ref, `${field}.metadata.name`, "each claim template needs a name (the pod volume it backs)");
        if (!isObject((t as Obj).spec)) throw new InvalidObjectError(ref, `${field}.spec`, "each claim template needs a spec (accessModes, resources.requests.storage, storageClassName)");
        const labels = isObject(meta.labels) ? (meta.labels as Record<string, string>) : {};
        return { name: meta.name, labels, spec: structuredClone((t as Obj).spec) as V1PersistentVolumeClaim["spec"] };
    });
}

/** The StatefulSet's pods and claims, as its controller makes them (see the file comment). */
function statefulSetPods(source: PodSource, spec: Obj, template: Template, replicas: number, hash: string): void {
    const ref = source.ref;
    const policy = spec.podManagementPolicy ?? "OrderedReady";
    if (policy !== "OrderedReady" && policy !== "Parallel") throw new InvalidObjectError(ref, "spec.podManagementPolicy", `${JSON.stringify(policy)} is not valid; use OrderedReady or Parallel`);
    source.orderedReady = policy === "OrderedReady";
    const selector = controllerSelector(spec, template);
    source.owner = { kind: "StatefulSet", name: source.name, selector };
    const claimTemplates = volumeClaimTemplates(spec, ref);
    const owner = { apiVersion: "apps/v1", kind: "StatefulSet", name: source.name };
    source.claims = [];
    for (let i = 0; i < replicas; i++) {
        const podName = `${source.name}-${i}`;
        const labels = { ...template.labels, [STATEFULSET_POD_NAME_LABEL]: podName, [POD_INDEX_LABEL]: String(i), [CONTROLLER_REVISION_HASH_LABEL]: `${source.name}-${hash}` };
        let podSpec = template.spec;
        if (claimTemplates.length > 0) {
            const volumes: V1Volume[] = (template.spec.volumes ?? []).filter((v) => !claimTemplates.some((t) => t.name === v.name));
            for (const t of claimTemplates) {
                const claimName = `${t.name}-${podName}`;
                volumes.push({ name: t.name, persistentVolumeClaim: { claimName } });
                source.claims.push({
                    apiVersion: "v1",
                    kind: "PersistentVolumeClaim",
                    metadata: { name: claimName, namespace: source.namespace, labels: { ...t.labels, ...(selector.matchLabels ?? {}) } },
                    spec: structuredClone(t.spec),
                });
            }
            podSpec = { ...template.spec, volumes };
        }
        source.pods.push(makePod(source, podName, labels, podSpec, owner));
    }
    validateTemplatePod(source.pods[0] ?? makePod(source, source.name, template.labels, template.spec, owner), source);
}

function specWithPriority(spec: V1PodSpec, priority: number): V1PodSpec {
    return { ...structuredClone(spec), priority };
}

function expandOne(obj: Obj, index: number, classes: PriorityClasses): PodSource {
    const kind = obj.kind as PodWorkloadKind;
    const ref = refOf(obj, true);
    const meta = obj.metadata as Obj;
    const name = meta.name as string;
    const namespace = typeof meta.namespace === "string" && meta.namespace !== "" ? meta.namespace : "default";
    if (kind === "Pod") {
        const spec = requirePodSpec(obj.spec, ref, "spec");
        const source: PodSource = { kind, namespace, name, ref, declarationIndex: index, templatePrefix: "", priority: resolvePriority(spec, classes, ref, "spec"), pods: [] };
        const labels = isObject(meta.labels) ? (meta.labels as Record<string, string>) : {};
        const pod: V1Pod = { ...(obj as V1Pod), metadata: { ...(meta as V1Pod["metadata"]), namespace, labels }, spec: specWithPriority(spec, source.priority) };
        source.pods.push(pod);
        validateTemplatePod(pod, source);
        return source;
    }
    if (!isObject(obj.spec)) throw new InvalidObjectError(ref, "spec", `a ${kind} needs a spec`);
    const spec = obj.spec;
    const path = kind === "CronJob" ? ["spec", "jobTemplate", "spec", "template"] : ["spec", "template"];
    const template = requireTemplate(obj, ref, path, kind);
    const templatePrefix = `${path.join(".")}.`;
    const source: PodSource = { kind, namespace, name, ref, declarationIndex: index, templatePrefix, priority: resolvePriority(template.spec, classes, ref, `${templatePrefix}spec`), pods: [] };
    const shared: Template = { labels: template.labels, spec: specWithPriority(template.spec, source.priority) };
    switch (kind) {
        case "Deployment": {
            checkSelector(spec, template, ref);
            const replicas = requireCount(spec.replicas, ref, "spec.replicas", 1);
            const hash = templateHash(JSON.stringify(path.reduce<unknown>((o, k) => (o as Obj)[k], obj)));
            const rsName = `${name}-${hash}`;
            source.owner = { kind: "ReplicaSet", name: rsName, selector: withLabel(controllerSelector(spec, template), POD_TEMPLATE_HASH_LABEL, hash) };
            const names = podSuffixes(`${namespace}/${rsName}`, replicas).map((s) => `${rsName}-${s}`);
            replicaPods(source, shared, replicas, { apiVersion: "apps/v1", kind: "ReplicaSet", name: rsName }, names, { [POD_TEMPLATE_HASH_LABEL]: hash });
            break;
        }
        case "ReplicaSet": {
            checkSelector(spec, template, ref);
            source.owner = { kind: "ReplicaSet", name, selector: controllerSelector(spec, template) };
            const replicas = requireCount(spec.replicas, ref, "spec.replicas", 1);
            const names = podSuffixes(`${namespace}/${name}`, replicas).map((s) => `${name}-${s}`);
            replicaPods(source, shared, replicas, { apiVersion: "apps/v1", kind, name }, names, {});
            break;
        }
        case "StatefulSet": {
            checkSelector(spec, template, ref);
            const replicas = requireCount(spec.replicas, ref, "spec.replicas", 1);
            statefulSetPods(source, spec, shared, replicas, templateHash(JSON.stringify(spec.template)));
            break;
        }
        case "Job":
        case "CronJob": {
            const jobSpec = kind === "Job" ? spec : (spec.jobTemplate as Obj).spec as Obj;
            const field = kind === "Job" ? "spec" : "spec.jobTemplate.spec";
            const parallelism = requireCount(jobSpec.parallelism, ref, `${field}.parallelism`, 1);
            const completions = requireCount(jobSpec.completions, ref, `${field}.completions`, parallelism);
            const count = Math.min(parallelism, completions);
            const jobName = kind === "Job" ? name : `${name}-${String(fnv32a(`${namespace}/${name}`) % 100000000).padStart(8, "0")}`;
            const names = podSuffixes(`${namespace}/${jobName}`, count).map((s) => `${jobName}-${s}`);
            const jobLabels = Object.fromEntries(JOB_NAME_LABELS.map((l) => [l, jobName]));
            replicaPods(source, shared, count, { apiVersion: "batch/v1", kind: "Job", name: jobName }, names, jobLabels);
            break;
        }
        case "DaemonSet": {
            checkSelector(spec, template, ref);
            source.daemonTemplate = makePod(source, name, shared.labels, shared.spec, { apiVersion: "apps/v1", kind, name });
            validateTemplatePod(source.daemonTemplate, source);
            break;
        }
    }
    return source;
}

function checkEnvelope(value: unknown, index: number): Obj {
    if (!isObject(value)) throw new InvalidObjectError(`workloads[${index}]`, "(object)", `expected a Kubernetes API object, got ${Array.isArray(value) ? "an array" : JSON.stringify(value)}`);
    const kind = value.kind;
    const known = [...POD_WORKLOAD_KINDS, ...CONTEXT_KINDS] as readonly string[];
    if (typeof kind !== "string" || !known.includes(kind)) {
        throw new InvalidObjectError(refOf(value, true), "kind", `${JSON.stringify(kind)} is not a supported kind; supported kinds: ${known.join(", ")}`);
    }
    const namespaced = !CLUSTER_SCOPED_KINDS.includes(kind);
    const ref = refOf(value, namespaced);
    if (!isObject(value.metadata)) throw new InvalidObjectError(ref, "metadata", "an object with a name is required");
    const name = value.metadata.name;
    if (typeof name !== "string" || name === "") throw new InvalidObjectError(ref, "metadata.name", "a non-empty name is required");
    const namespace = value.metadata.namespace;
    if (namespace !== undefined && typeof namespace !== "string") throw new InvalidObjectError(ref, "metadata.namespace", "must be a string");
    if (value.metadata.labels !== undefined && (!isObject(value.metadata.labels) || Object.values(value.metadata.labels).some((v) => typeof v !== "string"))) {
        throw new InvalidObjectError(ref, "metadata.labels", "must be a map of label key to string value");
    }
    return value;
}

/**
 * Sorts the input list into pod sources (in declaration order) and context objects, and makes every
 * non-DaemonSet pod.
 *
 * @param objects - The workload list.
 * @param priorityClasses - Classes given beside the list.
 * @throws InvalidObjectError naming `Kind/namespace/name` and the field for anything malformed.
 */
export function expandWorkloads(objects: readonly object[], priorityClasses: readonly V1PriorityClass[] = []): ParsedWorkloads {
    const checked = objects.map((o, i) => checkEnvelope(o, i));
    const result: ParsedWorkloads = {
        sources: [],
        namespaces: [],
        priorityClasses: [...priorityClasses],
        disruptionBudgets: [],
        services: [],
        storage: { storageClasses: [], persistentVolumeClaims: [], persistentVolumes: [], csiNodes: [] },
        replicaSets: [],
        statefulSets: [],
    };
    for (const obj of checked) {
        if (obj.kind === "PriorityClass") result.priorityClasses.push(obj as unknown as V1PriorityClass);
        else if (obj.kind === "Namespace") result.namespaces.push(obj as unknown as V1Namespace);
        else if (obj.kind === "PodDisruptionBudget") result.disruptionBudgets.push(obj as unknown as V1PodDisruptionBudget);
        else if (obj.kind === "Service") result.services.push(obj as unknown as V1Service);
        else if (obj.kind === "StorageClass") result.storage.storageClasses.push(obj as unknown as V1StorageClass);
        else if (obj.kind === "PersistentVolumeClaim") result.storage.persistentVolumeClaims.push(obj as unknown as V1PersistentVolumeClaim);
        else if (obj.kind === "PersistentVolume") result.storage.persistentVolumes.push(obj as unknown as V1PersistentVolume);
        else if (obj.kind === "CSINode") result.storage.csiNodes.push(obj as unknown as V1CSINode);
    }
    const classes = indexPriorityClasses(result.priorityClasses);
    checked.forEach((obj, index) => {
        if ((CONTEXT_KINDS as readonly string[]).includes(obj.kind as string)) return;
        const source = expandOne(obj, index, classes);
        result.sources.push(source);
        const owner = source.owner;
        if (owner === undefined) return;
        const controller = { metadata: { name: owner.name, namespace: source.namespace }, spec: { selector: owner.selector } };
        if (owner.kind === "ReplicaSet") result.replicaSets.push(controller as V1ReplicaSet);
        else result.statefulSets.push(controller as V1StatefulSet);
    });
    return result;
}

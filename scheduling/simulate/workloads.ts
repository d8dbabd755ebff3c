/**
 * Workload objects → the pods their controllers would create, before any node is looked at (DaemonSet pods
 * depend on the nodes and are made in `daemon-pods.ts`). What each controller does, and what we do:
 * - Pod: taken as is (namespace defaulted to `default`).
 * - Deployment: one ReplicaSet `<name>-<pod-template-hash>`, pods `<name>-<hash>-<suffix>` with the
 *   `pod-template-hash` label (`pkg/controller/deployment/sync.go`); `spec.replicas` defaults to 1.
 * - ReplicaSet: pods `<name>-<suffix>` (`pkg/controller/replicaset`); `spec.replicas` defaults to 1.
 * - StatefulSet: pods `<name>-0` … `<name>-(n-1)` (`pkg/controller/statefulset/stateful_set_utils.go`).
 * - Job: `min(parallelism, completions)` pods `<name>-<suffix>` at once (`pkg/controller/job`), parallelism
 *   defaulting to 1 and completions to parallelism; labels `batch.kubernetes.io/job-name` and `job-name`.
 * - CronJob: one run of its `jobTemplate`, as the Job `<name>-<n>` (the controller's `n` is the scheduled
 *   time in minutes; we derive a fixed 8-digit number from the name, having no clock).
 * Suffixes are deterministic (see `pod-names.ts`). Per-replica labels (`statefulset.kubernetes.io/pod-name`,
 * `apps.kubernetes.io/pod-index`, `batch.kubernetes.io/job-completion-index`) are not added, so the replicas of
 * one template share one label set. Every pod gets an owner reference and its resolved `spec.priority`.
 * Malformed objects raise `InvalidObjectError` naming `Kind/namespace/name` and the field.
 */
import { InvalidObjectError, objectRef } from "../model/errors";
import { labelSelectorMatches } from "../model/label-selector";
import { compileRequiredNodeAffinity } from "../model/node-selector";
import { computePodRequests } from "../model/pod-requests";
import type { V1LabelSelector, V1Namespace, V1Pod, V1PodDisruptionBudget, V1PodSpec, V1PriorityClass } from "../model/types";
import { buildSpreadConstraints } from "../plugins/pod-topology-spread";
import { getPodAffinityTerms } from "../plugins/inter-pod-affinity";
import { fnv32a, podSuffixes, templateHash } from "./pod-names";
import { indexPriorityClasses, resolvePriority, type PriorityClasses } from "./priority";

/** Kinds that make pods. */
export const POD_WORKLOAD_KINDS = ["Pod", "Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "Job", "CronJob"] as const;
/** A kind that makes pods. */
export type PodWorkloadKind = (typeof POD_WORKLOAD_KINDS)[number];
/** Kinds read as context, not pods. */
export const CONTEXT_KINDS = ["PodDisruptionBudget", "PriorityClass", "Namespace"] as const;

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
}

/** The input list, sorted into pod sources and context. */
export interface ParsedWorkloads {
    sources: PodSource[];
    namespaces: V1Namespace[];
    priorityClasses: V1PriorityClass[];
    disruptionBudgets: V1PodDisruptionBudget[];
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
            const names = podSuffixes(`${namespace}/${rsName}`, replicas).map((s) => `${rsName}-${s}`);
            replicaPods(source, shared, replicas, { apiVersion: "apps/v1", kind: "ReplicaSet", name: rsName }, names, { [POD_TEMPLATE_HASH_LABEL]: hash });
            break;
        }
        case "ReplicaSet": {
            checkSelector(spec, template, ref);
            const replicas = requireCount(spec.replicas, ref, "spec.replicas", 1);
            const names = podSuffixes(`${namespace}/${name}`, replicas).map((s) => `${name}-${s}`);
            replicaPods(source, shared, replicas, { apiVersion: "apps/v1", kind, name }, names, {});
            break;
        }
        case "StatefulSet": {
            checkSelector(spec, template, ref);
            const replicas = requireCount(spec.replicas, ref, "spec.replicas", 1);
            const names = Array.from({ length: replicas }, (_, i) => `${name}-${i}`);
            replicaPods(source, shared, replicas, { apiVersion: "apps/v1", kind, name }, names, {});
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
    const namespaced = kind !== "PriorityClass" && kind !== "Namespace";
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
    const result: ParsedWorkloads = { sources: [], namespaces: [], priorityClasses: [...priorityClasses], disruptionBudgets: [] };
    for (const obj of checked) {
        if (obj.kind === "PriorityClass") result.priorityClasses.push(obj as unknown as V1PriorityClass);
        else if (obj.kind === "Namespace") result.namespaces.push(obj as unknown as V1Namespace);
        else if (obj.kind === "PodDisruptionBudget") result.disruptionBudgets.push(obj as unknown as V1PodDisruptionBudget);
    }
    const classes = indexPriorityClasses(result.priorityClasses);
    checked.forEach((obj, index) => {
        if ((CONTEXT_KINDS as readonly string[]).includes(obj.kind as string)) return;
        result.sources.push(expandOne(obj, index, classes));
    });
    return result;
}

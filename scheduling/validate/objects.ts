/**
 * What the API server refuses in the objects the engine reads, checked before the engine reads them: malformed
 * input is an `InvalidObjectError` naming the object (`Deployment/shop/web`) and the field
 * (`spec.template.spec.tolerations[0].operator`), never a `TypeError` from deep inside a plugin. The rules are the
 * API server's (kubernetes/kubernetes `pkg/apis/core/validation/validation.go`, `pkg/apis/apps/validation`,
 * `pkg/apis/batch/validation`, `pkg/apis/policy/validation`, `pkg/apis/autoscaling/validation`,
 * `pkg/apis/scheduling/validation`, v1.35) where the engine reads the field: types, enums and bounds. Fields the
 * engine does not read are left to the API server. Quantities, selectors, affinity and spread terms are checked
 * where they are parsed (`pod-requests.ts`, `label-selector.ts`, `node-selector.ts`, the plugins), with the same error.
 */
import { objectRef } from "../model/errors";
import { below, boolean, countOrPercent, fail, integer, isObject, list, mapping, oneOf, shown, string, stringMap, type At, type Obj } from "./checks";

/** Taint effects a node may carry (`validateTaintEffect`). */
export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;
/**
 * Toleration operators (`validateTolerations`). `Gt` and `Lt` need the alpha feature gate
 * TaintTolerationComparisonOperators on the API server; the engine accepts them and honours the gate in Filter.
 */
export const TOLERATION_OPERATORS = ["", "Exists", "Equal", "Gt", "Lt"] as const;
/** Port protocols (`validateContainerPorts`). */
export const PORT_PROTOCOLS = ["TCP", "UDP", "SCTP"] as const;
/** Container restart policies of init containers (sidecars are `Always`). */
const RESTART_POLICIES = ["Always"] as const;
/** Highest port number. */
const MAX_PORT = 65535;
/** Pod priority is an int32. */
const INT32 = 2147483647;
/** The highest priority a PriorityClass not named `system-…` may have (`HighestUserDefinablePriority`). */
export const HIGHEST_USER_PRIORITY = 1_000_000_000;

/** The kinds {@link validateObject} knows; other kinds pass unchecked. */
export const VALIDATED_KINDS = ["Pod", "Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "Job", "CronJob", "PodDisruptionBudget", "HorizontalPodAutoscaler", "PriorityClass", "Namespace", "Node"] as const;

const NAMESPACED: ReadonlySet<string> = new Set(["Pod", "Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "Job", "CronJob", "PodDisruptionBudget", "HorizontalPodAutoscaler", "Service", "PersistentVolumeClaim"]);

/** `metadata`: a mapping with a non-empty name (unless `nameOptional`), a string namespace and string labels. */
function metadata(obj: Obj, object: string, nameOptional = false): void {
    const at: At = { object, field: "metadata" };
    const meta = mapping(obj.metadata, at, nameOptional);
    if (meta === undefined) return;
    string(meta.name, below(at, "name"), !nameOptional);
    string(meta.namespace, below(at, "namespace"));
    stringMap(meta.labels, below(at, "labels"));
}

function ports(value: unknown, at: At): void {
    list(value, at, (port, p) => {
        const entry = mapping(port, p)!;
        integer(entry.containerPort, below(p, "containerPort"), 1, MAX_PORT, true);
        // hostPort 0 means none (the API server defaults an unset one to 0 on host networking).
        integer(entry.hostPort, below(p, "hostPort"), 0, MAX_PORT);
        oneOf(entry.protocol, below(p, "protocol"), PORT_PROTOCOLS);
        string(entry.hostIP, below(p, "hostIP"));
    });
}

function resources(value: unknown, at: At): void {
    const r = mapping(value, at, true);
    if (r === undefined) return;
    mapping(r.requests, below(at, "requests"), true);
    mapping(r.limits, below(at, "limits"), true);
}

function containers(value: unknown, at: At, required: boolean): void {
    if (required && (!Array.isArray(value) || value.length === 0)) fail(at, `a pod needs at least one container, got ${value === undefined ? "none" : shown(value)}`);
    list(value, at, (container, c) => {
        const entry = mapping(container, c)!;
        string(entry.name, below(c, "name"));
        ports(entry.ports, below(c, "ports"));
        resources(entry.resources, below(c, "resources"));
        oneOf(entry.restartPolicy, below(c, "restartPolicy"), RESTART_POLICIES);
    });
}

function tolerations(value: unknown, at: At): void {
    list(value, at, (toleration, t) => {
        const entry = mapping(toleration, t)!;
        string(entry.key, below(t, "key"));
        oneOf(entry.operator, below(t, "operator"), TOLERATION_OPERATORS);
        string(entry.value, below(t, "value"));
        oneOf(entry.effect, below(t, "effect"), ["", ...TAINT_EFFECTS]);
        if (entry.operator === "Exists" && entry.value !== undefined && entry.value !== "") fail(below(t, "value"), `must be empty when operator is Exists, got ${shown(entry.value)}`);
        if ((entry.key === undefined || entry.key === "") && entry.operator !== "Exists") fail(below(t, "operator"), "must be Exists when key is empty (a toleration of every taint)");
        integer(entry.tolerationSeconds, below(t, "tolerationSeconds"), Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
        if (entry.tolerationSeconds !== undefined && entry.effect !== "NoExecute") fail(below(t, "effect"), "must be NoExecute when tolerationSeconds is set");
    });
}

/** A pod spec (a Pod's `spec`, or a template's): the fields the engine reads. */
export function validatePodSpec(value: unknown, at: At): void {
    const spec = mapping(value, at)!;
    containers(spec.containers, below(at, "containers"), true);
    containers(spec.initContainers, below(at, "initContainers"), false);
    tolerations(spec.tolerations, below(at, "tolerations"));
    stringMap(spec.nodeSelector, below(at, "nodeSelector"));
    string(spec.nodeName, below(at, "nodeName"));
    string(spec.priorityClassName, below(at, "priorityClassName"));
    integer(spec.priority, below(at, "priority"), -INT32 - 1, INT32);
    mapping(spec.affinity, below(at, "affinity"), true);
    list(spec.topologySpreadConstraints, below(at, "topologySpreadConstraints"), (c, ct) => void mapping(c, ct));
    mapping(spec.overhead, below(at, "overhead"), true);
    resources(spec.resources, below(at, "resources"));
}

/** A controller's `template`: metadata with string labels and a pod spec. */
function template(value: unknown, at: At, kind: string): void {
    if (!isObject(value)) fail(at, `a ${kind} needs ${at.field} (a pod template with metadata.labels and spec.containers)${value === undefined ? "" : `, got ${shown(value)}`}`);
    const t = value;
    const meta = mapping(t.metadata, below(at, "metadata"), true);
    if (meta !== undefined) stringMap(meta.labels, below(below(at, "metadata"), "labels"));
    validatePodSpec(t.spec, below(at, "spec"));
}

function selector(value: unknown, at: At): void {
    const s = mapping(value, at, true);
    if (s === undefined) return;
    stringMap(s.matchLabels, below(at, "matchLabels"));
    list(s.matchExpressions, below(at, "matchExpressions"), (e, et) => void mapping(e, et));
}

/** The `spec` of an object, required to be a mapping (a `spec: null` document is refused). */
function specOf(obj: Obj, object: string): { spec: Obj; at: At } {
    const at: At = { object, field: "spec" };
    if (!isObject(obj.spec)) fail(at, `a ${String(obj.kind)} needs a spec (a mapping)${obj.spec === undefined ? "" : `, got ${shown(obj.spec)}`}`);
    return { spec: obj.spec, at };
}

type Validator = (obj: Obj, object: string) => void;

const VALIDATORS: Readonly<Record<(typeof VALIDATED_KINDS)[number], Validator>> = {
    Pod(obj, object) {
        validatePodSpec(obj.spec, { object, field: "spec" });
    },
    Deployment(obj, object) {
        const { spec, at } = specOf(obj, object);
        integer(spec.replicas, below(at, "replicas"), 0, INT32);
        selector(spec.selector, below(at, "selector"));
        template(spec.template, below(at, "template"), String(obj.kind));
    },
    StatefulSet(obj, object) {
        VALIDATORS.Deployment(obj, object);
    },
    ReplicaSet(obj, object) {
        VALIDATORS.Deployment(obj, object);
    },
    DaemonSet(obj, object) {
        const { spec, at } = specOf(obj, object);
        selector(spec.selector, below(at, "selector"));
        template(spec.template, below(at, "template"), "DaemonSet");
    },
    Job(obj, object) {
        const { spec, at } = specOf(obj, object);
        integer(spec.parallelism, below(at, "parallelism"), 0, INT32);
        integer(spec.completions, below(at, "completions"), 0, INT32);
        template(spec.template, below(at, "template"), "Job");
    },
    CronJob(obj, object) {
        const { spec, at } = specOf(obj, object);
        string(spec.schedule, below(at, "schedule"), true);
        const jobTemplate = mapping(spec.jobTemplate, below(at, "jobTemplate"))!;
        const jobAt = below(below(at, "jobTemplate"), "spec");
        const job = mapping(jobTemplate.spec, jobAt)!;
        integer(job.parallelism, below(jobAt, "parallelism"), 0, INT32);
        integer(job.completions, below(jobAt, "completions"), 0, INT32);
        template(job.template, below(jobAt, "template"), "CronJob");
    },
    PodDisruptionBudget(obj, object) {
        const { spec, at } = specOf(obj, object);
        countOrPercent(spec.minAvailable, below(at, "minAvailable"));
        countOrPercent(spec.maxUnavailable, below(at, "maxUnavailable"));
        if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) fail(at, "minAvailable and maxUnavailable cannot be both set");
        selector(spec.selector, below(at, "selector"));
    },
    HorizontalPodAutoscaler(obj, object) {
        const { spec, at } = specOf(obj, object);
        const ref = mapping(spec.scaleTargetRef, below(at, "scaleTargetRef"))!;
        string(ref.kind, below(below(at, "scaleTargetRef"), "kind"), true);
        string(ref.name, below(below(at, "scaleTargetRef"), "name"), true);
        integer(spec.minReplicas, below(at, "minReplicas"), 1, INT32);
        integer(spec.maxReplicas, below(at, "maxReplicas"), 1, INT32, true);
        if (typeof spec.minReplicas === "number" && (spec.maxReplicas as number) < spec.minReplicas) {
            fail(below(at, "maxReplicas"), `${spec.maxReplicas} is less than minReplicas ${spec.minReplicas}`);
        }
    },
    PriorityClass(obj, object) {
        const name = isObject(obj.metadata) ? obj.metadata.name : undefined;
        const highest = typeof name === "string" && name.startsWith("system-") ? INT32 : HIGHEST_USER_PRIORITY;
        integer(obj.value, { object, field: "value" }, -INT32 - 1, highest, true);
        boolean(obj.globalDefault, { object, field: "globalDefault" });
    },
    Namespace() {
        // metadata only
    },
    Node(obj, object) {
        const at: At = { object, field: "spec" };
        const spec = mapping(obj.spec, at, true);
        if (spec !== undefined) {
            boolean(spec.unschedulable, below(at, "unschedulable"));
            list(spec.taints, below(at, "taints"), (taint, t) => {
                const entry = mapping(taint, t)!;
                string(entry.key, below(t, "key"), true);
                string(entry.value, below(t, "value"));
                if (entry.effect === undefined) fail(below(t, "effect"), `is required; valid values: ${TAINT_EFFECTS.join(", ")}`);
                oneOf(entry.effect, below(t, "effect"), TAINT_EFFECTS);
            });
        }
        const status = mapping(obj.status, { object, field: "status" }, true);
        if (status !== undefined) mapping(status.allocatable, { object, field: "status.allocatable" }, true);
    },
};

/** `Kind/namespace/name` (`Kind/name` for cluster-scoped kinds), as the engine names objects in errors. */
export function referenceOf(value: unknown, fallbackKind: string): string {
    const obj = isObject(value) ? value : {};
    const kind = typeof obj.kind === "string" && obj.kind !== "" ? obj.kind : fallbackKind;
    const meta = isObject(obj.metadata) ? obj.metadata : {};
    const name = typeof meta.name === "string" && meta.name !== "" ? meta.name : undefined;
    const namespace = NAMESPACED.has(kind) ? (typeof meta.namespace === "string" && meta.namespace !== "" ? meta.namespace : "default") : undefined;
    return objectRef({ kind, metadata: { name, namespace } }, kind);
}

/**
 * Checks one Kubernetes object of a kind the engine reads (see {@link VALIDATED_KINDS}; other kinds pass).
 *
 * @param value - The object, as `kubectl get -o json` prints it.
 * @param kind - The kind to read it as when it names none (`Pod` for `evaluatePod`'s pod). Defaults to its own kind.
 * @throws InvalidObjectError naming the object and the first field the API server would refuse.
 */
export function validateObject(value: unknown, kind?: string): void {
    const fallbackKind = kind ?? "<no kind>";
    const object = referenceOf(value, fallbackKind);
    if (!isObject(value)) fail({ object, field: "" }, `expected a Kubernetes object (a mapping), got ${shown(value)}`);
    const actualKind = typeof value.kind === "string" && value.kind !== "" ? value.kind : kind;
    if (actualKind === undefined) return;
    const validator = (VALIDATORS as Record<string, Validator | undefined>)[actualKind];
    if (validator === undefined) return;
    metadata(value, object, actualKind === "Node" ? false : actualKind === "Pod" && kind === "Pod" && value.kind === undefined);
    validator(value, object);
}

/** Checks a pod (`kind` may be left out). @throws InvalidObjectError as {@link validateObject}. */
export function validatePod(value: unknown): void {
    validateObject(value, "Pod");
}

/** Checks a node (`kind` may be left out). @throws InvalidObjectError as {@link validateObject}. */
export function validateNode(value: unknown): void {
    validateObject(value, "Node");
}

/**
 * Checks a list argument of the engine's API (`nodes`, `workloads`, `existingPods`): an array, each item checked.
 *
 * @param name - The argument's name, for the message (`simulate: nodes`).
 */
export function validateList(value: unknown, name: string, item: (value: unknown) => void): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) fail({ object: name, field: "" }, `expected a list, got ${shown(value)}`);
    for (const v of value) item(v);
}

/**
 * The Kubernetes workloads the pack judges and where their pod template sits: a Pod's own spec, the
 * `spec.template` of a Deployment, StatefulSet, DaemonSet or Job, and the
 * `spec.jobTemplate.spec.template` of a CronJob. Type tokens are `@pulumi/kubernetes` 4.x's.
 * See https://kubernetes.io/docs/concepts/workloads/pods/#pod-templates
 */
import type { ResourceValidationArgs } from "@pulumi/policy";
import type { Subject } from "../common/define";
import { asArray, asRecord, asString, at, describe } from "../common/read";
import { isUnknownValueError } from "../common/unknowns";
import { SYSTEM_NAMESPACES } from "../../config/rules/namespace-rules";

/** Pulumi type token of an `apps/v1` Deployment. */
export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
/** Pulumi type token of an `apps/v1` StatefulSet. */
export const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
/** Pulumi type token of an `apps/v1` DaemonSet. */
export const DAEMON_SET = "kubernetes:apps/v1:DaemonSet";
/** Pulumi type token of a `batch/v1` Job. */
export const JOB = "kubernetes:batch/v1:Job";
/** Pulumi type token of a `batch/v1` CronJob. */
export const CRON_JOB = "kubernetes:batch/v1:CronJob";
/** Pulumi type token of a `v1` Pod. */
export const POD = "kubernetes:core/v1:Pod";
/** Pulumi type token of a `policy/v1` PodDisruptionBudget. */
export const POD_DISRUPTION_BUDGET = "kubernetes:policy/v1:PodDisruptionBudget";
/** Pulumi type token of an `autoscaling/v2` HorizontalPodAutoscaler. */
export const HORIZONTAL_POD_AUTOSCALER = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";

/** Every type with a pod template. */
export const WORKLOAD_TYPES: readonly string[] = [DEPLOYMENT, STATEFUL_SET, DAEMON_SET, JOB, CRON_JOB, POD];
/** Workloads that run until stopped (probes apply to them, not to Jobs). */
export const LONG_RUNNING_TYPES: readonly string[] = [DEPLOYMENT, STATEFUL_SET, DAEMON_SET, POD];

const KIND_BY_TYPE: Record<string, string> = {
    [DEPLOYMENT]: "Deployment",
    [STATEFUL_SET]: "StatefulSet",
    [DAEMON_SET]: "DaemonSet",
    [JOB]: "Job",
    [CRON_JOB]: "CronJob",
    [POD]: "Pod",
    [POD_DISRUPTION_BUDGET]: "PodDisruptionBudget",
    [HORIZONTAL_POD_AUTOSCALER]: "HorizontalPodAutoscaler",
};

/** The field path of the pod template's `spec` inside each kind. */
const POD_SPEC_PATH: Record<string, readonly string[]> = {
    [DEPLOYMENT]: ["spec", "template", "spec"],
    [STATEFUL_SET]: ["spec", "template", "spec"],
    [DAEMON_SET]: ["spec", "template", "spec"],
    [JOB]: ["spec", "template", "spec"],
    [CRON_JOB]: ["spec", "jobTemplate", "spec", "template", "spec"],
    [POD]: ["spec"],
};

/** A pod template, located. */
export interface PodTemplate {
    /** The pod spec (`V1PodSpec` in shape, unchecked). */
    spec: Record<string, unknown>;
    /** The pod template's metadata (labels, annotations), possibly undefined. */
    metadata: Record<string, unknown> | undefined;
    /** The field path of `spec`, e.g. `spec.template.spec`. */
    path: string;
}

function guardedString(read: () => unknown): string | undefined {
    try {
        return asString(read());
    } catch (e) {
        if (isUnknownValueError(e)) return "<unknown during preview>";
        throw e;
    }
}

/** `Kind "namespace/name"` for messages; the name falls back to the Pulumi resource name. */
export function workloadLabel(type: string, props: unknown, resourceName: string): string {
    const kind = KIND_BY_TYPE[type] ?? type;
    const name = guardedString(() => at(props, "metadata", "name")) ?? resourceName;
    const namespace = guardedString(() => at(props, "metadata", "namespace"));
    return namespace === undefined ? `${kind} "${name}"` : `${kind} "${namespace}/${name}"`;
}

/** The pod template of a workload, or a problem text when its shape is wrong. */
export function podTemplateOf(type: string, props: unknown): PodTemplate | { problem: string } {
    const path = POD_SPEC_PATH[type];
    const spec = asRecord(at(props, ...path));
    if (spec === undefined) return { problem: `${path.join(".")} must be a pod spec object, got ${describe(at(props, ...path))}` };
    const metadataPath = type === POD ? ["metadata"] : [...path.slice(0, -1), "metadata"];
    return { spec, metadata: asRecord(at(props, ...metadataPath)), path: path.join(".") };
}

/**
 * One subject per workload resource; its value is the {@link PodTemplate}. Workloads in the namespaces kept for
 * system components ({@link SYSTEM_NAMESPACES}: AKS's add-ons, the NVIDIA device plugin) are not judged, as
 * Azure Policy's Kubernetes definitions exclude them by default: they need host paths and root by design.
 */
export function workloadSubjects(args: ResourceValidationArgs): Subject[] {
    const namespace = guardedString(() => at(args.props, "metadata", "namespace"));
    if (namespace !== undefined && SYSTEM_NAMESPACES.includes(namespace)) return [];
    const label = workloadLabel(args.type, args.props, args.name);
    const template = podTemplateOf(args.type, args.props);
    return "problem" in template ? [{ label, value: undefined, problem: template.problem }] : [{ label, value: template }];
}

/** Which list of the pod spec a container comes from. */
export type ContainerList = "containers" | "initContainers" | "ephemeralContainers";

/** A container, located. */
export interface LocatedContainer {
    container: Record<string, unknown>;
    list: ContainerList;
    /** `container "app"` or `initContainer "migrate"`, for messages. */
    label: string;
    /** Field path, e.g. `spec.template.spec.containers[0]`. */
    path: string;
}

const SINGULAR: Record<ContainerList, string> = { containers: "container", initContainers: "initContainer", ephemeralContainers: "ephemeralContainer" };

/**
 * The containers of a pod template from the given lists. An entry that is not an object is returned as
 * a problem text, so the policy reports it instead of skipping it.
 */
export function containersOf(template: PodTemplate, lists: readonly ContainerList[]): { containers: LocatedContainer[]; problems: string[] } {
    const containers: LocatedContainer[] = [];
    const problems: string[] = [];
    for (const list of lists) {
        const raw = template.spec[list];
        if (raw === undefined) continue;
        const entries = asArray(raw);
        if (entries === undefined) {
            problems.push(`${template.path}.${list} must be a list of containers, got ${describe(raw)}`);
            continue;
        }
        entries.forEach((entry, i) => {
            const container = asRecord(entry);
            const path = `${template.path}.${list}[${i}]`;
            if (container === undefined) {
                problems.push(`${path} must be a container object, got ${describe(entry)}`);
                return;
            }
            const name = asString(container.name) ?? `#${i}`;
            containers.push({ container, list, label: `${SINGULAR[list]} "${name}"`, path });
        });
    }
    return { containers, problems };
}

/** Every container list of a pod: what the Pod Security Standards check. */
export const ALL_CONTAINER_LISTS: readonly ContainerList[] = ["containers", "initContainers", "ephemeralContainers"];

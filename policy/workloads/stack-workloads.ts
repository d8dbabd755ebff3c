/**
 * The stack-wide view the availability policies need: Deployments and StatefulSets with their pod
 * labels and replica counts, the HorizontalPodAutoscalers that scale them, and the
 * PodDisruptionBudgets. Stack policies see resource outputs; during a first preview those are the
 * inputs, with unknowns where values are computed (each read goes through the ledger).
 */
import type { PolicyResource } from "@pulumi/policy";
import { UnknownLedger } from "../common/define";
import { asNumber, asRecord, asString, asStringMap, at } from "../common/read";
import { DEPLOYMENT, HORIZONTAL_POD_AUTOSCALER, POD_DISRUPTION_BUDGET, STATEFUL_SET, workloadLabel } from "./pod-templates";

/** A replicated workload (Deployment or StatefulSet). */
export interface ReplicatedWorkload {
    resource: PolicyResource;
    kind: "Deployment" | "StatefulSet";
    name: string;
    /** `metadata.namespace`, or `default` when unset (the provider's default namespace). */
    namespace: string;
    /** `Deployment "ns/name"`, for messages. */
    label: string;
    /** `spec.replicas` (undefined when unset: Kubernetes defaults it to 1, or an HPA sets it). */
    replicas: number | undefined;
    /** The pod template's labels. */
    podLabels: Record<string, string>;
    /** Pod spec (for spread and anti-affinity). */
    podSpec: Record<string, unknown> | undefined;
    /** The autoscaler that targets it, if any. */
    hpa?: Autoscaler;
}

/** A HorizontalPodAutoscaler's target and bounds. */
export interface Autoscaler {
    label: string;
    namespace: string;
    targetKind: string;
    targetName: string;
    /** `spec.minReplicas`, 1 when unset (the API default). */
    minReplicas: number;
    maxReplicas: number | undefined;
}

/** A PodDisruptionBudget. */
export interface DisruptionBudget {
    resource: PolicyResource;
    label: string;
    namespace: string;
    selector: unknown;
    minAvailable: unknown;
    maxUnavailable: unknown;
}

/**
 * A budget or autoscaler the policies cannot place during preview: its namespace or what it selects is unknown.
 * `namespace` is undefined when the namespace itself is unknown; `targetName` (autoscalers) when the target is.
 */
export interface UndecidedObject {
    label: string;
    namespace?: string;
    targetName?: string;
}

/** Everything the availability policies read from the stack. */
export interface StackWorkloads {
    workloads: ReplicatedWorkload[];
    budgets: DisruptionBudget[];
    /** Budgets whose namespace or selector is unknown during preview (the ledger names the path). */
    undecidedBudgets: UndecidedObject[];
    /** Autoscalers whose namespace, target or bounds are unknown during preview. */
    undecidedAutoscalers: UndecidedObject[];
}

/** Whether an undecided budget or autoscaler may concern the workload (same namespace, or unknown). */
export function mayConcern(u: UndecidedObject, w: Pick<ReplicatedWorkload, "namespace" | "name">): boolean {
    return (u.namespace === undefined || u.namespace === w.namespace) && (u.targetName === undefined || u.targetName === w.name);
}

/** Reads a string that may be unknown: the value, or undefined when it is unknown (recorded in the ledger). */
function knownString(ledger: UnknownLedger, read: () => unknown): { known: boolean; value: string | undefined } {
    let known = true;
    const value = ledger.guard(() => asString(read()));
    if (value === undefined) {
        const probe = new UnknownLedger();
        probe.guard(read);
        known = !probe.hasAny();
    }
    return { known, value };
}

function namespaceOf(props: unknown): string {
    return asString(at(props, "metadata", "namespace")) ?? "default";
}

/** Gathers the workloads, autoscalers and budgets of a stack; unreadable (unknown) resources are left to the ledger. */
export function gatherStackWorkloads(resources: readonly PolicyResource[], ledger: UnknownLedger): StackWorkloads {
    const autoscalers: Autoscaler[] = [];
    const budgets: DisruptionBudget[] = [];
    const workloads: ReplicatedWorkload[] = [];
    const undecidedBudgets: UndecidedObject[] = [];
    const undecidedAutoscalers: UndecidedObject[] = [];
    const undecided = (r: PolicyResource, target: boolean): UndecidedObject => {
        const ns = knownString(new UnknownLedger(), () => at(r.props, "metadata", "namespace"));
        const name = knownString(new UnknownLedger(), () => at(r.props, "spec", "scaleTargetRef", "name"));
        return {
            label: workloadLabel(r.type, r.props, r.name),
            ...(ns.known ? { namespace: ns.value ?? "default" } : {}),
            ...(target && name.known && name.value !== undefined ? { targetName: name.value } : {}),
        };
    };
    for (const r of resources) {
        if (r.type === HORIZONTAL_POD_AUTOSCALER) {
            const hpa = ledger.guard(() => ({
                label: workloadLabel(r.type, r.props, r.name),
                namespace: namespaceOf(r.props),
                targetKind: asString(at(r.props, "spec", "scaleTargetRef", "kind")) ?? "",
                targetName: asString(at(r.props, "spec", "scaleTargetRef", "name")) ?? "",
                minReplicas: asNumber(at(r.props, "spec", "minReplicas")) ?? 1,
                maxReplicas: asNumber(at(r.props, "spec", "maxReplicas")),
            }));
            if (hpa !== undefined) autoscalers.push(hpa);
            else undecidedAutoscalers.push(undecided(r, true));
        } else if (r.type === POD_DISRUPTION_BUDGET) {
            const budget = ledger.guard(() => ({
                resource: r,
                label: workloadLabel(r.type, r.props, r.name),
                namespace: namespaceOf(r.props),
                selector: at(r.props, "spec", "selector"),
                minAvailable: at(r.props, "spec", "minAvailable"),
                maxUnavailable: at(r.props, "spec", "maxUnavailable"),
            }));
            if (budget !== undefined) budgets.push(budget);
            else undecidedBudgets.push(undecided(r, false));
        } else if (r.type === DEPLOYMENT || r.type === STATEFUL_SET) {
            const workload = ledger.guard((): ReplicatedWorkload => ({
                resource: r,
                kind: r.type === DEPLOYMENT ? "Deployment" : "StatefulSet",
                name: asString(at(r.props, "metadata", "name")) ?? r.name,
                namespace: namespaceOf(r.props),
                label: workloadLabel(r.type, r.props, r.name),
                replicas: asNumber(at(r.props, "spec", "replicas")),
                podLabels: asStringMap(at(r.props, "spec", "template", "metadata", "labels")) ?? {},
                podSpec: asRecord(at(r.props, "spec", "template", "spec")),
            }));
            if (workload !== undefined) workloads.push(workload);
        }
    }
    for (const w of workloads) {
        w.hpa = autoscalers.find((a) => a.namespace === w.namespace && a.targetKind === w.kind && a.targetName === w.name);
    }
    return { workloads, budgets, undecidedBudgets, undecidedAutoscalers };
}

/** The fewest replicas a workload runs: its HPA's minReplicas, else spec.replicas (1 when unset). */
export function minimumReplicas(w: ReplicatedWorkload): { count: number; source: string } {
    if (w.hpa !== undefined) return { count: w.hpa.minReplicas, source: `${w.hpa.label} minReplicas` };
    return w.replicas === undefined ? { count: 1, source: "spec.replicas unset, which Kubernetes reads as 1" } : { count: w.replicas, source: "spec.replicas" };
}

/** The most replicas a workload runs: the larger of spec.replicas and its HPA's maxReplicas. */
export function maximumReplicas(w: ReplicatedWorkload): number {
    return Math.max(w.replicas ?? 1, w.hpa?.maxReplicas ?? 0);
}

/**
 * Availability policies: no bare Pods, a replica floor, spread for replicated workloads, and a
 * PodDisruptionBudget that matches each replicated workload by real selector semantics and still lets a
 * node drain evict a pod. The last three are stack policies: they join Deployments and StatefulSets
 * with the HorizontalPodAutoscalers that scale them and the budgets that select their pods.
 */
import { compileLabelSelector } from "../../scheduling/model/label-selector";
import { InvalidObjectError } from "../../scheduling/model/errors";
import { resourcePolicy, stackPolicy, type PackPolicy, type StackFinding } from "../common/define";
import { asArray, asRecord, at, describe } from "../common/read";
import { integerSetting } from "../common/settings";
import { disruptionsAllowed } from "./disruptions";
import { POD, workloadLabel } from "./pod-templates";
import { gatherStackWorkloads, maximumReplicas, minimumReplicas, type ReplicatedWorkload } from "./stack-workloads";

/** WL-030: no bare Pods. */
export const noBarePods = resourcePolicy({
    doc: {
        name: "k8s-no-bare-pods",
        code: "WL-030",
        title: "No bare Pods",
        severity: "medium",
        description: "Checks that the stack declares no Pod without an owner: a bare Pod is not recreated when its node fails, is drained or is upgraded.",
        remediation: "Run the pod from a Deployment, StatefulSet, DaemonSet or Job.",
        url: "https://kubernetes.io/docs/concepts/configuration/overview/#naked-pods-vs-replicasets-deployments-and-jobs",
        covers: { other: ["Pulumi compliance-ready kubernetes-core-v1-pod-disallow-pod"] },
    },
    types: [POD],
    subjects: (args) => [{ label: workloadLabel(args.type, args.props, args.name), value: args.props }],
    check: (subject) =>
        (asArray(at(subject.value, "metadata", "ownerReferences")) ?? []).length > 0
            ? []
            : ["is a bare Pod; run it from a Deployment, StatefulSet, DaemonSet or Job so it is recreated after a node failure or drain"],
});

/** WL-031: replica floor. */
export const replicasFloor = stackPolicy<{ minReplicas: number }>({
    doc: {
        name: "k8s-replicas-floor",
        code: "WL-031",
        title: "Replicated workloads keep a replica floor",
        severity: "high",
        description: "Checks that every Deployment and StatefulSet runs at least the configured number of replicas (setting minReplicas, default 2), counting an HPA's minReplicas when one scales it.",
        remediation: "Raise spec.replicas, or the minReplicas of the HorizontalPodAutoscaler that scales the workload.",
        url: "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#replicas",
        covers: { kubeScore: ["deployment-replicas", "horizontalpodautoscaler-replicas"] },
    },
    configSchema: { properties: { minReplicas: { type: "integer", minimum: 1, default: 2 } } },
    settings: (raw, name) => ({ minReplicas: integerSetting(raw, name, "minReplicas", 2, 1) }),
    check: (resources, settings, ledger) => {
        const { workloads } = gatherStackWorkloads(resources, ledger);
        const findings: StackFinding[] = [];
        for (const w of workloads) {
            const min = minimumReplicas(w);
            if (min.count < settings.minReplicas) {
                findings.push({ urn: w.resource.urn, message: `${w.label}: runs ${min.count} replica(s) at its minimum (${min.source}); at least ${settings.minReplicas} are required` });
            }
        }
        return findings;
    },
});

/**
 * What is wrong with the shape of a PDB selector, if anything; `compileLabelSelector` expects the
 * typed `V1LabelSelector` shape and checks the values, so the shape is checked here first.
 */
export function selectorShapeProblem(selector: unknown): string | undefined {
    if (selector === undefined || selector === null) return "spec.selector is unset, so the budget selects no pods";
    const record = asRecord(selector);
    if (record === undefined) return `spec.selector must be a label selector object, got ${describe(selector)}`;
    const labels = record.matchLabels;
    if (labels !== undefined && (asRecord(labels) === undefined || !Object.values(asRecord(labels) ?? {}).every((v) => typeof v === "string"))) {
        return `spec.selector.matchLabels must map label keys to string values, got ${describe(labels)}`;
    }
    const expressions = record.matchExpressions;
    if (expressions === undefined) return undefined;
    const list = asArray(expressions);
    if (list === undefined) return `spec.selector.matchExpressions must be a list, got ${describe(expressions)}`;
    for (let i = 0; i < list.length; i++) {
        const e = asRecord(list[i]);
        const values = e?.values;
        const valuesOk = values === undefined || (asArray(values)?.every((v) => typeof v === "string") ?? false);
        if (e === undefined || typeof e.key !== "string" || typeof e.operator !== "string" || !valuesOk) {
            return `spec.selector.matchExpressions[${i}] must be { key: string, operator: string, values?: string[] }, got ${describe(list[i])}`;
        }
    }
    return undefined;
}

function spreads(podSpec: Record<string, unknown> | undefined): boolean {
    const constraints = asArray(at(podSpec, "topologySpreadConstraints")) ?? [];
    const required = asArray(at(podSpec, "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution")) ?? [];
    const preferred = asArray(at(podSpec, "affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution")) ?? [];
    return constraints.length + required.length + preferred.length > 0;
}

/** WL-032: spread or anti-affinity for multi-replica workloads. */
export const spreadOrAntiAffinity = stackPolicy({
    doc: {
        name: "k8s-replicas-spread",
        code: "WL-032",
        title: "Replicas spread across nodes or zones",
        severity: "medium",
        description: "Checks that every Deployment and StatefulSet that can run more than one replica (spec.replicas or its HPA's maxReplicas) declares topologySpreadConstraints or pod anti-affinity.",
        remediation: "Add a topologySpreadConstraint on topology.kubernetes.io/zone or kubernetes.io/hostname (maxSkew 1), or a podAntiAffinity term on the pods' own labels.",
        url: "https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/",
        covers: { azurePolicy: ["MustHaveAntiAffinityRulesSet.json"], kubeScore: ["deployment-has-host-podantiaffinity", "statefulset-has-host-podantiaffinity"] },
    },
    check: (resources, _settings, ledger) => {
        const { workloads } = gatherStackWorkloads(resources, ledger);
        return workloads
            .filter((w) => maximumReplicas(w) > 1 && !spreads(w.podSpec))
            .map((w) => ({
                urn: w.resource.urn,
                message: `${w.label}: can run ${maximumReplicas(w)} replicas but declares neither topologySpreadConstraints nor podAntiAffinity, so all of them may land on one node`,
            }));
    },
});

/** WL-033: a PodDisruptionBudget that matches and still allows an eviction. */
export const disruptionBudget = stackPolicy({
    doc: {
        name: "k8s-pdb-allows-eviction",
        code: "WL-033",
        title: "Replicated workloads have a PDB that allows eviction",
        severity: "high",
        description:
            "Checks that every Deployment and StatefulSet running two or more replicas at its minimum is selected by exactly one PodDisruptionBudget in its namespace (matchLabels and matchExpressions), and that every budget selecting a workload still allows at least one eviction at the workload's minimum replica count (HPA minReplicas included, percentages rounded up as the disruption controller does).",
        remediation: "Add one PodDisruptionBudget per workload whose selector matches the pod template's labels, with maxUnavailable: 1 (or a minAvailable below the minimum replica count).",
        url: "https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
        covers: {
            azurePolicy: ["DisallowedBadPodDisruptionBudgets.json"],
            kubeScore: ["deployment-has-poddisruptionbudget", "statefulset-has-poddisruptionbudget", "poddisruptionbudget-has-policy"],
        },
    },
    check: (resources, _settings, ledger) => {
        const { workloads, budgets } = gatherStackWorkloads(resources, ledger);
        const findings: StackFinding[] = [];
        const compiled = budgets.flatMap((b) => {
            const shape = selectorShapeProblem(b.selector);
            if (shape !== undefined) {
                findings.push({ urn: b.resource.urn, message: `${b.label}: ${shape}` });
                return [];
            }
            try {
                const selector = compileLabelSelector(b.selector as Parameters<typeof compileLabelSelector>[0], { object: b.label, field: "spec.selector" });
                return [{ budget: b, selector }];
            } catch (e) {
                if (!(e instanceof InvalidObjectError)) throw e;
                findings.push({ urn: b.resource.urn, message: `${b.label}: ${e.message}` });
                return [];
            }
        });
        const judge = (w: ReplicatedWorkload) => {
            const matching = compiled.filter((c) => c.budget.namespace === w.namespace && c.selector.matches(w.podLabels));
            const min = minimumReplicas(w);
            if (matching.length === 0) {
                if (min.count >= 2) {
                    findings.push({ urn: w.resource.urn, message: `${w.label}: no PodDisruptionBudget in namespace ${w.namespace} selects its pods; add one so node drains keep enough replicas running` });
                }
                return;
            }
            if (matching.length > 1) {
                findings.push({
                    urn: w.resource.urn,
                    message: `${w.label}: its pods are selected by ${matching.length} PodDisruptionBudgets (${matching.map((m) => m.budget.label).join(", ")}); the eviction API refuses pods with more than one budget, so drains block`,
                });
            }
            for (const { budget } of matching) {
                const result = disruptionsAllowed(budget.minAvailable, budget.maxUnavailable, min.count);
                if ("problem" in result) {
                    findings.push({ urn: budget.resource.urn, message: `${budget.label}: ${result.problem}` });
                } else if (result.allowed < 1) {
                    findings.push({
                        urn: budget.resource.urn,
                        message: `${budget.label}: allows 0 evictions of ${w.label} at ${min.count} replica(s) (${min.source}) with ${result.rule}, so a node drain or upgrade waits forever; use maxUnavailable 1 or a lower minAvailable`,
                    });
                }
            }
        };
        for (const w of workloads) ledger.guard(() => judge(w));
        // A budget judged against several workloads may repeat the same finding.
        return findings.filter((f, i) => findings.findIndex((g) => g.message === f.message && g.urn === f.urn) === i);
    },
});

/** The availability policies, in code order. */
export const availabilityPolicies: readonly PackPolicy[] = [noBarePods, replicasFloor, spreadOrAntiAffinity, disruptionBudget];

/**
 * Availability policies: no bare Pods, a replica floor, spread for replicated workloads, PodDisruptionBudgets that
 * match each replicated workload by real selector semantics and still let a node drain evict a pod, sound
 * autoscalers, bounded Jobs, rolling updates and priority classes. Most are stack policies: they join Deployments and
 * StatefulSets with the HorizontalPodAutoscalers that scale them (any autoscaling API version), the budgets that
 * select their pods (any policy API version), the Services that send them traffic and the PriorityClasses they name.
 */
import type { PolicyResource } from "@pulumi/policy";
import { equivalent, stricter, weaker } from "../common/coverage";
import { resourcePolicy, stackPolicy, type PackPolicy, type StackFinding } from "../common/define";
import { asArray, asNumber, asRecord, asString, asStringMap, at, describe, enumIn } from "../common/read";
import { compileSelector, mapSelector } from "../common/selectors";
import { integerSetting } from "../common/settings";
import { rawPropsOf } from "../common/stack-view";
import { isUnknownSentinel } from "../common/unknowns";
import { disruptionsAllowed } from "./disruptions";
import { CONTROLLER_TYPES, CRON_JOB, DEPLOYMENT, JOB, POD, POD_DISRUPTION_BUDGET, STATEFUL_SET, podTemplateOf, workloadLabel, WORKLOAD_TYPES } from "./pod-templates";
import { gatherStackWorkloads, mayConcern, maximumReplicas, minimumReplicas, type ReplicatedWorkload, type StackWorkloads } from "./stack-workloads";

export { selectorShapeProblem } from "../common/selectors";

const SERVICE = "kubernetes:core/v1:Service";
const PRIORITY_CLASS = "kubernetes:scheduling.k8s.io/v1:PriorityClass";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";

/** The kinds whose controllers recreate a pod they own, with the API version their owner references carry. */
const POD_OWNERS: Readonly<Record<string, { apiVersion: string; type: string }>> = {
    ReplicaSet: { apiVersion: "apps/v1", type: "kubernetes:apps/v1:ReplicaSet" },
    StatefulSet: { apiVersion: "apps/v1", type: STATEFUL_SET },
    DaemonSet: { apiVersion: "apps/v1", type: "kubernetes:apps/v1:DaemonSet" },
    ReplicationController: { apiVersion: "v1", type: "kubernetes:core/v1:ReplicationController" },
    Job: { apiVersion: "batch/v1", type: JOB },
};

function nameAndNamespace(r: PolicyResource): { name: string; namespace: string } {
    return { name: asString(at(r.props, "metadata", "name")) ?? r.name, namespace: asString(at(r.props, "metadata", "namespace")) ?? "default" };
}

/** WL-030: no bare Pods, and an owner that really recreates the pod. */
export const noBarePods = stackPolicy({
    doc: {
        name: "k8s-no-bare-pods",
        code: "WL-030",
        title: "No bare Pods",
        severity: "medium",
        description:
            "Checks that every Pod the stack declares is owned by a controller that recreates it: an ownerReferences entry with controller true naming a ReplicaSet, StatefulSet, DaemonSet, ReplicationController or Job (with its apiVersion, name and uid) that the stack declares in the pod's namespace. A bare Pod, or one whose owner does not exist, is not recreated when its node fails or is drained (the garbage collector deletes a pod whose owner is gone).",
        remediation: "Run the pod from a Deployment, StatefulSet, DaemonSet or Job instead of declaring the Pod.",
        url: "https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/",
        covers: [],
        references: ["Pulumi compliance-ready kubernetes-core-v1-pod-disallow-pod", "Azure Policy BlockNakedPods"],
    },
    check: (resources, _settings, ledger) => {
        const findings: StackFinding[] = [];
        for (const pod of resources.filter((r) => r.type === POD)) {
            ledger.guard(() => {
                const label = workloadLabel(pod.type, pod.props, pod.name);
                const { namespace } = nameAndNamespace(pod);
                const refs = asArray(at(pod.props, "metadata", "ownerReferences")) ?? [];
                // The uid comes from the owner's outputs, unknown during a first preview: it is read without the proxy.
                const rawRefs = asArray(at(rawPropsOf(pod.props), "metadata", "ownerReferences")) ?? [];
                const controllers = refs.map((ref, i) => ({ ref, uid: at(rawRefs[i], "uid") })).filter((x) => at(x.ref, "controller") === true);
                if (controllers.length === 0) {
                    const why = refs.length === 0 ? "is a bare Pod" : "has ownerReferences but none with controller: true";
                    findings.push({ urn: pod.urn, message: `${label}: ${why}; run it from a Deployment, StatefulSet, DaemonSet or Job so it is recreated after a node failure or drain` });
                    return;
                }
                for (const { ref, uid } of controllers) {
                    const kind = asString(at(ref, "kind")) ?? "";
                    const name = asString(at(ref, "name"));
                    const owner = POD_OWNERS[kind];
                    const problems: string[] = [];
                    if (owner === undefined) problems.push(`kind ${describe(at(ref, "kind"))} is not a controller that recreates pods (${Object.keys(POD_OWNERS).join(", ")})`);
                    else if (at(ref, "apiVersion") !== owner.apiVersion) problems.push(`apiVersion must be ${owner.apiVersion} for a ${kind} (found ${describe(at(ref, "apiVersion"))})`);
                    if (!isUnknownSentinel(uid) && (asString(uid) ?? "") === "") problems.push("uid is empty: the reference names no object");
                    if (owner !== undefined && name !== undefined) {
                        const declared = resources.some((r) => r.type === owner.type && nameAndNamespace(r).name === name && nameAndNamespace(r).namespace === namespace);
                        if (!declared) problems.push(`no ${kind} "${namespace}/${name}" is declared in the stack, so nothing recreates the pod and the garbage collector deletes it`);
                    } else if (name === undefined) problems.push("name is unset");
                    if (problems.length > 0) findings.push({ urn: pod.urn, message: `${label}: its owner reference to ${kind || "?"} ${describe(name)}: ${problems.join("; ")}` });
                }
            });
        }
        return findings;
    },
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
        covers: [
            stricter("kubeScore", "deployment-replicas"),
            stricter("kubeScore", "horizontalpodautoscaler-replicas"),
            stricter("polaris", "deploymentMissingReplicas"),
            stricter("polaris", "hpaMinAvailability"),
        ],
    },
    configSchema: { properties: { minReplicas: { type: "integer", minimum: 1, default: 2 } } },
    settings: (raw, name) => ({ minReplicas: integerSetting(raw, name, "minReplicas", 2, 1) }),
    check: (resources, settings, ledger) => {
        const stack = gatherStackWorkloads(resources, ledger);
        const findings: StackFinding[] = [];
        for (const w of decided(stack)) {
            const min = minimumReplicas(w);
            if (min.count < settings.minReplicas) {
                findings.push({ urn: w.resource.urn, message: `${w.label}: runs ${min.count} replica(s) at its minimum (${min.source}); at least ${settings.minReplicas} are required` });
            }
        }
        return findings;
    },
});

/** The workloads whose replica counts are known: those no autoscaler unknown during preview may scale. */
function decided(stack: StackWorkloads): ReplicatedWorkload[] {
    return stack.workloads.filter((w) => !stack.undecidedAutoscalers.some((u) => mayConcern(u, w)));
}

/** Topology keys that keep replicas apart (kube-score's approved keys, `score/apps/apps.go`). */
export const SPREAD_KEYS: readonly string[] = ["kubernetes.io/hostname", "topology.kubernetes.io/zone", "topology.kubernetes.io/region"];

/** What is wrong with one topology spread constraint's fields (kube-score `podtopologyspreadconstraints.go`), if anything. */
function constraintProblem(c: unknown): string | undefined {
    const skew = at(c, "maxSkew");
    if (asRecord(at(c, "labelSelector")) === undefined) return "has no labelSelector, so it counts no pods";
    if (!(typeof skew === "number" && Number.isInteger(skew) && skew >= 1)) return `maxSkew must be an integer of at least 1 (found ${describe(skew)})`;
    const minDomains = at(c, "minDomains");
    if (minDomains !== undefined && !(typeof minDomains === "number" && Number.isInteger(minDomains) && minDomains >= 1)) return `minDomains must be at least 1 when set (found ${describe(minDomains)})`;
    if ((asString(at(c, "topologyKey")) ?? "") === "") return "has no topologyKey";
    if (!["DoNotSchedule", "ScheduleAnyway"].includes(asString(at(c, "whenUnsatisfiable")) ?? "")) return `whenUnsatisfiable must be DoNotSchedule or ScheduleAnyway (found ${describe(at(c, "whenUnsatisfiable"))})`;
    return undefined;
}

/** WL-032: spread for multi-replica workloads. */
export const spreadOrAntiAffinity = stackPolicy({
    doc: {
        name: "k8s-replicas-spread",
        code: "WL-032",
        title: "Replicas spread across nodes or zones",
        severity: "medium",
        description:
            "Checks that every Deployment and StatefulSet that can run more than one replica (spec.replicas unset or above 1, or an HPA's maxReplicas) declares a topology spread constraint on kubernetes.io/hostname, topology.kubernetes.io/zone or region whose labelSelector selects the workload's own pods, and that every spread constraint of every workload is valid (labelSelector, maxSkew ≥ 1, minDomains ≥ 1, topologyKey, whenUnsatisfiable).",
        remediation: "Add a topologySpreadConstraint on topology.kubernetes.io/zone or kubernetes.io/hostname with maxSkew 1 and a labelSelector matching the pod template's labels (the Workload component's spread key does it).",
        url: "https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/",
        covers: [
            equivalent("kubeScore", "deployment-has-host-podantiaffinity", "asks for a topology spread constraint on the same keys over the pods' own labels where kube-score asks for anti-affinity: both keep replicas apart, and the Kubernetes docs prefer spread constraints"),
            equivalent("kubeScore", "statefulset-has-host-podantiaffinity", "asks for a topology spread constraint on the same keys over the pods' own labels where kube-score asks for anti-affinity"),
            equivalent("kubeScore", "pod-topology-spread-constraints"),
            equivalent("kubeLinter", "no-anti-affinity", "asks for a topology spread constraint over the pods' own labels where kube-linter asks for anti-affinity; both keep replicas apart"),
            weaker("polaris", "topologySpreadConstraint", "asks nothing of DaemonSets, Jobs, Pods and single-replica workloads: spreading one pod, or one pod per node, changes nothing"),
        ],
        references: ["Azure Policy MustHaveAntiAffinityRulesSet"],
    },
    check: (resources, _settings, ledger) => {
        const stack = gatherStackWorkloads(resources, ledger);
        const findings: StackFinding[] = [];
        for (const r of resources.filter((x) => WORKLOAD_TYPES.includes(x.type))) {
            ledger.guard(() => {
                const template = podTemplateOf(r.type, r.props);
                if ("problem" in template) return;
                (asArray(template.spec.topologySpreadConstraints) ?? []).forEach((c, i) => {
                    const problem = constraintProblem(c);
                    if (problem !== undefined) findings.push({ urn: r.urn, message: `${workloadLabel(r.type, r.props, r.name)}: ${template.path}.topologySpreadConstraints[${i}] ${problem}` });
                });
            });
        }
        for (const w of decided(stack)) {
            if (maximumReplicas(w) <= 1 && w.replicas !== undefined) continue;
            const own = (asArray(at(w.podSpec, "topologySpreadConstraints")) ?? []).some((c) => {
                if (!SPREAD_KEYS.includes(asString(at(c, "topologyKey")) ?? "")) return false;
                const selector = compileSelector(at(c, "labelSelector"), w.label, "topologySpreadConstraints.labelSelector");
                return "matches" in selector && selector.matches(w.podLabels);
            });
            if (!own) {
                findings.push({
                    urn: w.resource.urn,
                    message: `${w.label}: can run ${w.replicas === undefined && w.hpa === undefined ? "more than one replica (spec.replicas unset)" : `${maximumReplicas(w)} replicas`} but no topologySpreadConstraint on ${SPREAD_KEYS.join(", ")} selects its own pods, so all of them may land on one node`,
                });
            }
        }
        return findings;
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
            "Checks that every Deployment and StatefulSet that can run more than one replica (spec.replicas unset or above 1, or an HPA's maxReplicas) is selected by exactly one PodDisruptionBudget in its namespace (matchLabels and matchExpressions), and that every budget selecting a workload still allows at least one eviction at the workload's minimum replica count (HPA minReplicas included, percentages rounded up as the disruption controller does). A budget or autoscaler unknown during preview makes the verdict wait for the update.",
        remediation: "Add one PodDisruptionBudget per workload whose selector matches the pod template's labels, with maxUnavailable: 1 (or a minAvailable below the minimum replica count).",
        url: "https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
        covers: [
            equivalent("kubeScore", "deployment-has-poddisruptionbudget"),
            equivalent("kubeScore", "statefulset-has-poddisruptionbudget"),
            stricter("kubeScore", "poddisruptionbudget-has-policy"),
            weaker("polaris", "missingPodDisruptionBudget", "asks no budget of a Deployment with spec.replicas 1: a budget over one replica either blocks every drain or protects nothing"),
            stricter("polaris", "pdbDisruptionsIsZero"),
            stricter("polaris", "pdbMinAvailableGreaterThanHPAMinReplicas"),
            stricter("kubeLinter", "pdb-max-unavailable"),
            stricter("kubeLinter", "pdb-min-available"),
        ],
        references: ["Azure Policy DisallowedBadPodDisruptionBudgets"],
    },
    check: (resources, _settings, ledger) => {
        const stack = gatherStackWorkloads(resources, ledger);
        const findings: StackFinding[] = [];
        const compiled = stack.budgets.flatMap((b) => {
            const selector = compileSelector(b.selector, b.label, "spec.selector");
            if ("problem" in selector) {
                findings.push({ urn: b.resource.urn, message: `${b.label}: ${selector.problem}` });
                return [];
            }
            return [{ budget: b, selector }];
        });
        const judge = (w: ReplicatedWorkload) => {
            const matching = compiled.filter((c) => c.budget.namespace === w.namespace && c.selector.matches(w.podLabels));
            const min = minimumReplicas(w);
            if (matching.length === 0) {
                // A budget whose namespace or selector is unknown may be the one; the ledger reports the unknown.
                if (stack.undecidedBudgets.some((u) => mayConcern(u, w))) return;
                if (maximumReplicas(w) > 1 || w.replicas === undefined) {
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
        for (const w of decided(stack)) ledger.guard(() => judge(w));
        // A budget judged against several workloads may repeat the same finding.
        return findings.filter((f, i) => findings.findIndex((g) => g.message === f.message && g.urn === f.urn) === i);
    },
});

/** The object an HPA's scaleTargetRef names, when the stack declares it. */
function scaleTarget(hpa: PolicyResource, resources: readonly PolicyResource[]): PolicyResource | undefined {
    const kind = asString(at(hpa.props, "spec", "scaleTargetRef", "kind"));
    const name = asString(at(hpa.props, "spec", "scaleTargetRef", "name"));
    const { namespace } = nameAndNamespace(hpa);
    return resources.find((r) => CONTROLLER_TYPES.includes(r.type) && r.type.endsWith(`:${kind}`) && nameAndNamespace(r).name === name && nameAndNamespace(r).namespace === namespace);
}

/** WL-034: sound autoscalers. */
export const autoscalersSound = stackPolicy({
    doc: {
        name: "k8s-hpa-sound",
        code: "WL-034",
        title: "Autoscalers can scale a declared workload",
        severity: "medium",
        description:
            "Checks that every HorizontalPodAutoscaler (any autoscaling API version) targets a Deployment, StatefulSet or other scalable workload the stack declares in its namespace, lets it scale (maxReplicas above minReplicas), and that the workload it scales sets no spec.replicas, which every `pulumi up` would reset under the autoscaler.",
        remediation: "Point scaleTargetRef at the workload's kind and name, raise maxReplicas above minReplicas, and leave spec.replicas out of an autoscaled workload (the Workload component does).",
        url: "https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling",
        covers: [
            equivalent("kubeScore", "horizontalpodautoscaler-has-target"),
            stricter("kubeScore", "deployment-targeted-by-hpa-does-not-have-replicas-configured"),
            equivalent("polaris", "hpaMaxAvailability"),
        ],
    },
    check: (resources, _settings, ledger) => {
        const findings: StackFinding[] = [];
        for (const hpa of resources.filter((r) => r.type === HPA)) {
            ledger.guard(() => {
                const label = workloadLabel(hpa.type, hpa.props, hpa.name);
                const min = asNumber(at(hpa.props, "spec", "minReplicas")) ?? 1;
                const max = asNumber(at(hpa.props, "spec", "maxReplicas"));
                if (max === undefined || max <= min) findings.push({ urn: hpa.urn, message: `${label}: maxReplicas (${describe(max)}) must be above minReplicas (${min}), or the autoscaler cannot scale` });
                const ref = `${describe(at(hpa.props, "spec", "scaleTargetRef", "kind"))} ${describe(at(hpa.props, "spec", "scaleTargetRef", "name"))}`;
                const target = scaleTarget(hpa, resources);
                if (target === undefined) {
                    findings.push({ urn: hpa.urn, message: `${label}: scaleTargetRef ${ref} names no workload the stack declares in namespace ${nameAndNamespace(hpa).namespace}` });
                } else if (at(target.props, "spec", "replicas") !== undefined) {
                    findings.push({ urn: target.urn, message: `${workloadLabel(target.type, target.props, target.name)}: sets spec.replicas although ${label} scales it; each update would reset the replica count: leave spec.replicas out` });
                }
            });
        }
        return findings;
    },
});

/** WL-035: budgets let unhealthy pods go. */
export const pdbUnhealthyPodEviction = resourcePolicy({
    doc: {
        name: "k8s-pdb-unhealthy-pod-eviction",
        code: "WL-035",
        title: "Budgets always allow evicting unhealthy pods",
        severity: "medium",
        description: "Checks that every PodDisruptionBudget sets unhealthyPodEvictionPolicy AlwaysAllow; with the default (IfHealthyBudget), a pod that never turns ready blocks node drains while the budget is short of healthy pods.",
        remediation: "Set spec.unhealthyPodEvictionPolicy to AlwaysAllow (the Workload component does).",
        url: "https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy",
        covers: [stricter("kubeLinter", "pdb-unhealthy-pod-eviction-policy")],
        references: ["Azure Policy MutateUnhealthyPodEvictionPolicy"],
    },
    types: [POD_DISRUPTION_BUDGET],
    subjects: (args) => [{ label: workloadLabel(args.type, args.props, args.name), value: args.props }],
    check: (subject) => {
        const value = at(subject.value, "spec", "unhealthyPodEvictionPolicy");
        return value === "AlwaysAllow" ? [] : [`spec.unhealthyPodEvictionPolicy must be AlwaysAllow (found ${describe(value)})`];
    },
});

/** WL-036: bounded Jobs and CronJobs. */
export const jobsBounded = resourcePolicy({
    doc: {
        name: "k8s-jobs-bounded",
        code: "WL-036",
        title: "Jobs and CronJobs are bounded",
        severity: "low",
        description:
            "Checks that every CronJob sets startingDeadlineSeconds and leaves ttlSecondsAfterFinished to its history limits, that every standalone Job sets ttlSecondsAfterFinished, and that their pods restart OnFailure or Never (the API server refuses Always).",
        remediation: "Set CronJob spec.startingDeadlineSeconds, Job spec.ttlSecondsAfterFinished, and restartPolicy OnFailure or Never in the pod template.",
        url: "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#job-creation",
        covers: [equivalent("kubeScore", "cronjob-has-deadline"), stricter("kubeScore", "cronjob-restartpolicy"), equivalent("kubeLinter", "job-ttl-seconds-after-finished")],
    },
    types: [JOB, CRON_JOB],
    subjects: (args) => [{ label: workloadLabel(args.type, args.props, args.name), value: args.props }],
    check: (subject, _settings, args) => {
        const findings: string[] = [];
        const cron = args.type === CRON_JOB;
        const jobSpec = cron ? at(subject.value, "spec", "jobTemplate", "spec") : at(subject.value, "spec");
        const where = cron ? "spec.jobTemplate.spec" : "spec";
        if (cron && asNumber(at(subject.value, "spec", "startingDeadlineSeconds")) === undefined) findings.push("spec.startingDeadlineSeconds must be set, or a missed schedule starts late without bound");
        const ttl = at(jobSpec, "ttlSecondsAfterFinished");
        if (cron && ttl !== undefined) findings.push(`${where}.ttlSecondsAfterFinished must be unset: the CronJob's history limits clean up its Jobs`);
        if (!cron && ttl === undefined) findings.push("spec.ttlSecondsAfterFinished must be set, or the finished Job and its pods stay forever");
        const restart = at(jobSpec, "template", "spec", "restartPolicy");
        if (!["OnFailure", "Never"].includes(asString(restart) ?? "")) findings.push(`${where}.template.spec.restartPolicy must be OnFailure or Never (found ${describe(restart)})`);
        return findings;
    },
});

/** The pod templates' labels of the stack's workloads in a namespace. */
function templatesIn(resources: readonly PolicyResource[], namespace: string): { resource: PolicyResource; labels: Record<string, string> }[] {
    return resources.flatMap((r) => {
        if (!WORKLOAD_TYPES.includes(r.type) || nameAndNamespace(r).namespace !== namespace) return [];
        const template = podTemplateOf(r.type, r.props);
        return "problem" in template ? [] : [{ resource: r, labels: asStringMap(template.metadata?.labels) ?? {} }];
    });
}

/** Whether a Service's selector selects the given pod labels. */
export function serviceSelects(service: PolicyResource, labels: Record<string, string>): boolean {
    const selector = asStringMap(at(service.props, "spec", "selector"));
    return selector !== undefined && Object.keys(selector).length > 0 && mapSelector(selector).matches(labels);
}

/** WL-037: rolling updates for served Deployments. */
export const rollingUpdates = stackPolicy({
    doc: {
        name: "k8s-deployment-rolling-update",
        code: "WL-037",
        title: "Served Deployments update in rolling fashion",
        severity: "medium",
        description: "Checks that no Deployment a Service sends traffic to uses the Recreate strategy, which stops every replica before starting the new ones.",
        remediation: "Use strategy.type RollingUpdate (the default) with maxUnavailable below the replica count.",
        url: "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy",
        covers: [equivalent("kubeScore", "deployment-strategy")],
    },
    check: (resources, _settings, ledger) => {
        const findings: StackFinding[] = [];
        const services = resources.filter((r) => r.type === SERVICE);
        for (const d of resources.filter((r) => r.type === DEPLOYMENT)) {
            ledger.guard(() => {
                if (!enumIn(at(d.props, "spec", "strategy", "type"), ["Recreate"])) return;
                const labels = templatesIn([d], nameAndNamespace(d).namespace)[0]?.labels ?? {};
                const served = services.filter((s) => nameAndNamespace(s).namespace === nameAndNamespace(d).namespace && serviceSelects(s, labels));
                if (served.length > 0) findings.push({ urn: d.urn, message: `${workloadLabel(d.type, d.props, d.name)}: uses strategy Recreate although ${served.map((s) => workloadLabel(s.type, s.props, s.name)).join(", ")} sends it traffic; every rollout is an outage` });
            });
        }
        return findings;
    },
});

/** Priority classes Kubernetes creates itself. */
const BUILT_IN_PRIORITY_CLASSES = ["system-cluster-critical", "system-node-critical"];

/** WL-038: pods carry a declared priority class. */
export const priorityClassSet = stackPolicy({
    doc: {
        name: "k8s-priority-class-set",
        code: "WL-038",
        title: "Pods carry a declared priority class",
        severity: "low",
        description: "Checks that every workload's pods set priorityClassName, naming a PriorityClass the stack declares (or a built-in system class), so that under pressure the scheduler preempts the right pods and the name does not fail admission.",
        remediation: "Declare the classes in aks-platform:priorityClasses and give each workload a priorityClassName (the stacks default it per workload).",
        url: "https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/",
        covers: [stricter("polaris", "priorityClassNotSet")],
    },
    check: (resources, _settings, ledger) => {
        const declared = new Set([...BUILT_IN_PRIORITY_CLASSES, ...resources.filter((r) => r.type === PRIORITY_CLASS).map((r) => asString(at(r.props, "metadata", "name")) ?? r.name)]);
        const findings: StackFinding[] = [];
        for (const r of resources.filter((x) => WORKLOAD_TYPES.includes(x.type))) {
            ledger.guard(() => {
                const template = podTemplateOf(r.type, r.props);
                if ("problem" in template) return;
                const ns = nameAndNamespace(r).namespace;
                if (["kube-system", "gatekeeper-system", "azure-arc"].includes(ns)) return;
                const name = asString(template.spec.priorityClassName);
                const label = workloadLabel(r.type, r.props, r.name);
                if (name === undefined) findings.push({ urn: r.urn, message: `${label}: ${template.path}.priorityClassName is unset, so its pods run at priority 0` });
                else if (!declared.has(name)) findings.push({ urn: r.urn, message: `${label}: ${template.path}.priorityClassName "${name}" names no PriorityClass the stack declares (declared: ${[...declared].join(", ")})` });
            });
        }
        return findings;
    },
});

/** The availability policies, in code order. */
export const availabilityPolicies: readonly PackPolicy[] = [
    noBarePods,
    replicasFloor,
    spreadOrAntiAffinity,
    disruptionBudget,
    autoscalersSound,
    pdbUnhealthyPodEviction,
    jobsBounded,
    rollingUpdates,
    priorityClassSet,
];

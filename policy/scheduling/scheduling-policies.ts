/**
 * Scheduling feasibility: stack policies that place every workload's pods on the declared node pools with
 * the placement checks (`placement/`, built on the scheduling engine: kube-scheduler's Filter phase over the
 * nodes AKS builds from each pool) and report what would stay Pending. Each policy reads one scenario of
 * the placement report:
 * - max-size (every pool at its maximum): replicas that fit no node are split by what is missing. A pod that
 *   fits no empty node of any pool (selector, affinity, taints, requests beyond allocatable) is SCH-001;
 *   one that only ran out of room is SCH-002; one held back by required spread or anti-affinity is SCH-003.
 * - upgrade-drain (every pool upgraded: max-surge nodes added, old nodes cordoned and drained through the
 *   Eviction API, PodDisruptionBudgets honoured): SCH-004.
 * - zone-loss (each zone lost in turn): SCH-005, on by default only in prod's config.
 * Each violation names the workload, the pool(s) and kube-scheduler's reasons, and is reported on the
 * workload's resource when the placement report names one.
 */
import type { PolicyResource } from "@pulumi/policy";
import * as policySdk from "@pulumi/policy";
import { budgetsFor } from "../../placement";
import type { ScenarioName, WorkloadPlacement } from "../../placement/types";
import type { V1PodDisruptionBudget } from "../../scheduling";
import { stackPolicy, UnknownLedger, type PackPolicy, type PolicyDoc, type StackFinding } from "../common/define";
import type { UnknownValueErrorLike } from "../common/unknowns";
import { fitErrorConcern } from "./fit-reasons";
import { WorkloadProber, type NodeProbe } from "./node-probe";
import { mentions, placeStack, type ClusterVerdict, type StackPlacement } from "./stack-placement";

type SdkUnknownClass = new (sentinel: string, props: string[]) => UnknownValueErrorLike;
const SdkUnknownValueError = policySdk.UnknownValueError as SdkUnknownClass;

/** The sentinel Pulumi sends for a value unknown during preview (`@pulumi/pulumi` runtime `unknownValue`). */
const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Runs a scenario and hands every unknown path to the ledger, so the policy reports them plainly. */
function place(resources: readonly PolicyResource[], scenario: ScenarioName, ledger: UnknownLedger): StackPlacement {
    const placement = placeStack(resources, scenario);
    for (const path of placement.unknownPaths) {
        ledger.guard(() => {
            throw new SdkUnknownValueError(UNKNOWN_SENTINEL, path);
        });
    }
    return placement;
}

/** What keeps a workload's replicas off the nodes in the max-size scenario. */
type Shortfall = "no-node" | "placement-rule" | "capacity" | "topology";

interface UnplacedWorkload {
    cluster: ClusterVerdict;
    workload: WorkloadPlacement;
    shortfall: Shortfall;
    probe?: NodeProbe;
}

/**
 * Runs a second look at a workload the placement checks already read; if it throws on the workload's shape,
 * the report's own reasons decide instead.
 */
function safely<T>(fn: () => T): T | undefined {
    try {
        return fn();
    } catch {
        return undefined;
    }
}

/** One prober per cluster verdict, so that each model is expanded once however many policies read it. */
const probers = new WeakMap<ClusterVerdict, WorkloadProber>();
function proberOf(cv: ClusterVerdict): WorkloadProber {
    let prober = probers.get(cv);
    if (prober === undefined) {
        prober = new WorkloadProber(cv.model);
        probers.set(cv, prober);
    }
    return prober;
}

/** The sorting of a max-size run, kept per run: SCH-001 to SCH-003 and the dedupe of SCH-004/005 share it. */
const sorted = new WeakMap<readonly ClusterVerdict[], UnplacedWorkload[]>();

/** The max-size scenario's workloads with replicas that fit no node, each with what keeps them off. */
function unplacedAtMaxSize(placement: StackPlacement): UnplacedWorkload[] {
    const known = sorted.get(placement.verdicts);
    if (known !== undefined) return known;
    const out: UnplacedWorkload[] = [];
    for (const cv of placement.verdicts) {
        for (const w of cv.verdict.workloads) {
            if (w.placed >= w.replicas) continue;
            const probe = safely(() => proberOf(cv).probe(w.workload));
            const shortfall: Shortfall = probe !== undefined && !probe.fitsSomePool ? "no-node" : fitErrorConcern(w.reasons);
            out.push({ cluster: cv, workload: w, shortfall, ...(probe === undefined ? {} : { probe }) });
        }
    }
    sorted.set(placement.verdicts, out);
    return out;
}

function details(w: WorkloadPlacement): string {
    return w.details.length === 0 ? "" : ` (${w.details.join("; ")})`;
}

function poolList(u: UnplacedWorkload): string {
    const pools = u.probe?.fittingPools ?? Object.keys(u.workload.byPool);
    return pools.length === 0 ? "none" : [...new Set(pools)].map((p) => `"${p}"`).join(", ");
}

function unplacedMessage(u: UnplacedWorkload): string {
    const w = u.workload;
    const missing = `${w.replicas - w.placed} of ${w.replicas} replica(s)`;
    const reasons = w.reasons.join(" ");
    switch (u.shortfall) {
        case "no-node":
            return `${w.workload}: ${missing} cannot run: its pod fits no node of any pool, however many nodes they get (${u.probe?.rejections.join("; ")}); kube-scheduler, one empty node per pool: ${u.probe?.message}${details(w)}`;
        case "placement-rule":
            return `${w.workload}: ${missing} fit no node of the pools at their maximum size; kube-scheduler: ${reasons}${details(w)}`;
        case "capacity":
            return `${w.workload}: ${missing} do not fit with every pool at its maximum size (pools that can run its pods: ${poolList(u)}); kube-scheduler: ${reasons}${details(w)}`;
        case "topology":
            return `${w.workload}: ${missing} cannot meet their required topology spread or pod anti-affinity with the zones and nodes of pools ${poolList(u)}; kube-scheduler: ${reasons}${details(w)}`;
    }
}

/**
 * The max-size findings of the given shortfalls. Problems of the scenario about no workload of the stack are
 * sorted too: a pool whose pods need more than its maximum is capacity; AKS's own kube-system pods that fit
 * no node are a placement problem of the cluster.
 */
function maxSizeFindings(resources: readonly PolicyResource[], ledger: UnknownLedger, shortfalls: readonly Shortfall[]): StackFinding[] {
    const placement = place(resources, "max-size", ledger);
    const findings = shortfalls.includes("no-node") ? [...placement.findings] : [];
    for (const u of unplacedAtMaxSize(placement)) {
        if (shortfalls.includes(u.shortfall)) findings.push({ urn: placement.urnOf(u.workload.workload) ?? u.cluster.clusterUrn, message: unplacedMessage(u) });
    }
    for (const cv of placement.verdicts) {
        const unplaced = cv.verdict.workloads.filter((w) => w.placed < w.replicas).map((w) => w.workload);
        for (const problem of cv.verdict.problems) {
            if (unplaced.some((ref) => mentions(problem, ref))) continue;
            const shortfall: Shortfall = problem.startsWith('pool "') ? "capacity" : "placement-rule";
            if (shortfalls.includes(shortfall)) findings.push({ urn: cv.clusterUrn, message: `cluster "${cv.model.clusterName}": ${problem}` });
        }
    }
    return findings;
}

/**
 * What max-size already reports, so the other scenarios leave it out: `Kind/namespace/name` of the workloads
 * with replicas that fit no node there, and `PodDisruptionBudget namespace/name` of the budgets selecting
 * them (a budget over missing replicas also blocks drains; that is the same fault).
 */
function reportedAtMaxSize(placement: StackPlacement): string[] {
    const names: string[] = [];
    for (const cv of placement.verdicts) {
        const budgets = cv.model.objects.filter((o): o is V1PodDisruptionBudget => (o as { kind?: unknown }).kind === "PodDisruptionBudget");
        for (const w of cv.verdict.workloads.filter((x) => x.placed < x.replicas)) {
            names.push(w.workload);
            const pod = safely(() => proberOf(cv).samplePod(w.workload));
            for (const b of pod === undefined ? [] : safely(() => budgetsFor(pod, budgets)) ?? []) {
                names.push(`PodDisruptionBudget ${b.metadata?.namespace ?? "default"}/${b.metadata?.name ?? ""}`);
            }
        }
    }
    return names;
}

/**
 * The problems of a scenario that is not ok, each on the resource it names first (the budget that blocks a
 * drain, the workload that loses replicas). Faults already reported with the pools at their maximum
 * (SCH-001 to SCH-003) are left out, so one fault is reported once.
 */
function scenarioFindings(resources: readonly PolicyResource[], ledger: UnknownLedger, scenario: ScenarioName): StackFinding[] {
    const placement = place(resources, scenario, ledger);
    // A second read of the same stack: its unknowns are the ones the first read already handed to `ledger`.
    const atMaxSize = place(resources, "max-size", new UnknownLedger());
    const already = reportedAtMaxSize(atMaxSize);
    const unreadable = new Set(atMaxSize.findings.map((f) => f.message));
    const findings = placement.findings.filter((f) => !unreadable.has(f.message));
    for (const cv of placement.verdicts) {
        if (cv.verdict.ok) continue;
        const problems =
            cv.verdict.problems.length > 0
                ? cv.verdict.problems
                : cv.verdict.workloads.filter((w) => w.placed < w.replicas).map((w) => `${w.workload}: ${w.replicas - w.placed} of ${w.replicas} replica(s) fit no node; kube-scheduler: ${w.reasons.join(" ")}${details(w)}`);
        for (const problem of problems) {
            if (already.some((name) => mentions(problem, name))) continue;
            findings.push({ urn: placement.urnMentionedIn(problem) ?? cv.clusterUrn, message: `${scenario}: ${problem}` });
        }
    }
    return findings;
}

const NO_COVERAGE: PolicyDoc["covers"] = [];

/** SCH-001: every workload's pods fit some declared node. */
export const podsFitNodePools = stackPolicy({
    doc: {
        name: "k8s-pods-fit-node-pools",
        code: "SCH-001",
        title: "Pods fit a node of the declared pools",
        severity: "critical",
        description:
            "Checks that every workload's pods fit some node of the declared pools, as kube-scheduler filters them: node selector and affinity, taints and tolerations, host ports, and requests within the allocatable AKS leaves after its reservations.",
        remediation:
            "Make the pod template match a pool (nodeSelector or required node affinity on the pool's labels, tolerations for its taints), lower the requests below the node's allocatable, or add a pool whose VM size, labels and taints fit the workload.",
        url: "https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/",
        covers: NO_COVERAGE,
    },
    check: (resources, _settings, ledger) => maxSizeFindings(resources, ledger, ["no-node", "placement-rule"]),
});

/** SCH-002: total replicas fit the pools at their maximum size. */
export const replicasFitPoolCapacity = stackPolicy({
    doc: {
        name: "k8s-replicas-fit-pool-capacity",
        code: "SCH-002",
        title: "Replicas fit the pools at their maximum size",
        severity: "high",
        description:
            "Checks that every replica of every workload (HPA maxReplicas included) finds room with each pool at its maximum node count, after AKS's reservations, DaemonSets and kube-system pods.",
        remediation: "Raise the pool's maxCount (or count), pick a larger VM size, lower the workload's requests or replicas, or let the workload use another pool.",
        url: "https://learn.microsoft.com/azure/aks/cluster-autoscaler",
        covers: NO_COVERAGE,
    },
    check: (resources, _settings, ledger) => maxSizeFindings(resources, ledger, ["capacity"]),
});

/** SCH-003: hard topology spread and anti-affinity achievable. */
export const topologyAchievable = stackPolicy({
    doc: {
        name: "k8s-topology-constraints-achievable",
        code: "SCH-003",
        title: "Required spread and anti-affinity are achievable",
        severity: "high",
        description:
            "Checks that every workload's required topology spread constraints (whenUnsatisfiable DoNotSchedule) and required pod anti-affinity can be met with the zones and nodes of the pools it may use, at their maximum size.",
        remediation:
            "Give the pools the workload uses more zones or a higher maxCount, lower the replicas, raise maxSkew, or make the constraint preferred (ScheduleAnyway, preferredDuringScheduling).",
        url: "https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/",
        covers: NO_COVERAGE,
    },
    check: (resources, _settings, ledger) => maxSizeFindings(resources, ledger, ["topology"]),
});

/** SCH-004: node drain and upgrade possible given PDBs and max surge. */
export const drainableForUpgrade = stackPolicy({
    doc: {
        name: "k8s-nodes-drainable-for-upgrade",
        code: "SCH-004",
        title: "Nodes can be drained for an upgrade",
        severity: "high",
        description:
            "Checks that an AKS node image or version upgrade can drain every node: with the pools' max surge nodes added, each evicted pod finds another node and no PodDisruptionBudget blocks the eviction.",
        remediation:
            "Allow at least one disruption in each PodDisruptionBudget (maxUnavailable 1), keep spare room or a maxSurge on the pools, and run more replicas than the budget's minAvailable.",
        url: "https://learn.microsoft.com/azure/aks/upgrade-aks-cluster#customize-node-surge-upgrade",
        covers: NO_COVERAGE,
    },
    check: (resources, _settings, ledger) => scenarioFindings(resources, ledger, "upgrade-drain"),
});

/** SCH-005: workloads survive the loss of one zone. */
export const surviveZoneLoss = stackPolicy({
    doc: {
        name: "k8s-workloads-survive-zone-loss",
        code: "SCH-005",
        title: "Workloads survive the loss of one zone",
        severity: "high",
        description:
            "Checks that every workload still places all its declared replicas when any one availability zone of the cluster is lost, with the other zones' nodes at their pools' maximum; on by default only in prod's config.",
        remediation: "Spread the pools over three availability zones, raise their maxCount so two zones can hold the load, and spread replicas across zones with a topology spread constraint.",
        url: "https://learn.microsoft.com/azure/aks/availability-zones",
        covers: NO_COVERAGE,
    },
    check: (resources, _settings, ledger) => scenarioFindings(resources, ledger, "zone-loss"),
});

/** The scheduling-feasibility group of the pack. */
export const schedulingPolicies: readonly PackPolicy[] = [podsFitNodePools, replicasFitPoolCapacity, topologyAchievable, drainableForUpgrade, surviveZoneLoss];

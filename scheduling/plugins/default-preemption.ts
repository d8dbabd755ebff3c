/**
 * DefaultPreemption, the default profile's PostFilter plugin: when Filter rejected a pod everywhere, find nodes
 * where evicting lower-priority pods lets it fit, and nominate one (kubernetes/kubernetes
 * `pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go` and
 * `pkg/scheduler/framework/preemption/preemption.go`, v1.35, read at commit 008b3652959ca58af8be3fb5b6ecfe9ae7638282):
 * - eligibility: a pod with `preemptionPolicy: Never` does not preempt;
 * - potential nodes: those whose Filter status is Unschedulable (UnschedulableAndUnresolvable ones, and nodes a
 *   PreFilter result left out, cannot be helped by evicting pods);
 * - per node (`SelectVictimsOnNode`): every pod of lower priority is removed (the PreFilter state follows through
 *   the plugins' `removePod`); if the pod still does not fit, the node is no candidate; otherwise the removed pods
 *   are put back one by one, most important first (priority, then earlier start), PodDisruptionBudget-violating
 *   ones before the others, and each one whose return makes the pod not fit again is a victim;
 * - the dry run visits the potential nodes from an offset, round the list, until it has
 *   `max(10% of the nodes, 100)` candidates (capped at the node count) of which at least one violates no budget;
 * - the node is picked by upstream's ordering: fewest budget violations, then the lowest highest victim
 *   priority, the lowest sum of victim priorities (each raised by 2³¹), the fewest victims, the latest start of
 *   the earliest-started victim of the highest priority; on a full tie the first candidate.
 *
 * Where we differ: upstream draws the offset at random (`rand.Int31n`) and iterates a Go map for the final tie;
 * we start at offset 0 (or the caller's offset) and keep candidate order, so results are reproducible. A pod
 * without `status.startTime` counts as started now (upstream `GetPodStartTime`), i.e. later than any pod that
 * has one. Budgets without `status` are evaluated as the disruption controller would on the pods given (see
 * {@link disruptionsAllowed}). Nominated pods are not modelled: preemption here evicts at once.
 * See https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
 */
import { addPodToNode, cloneNodeInfo, removePodFromNode } from "../framework/node-info";
import type { CycleContext, FilterPlugin, NodeInfo, PodInfo, PreFilterExtensions, Status } from "../framework/interfaces";
import { fitErrorMessage } from "../framework/fit-error";
import { ErrReasonNoPreemptionVictims, ErrReasonPreemptionNotHelpful, ErrReasonPreemptionPolicyNever, PREEMPTION_MESSAGE_PREFIX } from "../framework/reasons";
import { runFilterPlugins } from "../framework/run-filters";
import { compileLabelSelector } from "../model/label-selector";
import { podRef } from "../model/pod-requests";
import type { V1Pod, V1PodDisruptionBudget } from "../model/types";

/** Upstream `DefaultPreemptionArgs` defaults: at least 10% of the nodes, and at least 100 nodes, as candidates. */
export const DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/** The priority that shifts every victim priority above 0 in the sum criterion (`math.MaxInt32 + 1`). */
const PRIORITY_SHIFT = 2 ** 31;

/** A pod's priority (`corev1helpers.PodPriority`): `spec.priority`, 0 when unset. */
export function podPriority(pod: V1Pod): number {
    return pod.spec?.priority ?? 0;
}

/**
 * A pod's start time as [seconds since the epoch, nanoseconds] (RFC 3339, fractional seconds to the nanosecond);
 * a pod that has not started counts as starting now, later than every started pod.
 */
function startTime(pod: V1Pod): [number, number] {
    const value = pod.status?.startTime;
    const notStarted: [number, number] = [Number.POSITIVE_INFINITY, 0];
    if (value === undefined || value === null) return notStarted;
    const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(value);
    if (match === null) return notStarted;
    const ms = Date.parse(match[1] + match[3]);
    if (Number.isNaN(ms)) return notStarted;
    return [ms / 1000, Number((match[2] ?? "").padEnd(9, "0"))];
}

function compareTimes(a: [number, number], b: [number, number]): number {
    return a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] - b[1];
}

/** Upstream `util.MoreImportantPod`: higher priority first, then the earlier start. Negative when `a` comes first. */
export function compareImportance(a: V1Pod, b: V1Pod): number {
    const byPriority = podPriority(b) - podPriority(a);
    if (byPriority !== 0) return byPriority;
    return compareTimes(startTime(a), startTime(b));
}

/** Why a pod may not preempt (upstream `PodEligibleToPreemptOthers`); undefined when it may. */
export function preemptionIneligibility(pod: V1Pod): string | undefined {
    return pod.spec?.preemptionPolicy === "Never" ? ErrReasonPreemptionPolicyNever : undefined;
}

/** A node without pods of lower priority than the preemptor. */
const NO_VICTIMS: Status = Object.freeze({ code: "UnschedulableAndUnresolvable", reasons: Object.freeze([ErrReasonNoPreemptionVictims]) as unknown as string[] });

/** A budget as preemption reads it: its namespace, selector, the disruptions it allows and the pods already disrupted. */
export interface BudgetState {
    namespace: string;
    matches(pod: V1Pod): boolean;
    allowed: number;
    disruptedPods: ReadonlySet<string>;
}

function scaledValue(value: number | string, expected: number, where: string, field: string): number {
    if (typeof value === "number") return value;
    const match = /^(\d+)%$/.exec(value);
    if (match === null) throw new Error(`${where}: ${field}: expected a whole number or a percentage ("50%"), got ${JSON.stringify(value)}`);
    return Math.ceil((Number(match[1]) * expected) / 100);
}

/**
 * The disruptions a budget allows: `status.disruptionsAllowed` when the budget carries a status (an object read
 * from a cluster), else what the disruption controller would compute from the spec over `pods` (its matching,
 * non-terminating pods are both the expected and the healthy count): healthy − desiredHealthy, never below 0.
 */
export function disruptionsAllowed(budget: V1PodDisruptionBudget, pods: readonly V1Pod[]): number {
    const status = budget.status;
    if (status !== undefined && typeof status.disruptionsAllowed === "number") return status.disruptionsAllowed;
    const namespace = budget.metadata?.namespace || "default";
    const where = `PodDisruptionBudget/${namespace}/${budget.metadata?.name ?? "<unnamed>"}`;
    const selector = compileLabelSelector(budget.spec?.selector, { object: where, field: "spec.selector" });
    const healthy = pods.filter((p) => (p.metadata?.namespace || "default") === namespace && p.metadata?.deletionTimestamp == null && selector.matches(p.metadata?.labels)).length;
    const { minAvailable, maxUnavailable } = budget.spec ?? {};
    let desired = 0;
    if (maxUnavailable !== undefined) desired = Math.max(0, healthy - scaledValue(maxUnavailable, healthy, where, "spec.maxUnavailable"));
    else if (minAvailable !== undefined) desired = scaledValue(minAvailable, healthy, where, "spec.minAvailable");
    return Math.max(0, healthy - desired);
}

/**
 * The budgets' preemption view, their allowances computed over `pods` (or the pods of the budget's namespace the
 * function returns, asked once per namespace) where they carry no status. Each budget's
 * selector and allowance are worked out on first use: a preemption attempt consults only the budgets that select
 * one of its candidate victims, and the scheduler makes an attempt for every pod that fits nowhere, so computing
 * every budget over every pod up front cost O(budgets × pods) per attempt (minutes on a 2,000-workload estate).
 */
export function budgetStates(budgets: readonly V1PodDisruptionBudget[], pods: readonly V1Pod[] | ((namespace: string) => readonly V1Pod[])): BudgetState[] {
    const byNamespace = new Map<string, readonly V1Pod[]>();
    const podsIn = (namespace: string): readonly V1Pod[] => {
        if (typeof pods !== "function") return pods;
        let found = byNamespace.get(namespace);
        if (found === undefined) byNamespace.set(namespace, (found = pods(namespace)));
        return found;
    };
    return budgets.map((budget) => {
        const namespace = budget.metadata?.namespace || "default";
        const where = `PodDisruptionBudget/${namespace}/${budget.metadata?.name ?? "<unnamed>"}`;
        let selector: ReturnType<typeof compileLabelSelector> | undefined;
        let empty = false;
        let allowed: number | undefined;
        let disruptedPods: ReadonlySet<string> | undefined;
        return {
            namespace,
            matches(pod: V1Pod) {
                if (selector === undefined) {
                    selector = compileLabelSelector(budget.spec?.selector, { object: where, field: "spec.selector" });
                    // A budget with a nil or empty selector matches nothing (upstream `filterPodsWithPDBViolation`).
                    empty = selector.kind !== "requirements" || selector.requirements.length === 0;
                }
                return !empty && selector.matches(pod.metadata?.labels);
            },
            get allowed() {
                return (allowed ??= disruptionsAllowed(budget, podsIn(namespace)));
            },
            get disruptedPods() {
                return (disruptedPods ??= new Set(Object.keys(budget.status?.disruptedPods ?? {})));
            },
        };
    });
}

/**
 * Upstream `filterPodsWithPDBViolation`: walking the pods in order, each budget that selects a pod (same namespace,
 * not already in its `disruptedPods`) spends one allowed disruption; a pod that takes a budget below 0 violates it.
 */
export function splitByBudgetViolation(pods: readonly PodInfo[], budgets: readonly BudgetState[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
    // Read where a budget first selects a pod: most budgets select none of the candidates.
    const allowed: Array<number | undefined> = budgets.map(() => undefined);
    const violating: PodInfo[] = [];
    const nonViolating: PodInfo[] = [];
    for (const podInfo of pods) {
        const pod = podInfo.pod;
        let violated = false;
        if (Object.keys(pod.metadata?.labels ?? {}).length > 0) {
            budgets.forEach((budget, i) => {
                if (budget.namespace !== (pod.metadata?.namespace || "default") || !budget.matches(pod)) return;
                if (budget.disruptedPods.has(pod.metadata?.name ?? "")) return;
                const left = (allowed[i] ?? budget.allowed) - 1;
                allowed[i] = left;
                if (left < 0) violated = true;
            });
        }
        (violated ? violating : nonViolating).push(podInfo);
    }
    return { violating, nonViolating };
}

/** What preemption runs the Filter plugins with: the pod's cycle (after PreFilter), the plugins and the skipped ones. */
export interface PreemptionCycle {
    ctx: CycleContext;
    plugins: readonly FilterPlugin[];
    skipped: ReadonlySet<string>;
}

/** A node where the pod fits once its victims are gone. */
export interface PreemptionCandidate {
    node: string;
    /** Most important first. */
    victims: PodInfo[];
    numPDBViolations: number;
}

function extensions(cycle: PreemptionCycle): (FilterPlugin & PreFilterExtensions)[] {
    return cycle.plugins.filter((p): p is FilterPlugin & PreFilterExtensions => typeof (p as Partial<PreFilterExtensions>).removePod === "function" && !cycle.skipped.has(p.name));
}

function checked(status: Status | undefined, what: string): void {
    if (status !== undefined && status.code !== "Success") throw new Error(`preemption: running ${what}: ${status.reasons.join(", ")}`);
}

/**
 * Upstream `SelectVictimsOnNode` on a copy of the node and of the cycle state: the victims (most important first)
 * and how many of them violate a budget, or the status that makes the node no candidate.
 * @throws Error when a plugin's `addPod` / `removePod` fails (its PreFilter state is missing: a bug, not input).
 */
export function selectVictimsOnNode(
    cycle: PreemptionCycle,
    nodeInfo: NodeInfo,
    budgets: readonly BudgetState[],
): { victims: PodInfo[]; numPDBViolations: number } | { status: Status } {
    const priority = podPriority(cycle.ctx.pod);
    if (!nodeInfo.pods.some((p) => podPriority(p.pod) < priority)) return { status: NO_VICTIMS };
    const state = cycle.ctx.state.clone();
    const ctx: CycleContext = { ...cycle.ctx, state };
    const node = cloneNodeInfo(nodeInfo);
    const exts = extensions(cycle);
    const pod = ctx.pod;
    const remove = (victim: PodInfo): void => {
        removePodFromNode(node, victim);
        for (const p of exts) checked(p.removePod(state, pod, victim, node), `RemovePod on PreFilter plugin "${p.name}"`);
    };
    const add = (podInfo: PodInfo): void => {
        addPodToNode(node, podInfo);
        for (const p of exts) checked(p.addPod(state, pod, podInfo, node), `AddPod on PreFilter plugin "${p.name}"`);
    };
    const potential = node.pods.filter((p) => podPriority(p.pod) < priority);
    for (const victim of potential) remove(victim);
    const misfit = (): Status | undefined => runFilterPlugins(cycle.plugins, ctx, node, cycle.skipped);
    const first = misfit();
    if (first !== undefined) return { status: first };
    // Stable sort: pods equally important keep their order on the node, where upstream's order is unspecified.
    potential.sort((a, b) => compareImportance(a.pod, b.pod));
    const { violating, nonViolating } = splitByBudgetViolation(potential, budgets);
    const victims: PodInfo[] = [];
    const reprieve = (podInfo: PodInfo): boolean => {
        add(podInfo);
        if (misfit() === undefined) return true;
        remove(podInfo);
        victims.push(podInfo);
        return false;
    };
    let numPDBViolations = 0;
    for (const podInfo of violating) if (!reprieve(podInfo)) numPDBViolations++;
    for (const podInfo of nonViolating) reprieve(podInfo);
    if (violating.length > 0 && nonViolating.length > 0) victims.sort((a, b) => compareImportance(a.pod, b.pod));
    return { victims, numPDBViolations };
}

/** The victims' priorities summed, each raised by 2³¹ so that more victims never sum lower (exact below 2⁵³). */
function sumOfPriorities(c: PreemptionCandidate): number {
    return c.victims.reduce((sum, v) => sum + podPriority(v.pod) + PRIORITY_SHIFT, 0);
}

/**
 * How many candidates the dry run looks for (upstream `calculateNumCandidates`): the percentage of the potential
 * nodes, at least the absolute minimum, at most every potential node.
 */
export function numCandidates(potentialNodes: number, percentage = DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE, absolute = DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE): number {
    let n = Math.trunc((potentialNodes * percentage) / 100);
    if (n < absolute) n = absolute;
    if (n > potentialNodes) n = potentialNodes;
    return n;
}

/** What the dry run found: candidates (those violating no budget first) and each visited non-candidate's status. */
export interface DryRunOutcome {
    candidates: PreemptionCandidate[];
    statuses: Map<string, Status>;
}

/**
 * Upstream `DryRunPreemption`, one node at a time (upstream's parallelism 1): from `offset` round the potential
 * nodes, stopping once it has `wanted` candidates of which at least one violates no budget.
 */
export function dryRunPreemption(cycle: PreemptionCycle, potential: readonly NodeInfo[], budgets: readonly BudgetState[], offset: number, wanted: number): DryRunOutcome {
    const nonViolating: PreemptionCandidate[] = [];
    const violating: PreemptionCandidate[] = [];
    const statuses = new Map<string, Status>();
    for (let i = 0; i < potential.length; i++) {
        const nodeInfo = potential[(offset + i) % potential.length];
        const outcome = selectVictimsOnNode(cycle, nodeInfo, budgets);
        if ("status" in outcome) {
            statuses.set(nodeInfo.name, outcome.status);
            continue;
        }
        if (outcome.victims.length === 0) {
            // Upstream reports this as an error status on the node ("expected at least one victim pod on node").
            statuses.set(nodeInfo.name, { code: "Error", reasons: [`expected at least one victim pod on node "${nodeInfo.name}"`] });
            continue;
        }
        const candidate = { node: nodeInfo.name, victims: outcome.victims, numPDBViolations: outcome.numPDBViolations };
        // Each list holds at most `wanted` candidates (upstream's fixed-size `candidateList` drops the rest).
        const list = candidate.numPDBViolations === 0 ? nonViolating : violating;
        if (list.length < wanted) list.push(candidate);
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= wanted) break;
    }
    return { candidates: [...nonViolating, ...violating], statuses };
}

/**
 * Upstream `pickOneNodeForPreemption`: each criterion keeps the candidates with the best value, in order, until
 * one is left; on a full tie, the first candidate.
 */
export function selectCandidate(candidates: readonly PreemptionCandidate[]): PreemptionCandidate | undefined {
    if (candidates.length <= 1) return candidates[0];
    // Upstream `GetEarliestPodStartTime`: the earliest start among the victims of the highest priority.
    const earliestStart = (c: PreemptionCandidate): [number, number] => {
        const top = Math.max(...c.victims.map((v) => podPriority(v.pod)));
        return c.victims.filter((v) => podPriority(v.pod) === top).map((v) => startTime(v.pod)).reduce((a, b) => (compareTimes(a, b) <= 0 ? a : b));
    };
    // Each criterion compares two candidates; positive when the first is better.
    const criteria: ((a: PreemptionCandidate, b: PreemptionCandidate) => number)[] = [
        (a, b) => b.numPDBViolations - a.numPDBViolations,
        (a, b) => podPriority(b.victims[0].pod) - podPriority(a.victims[0].pod),
        (a, b) => sumOfPriorities(b) - sumOfPriorities(a),
        (a, b) => b.victims.length - a.victims.length,
        (a, b) => compareTimes(earliestStart(a), earliestStart(b)),
    ];
    let remaining = [...candidates];
    for (const better of criteria) {
        let kept: PreemptionCandidate[] = [];
        for (const c of remaining) {
            const d = kept.length === 0 ? 1 : better(c, kept[0]);
            if (d > 0) kept = [c];
            else if (d === 0) kept.push(c);
        }
        if (kept.length === 1) return kept[0];
        remaining = kept;
    }
    return remaining[0];
}

/** What {@link preemptPod} found. */
export interface PreemptionResult {
    /** The nominated node; undefined when preemption cannot help. */
    node?: string;
    victims: PodInfo[];
    numPDBViolations: number;
    /** Why not, as the PostFilter status message (`preemption: 0/3 nodes are available: …`); undefined on success. */
    message?: string;
}

/** What {@link preemptPod} takes besides the cycle. */
export interface PreemptionOptions {
    /** Every node of the snapshot, in order. */
    nodes: readonly NodeInfo[];
    /** Filter's status per rejected node; a node without one counts as UnschedulableAndUnresolvable. */
    nodeStatuses: ReadonlyMap<string, Status>;
    budgets: readonly BudgetState[];
    /** Where the dry run starts among the potential nodes (upstream draws it at random). Defaults to 0. */
    offset?: number;
}

/**
 * Upstream `Evaluator.Preempt` for a pod Filter rejected everywhere: the nominated node and its victims, or the
 * PostFilter message. The cluster is not changed: the caller evicts the victims.
 * @throws Error when a plugin's PreFilterExtensions fail.
 */
export function preemptPod(cycle: PreemptionCycle, options: PreemptionOptions): PreemptionResult {
    const ineligible = preemptionIneligibility(cycle.ctx.pod);
    if (ineligible !== undefined) return { victims: [], numPDBViolations: 0, message: PREEMPTION_MESSAGE_PREFIX + ineligible };
    const potential = options.nodes.filter((n) => options.nodeStatuses.get(n.name)?.code === "Unschedulable");
    const notHelpful: Status = { code: "UnschedulableAndUnresolvable", reasons: [ErrReasonPreemptionNotHelpful] };
    const statuses = new Map<string, Status>();
    if (potential.length > 0) {
        const offset = (options.offset ?? 0) % potential.length;
        const outcome = dryRunPreemption(cycle, potential, options.budgets, offset, numCandidates(potential.length));
        const chosen = selectCandidate(outcome.candidates);
        if (chosen !== undefined) return { node: chosen.node, victims: chosen.victims, numPDBViolations: chosen.numPDBViolations };
        for (const [name, status] of outcome.statuses) statuses.set(name, status);
    }
    for (const n of options.nodes) if (!statuses.has(n.name)) statuses.set(n.name, notHelpful);
    const errors = [...statuses.values()].filter((s) => s.code === "Error");
    if (errors.length > 0) throw new Error(`${podRef(cycle.ctx.pod)}: preemption: ${errors.map((s) => s.reasons.join(", ")).join("; ")}`);
    return { victims: [], numPDBViolations: 0, message: PREEMPTION_MESSAGE_PREFIX + fitErrorMessage({ numAllNodes: options.nodes.length, nodeStatuses: statuses }) };
}

/**
 * Scenario `upgrade-drain`: a node image or Kubernetes upgrade of every pool, as AKS runs it
 * (https://learn.microsoft.com/azure/aks/upgrade-aks-cluster#customize-node-surge-upgrade): from the steady
 * state (each pool at max(min, nodes needed)), per pool, `maxSurge` new nodes are added (a count, or a
 * percentage of the pool rounded up; spot pools take none), then `maxSurge + maxUnavailable` old nodes are
 * cordoned and drained, their pods evicted one by one through the Eviction API — which refuses while a
 * PodDisruptionBudget allows no disruption — and rescheduled with `simulate` on the nodes still there; the
 * drained nodes are removed and replaced by upgraded ones. DaemonSet pods are not evicted (`kubectl drain
 * --ignore-daemonsets`, which AKS's drain follows); they come with each new node. Claims stay bound where the steady
 * state provisioned them. An evicted pod that fits only by preempting lower-priority pods does (kube-scheduler's
 * DefaultPreemption), and its victims are created again by their controllers and placed where they fit; the
 * workload's details say "fits by preempting N pod(s) of X", and victims that fit nowhere again are problems.
 */
import {
    aksProvisionedVolumeTopology,
    buildPoolNodes,
    daemonPods,
    expandWorkloads,
    LiveCluster,
    poolCsiNodes,
    type BoundPod,
    type NodePoolSpec,
    type PodSource,
    type SimulationStorage,
    type V1Node,
    type V1Pod,
    type V1PodDisruptionBudget,
    type V1PriorityClass,
} from "../../scheduling";
import { buildNodes, isStorageObject, objectsAt, poolOfNode, runAtPoolSizes, runPlacement, zoneOfNode, type PlacementContext, type PlacementRun } from "../context";
import { budgetsFor, disruptionAllowance } from "../disruption-budget";
import { explain, poolPlacements, unplacedProblems, workloadPlacements } from "../report";
import type { ScenarioVerdict, WorkloadPlacement } from "../types";

/** A pod bound to a node. */
interface Bound {
    /** The pod as its controller made it (without `spec.nodeName`). */
    pod: V1Pod;
    /** `Kind/namespace/name` of its workload. */
    workload: string;
    node: string;
    daemon: boolean;
    /** The cluster's handle, to evict it. */
    handle: BoundPod;
    /** When it was bound: the order pods are drained in and reported in. */
    order: number;
}

/** An upgrade setting (`"1"`, `"33%"`) as a node count of a pool of `nodes`, percentages rounded up as AKS does. */
export function upgradeStepCount(setting: string, nodes: number): number {
    const percent = /^(\d+)%$/.exec(setting);
    return percent === null ? Number(setting) : Math.ceil((Number(percent[1]) * nodes) / 100);
}

/** The surge and the batch of nodes drained at once for a pool of `nodes` (at least one node per batch). */
export function upgradeSteps(pool: NodePoolSpec, nodes: number): { surge: number; batch: number } {
    const surge = pool.spot === undefined ? upgradeStepCount(pool.upgrade.maxSurge, nodes) : 0;
    const unavailable = upgradeStepCount(pool.upgrade.maxUnavailable, nodes);
    return { surge, batch: Math.max(1, surge + unavailable) };
}

/** What the drain starts from: the steady state's placement and what its budgets count. */
interface DrainStart {
    nodes: V1Node[];
    /** The steady state's pods on their nodes, in scheduling order. */
    bound: { pod: V1Pod; workload: string; node: string; daemon: boolean }[];
    daemonSources: PodSource[];
    priorityClasses: V1PriorityClass[];
    /** Replicas each workload wants. */
    expected: Map<string, number>;
    /** One pod per workload (not DaemonSets), to tell which budgets select which workloads. */
    samples: Map<string, V1Pod>;
    /** The next VMSS instance number per pool. */
    nextIndex: Map<string, number>;
    /** The steady state's objects other than storage: what the scheduler reads besides pods (Services, budgets, …). */
    workloads: object[];
    /** The steady state's claims and volumes as bound (claims stay where they were provisioned). */
    storage: SimulationStorage;
}

const podKey = (pod: V1Pod): string => `${pod.metadata?.namespace || "default"}/${pod.metadata?.name ?? ""}`;

/**
 * The cluster during an upgrade: its nodes and the pods bound to them (one `LiveCluster`, changed step by
 * step), and what went wrong. Every step costs what it changes: pods are indexed by node, the nodes counted
 * per pool, and each budget's healthy pods counted as pods are bound and evicted.
 */
class DrainSimulation {
    readonly problems: string[] = [];
    /** The preemptions, in order ("X fits by preempting N pod(s) of Y on node Z"). */
    readonly notes: string[] = [];
    readonly reasons = new Map<string, string[]>();
    readonly details = new Map<string, string[]>();
    private readonly cluster: LiveCluster;
    /** Pods bound to each node, in the order they were bound. */
    private readonly onNode = new Map<string, Set<Bound>>();
    /** Every bound pod by `namespace/name`. */
    private readonly byKey = new Map<string, Bound>();
    private readonly nodesInPool = new Map<string, number>();
    private readonly poolOfName = new Map<string, string>();
    /** Budgets by workload, and each budget's replicas expected and pods bound (healthy). */
    private readonly budgetsOfWorkload = new Map<string, V1PodDisruptionBudget[]>();
    private readonly budgetExpected = new Map<V1PodDisruptionBudget, number>();
    private readonly budgetHealthy = new Map<V1PodDisruptionBudget, number>();
    private order = 0;

    constructor(
        private readonly context: PlacementContext,
        private readonly start: DrainStart,
    ) {
        this.cluster = new LiveCluster({
            nodes: [],
            priorityClasses: start.priorityClasses,
            workloads: start.workloads,
            storage: start.storage,
            provisionedVolumeTopology: aksProvisionedVolumeTopology,
        });
        for (const node of start.nodes) this.joinNode(node);
        for (const b of start.bound) this.bindPod(b.pod, b.workload, b.node, b.daemon);
    }

    private joinNode(node: V1Node): void {
        const pool = poolOfNode(node);
        const spec = this.context.model.pools.find((p) => p.name === pool);
        this.cluster.addNode(node, spec === undefined ? undefined : poolCsiNodes(spec, [node])[0]);
        this.onNode.set(node.metadata!.name!, new Set());
        this.poolOfName.set(node.metadata!.name!, pool);
        this.nodesInPool.set(pool, (this.nodesInPool.get(pool) ?? 0) + 1);
    }

    /** The budgets that select `workload`'s pods (the same for all its replicas: they share the template's labels). */
    private budgetsOf(workload: string, pod: V1Pod): V1PodDisruptionBudget[] {
        let budgets = this.budgetsOfWorkload.get(workload);
        if (budgets === undefined) {
            budgets = budgetsFor(pod, this.context.disruptionBudgets);
            this.budgetsOfWorkload.set(workload, budgets);
        }
        return budgets;
    }

    private countHealthy(b: Bound, delta: 1 | -1): void {
        if (b.daemon) return;
        for (const budget of this.budgetsOf(b.workload, b.pod)) this.budgetHealthy.set(budget, (this.budgetHealthy.get(budget) ?? 0) + delta);
    }

    /** Binds `pod` (not bound itself: `spec.nodeName` unset) to `node`, or records the binding `handle` a placement made. */
    private bindPod(pod: V1Pod, workload: string, node: string, daemon: boolean, handle?: BoundPod): void {
        const bound: Bound = { pod, workload, node, daemon, handle: handle ?? this.cluster.bind({ ...pod, spec: { ...pod.spec!, nodeName: node } }), order: this.order++ };
        this.onNode.get(node)!.add(bound);
        this.byKey.set(podKey(pod), bound);
        this.countHealthy(bound, 1);
    }

    /** Unbinds a pod (`unbound`: the scheduler already did, for a preemption's victim). */
    private unbindPod(b: Bound, unbound = false): void {
        if (!unbound) this.cluster.unbind(b.handle);
        this.onNode.get(b.node)!.delete(b);
        if (this.byKey.get(podKey(b.pod)) === b) this.byKey.delete(podKey(b.pod));
        this.countHealthy(b, -1);
    }

    addNode(node: V1Node): void {
        this.joinNode(node);
        const name = node.metadata!.name!;
        for (const source of this.start.daemonSources) {
            for (const pod of daemonPods(source, [node])) this.bindPod(pod, source.ref, name, true);
        }
    }

    setCordoned(names: readonly string[], unschedulable: boolean): void {
        for (const name of names) this.cluster.setUnschedulable(name, unschedulable);
    }

    removeNodes(names: readonly string[]): void {
        for (const name of names) {
            const pool = this.poolOfName.get(name)!;
            for (const b of this.onNode.get(name)!) {
                this.countHealthy(b, -1);
                if (this.byKey.get(podKey(b.pod)) === b) this.byKey.delete(podKey(b.pod));
            }
            this.onNode.delete(name);
            this.cluster.removeNode(name);
            this.nodesInPool.set(pool, this.nodesInPool.get(pool)! - 1);
        }
    }

    /** A new (upgraded) node of `pool`: the next VMSS instance number, zone-balanced as VMSS does. */
    freshNode(pool: NodePoolSpec): V1Node {
        const index = this.start.nextIndex.get(pool.name) ?? 0;
        this.start.nextIndex.set(pool.name, index + 1);
        return buildPoolNodes(pool, this.context.cluster, { count: 1, first: index })[0];
    }

    /** Replicas a budget's workloads want (fixed during the drain). */
    private expectedFor(budget: V1PodDisruptionBudget): number {
        let expected = this.budgetExpected.get(budget);
        if (expected === undefined) {
            expected = 0;
            for (const [ref, sample] of this.start.samples) if (budgetsFor(sample, [budget]).length > 0) expected += this.start.expected.get(ref) ?? 0;
            this.budgetExpected.set(budget, expected);
        }
        return expected;
    }

    /** The first budget that refuses evicting `entry` now, as the problem text; undefined when all allow it. */
    blockingBudget(entry: Bound, node: string, pool: string): string | undefined {
        for (const budget of this.budgetsOf(entry.workload, entry.pod)) {
            const expected = this.expectedFor(budget);
            const healthy = this.budgetHealthy.get(budget) ?? 0;
            const a = disruptionAllowance(budget, expected, healthy);
            if (a.allowed > 0) continue;
            const health = healthy === expected ? "" : `, ${healthy} healthy`;
            return `${a.budget} allows 0 disruptions (${a.rule} of ${expected} replicas${health}): it blocks draining node ${node} of pool "${pool}"`;
        }
        return undefined;
    }

    /** Evicts `entry` and reschedules its replacement; a replacement that fits nowhere is recorded as a problem. */
    evict(entry: Bound, pool: string): void {
        this.unbindPod(entry);
        // The pod as its controller makes it again: the same template, not bound to a node.
        const replacement = entry.pod;
        let placed = this.cluster.place(replacement);
        if (placed.node === undefined) {
            // A pending pod makes cluster-autoscaler add a node to a pool below its maximum that would take it.
            for (const candidate of this.context.model.pools) {
                if (candidate.autoscaling === undefined || (this.nodesInPool.get(candidate.name) ?? 0) >= candidate.autoscaling.maxCount) continue;
                const node = this.freshNode(candidate);
                this.addNode(node);
                placed = this.cluster.place(replacement);
                if (placed.node !== undefined) break;
                this.removeNodes([node.metadata!.name!]);
            }
        }
        if (placed.node !== undefined) {
            this.bindPod(replacement, entry.workload, placed.node, false, placed.bound);
            this.preempted(entry.workload, placed.node, placed.victims ?? []);
            return;
        }
        const nodes = this.cluster.nodes();
        const result = { pods: [placed], nodes: [], pools: [], workloads: [], unschedulable: 1, preemptions: [], storage: this.cluster.storage() };
        const run: PlacementRun = { nodes, workloads: [replacement], result, pods: new Map() };
        const details = placed.detail === undefined ? [] : explain(placed.detail, run, [], replacement);
        this.problems.push(
            `${entry.workload}: pod ${placed.pod} evicted from node ${entry.node} (pool "${pool}") fits on no node: ${placed.message ?? ""}${details.length === 0 ? "" : ` — ${details.join("; ")}`}`,
        );
        const reasons = this.reasons.get(entry.workload) ?? [];
        if (placed.message !== undefined && !reasons.includes(placed.message)) reasons.push(placed.message);
        this.reasons.set(entry.workload, reasons);
        this.details.set(entry.workload, [...new Set([...(this.details.get(entry.workload) ?? []), ...details])]);
    }

    /**
     * What a placement's preemption did: the victims left their node (the scheduler unbound them); their controllers
     * create them again and they are placed where they fit (preempting in turn if they must). The preempting
     * workload's details name them; a victim that fits nowhere again is a problem.
     */
    private preempted(workload: string, node: string, victims: readonly BoundPod[]): void {
        if (victims.length === 0) return;
        const bound = victims.map((v) => this.byKey.get(podKey(v.pod))!);
        const byWorkload = new Map<string, number>();
        for (const b of bound) byWorkload.set(b.workload, (byWorkload.get(b.workload) ?? 0) + 1);
        const note = `fits by preempting ${[...byWorkload].map(([w, n]) => `${n} pod(s) of ${w}`).join(", ")} on node ${node}`;
        this.details.set(workload, [...new Set([...(this.details.get(workload) ?? []), note])]);
        this.notes.push(`${workload} ${note}`);
        for (const b of bound) this.unbindPod(b, true);
        for (const b of bound) {
            const again = this.cluster.place(b.pod);
            if (again.node !== undefined) {
                this.bindPod(b.pod, b.workload, again.node, b.daemon, again.bound);
                this.preempted(b.workload, again.node, again.victims ?? []);
                continue;
            }
            const why = again.message ?? "";
            this.problems.push(`${workload} ${note}; ${b.workload}: pod ${podKey(b.pod)} fits on no node again: ${why}`);
            const reasons = this.reasons.get(b.workload) ?? [];
            if (!reasons.includes(why)) reasons.push(why);
            this.reasons.set(b.workload, reasons);
        }
    }

    /** Upgrades one pool; stops at the first budget that blocks a drain. */
    upgradePool(pool: NodePoolSpec): void {
        const old = this.cluster
            .nodes()
            .filter((n) => poolOfNode(n) === pool.name)
            .map((n) => n.metadata!.name!);
        if (old.length === 0) return;
        const { surge, batch } = upgradeSteps(pool, old.length);
        for (let start = 0; start < old.length; start += batch) {
            const drain = old.slice(start, start + batch);
            const surged = Math.min(surge, drain.length);
            for (let i = 0; i < surged; i++) this.addNode(this.freshNode(pool));
            this.setCordoned(drain, true);
            for (const node of drain) {
                for (const entry of [...this.onNode.get(node)!].filter((b) => !b.daemon)) {
                    const blocked = this.blockingBudget(entry, node, pool.name);
                    if (blocked !== undefined) {
                        this.problems.push(blocked);
                        this.setCordoned(drain, false);
                        return;
                    }
                    this.evict(entry, pool.name);
                }
            }
            this.removeNodes(drain);
            for (let i = surged; i < drain.length; i++) this.addNode(this.freshNode(pool));
        }
    }

    workloads(): WorkloadPlacement[] {
        const nodes = new Map(this.cluster.nodes().map((n) => [n.metadata!.name!, n]));
        const mine = new Map<string, Bound[]>();
        for (const pods of this.onNode.values()) {
            for (const b of pods) {
                const list = mine.get(b.workload);
                if (list === undefined) mine.set(b.workload, [b]);
                else list.push(b);
            }
        }
        return this.context.workloadRefs.filter((ref) => this.start.expected.has(ref)).map((ref) => {
            const byPool: Record<string, Record<string, number>> = {};
            const pods = (mine.get(ref) ?? []).sort((a, b) => a.order - b.order);
            for (const b of pods) {
                const node = nodes.get(b.node)!;
                const zones = (byPool[poolOfNode(node)] ??= {});
                zones[zoneOfNode(node)] = (zones[zoneOfNode(node)] ?? 0) + 1;
            }
            const daemon = ref.startsWith("DaemonSet/");
            return {
                workload: ref,
                replicas: daemon ? pods.length : this.start.expected.get(ref)!,
                placed: pods.length,
                byPool,
                reasons: this.reasons.get(ref) ?? [],
                details: this.details.get(ref) ?? [],
            };
        });
    }
}

/**
 * Upgrades every pool (or only `pools`, by name: the others keep their nodes) from the steady state; ok when no
 * budget blocks a drain and every evicted pod finds a node.
 */
export function upgradeDrainScenario(context: PlacementContext, pools?: readonly string[]): ScenarioVerdict {
    const objects = objectsAt(context, "declared");
    const probe = runAtPoolSizes(context, "max", "declared");
    const estimates = poolPlacements(context, probe);
    const sizes = Object.fromEntries(estimates.map((p) => [p.pool, Math.max(p.min, Math.min(p.max, p.nodesNeeded))]));
    const steady = runPlacement(context, buildNodes(context, sizes), objects);
    const steadyWorkloads = workloadPlacements(context, steady);
    const problems = unplacedProblems(context, steady, steadyWorkloads, "before the upgrade: ");
    const bound = steady.result.pods
        .filter((p) => p.node !== undefined && steady.pods.has(p.pod))
        .map((p) => ({ pod: steady.pods.get(p.pod)!, workload: p.workload, node: p.node!, daemon: p.workload.startsWith("DaemonSet/") }));
    const sources = expandWorkloads(steady.workloads).sources;
    const cluster = new DrainSimulation(context, {
        nodes: steady.nodes,
        bound,
        daemonSources: sources.filter((s) => s.kind === "DaemonSet"),
        priorityClasses: (steady.workloads as { kind?: string }[]).filter((o) => o.kind === "PriorityClass") as V1PriorityClass[],
        expected: new Map(steady.result.workloads.map((w) => [w.workload, w.total])),
        samples: new Map(sources.filter((s) => s.kind !== "DaemonSet" && s.pods.length > 0).map((s) => [s.ref, s.pods[0]])),
        nextIndex: new Map(Object.entries(sizes)),
        workloads: steady.workloads.filter((o) => !isStorageObject(o)),
        storage: steady.result.storage,
    });
    for (const pool of context.model.pools) if (pools === undefined || pools.includes(pool.name)) cluster.upgradePool(pool);
    problems.push(...cluster.problems);
    const sizeText = estimates.map((p) => `${p.pool} ${sizes[p.pool]}`).join(", ");
    return {
        scenario: "upgrade-drain",
        description: `every pool upgraded from its steady size (${sizeText} node(s)): surge nodes added, old nodes cordoned and drained one surge step at a time, evictions honouring PodDisruptionBudgets`,
        ok: problems.length === 0,
        workloads: cluster.workloads(),
        pools: poolPlacements(context, steady),
        problems,
        ...(cluster.notes.length > 0 ? { notes: cluster.notes } : {}),
    };
}

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
    simulate,
    type NodePoolSpec,
    type PodPlacement,
    type PodSource,
    type SimulationResult,
    type SimulationStorage,
    type V1Node,
    type V1Pod,
} from "../../scheduling";
import { buildNodes, objectsAt, placementStorage, poolOfNode, poolSizes, runPlacement, zoneOfNode, type PlacementContext, type PlacementRun } from "../context";
import { budgetsFor, disruptionAllowance } from "../disruption-budget";
import { explain, poolPlacements, unplacedProblems, workloadPlacements } from "../report";
import type { ScenarioVerdict, WorkloadPlacement } from "../types";

/** A pod bound to a node. */
interface Bound {
    pod: V1Pod;
    /** `Kind/namespace/name` of its workload. */
    workload: string;
    node: string;
    daemon: boolean;
}

const podKey = (pod: V1Pod): string => `${pod.metadata?.namespace || "default"}/${pod.metadata?.name ?? ""}`;

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

/** The cluster during an upgrade: its nodes, the pods bound to them, and what went wrong. */
class DrainSimulation {
    readonly problems: string[] = [];
    readonly reasons = new Map<string, string[]>();
    readonly details = new Map<string, string[]>();

    constructor(
        private readonly context: PlacementContext,
        public nodes: V1Node[],
        public bound: Bound[],
        private readonly daemonSources: PodSource[],
        private readonly priorityClasses: object[],
        private readonly expected: Map<string, number>,
        private readonly samples: Map<string, V1Pod>,
        private readonly nextIndex: Map<string, number>,
        /** Claims and volumes as bound so far (claims stay where they were provisioned). */
        private storage: SimulationStorage,
    ) {}

    addNode(node: V1Node): void {
        this.nodes.push(node);
        for (const source of this.daemonSources) {
            for (const pod of daemonPods(source, [node])) {
                this.bound.push({ pod: { ...pod, spec: { ...pod.spec!, nodeName: node.metadata!.name } }, workload: source.ref, node: node.metadata!.name!, daemon: true });
            }
        }
    }

    setCordoned(names: readonly string[], unschedulable: boolean): void {
        this.nodes = this.nodes.map((n) => (names.includes(n.metadata!.name!) ? { ...n, spec: { ...n.spec, unschedulable } } : n));
    }

    removeNodes(names: readonly string[]): void {
        this.nodes = this.nodes.filter((n) => !names.includes(n.metadata!.name!));
        this.bound = this.bound.filter((b) => !names.includes(b.node));
    }

    /** Schedules one pod on the current nodes, beside the pods bound to them (preempting if it must). */
    place(pod: object): SimulationResult {
        const result = simulate({
            nodes: this.nodes,
            workloads: [...this.priorityClasses, pod],
            existingPods: this.bound.map((b) => b.pod),
            storage: placementStorage(this.context.model, this.nodes, [], this.storage),
            provisionedVolumeTopology: aksProvisionedVolumeTopology,
        });
        this.storage = result.storage;
        return result;
    }

    /**
     * Applies what a placement's preemptions did: the victims leave their nodes and, if they fit again, land where
     * the simulation put them; the preempting workload's details name them; victims left without a node are problems.
     */
    applyPreemptions(result: SimulationResult, preemptor: Bound): void {
        for (const preemption of result.preemptions) {
            // A victim placed again may itself preempt: each preemption names its own preemptor.
            const by = preemption.pod === podKey(preemptor.pod) ? preemptor : this.bound.find((b) => podKey(b.pod) === preemption.pod);
            const workload = by?.workload ?? preemption.pod;
            const victims = preemption.victims.map((key) => this.bound.find((b) => podKey(b.pod) === key)!);
            const byWorkload = new Map<string, number>();
            for (const v of victims) byWorkload.set(v.workload, (byWorkload.get(v.workload) ?? 0) + 1);
            const note = `fits by preempting ${[...byWorkload].map(([w, n]) => `${n} pod(s) of ${w}`).join(", ")} on node ${preemption.node}`;
            this.details.set(workload, [...new Set([...(this.details.get(workload) ?? []), note])]);
            for (const victim of victims) {
                this.bound = this.bound.filter((b) => b !== victim);
                const again: PodPlacement | undefined = result.pods.find((p) => p.pod === podKey(victim.pod) && p.preemptedFrom !== undefined);
                if (again?.node !== undefined) {
                    this.bound.push({ ...victim, pod: { ...victim.pod, spec: { ...victim.pod.spec!, nodeName: again.node } }, node: again.node });
                    continue;
                }
                const why = again?.message ?? "not created again";
                this.problems.push(`${workload} ${note}; ${victim.workload}: pod ${podKey(victim.pod)} fits on no node again: ${why}`);
                const reasons = this.reasons.get(victim.workload) ?? [];
                if (!reasons.includes(why)) reasons.push(why);
                this.reasons.set(victim.workload, reasons);
            }
        }
    }

    /** A new (upgraded) node of `pool`: the next VMSS instance number, zone-balanced as VMSS does. */
    freshNode(pool: NodePoolSpec): V1Node {
        const index = this.nextIndex.get(pool.name) ?? 0;
        this.nextIndex.set(pool.name, index + 1);
        return buildPoolNodes(pool, this.context.cluster, { count: index + 1 })[index];
    }

    /** The first budget that refuses evicting `pod` now, as the problem text; undefined when all allow it. */
    blockingBudget(pod: V1Pod, node: string, pool: string): string | undefined {
        for (const budget of budgetsFor(pod, this.context.disruptionBudgets)) {
            const refs = [...this.samples].filter(([, sample]) => budgetsFor(sample, [budget]).length > 0).map(([ref]) => ref);
            const expected = refs.reduce((sum, ref) => sum + (this.expected.get(ref) ?? 0), 0);
            const healthy = this.bound.filter((b) => !b.daemon && budgetsFor(b.pod, [budget]).length > 0).length;
            const a = disruptionAllowance(budget, expected, healthy);
            if (a.allowed > 0) continue;
            const health = healthy === expected ? "" : `, ${healthy} healthy`;
            return `${a.budget} allows 0 disruptions (${a.rule} of ${expected} replicas${health}): it blocks draining node ${node} of pool "${pool}"`;
        }
        return undefined;
    }

    /** Evicts `entry` and reschedules its replacement; a replacement that fits nowhere is recorded as a problem. */
    evict(entry: Bound, pool: string): void {
        this.bound = this.bound.filter((b) => b !== entry);
        const spec = { ...entry.pod.spec! };
        delete spec.nodeName;
        const replacement = { ...entry.pod, apiVersion: "v1", kind: "Pod", spec };
        let result = this.place(replacement);
        if (result.pods[0].node === undefined) {
            // A pending pod makes cluster-autoscaler add a node to a pool below its maximum that would take it.
            for (const pool of this.context.model.pools) {
                if (pool.autoscaling === undefined || this.nodes.filter((n) => poolOfNode(n) === pool.name).length >= pool.autoscaling.maxCount) continue;
                const node = this.freshNode(pool);
                this.addNode(node);
                result = this.place(replacement);
                if (result.pods[0].node !== undefined) break;
                this.removeNodes([node.metadata!.name!]);
            }
        }
        const placed = result.pods[0];
        if (placed.node !== undefined) {
            const moved = { ...entry, pod: { ...entry.pod, spec: { ...spec, nodeName: placed.node } }, node: placed.node };
            this.applyPreemptions(result, moved);
            this.bound.push(moved);
            return;
        }
        const run: PlacementRun = { nodes: this.nodes, workloads: [replacement], result, pods: new Map() };
        const details = placed.detail === undefined ? [] : explain(placed.detail, run, [], replacement as V1Pod);
        this.problems.push(
            `${entry.workload}: pod ${placed.pod} evicted from node ${entry.node} (pool "${pool}") fits on no node: ${placed.message ?? ""}${details.length === 0 ? "" : ` — ${details.join("; ")}`}`,
        );
        const reasons = this.reasons.get(entry.workload) ?? [];
        if (placed.message !== undefined && !reasons.includes(placed.message)) reasons.push(placed.message);
        this.reasons.set(entry.workload, reasons);
        this.details.set(entry.workload, [...new Set([...(this.details.get(entry.workload) ?? []), ...details])]);
    }

    /** Upgrades one pool; stops at the first budget that blocks a drain. */
    upgradePool(pool: NodePoolSpec): void {
        const old = this.nodes.filter((n) => poolOfNode(n) === pool.name).map((n) => n.metadata!.name!);
        if (old.length === 0) return;
        const { surge, batch } = upgradeSteps(pool, old.length);
        for (let start = 0; start < old.length; start += batch) {
            const drain = old.slice(start, start + batch);
            const surged = Math.min(surge, drain.length);
            for (let i = 0; i < surged; i++) this.addNode(this.freshNode(pool));
            this.setCordoned(drain, true);
            for (const node of drain) {
                for (const entry of this.bound.filter((b) => b.node === node && !b.daemon)) {
                    const blocked = this.blockingBudget(entry.pod, node, pool.name);
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
        const nodes = new Map(this.nodes.map((n) => [n.metadata!.name!, n]));
        return this.context.workloadRefs.filter((ref) => this.expected.has(ref)).map((ref) => {
            const byPool: Record<string, Record<string, number>> = {};
            const mine = this.bound.filter((b) => b.workload === ref);
            for (const b of mine) {
                const node = nodes.get(b.node)!;
                const zones = (byPool[poolOfNode(node)] ??= {});
                zones[zoneOfNode(node)] = (zones[zoneOfNode(node)] ?? 0) + 1;
            }
            const daemon = ref.startsWith("DaemonSet/");
            return {
                workload: ref,
                replicas: daemon ? mine.length : this.expected.get(ref)!,
                placed: mine.length,
                byPool,
                reasons: this.reasons.get(ref) ?? [],
                details: this.details.get(ref) ?? [],
            };
        });
    }
}

/** Upgrades every pool from the steady state; ok when no budget blocks a drain and every evicted pod finds a node. */
export function upgradeDrainScenario(context: PlacementContext): ScenarioVerdict {
    const objects = objectsAt(context, "declared");
    const probe = runPlacement(context, buildNodes(context, poolSizes(context, "max")), objects);
    const estimates = poolPlacements(context, probe);
    const sizes = Object.fromEntries(estimates.map((p) => [p.pool, Math.max(p.min, Math.min(p.max, p.nodesNeeded))]));
    const steady = runPlacement(context, buildNodes(context, sizes), objects);
    const steadyWorkloads = workloadPlacements(context, steady);
    const problems = unplacedProblems(context, steady, steadyWorkloads, "before the upgrade: ");
    const bound: Bound[] = steady.result.pods
        .filter((p) => p.node !== undefined && steady.pods.has(p.pod))
        .map((p) => {
            const pod = steady.pods.get(p.pod)!;
            return { pod: { ...pod, spec: { ...pod.spec!, nodeName: p.node } }, workload: p.workload, node: p.node!, daemon: p.workload.startsWith("DaemonSet/") };
        });
    const sources = expandWorkloads(steady.workloads).sources;
    const samples = new Map(sources.filter((s) => s.kind !== "DaemonSet" && s.pods.length > 0).map((s) => [s.ref, s.pods[0]]));
    const expected = new Map(steady.result.workloads.map((w) => [w.workload, w.total]));
    const priorityClasses = (steady.workloads as { kind?: string }[]).filter((o) => o.kind === "PriorityClass");
    const nextIndex = new Map(Object.entries(sizes));
    const cluster = new DrainSimulation(context, [...steady.nodes], bound, sources.filter((s) => s.kind === "DaemonSet"), priorityClasses, expected, samples, nextIndex, steady.result.storage);
    for (const pool of context.model.pools) cluster.upgradePool(pool);
    problems.push(...cluster.problems);
    const sizeText = estimates.map((p) => `${p.pool} ${sizes[p.pool]}`).join(", ");
    return {
        scenario: "upgrade-drain",
        description: `every pool upgraded from its steady size (${sizeText} node(s)): surge nodes added, old nodes cordoned and drained one surge step at a time, evictions honouring PodDisruptionBudgets`,
        ok: problems.length === 0,
        workloads: cluster.workloads(),
        pools: poolPlacements(context, steady),
        problems,
    };
}

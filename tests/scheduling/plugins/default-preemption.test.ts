/**
 * DefaultPreemption against kube-scheduler's own tables (default_preemption_test.go, v1.35): TestPostFilter,
 * TestDryRunPreemption, TestSelectBestCandidate and TestPreempt, transcribed in `fixtures/preemption/`.
 */
import { preempt } from "../../../scheduling";
import { createCycleState } from "../../../scheduling/framework/cycle-state";
import type { CycleContext, Status } from "../../../scheduling/framework/interfaces";
import { createPodInfo } from "../../../scheduling/framework/node-info";
import { resolveFilterPlugins } from "../../../scheduling/framework/registry";
import { runPreFilterPlugins } from "../../../scheduling/framework/run-filters";
import { createSnapshot } from "../../../scheduling/framework/snapshot";
import type { V1Node, V1Pod, V1PodDisruptionBudget } from "../../../scheduling/model/types";
import {
    budgetStates,
    compareImportance,
    dryRunPreemption,
    numCandidates,
    preemptionIneligibility,
    preemptPod,
    selectCandidate,
    type PreemptionCycle,
} from "../../../scheduling/plugins/default-preemption";
import dryRun from "../fixtures/preemption/dry-run.json";
import postFilter from "../fixtures/preemption/post-filter.json";
import preemptCases from "../fixtures/preemption/preempt.json";
import selectBest from "../fixtures/preemption/select-best-candidate.json";

interface Cluster {
    plugins: string[];
    nodes: unknown[];
    existingPods: unknown[];
    pdbs?: unknown[];
}

/** A cycle for `pod` after the PreFilter of the case's plugins, as upstream's tests prepare it. */
function cycleFor(c: Cluster, pod: V1Pod) {
    const plugins = resolveFilterPlugins(c.plugins);
    const snapshot = createSnapshot({ nodes: c.nodes as V1Node[], existingPods: c.existingPods as V1Pod[] });
    const ctx: CycleContext = { state: createCycleState(), pod, podInfo: createPodInfo(pod), snapshot, featureGates: {} };
    const preFilter = runPreFilterPlugins(plugins, ctx);
    expect(preFilter.status).toBeUndefined();
    const cycle: PreemptionCycle = { ctx, plugins, skipped: preFilter.skipped };
    return { cycle, snapshot, budgets: budgetStates((c.pdbs ?? []) as V1PodDisruptionBudget[], c.existingPods as V1Pod[]) };
}

describe(`TestPostFilter (${postFilter.source})`, () => {
    test.each(postFilter.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        const { cycle, snapshot, budgets } = cycleFor(c, c.pod as V1Pod);
        const nodeStatuses = new Map<string, Status>(Object.entries(c.nodeStatuses as Record<string, Status["code"]>).map(([n, code]) => [n, { code, reasons: [] }]));
        const result = preemptPod(cycle, { nodes: snapshot.nodeInfos, nodeStatuses, budgets });
        expect({ node: result.node, message: result.message }).toEqual({ node: (c as { wantNode?: string }).wantNode, message: (c as { wantMessage?: string }).wantMessage });
    });
});

describe(`TestDryRunPreemption (${dryRun.source})`, () => {
    test.each(dryRun.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        const args = (c as { args?: { minCandidateNodesPercentage: number; minCandidateNodesAbsolute: number } }).args;
        c.testPods.forEach((pod, cycleIndex) => {
            const { cycle, snapshot, budgets } = cycleFor(c, pod as V1Pod);
            const nodes = [...snapshot.nodeInfos].sort((a, b) => (a.name < b.name ? -1 : 1));
            const wanted = numCandidates(nodes.length, args?.minCandidateNodesPercentage, args?.minCandidateNodesAbsolute);
            const { candidates } = dryRunPreemption(cycle, nodes, budgets, c.offsets[cycleIndex], wanted);
            const got = candidates
                .map((candidate) => ({
                    node: candidate.node,
                    victims: candidate.victims.map((v) => v.pod.metadata!.name!).sort(),
                    ...(candidate.numPDBViolations > 0 ? { numPDBViolations: candidate.numPDBViolations } : {}),
                }))
                .sort((a, b) => (a.node < b.node ? -1 : 1));
            expect([cycleIndex, got]).toEqual([cycleIndex, c.expected[cycleIndex]]);
        });
    });
});

describe(`TestSelectBestCandidate (${selectBest.source})`, () => {
    test.each(selectBest.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        const { cycle, snapshot, budgets } = cycleFor(c, c.pod as V1Pod);
        const { candidates } = dryRunPreemption(cycle, snapshot.nodeInfos, budgets, 0, numCandidates(snapshot.nodeInfos.length));
        expect(c.expected).toContain(selectCandidate(candidates)?.node);
    });
});

describe(`TestPreempt (${preemptCases.source})`, () => {
    test.each(preemptCases.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        const result = preempt({ pod: c.pod as V1Pod, nodes: c.nodes as V1Node[], existingPods: c.existingPods as V1Pod[], plugins: c.plugins });
        expect({ node: result.node, victims: result.victims }).toEqual({ node: c.wantNode, victims: c.wantVictims });
    });
});

// TestPodEligibleToPreemptOthers: the cases without a nominated node (nominated nodes are not modelled).
describe("TestPodEligibleToPreemptOthers", () => {
    test.each([
        ["Pod without nominated node", { spec: { containers: [], priority: 1000 } }, undefined],
        ["Pod with 'PreemptNever' preemption policy", { spec: { containers: [], priority: 1000, preemptionPolicy: "Never" } }, "not eligible due to preemptionPolicy=Never."],
    ])("%s", (_name, pod, reason) => {
        expect(preemptionIneligibility(pod as V1Pod)).toBe(reason);
    });
});

describe("preempt: outcomes beyond upstream's tables", () => {
    const node = (name: string): V1Node => ({ metadata: { name, labels: { "kubernetes.io/hostname": name } }, status: { allocatable: { cpu: "1", memory: "1Gi", pods: "10" } } });
    const pod = (name: string, priority: number, cpu: string, nodeName?: string): V1Pod => ({
        metadata: { name, namespace: "default" },
        spec: { priority, ...(nodeName ? { nodeName } : {}), containers: [{ name: "c", resources: { requests: { cpu } } }] },
    });
    test("a pod that fits somewhere needs no preemption", () => {
        expect(preempt({ pod: pod("p", 10, "500m"), nodes: [node("n1")], existingPods: [pod("low", 0, "400m", "n1")] })).toEqual({
            node: null,
            victims: [],
            numPDBViolations: 0,
            message: "the pod fits on 1 node(s) without preemption",
        });
    });
    test("the budget-respecting node wins over one whose victim a budget protects", () => {
        const existingPods = [{ ...pod("guarded", 0, "800m", "n1"), metadata: { name: "guarded", namespace: "default", labels: { app: "db" } } }, pod("free", 0, "800m", "n2")];
        const budget: V1PodDisruptionBudget = { metadata: { name: "db", namespace: "default" }, spec: { minAvailable: 1, selector: { matchLabels: { app: "db" } } } };
        const result = preempt({ pod: pod("p", 10, "500m"), nodes: [node("n1"), node("n2")], existingPods, podDisruptionBudgets: [budget] });
        expect(result).toMatchObject({ node: "n2", victims: ["default/free"], numPDBViolations: 0 });
    });
    test("pods of equal priority keep their order; a later start is less important", () => {
        const started = (name: string, at: string): V1Pod => ({ ...pod(name, 0, "1m"), status: { startTime: at } });
        const order = [started("late", "2024-01-01T00:00:00.000000002Z"), started("early", "2024-01-01T00:00:00.000000001Z"), pod("unstarted", 0, "1m")].sort(compareImportance);
        expect(order.map((p) => p.metadata!.name)).toEqual(["early", "late", "unstarted"]);
    });
});

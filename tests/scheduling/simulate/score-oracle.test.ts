/**
 * The simulation's Score phase (per-run PreScore states, cached raw scores, array-based spreading) checked against
 * the plain one-pod path: replaying the simulation's order on clusters under 100 nodes (so every node is filtered
 * and scored), each placed pod must land on the node `evaluatePod` + `scorePod` rank highest (the first in node
 * order on a tie), and the same with a tie-break seed must pick one of the tied best.
 */
import { evaluatePod } from "../../../scheduling/evaluate";
import type { V1Node, V1Pod } from "../../../scheduling/model/types";
import { scorePod } from "../../../scheduling/score";
import { simulate } from "../../../scheduling/simulate";
import { expandWorkloads } from "../../../scheduling/simulate/workloads";
import { daemonSet, deployment, podSpec, podsByName, poolNodes, ZONE } from "./fixtures";

/** For each pod simulate placed, in its order: the nodes scorePod ranks best among those evaluatePod lets it on. */
function replay(workloads: object[], nodes: V1Node[], seed?: number): { placed: string; best: string[] }[] {
    const result = simulate({ nodes, workloads, tieBreakSeed: seed });
    const parsed = expandWorkloads(workloads);
    const pods = podsByName(workloads, nodes);
    const bound: V1Pod[] = [];
    const out: { placed: string; best: string[] }[] = [];
    for (const placement of result.pods) {
        const pod = pods.get(placement.pod)!;
        if (placement.node === undefined) continue;
        const verdicts = evaluatePod({ pod, nodes, existingPods: bound });
        const feasible = nodes.filter((n) => verdicts.nodes[n.metadata!.name!].fits);
        const scores = scorePod({
            pod,
            nodes: feasible,
            otherNodes: nodes.filter((n) => !feasible.includes(n)),
            existingPods: bound,
            services: parsed.services,
            replicaSets: parsed.replicaSets,
            statefulSets: parsed.statefulSets,
        });
        const top = Math.max(...Object.values(scores.nodes).map((s) => s.total));
        const best = feasible.length === 1 ? [feasible[0].metadata!.name!] : feasible.map((n) => n.metadata!.name!).filter((name) => scores.nodes[name].total === top);
        out.push({ placed: placement.node, best });
        bound.push({ ...pod, spec: { ...pod.spec!, nodeName: placement.node } });
    }
    return out;
}

const service = (name: string, app: string): object => ({ apiVersion: "v1", kind: "Service", metadata: { name, namespace: "default" }, spec: { selector: { app } } });

describe("simulate's Score phase agrees with scorePod, pod by pod", () => {
    const nodes = [
        ...poolNodes("user1", 6),
        ...poolNodes("soft", 3, { taints: [{ key: "spot", value: "true", effect: "PreferNoSchedule" }] }),
        ...poolNodes("big", 3, { vmSize: "Standard_D8ds_v5", labels: { tier: "big" } }),
    ];
    const preferBig = { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: "tier", operator: "In", values: ["big"] }] } }] } } };
    const softSpread = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "soft" } } }] };
    const nearCache = { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 80, podAffinityTerm: { topologyKey: ZONE, labelSelector: { matchLabels: { app: "cache" } } } }] } } };
    const awayFromWeb = { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 30, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { app: "web" } } } }] } } };
    const workloads = [
        daemonSet("agent", podSpec("100m", "100Mi", { tolerations: [{ operator: "Exists" }] })),
        service("web", "web"),
        deployment("web", 9, podSpec("400m", "1Gi")),
        deployment("cache", 4, podSpec("250m", "2Gi")),
        deployment("near", 5, podSpec("200m", "256Mi", nearCache)),
        deployment("shy", 4, podSpec("150m", "128Mi", awayFromWeb)),
        deployment("soft", 6, podSpec("100m", "64Mi", softSpread)),
        deployment("big", 4, podSpec("900m", "1Gi", { ...preferBig, tolerations: [{ key: "spot", operator: "Exists" }] })),
        { apiVersion: "v1", kind: "Pod", metadata: { name: "lone", namespace: "default" }, spec: podSpec("50m", "32Mi") },
    ];

    test("without a seed, each pod lands on the first of the best-scored nodes", () => {
        const steps = replay(workloads, nodes);
        expect(steps).toHaveLength(12 + 9 + 4 + 5 + 4 + 6 + 4 + 1);
        const order = new Map(nodes.map((n, i) => [n.metadata!.name!, i]));
        for (const step of steps) expect([step.placed, step.best]).toEqual([[...step.best].sort((a, b) => order.get(a)! - order.get(b)!)[0], step.best]);
    });

    test.each([1, 7, 2024])("with seed %i, each pod lands on one of the best-scored nodes", (seed) => {
        for (const step of replay(workloads, nodes, seed)) expect(step.best).toContain(step.placed);
    });

    test("a seed changes which tied node wins, and repeats itself", () => {
        const tied = [deployment("even", 6, podSpec("100m", "128Mi"))];
        const flat = poolNodes("flat", 9);
        const firsts = (seed?: number) => simulate({ nodes: flat, workloads: tied, tieBreakSeed: seed }).pods.map((p) => p.node);
        expect(firsts(3)).toEqual(firsts(3));
        expect([firsts(3), firsts(4), firsts(5)].some((order) => order.join() !== firsts().join())).toBe(true);
    });

    test("a seed that is not a whole number is rejected", () => {
        expect(() => simulate({ nodes, workloads, tieBreakSeed: 1.5 })).toThrow("tieBreakSeed: 1.5 is not valid; it must be a whole number");
    });
});

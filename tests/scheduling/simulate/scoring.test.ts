/** The Score approximation: per-plugin formulas, and their effect on where pods land. */
import { simulate } from "../../../scheduling/simulate";
import { balancedAllocationScore, leastAllocatedScore, nonZeroRequests, normalizedScore } from "../../../scheduling/simulate/scoring";
import { deployment, podSpec, poolNodes } from "./fixtures";

describe("score formulas", () => {
    test.each([
        ["an empty node scores 100", 0, 1000, 100],
        ["a half-used node scores 50", 500, 1000, 50],
        ["a node over its allocatable scores 0", 1500, 1000, 0],
        ["a resource the node lacks scores 0", 10, 0, 0],
    ])("LeastAllocated: %s", (_name, requested, allocatable, expected) => {
        expect(leastAllocatedScore(requested, allocatable)).toBe(expected);
    });

    test.each([
        ["equal cpu and memory shares score 100", 500, 1000, 50, 100, 100],
        ["a full cpu and idle memory score 50", 1000, 1000, 0, 100, 50],
        ["shares above 1 are capped", 3000, 1000, 0, 100, 50],
    ])("BalancedAllocation: %s", (_name, cpu, cpuAlloc, mem, memAlloc, expected) => {
        expect(balancedAllocationScore(cpu, cpuAlloc, mem, memAlloc)).toBe(expected);
    });

    test.each([
        ["reverse with no taints anywhere gives 100", 0, 0, true, 100],
        ["reverse halves for half the maximum", 1, 2, true, 50],
        ["forward scales the maximum to 100", 2, 2, false, 100],
        ["forward with nothing preferred gives 0", 0, 0, false, 0],
    ])("normalize: %s", (_name, score, max, reverse, expected) => {
        expect(normalizedScore(score, max, reverse)).toBe(expected);
    });

    test.each([
        ["requests are kept", { cpu: 250, memory: 1024 }, { cpu: 250, memory: 1024 }],
        ["missing requests count 100m and 200Mi", {}, { cpu: 100, memory: 200 * 1024 * 1024 }],
    ])("non-zero requests: %s", (_name, requests, expected) => {
        expect(nonZeroRequests(requests)).toEqual(expected);
    });
});

describe("scoring in simulate", () => {
    const nodes = [...poolNodes("a", 1, { zones: ["1"] }), ...poolNodes("b", 1, { zones: ["1"] })];
    const poolOf = (node: string | undefined): string | undefined => node?.split("-")[1];

    test("LeastAllocated sends the second replica to the emptier node", () => {
        const result = simulate({ nodes, workloads: [deployment("web", 2, podSpec("1", "1Gi"))] });
        expect(result.pods.map((p) => poolOf(p.node))).toEqual(["a", "b"]);
    });

    test("a preferred node affinity term outweighs the emptier node", () => {
        const preferB = podSpec("1", "1Gi", { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: "kubernetes.azure.com/agentpool", operator: "In", values: ["b"] }] } }] } } });
        const result = simulate({ nodes, workloads: [deployment("web", 2, preferB)] });
        expect(result.pods.map((p) => poolOf(p.node))).toEqual(["b", "b"]);
    });

    test("a PreferNoSchedule taint steers pods that do not tolerate it away", () => {
        const tainted = [...poolNodes("a", 1, { zones: ["1"], taints: [{ key: "spare", effect: "PreferNoSchedule" }] }), ...poolNodes("b", 1, { zones: ["1"] })];
        const result = simulate({ nodes: tainted, workloads: [deployment("web", 2, podSpec("1", "1Gi"))] });
        expect(result.pods.map((p) => poolOf(p.node))).toEqual(["b", "b"]);
    });

    test("a pod that tolerates the PreferNoSchedule taint is not steered", () => {
        const tainted = [...poolNodes("a", 1, { zones: ["1"], taints: [{ key: "spare", effect: "PreferNoSchedule" }] }), ...poolNodes("b", 1, { zones: ["1"] })];
        const tolerant = podSpec("1", "1Gi", { tolerations: [{ key: "spare", operator: "Exists" }] });
        const result = simulate({ nodes: tainted, workloads: [deployment("web", 2, tolerant)] });
        expect(result.pods.map((p) => poolOf(p.node))).toEqual(["a", "b"]);
    });
});

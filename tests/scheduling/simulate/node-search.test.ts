/** How many nodes a search examines, and the rotating start that gives every node its turn. */
import { simulate } from "../../../scheduling/simulate";
import { lowerBound, numFeasibleNodesToFind } from "../../../scheduling/simulate/node-search";
import { deployment, podSpec, poolNodes } from "./fixtures";

describe("numFeasibleNodesToFind (kubernetes/kubernetes pkg/scheduler/schedule_one_test.go TestNumFeasibleNodesToFind, adaptive percentage)", () => {
    test.each([
        ["fewer than 100 nodes: all of them", 10, 10],
        ["99 nodes: all of them", 99, 99],
        ["100 nodes: 50% would be 50, so the minimum 100", 100, 100],
        ["1000 nodes: 42%", 1000, 420],
        ["5000 nodes: 10%", 5000, 500],
        ["6000 nodes: the 5% floor", 6000, 300],
    ])("%s", (_name, nodes, expected) => {
        expect(numFeasibleNodesToFind(nodes)).toBe(expected);
    });
});

describe("lowerBound", () => {
    test.each([
        ["finds an equal entry", [1, 3, 5], 3, 1],
        ["finds the next larger entry", [1, 3, 5], 4, 2],
        ["returns the length past the end", [1, 3, 5], 6, 3],
    ])("%s", (_name, list, value, expected) => {
        expect(lowerBound(Int32Array.from(list), value)).toBe(expected);
    });
});

describe("rotating search start", () => {
    // 200 nodes: the search stops after 100 feasible nodes and the next search starts where it stopped.
    const nodes = poolNodes("big", 200);

    test("the second pod's search starts at node 100, so it lands there rather than on node 1", () => {
        const result = simulate({ nodes, workloads: [deployment("web", 2, podSpec("1", "1Gi"))] });
        expect(result.pods.map((p) => p.node)).toEqual([nodes[0].metadata!.name, nodes[100].metadata!.name]);
    });

    test("200 pods alternate between the two halves and land one per node", () => {
        const result = simulate({ nodes, workloads: [deployment("web", 200, podSpec("1", "1Gi"))] });
        expect(result.unschedulable).toBe(0);
        expect(result.nodes.map((n) => n.pods)).toEqual(nodes.map(() => 1));
    });

    test("a pod that fits only the last node is found although the window would stop earlier", () => {
        const last = nodes[199].metadata!.name!;
        const result = simulate({ nodes, workloads: [deployment("pinned", 1, podSpec("1", "1Gi", { nodeSelector: { "kubernetes.io/hostname": last } }))] });
        expect(result.pods[0].node).toBe(last);
    });
});

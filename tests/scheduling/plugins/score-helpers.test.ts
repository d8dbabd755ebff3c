/**
 * The Score helpers' own upstream tables: TestBrokenLinearFunction (kubernetes/kubernetes
 * pkg/scheduler/framework/plugins/noderesources/requested_to_capacity_ratio_test.go, v1.35) and
 * TestDefaultNormalizeScore (pkg/scheduler/framework/plugins/helper/normalize_score_test.go, v1.35), every case.
 */
import { defaultNormalizeScore, MAX_NODE_SCORE } from "../../../scheduling/framework/normalize";
import { brokenLinearFunction } from "../../../scheduling/plugins/resource-allocation";

const shapes: { points: [number, number][]; assertions: [number, number][] }[] = [
    {
        points: [[10, 1], [90, 9]],
        assertions: [[-10, 1], [0, 1], [9, 1], [10, 1], [15, 1], [19, 1], [20, 2], [89, 8], [90, 9], [99, 9], [100, 9], [110, 9]],
    },
    {
        points: [[0, 2], [40, 10], [100, 0]],
        assertions: [[-10, 2], [0, 2], [20, 6], [30, 8], [40, 10], [70, 5], [100, 0], [110, 0]],
    },
    {
        points: [[0, 2], [40, 2], [100, 2]],
        assertions: [[-10, 2], [0, 2], [20, 2], [30, 2], [40, 2], [70, 2], [100, 2], [110, 2]],
    },
];

describe("TestBrokenLinearFunction", () => {
    test.each(shapes.map((s, i) => [`case_${i}`, s] as const))("%s", (_name, { points, assertions }) => {
        const f = brokenLinearFunction(points.map(([utilization, score]) => ({ utilization, score })));
        for (const [p, expected] of assertions) expect([p, f(p)]).toEqual([p, expected]);
    });
});

const normalizeCases: { reverse: boolean; scores: number[]; expected: number[] }[] = [
    { reverse: false, scores: [1, 2, 3, 4], expected: [25, 50, 75, 100] },
    { reverse: true, scores: [1, 2, 3, 4], expected: [75, 50, 25, 0] },
    { reverse: false, scores: [1000, 10, 20, 30], expected: [100, 1, 2, 3] },
    { reverse: true, scores: [1000, 10, 20, 30], expected: [0, 99, 98, 97] },
    { reverse: false, scores: [1, 1, 1, 1], expected: [100, 100, 100, 100] },
    { reverse: false, scores: [1000, 1, 1, 1], expected: [100, 0, 0, 0] },
    { reverse: true, scores: [0, 1, 1, 1], expected: [100, 0, 0, 0] },
];

describe("TestDefaultNormalizeScore", () => {
    test.each(normalizeCases.map((c, i) => [`case_${i}`, c] as const))("%s", (_name, { reverse, scores, expected }) => {
        const list = scores.map((score, i) => ({ name: `node${i}`, score }));
        defaultNormalizeScore(MAX_NODE_SCORE, reverse, list);
        expect(list.map((s) => s.score)).toEqual(expected);
    });
});

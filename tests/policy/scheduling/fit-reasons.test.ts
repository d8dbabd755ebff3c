import { fitErrorConcern, parseFitError, reasonConcern } from "../../../policy/scheduling/fit-reasons";

describe("parseFitError", () => {
    test.each([
        [
            "a histogram of two reasons is read into counted entries",
            "0/6 nodes are available: 3 Insufficient cpu, 3 node(s) had untolerated taint(s).",
            [
                { count: 3, reason: "Insufficient cpu" },
                { count: 3, reason: "node(s) had untolerated taint(s)" },
            ],
        ],
        ["a PreFilter message is one entry without a count", "0/3 nodes are available: pod affinity terms conflict.", [{ reason: "pod affinity terms conflict" }]],
        ["a text without the head is one entry", "no nodes available to schedule pods", [{ reason: "no nodes available to schedule pods" }]],
    ])("%s", (_name, message, expected) => {
        expect(parseFitError(message)).toEqual(expected);
    });
});

describe("reasonConcern", () => {
    test.each([
        ["an insufficient resource is capacity", "Insufficient memory", "capacity"],
        ["an extended resource is capacity", "Insufficient nvidia.com/gpu", "capacity"],
        ["too many pods is capacity", "Too many pods", "capacity"],
        ["a spread constraint is topology", "node(s) didn't match pod topology spread constraints", "topology"],
        ["a missing topology label is topology", "node(s) didn't match pod topology spread constraints (missing required label)", "topology"],
        ["pod anti-affinity is topology", "node(s) didn't match pod anti-affinity rules", "topology"],
        ["an untolerated taint is a placement rule", "node(s) had untolerated taint(s)", "placement-rule"],
        ["a node selector mismatch is a placement rule", "node(s) didn't match Pod's node affinity/selector", "placement-rule"],
    ])("%s", (_name, reason, expected) => {
        expect(reasonConcern(reason)).toBe(expected);
    });
});

describe("fitErrorConcern", () => {
    test.each([
        ["capacity wins when any node ran short", ["0/6 nodes are available: 3 Insufficient cpu, 3 node(s) didn't match pod anti-affinity rules."], "capacity"],
        ["topology when no node ran short", ["0/6 nodes are available: 3 node(s) didn't match pod anti-affinity rules, 3 node(s) had untolerated taint(s)."], "topology"],
        ["a placement rule when neither", ["0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector."], "placement-rule"],
        ["the concerns of several messages are merged", ["0/3 nodes are available: 3 node(s) had untolerated taint(s).", "0/3 nodes are available: 3 Too many pods."], "capacity"],
    ])("%s", (_name, messages, expected) => {
        expect(fitErrorConcern(messages)).toBe(expected);
    });
});

import { fitErrorMessage } from "../../../scheduling/framework/fit-error";
import type { Status } from "../../../scheduling/framework/interfaces";

const statuses = (...entries: Array<[string, string[]]>): Map<string, Status> =>
    new Map(entries.map(([node, reasons]) => [node, { code: "Unschedulable", reasons }]));

// The first cases follow TestFitError_Error in kubernetes/kubernetes pkg/scheduler/framework/types_test.go (v1.35),
// without the PostFilter message this engine does not produce.
describe("fitErrorMessage builds FitError.Error()'s text", () => {
    test.each<[string, Parameters<typeof fitErrorMessage>[0], string]>([
        ["nodes failed Prefilter plugin",
            { numAllNodes: 3, preFilterMessage: "Node(s) failed PreFilter plugin FalsePreFilter", nodeStatuses: statuses(["node1", ["Node(s) failed PreFilter plugin FalsePreFilter"]]) },
            "0/3 nodes are available: Node(s) failed PreFilter plugin FalsePreFilter."],
        ["nodes failed one Filter plugin with an empty PostFilterMsg",
            { numAllNodes: 3, nodeStatuses: statuses(["node1", ["Node(s) failed Filter plugin FalseFilter-1"]], ["node2", ["Node(s) failed Filter plugin FalseFilter-1"]], ["node3", ["Node(s) failed Filter plugin FalseFilter-1"]]) },
            "0/3 nodes are available: 3 Node(s) failed Filter plugin FalseFilter-1."],
        ["nodes failed two Filter plugins with an empty PostFilterMsg",
            { numAllNodes: 3, nodeStatuses: statuses(["node1", ["Node(s) failed Filter plugin FalseFilter-1"]], ["node2", ["Node(s) failed Filter plugin FalseFilter-1"]], ["node3", ["Node(s) failed Filter plugin FalseFilter-2"]]) },
            "0/3 nodes are available: 1 Node(s) failed Filter plugin FalseFilter-2, 2 Node(s) failed Filter plugin FalseFilter-1."],
        ["entries sort as plain strings, so 10 comes before 2",
            { numAllNodes: 12, nodeStatuses: statuses(...Array.from({ length: 10 }, (_, i): [string, string[]] => [`cpu-${i}`, ["Insufficient cpu"]]), ["t1", ["node(s) had untolerated taint(s)"]], ["t2", ["node(s) had untolerated taint(s)"]]) },
            "0/12 nodes are available: 10 Insufficient cpu, 2 node(s) had untolerated taint(s)."],
        ["string order puts 2 node(s)… before 3 Insufficient cpu (the style guide's example)",
            { numAllNodes: 5, nodeStatuses: statuses(["a", ["node(s) had untolerated taint(s)"]], ["b", ["node(s) had untolerated taint(s)"]], ["c", ["Insufficient cpu"]], ["d", ["Insufficient cpu"]], ["e", ["Insufficient cpu"]]) },
            "0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 Insufficient cpu."],
        ["a node with two reasons counts in both",
            { numAllNodes: 2, nodeStatuses: statuses(["a", ["Insufficient cpu", "Insufficient memory"]], ["b", ["Insufficient memory"]]) },
            "0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory."],
        ["nodes a PreFilter result left out count under didn't satisfy plugin(s)",
            { numAllNodes: 4, nodeStatuses: statuses(["node1", ["node(s) didn't match Pod's node affinity/selector"]]), filteredByPreFilterResult: { count: 3, plugins: ["NodeAffinity"] } },
            "0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 3 node(s) didn't satisfy plugin(s) [NodeAffinity]."],
        ["several narrowing plugins print sorted, space-separated, as Go prints a slice",
            { numAllNodes: 2, nodeStatuses: statuses(), filteredByPreFilterResult: { count: 2, plugins: ["NodeAffinity", "InterPodAffinity"] } },
            "0/2 nodes are available: 2 node(s) didn't satisfy plugin(s) [InterPodAffinity NodeAffinity]."],
        ["no nodes at all ends at the colon", { numAllNodes: 0, nodeStatuses: statuses() }, "0/0 nodes are available:"],
    ])("%s", (_name, input, message) => {
        expect(fitErrorMessage(input)).toBe(message);
    });
});

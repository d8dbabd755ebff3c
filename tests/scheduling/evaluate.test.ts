import { evaluatePod } from "../../scheduling/evaluate";
import { InvalidObjectError } from "../../scheduling/model/errors";
import type { V1Node, V1Pod } from "../../scheduling/model/types";

const node = (name: string, extra: Partial<V1Node> = {}, allocatable: Record<string, string> = { cpu: "2", memory: "8Gi", pods: "30" }): V1Node => ({
    metadata: { name, labels: { "kubernetes.io/hostname": name, agentpool: name.split("-")[0] } },
    status: { allocatable },
    ...extra,
});
const pod = (cpu: string, spec: Partial<NonNullable<V1Pod["spec"]>> = {}): V1Pod => ({
    metadata: { name: "web-0", namespace: "shop" },
    spec: { containers: [{ name: "web", resources: { requests: { cpu, memory: "1Gi" } } }], ...spec },
});
const tainted = (name: string): V1Node => node(name, { spec: { taints: [{ key: "sku", value: "gpu", effect: "NoSchedule" }] } });

describe("evaluatePod", () => {
    test("reports a verdict for every node and no message when some node fits", () => {
        const result = evaluatePod({ pod: pod("1500m"), nodes: [node("user-0"), tainted("gpu-0"), node("small-0", {}, { cpu: "1", memory: "8Gi", pods: "30" })] });
        expect(result).toEqual({
            nodes: {
                "user-0": { fits: true, reasons: [] },
                "gpu-0": { fits: false, plugin: "TaintToleration", reasons: ["node(s) had untolerated taint(s)"], code: "UnschedulableAndUnresolvable" },
                "small-0": { fits: false, plugin: "NodeResourcesFit", reasons: ["Insufficient cpu"], code: "UnschedulableAndUnresolvable" },
            },
        });
    });

    test("gives the FitError text when no node fits", () => {
        const existing: V1Pod[] = [{ metadata: { name: "busy", namespace: "shop" }, spec: { nodeName: "user-1", containers: [{ name: "c", resources: { requests: { cpu: "1", memory: "7.5Gi" } } }] } }];
        const result = evaluatePod({ pod: pod("1500m"), nodes: [tainted("gpu-0"), tainted("gpu-1"), node("user-1"), node("small-0", {}, { cpu: "1", memory: "8Gi", pods: "30" })], existingPods: existing });
        expect(result.nodes["user-1"]).toEqual({ fits: false, plugin: "NodeResourcesFit", reasons: ["Insufficient cpu", "Insufficient memory"], code: "Unschedulable" });
        expect(result.message).toBe("0/4 nodes are available: 1 Insufficient memory, 2 Insufficient cpu, 2 node(s) had untolerated taint(s).");
    });

    test("a PreFilter rejection applies to every node and is the whole message", () => {
        const conflicting = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["user-0"] }, { key: "metadata.name", operator: "In", values: ["user-1"] }] }] } } };
        const result = evaluatePod({ pod: pod("100m", { affinity: conflicting }), nodes: [node("user-0"), node("user-1")] });
        expect(result.nodes["user-0"]).toEqual({ fits: false, plugin: "NodeAffinity", reasons: ["pod affinity terms conflict"], code: "UnschedulableAndUnresolvable" });
        expect(result.message).toBe("0/2 nodes are available: pod affinity terms conflict.");
    });

    test("nodes a PreFilter result leaves out are counted under didn't satisfy plugin(s)", () => {
        const pinned = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["gpu-0"] }] }] } } };
        const result = evaluatePod({ pod: pod("100m", { affinity: pinned }), nodes: [tainted("gpu-0"), node("user-0"), node("user-1")] });
        expect(result.nodes["user-0"]).toEqual({ fits: false, plugin: "NodeAffinity", reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"], code: "UnschedulableAndUnresolvable" });
        expect(result.message).toBe("0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't satisfy plugin(s) [NodeAffinity].");
    });

    test("runs only the named plugins, in the given order", () => {
        const result = evaluatePod({ pod: pod("1500m"), nodes: [tainted("gpu-0")], plugins: ["NodeResourcesFit"] });
        expect(result).toEqual({ nodes: { "gpu-0": { fits: true, reasons: [] } } });
    });

    test("honours feature gates", () => {
        const p = pod("100m", { tolerations: [{ key: "sla", operator: "Gt", value: "900", effect: "NoSchedule" }] });
        const nodes = [node("a-0", { spec: { taints: [{ key: "sla", value: "950", effect: "NoSchedule" }] } })];
        expect(evaluatePod({ pod: p, nodes }).nodes["a-0"].fits).toBe(false);
        expect(evaluatePod({ pod: p, nodes, featureGates: { TaintTolerationComparisonOperators: true } }).nodes["a-0"].fits).toBe(true);
    });

    test("an unknown plugin name is an error listing the valid names", () => {
        expect(() => evaluatePod({ pod: pod("1"), nodes: [node("a-0")], plugins: ["NodeAffinity", "Taints"] })).toThrow(/unknown Filter plugin "Taints"; valid plugins: NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit/);
    });

    test("malformed input is an InvalidObjectError naming the object and field", () => {
        expect(() => evaluatePod({ pod: pod("1 core"), nodes: [node("a-0")] })).toThrow(InvalidObjectError);
        expect(() => evaluatePod({ pod: pod("1 core"), nodes: [node("a-0")] })).toThrow("Pod/shop/web-0: spec.containers[0].resources.requests.cpu: invalid quantity \"1 core\"");
    });
});

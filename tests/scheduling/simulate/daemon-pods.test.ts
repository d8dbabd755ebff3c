/** DaemonSet pods as the DaemonSet controller makes them. */
import { daemonPods, daemonTolerations } from "../../../scheduling/simulate/daemon-pods";
import { expandWorkloads } from "../../../scheduling/simulate/workloads";
import { daemonSet, podSpec, poolNodes } from "./fixtures";

const nodes = [...poolNodes("user1", 2), ...poolNodes("gpu", 1, { taints: [{ key: "sku", value: "gpu", effect: "NoSchedule" }], labels: { accel: "t4" } })];
const sourceOf = (spec: ReturnType<typeof podSpec>) => expandWorkloads([daemonSet("agent", spec)]).sources[0];

describe("daemonPods", () => {
    test("each pod is pinned to its node by a metadata.name matchFields term, replacing the template's required terms", () => {
        const pods = daemonPods(sourceOf(podSpec("10m", "16Mi", { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/os", operator: "In", values: ["linux"] }] }] } } } })), nodes);
        expect(pods.map((p) => p.spec!.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution)).toEqual(
            nodes.slice(0, 2).map((n) => ({ nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [n.metadata!.name] }] }] })),
        );
    });

    test.each([
        ["a node selector keeps the pods to matching nodes", podSpec("10m", "16Mi", { nodeSelector: { accel: "t4" }, tolerations: [{ key: "sku", operator: "Exists" }] }), [2]],
        ["a node selector no node matches makes no pod", podSpec("10m", "16Mi", { nodeSelector: { accel: "a100" } }), []],
        ["an untolerated taint keeps the pod off that node", podSpec("10m"), [0, 1]],
        ["a toleration lets it on", podSpec("10m", "16Mi", { tolerations: [{ key: "sku", operator: "Equal", value: "gpu", effect: "NoSchedule" }] }), [0, 1, 2]],
    ])("%s", (_name, spec, expected) => {
        expect(daemonPods(sourceOf(spec), nodes).map((p) => p.spec!.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms[0].matchFields![0].values![0])).toEqual(
            expected.map((i) => nodes[i].metadata!.name),
        );
    });

    test.each([
        ["the six node-condition tolerations are added", {}, 6],
        ["host network pods also tolerate network-unavailable", { hostNetwork: true }, 7],
    ])("%s", (_name, extra, expected) => {
        const pod = { spec: { containers: [], ...extra } };
        expect(daemonTolerations(pod)).toHaveLength(expected);
    });

    test("an existing toleration for the same key and effect is replaced, not duplicated", () => {
        const tolerations = daemonTolerations({ spec: { containers: [], tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule", tolerationSeconds: 5 }] } });
        expect(tolerations.filter((t) => t.key === "node.kubernetes.io/unschedulable")).toEqual([{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }]);
    });
});

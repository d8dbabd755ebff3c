import { InvalidObjectError } from "../../../scheduling/model/errors";
import { isValidLabelKey, isValidLabelValue, nodeSelectorTermsMatch, podMatchesNodeSelectorAndAffinityTerms } from "../../../scheduling/model/node-selector";
import type { V1Node, V1NodeSelectorTerm, V1Pod } from "../../../scheduling/model/types";

const node: V1Node = { metadata: { name: "aks-user-0", labels: { "kubernetes.io/os": "linux", "topology.kubernetes.io/zone": "westeurope-1", cores: "8" } } };

describe("nodeSelectorTermsMatch (terms OR'ed, requirements AND'ed)", () => {
    test.each<[string, V1NodeSelectorTerm[], boolean]>([
        ["In with the node's value matches", [{ matchExpressions: [{ key: "kubernetes.io/os", operator: "In", values: ["linux"] }] }], true],
        ["In without the node's value does not match", [{ matchExpressions: [{ key: "kubernetes.io/os", operator: "In", values: ["windows"] }] }], false],
        ["one matching term among non-matching ones matches", [{ matchExpressions: [{ key: "x", operator: "Exists" }] }, { matchExpressions: [{ key: "cores", operator: "Gt", values: ["4"] }] }], true],
        ["a term needs all its requirements", [{ matchExpressions: [{ key: "cores", operator: "Gt", values: ["4"] }, { key: "cores", operator: "Lt", values: ["8"] }] }], false],
        ["Lt compares as integers", [{ matchExpressions: [{ key: "cores", operator: "Lt", values: ["10"] }] }], true],
        ["matchFields metadata.name In matches the node's name", [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["aks-user-0"] }] }], true],
        ["an empty term matches nothing", [{}], false],
        ["no terms match nothing", [], false],
    ])("%s", (_name, terms, want) => {
        expect(nodeSelectorTermsMatch(terms, node)).toBe(want);
    });

    test("an unknown operator is an InvalidObjectError naming the source and field", () => {
        expect(() => nodeSelectorTermsMatch([{ matchExpressions: [{ key: "a", operator: "Near" }] }], node, { object: "Pod/shop/web-0", field: "spec.x" })).toThrow(
            new InvalidObjectError("Pod/shop/web-0", "spec.x[0].matchExpressions[0].operator", 'unknown operator "Near"; valid operators: In, NotIn, Exists, DoesNotExist, Gt, Lt'),
        );
    });
});

describe("podMatchesNodeSelectorAndAffinityTerms (nodeSelector AND required node affinity)", () => {
    const pod = (spec: Partial<NonNullable<V1Pod["spec"]>>): V1Pod => ({ metadata: { name: "p" }, spec: { containers: [], ...spec } });
    const zoneAffinity = (zone: string): NonNullable<V1Pod["spec"]> => ({
        containers: [],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: [zone] }] }] } } },
    });
    test.each<[string, V1Pod, boolean]>([
        ["a pod with neither matches every node", pod({}), true],
        ["a matching nodeSelector matches", pod({ nodeSelector: { "kubernetes.io/os": "linux" } }), true],
        ["a nodeSelector with another value does not match", pod({ nodeSelector: { "kubernetes.io/os": "windows" } }), false],
        ["matching affinity matches", pod(zoneAffinity("westeurope-1")), true],
        ["non-matching affinity does not match", pod(zoneAffinity("westeurope-2")), false],
        ["a matching affinity with a non-matching nodeSelector does not match", pod({ ...zoneAffinity("westeurope-1"), nodeSelector: { pool: "gpu" } }), false],
    ])("%s", (_name, p, want) => {
        expect(podMatchesNodeSelectorAndAffinityTerms(p, node)).toBe(want);
    });
});

// Cases after TestNodeSelectorMatch and TestPodMatchesNodeSelectorAndAffinityTerms in kubernetes/kubernetes
// staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity_test.go (v1.35).
describe("component-helpers nodeaffinity cases", () => {
    const label1 = { matchExpressions: [{ key: "label_1", operator: "In", values: ["label_1_val"] }] };
    const host1 = { matchFields: [{ key: "metadata.name", operator: "In", values: ["host_1"] }] };
    test.each<[string, V1NodeSelectorTerm[], V1Node, boolean]>([
        ["node matches field selector, but not labels", [{ ...label1, ...host1 }], { metadata: { name: "host_1" } }, false],
        ["node matches field selector and label selector", [{ ...label1, ...host1 }], { metadata: { name: "host_1", labels: { label_1: "label_1_val" } } }, true],
        ["second term matches", [label1, host1], { metadata: { name: "host_1" } }, true],
    ])("%s", (_name, terms, n, want) => {
        expect(nodeSelectorTermsMatch(terms, n)).toBe(want);
    });

    test("invalid field selector and label selector: a matchFields requirement with two values is an InvalidObjectError", () => {
        const terms: V1NodeSelectorTerm[] = [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["host_1", "host_2"] }] }, { matchExpressions: [{ key: "invalid key", operator: "In", values: ["label_value"] }] }];
        expect(() => nodeSelectorTermsMatch(terms, { metadata: { name: "host_1" } }, { object: "Pod/default/p", field: "nodeSelectorTerms" })).toThrow(
            "Pod/default/p: nodeSelectorTerms[0].matchFields[0].values: matchFields needs exactly one value, got 2",
        );
    });

    const withTerms = (terms: V1NodeSelectorTerm[] | undefined): V1Pod => ({
        metadata: { name: "p" },
        spec: { containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms as V1NodeSelectorTerm[] } } } },
    });
    test.each<[string, V1Pod, boolean]>([
        ["no selector", { metadata: { name: "p" }, spec: { containers: [] } }, true],
        ["missing labels", { metadata: { name: "p" }, spec: { containers: [], nodeSelector: { foo: "bar" } } }, false],
        ["Pod with a nil []NodeSelectorTerm in affinity, can't match the node's labels and won't schedule onto the node", withTerms(undefined), false],
        ["Pod with an empty []NodeSelectorTerm in affinity, can't match the node's labels and won't schedule onto the node", withTerms([]), false],
    ])("%s", (_name, p, want) => {
        expect(podMatchesNodeSelectorAndAffinityTerms(p, { metadata: { name: "n" } })).toBe(want);
    });
});

describe("label syntax", () => {
    test.each([["", true], ["linux", true], ["a.b_c-d", true], ["-a", false], ["a b", false], ["x".repeat(64), false]])("value %p valid: %p", (value, want) => {
        expect(isValidLabelValue(value)).toBe(want);
    });
    test.each([["app", true], ["kubernetes.io/os", true], ["node.kubernetes.io/instance-type", true], ["/x", false], ["Upper.io/x", false], ["a/b/c", false], ["", false]])("key %p valid: %p", (key, want) => {
        expect(isValidLabelKey(key)).toBe(want);
    });
});

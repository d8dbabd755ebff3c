import { InvalidObjectError } from "../../../scheduling/model/errors";
import { compileLabelSelector, labelSelectorMatches, requirementsFromLabelKeys, type Labels } from "../../../scheduling/model/label-selector";
import type { V1LabelSelector } from "../../../scheduling/model/types";

// Semantics after apimachinery's LabelSelectorAsSelector and labels.Requirement.Matches
// (kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go, pkg/labels/selector.go, v1.35).
describe("labelSelectorMatches", () => {
    const web: Labels = { app: "web", tier: "frontend" };
    test.each<[string, V1LabelSelector | undefined | null, Labels, boolean]>([
        ["a nil selector matches nothing, not even an object without labels", undefined, {}, false],
        ["a null selector matches nothing", null, web, false],
        ["an empty selector matches everything", {}, web, true],
        ["an empty selector matches an object without labels", {}, undefined, true],
        ["matchLabels matches an equal value", { matchLabels: { app: "web" } }, web, true],
        ["matchLabels fails on another value", { matchLabels: { app: "db" } }, web, false],
        ["matchLabels fails when the key is absent", { matchLabels: { team: "a" } }, web, false],
        ["matchLabels with an empty value matches an empty label", { matchLabels: { foo: "" } }, { foo: "" }, true],
        ["In matches one of the values", { matchExpressions: [{ key: "app", operator: "In", values: ["db", "web"] }] }, web, true],
        ["In fails on a value outside the set", { matchExpressions: [{ key: "app", operator: "In", values: ["db"] }] }, web, false],
        ["In fails when the key is absent", { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }, web, false],
        ["NotIn matches a value outside the set", { matchExpressions: [{ key: "app", operator: "NotIn", values: ["db"] }] }, web, true],
        ["NotIn matches when the key is absent", { matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] }, web, true],
        ["NotIn fails on a value in the set", { matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] }, web, false],
        ["Exists matches a present key", { matchExpressions: [{ key: "tier", operator: "Exists" }] }, web, true],
        ["Exists fails on an absent key", { matchExpressions: [{ key: "zone", operator: "Exists" }] }, web, false],
        ["DoesNotExist matches an absent key", { matchExpressions: [{ key: "zone", operator: "DoesNotExist" }] }, web, true],
        ["DoesNotExist fails on a present key", { matchExpressions: [{ key: "app", operator: "DoesNotExist" }] }, web, false],
        ["matchLabels and matchExpressions are ANDed (both hold)", { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "Exists" }] }, web, true],
        ["matchLabels and matchExpressions are ANDed (one fails)", { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, web, false],
        ["a key inherited from Object.prototype is not a label", { matchExpressions: [{ key: "constructor", operator: "Exists" }] }, {}, false],
    ])("%s", (_name, selector, labels, expected) => {
        expect(labelSelectorMatches(selector, labels)).toBe(expected);
    });
});

describe("compileLabelSelector rejects what the API server rejects", () => {
    const where = { object: "Pod/default/web-0", field: "spec.topologySpreadConstraints[0].labelSelector" };
    test.each<[string, V1LabelSelector, string]>([
        [
            "an unknown operator",
            { matchExpressions: [{ key: "app", operator: "Equals", values: ["web"] }] },
            'Pod/default/web-0: spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].operator: "Equals" is not a valid label selector operator; valid operators are In, NotIn, Exists, DoesNotExist',
        ],
        [
            "In without values",
            { matchExpressions: [{ key: "app", operator: "In", values: [] }] },
            "Pod/default/web-0: spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].values: operator In needs at least one value",
        ],
        [
            "NotIn without values",
            { matchExpressions: [{ key: "app", operator: "NotIn" }] },
            "Pod/default/web-0: spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].values: operator NotIn needs at least one value",
        ],
        [
            "Exists with values",
            { matchExpressions: [{ key: "app", operator: "Exists", values: ["web"] }] },
            'Pod/default/web-0: spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].values: operator Exists takes no values, got ["web"]',
        ],
        [
            "DoesNotExist with values",
            { matchExpressions: [{ key: "app", operator: "DoesNotExist", values: ["x"] }] },
            'Pod/default/web-0: spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].values: operator DoesNotExist takes no values, got ["x"]',
        ],
        [
            "an invalid label value (upstream's {{.bad-value.}})",
            { matchExpressions: [{ key: "service", operator: "In", values: ["{{.bad-value.}}"] }] },
            'Pod/default/web-0: spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].values[0]: label value "{{.bad-value.}}" is invalid: empty, or at most 63 characters, alphanumerics, \'-\', \'_\' or \'.\', starting and ending with an alphanumeric (e.g. \'workload\', \'my.name\')',
        ],
        [
            "an invalid key in matchLabels",
            { matchLabels: { "-app": "web" } },
            'Pod/default/web-0: spec.topologySpreadConstraints[0].labelSelector.matchLabels["-app"]: label key name "-app" is invalid: at most 63 characters, alphanumerics, \'-\', \'_\' or \'.\', starting and ending with an alphanumeric (e.g. \'workload\', \'my.name\')',
        ],
        [
            "a key that is not a string",
            { matchExpressions: [{ key: 42, operator: "Exists" }] } as unknown as V1LabelSelector,
            "Pod/default/web-0: spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].key: label key 42 is not a string",
        ],
        [
            "matchExpressions that is not a list",
            { matchExpressions: { key: "app" } } as unknown as V1LabelSelector,
            'Pod/default/web-0: spec.topologySpreadConstraints[0].labelSelector.matchExpressions: expected a list of {key, operator, values}, got {"key":"app"}',
        ],
        [
            "values that are not a list",
            { matchExpressions: [{ key: "app", operator: "In", values: "web" }] } as unknown as V1LabelSelector,
            'Pod/default/web-0: spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].values: expected a list of strings, got "web"',
        ],
        [
            "an invalid key prefix",
            { matchExpressions: [{ key: "Example.COM/app", operator: "Exists" }] },
            "Pod/default/web-0: spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].key: label key prefix \"Example.COM\" is not a DNS subdomain (at most 253 characters, lowercase alphanumerics, '-' and '.', e.g. 'example.com')",
        ],
    ])("%s", (_name, selector, message) => {
        expect(() => compileLabelSelector(selector, where)).toThrow(InvalidObjectError);
        expect(() => compileLabelSelector(selector, where)).toThrow(message);
    });

    test("a prefixed key with a valid DNS subdomain is accepted", () => {
        expect(compileLabelSelector({ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "Exists" }] }).matches({ "topology.kubernetes.io/zone": "1" })).toBe(true);
    });
});

describe("compiled selectors", () => {
    test("selectors that select the same objects share a key whatever the order of their requirements", () => {
        const a = compileLabelSelector({ matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["b", "a"] }] });
        const b = compileLabelSelector({ matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }, { key: "app", operator: "In", values: ["web"] }] });
        expect(a.key).toBe(b.key);
    });

    test("selectors that select different objects have different keys", () => {
        expect(compileLabelSelector({ matchLabels: { app: "web" } }).key).not.toBe(compileLabelSelector({ matchLabels: { app: "db" } }).key);
        expect(compileLabelSelector({}).key).not.toBe(compileLabelSelector(undefined).key);
    });

    test.each<[string, V1LabelSelector | undefined, Labels, boolean]>([
        ["and() narrows a selector with the extra requirement (match)", { matchLabels: { app: "web" } }, { app: "web", rev: "2" }, true],
        ["and() narrows a selector with the extra requirement (no match)", { matchLabels: { app: "web" } }, { app: "web", rev: "1" }, false],
        ["and() on an empty selector selects by the extra requirement only", {}, { rev: "2" }, true],
        ["and() on a nil selector still selects nothing", undefined, { rev: "2" }, false],
    ])("%s", (_name, selector, labels, expected) => {
        const merged = compileLabelSelector(selector).and([{ key: "rev", operator: "In", values: ["2"] }]);
        expect(merged.matches(labels)).toBe(expected);
    });

    test.each<[string, string[] | undefined, Labels, "In" | "NotIn", { key: string; operator: string; values: string[] }[]]>([
        ["requirementsFromLabelKeys takes the values of the keys the labels carry", ["rev", "missing"], { rev: "2" }, "In", [{ key: "rev", operator: "In", values: ["2"] }]],
        ["requirementsFromLabelKeys builds NotIn for mismatchLabelKeys", ["tenant"], { tenant: "t1" }, "NotIn", [{ key: "tenant", operator: "NotIn", values: ["t1"] }]],
        ["requirementsFromLabelKeys gives nothing without keys", undefined, { rev: "2" }, "In", []],
    ])("%s", (_name, keys, labels, operator, expected) => {
        expect(requirementsFromLabelKeys(keys, labels, operator)).toEqual(expected);
    });
});

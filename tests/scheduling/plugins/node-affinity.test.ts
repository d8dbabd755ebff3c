import { InvalidObjectError } from "../../../scheduling/model/errors";
import { nodeAffinityPlugin } from "../../../scheduling/plugins/node-affinity";
import fixture from "../fixtures/node-affinity.json";
import { type PluginCase, type PluginFixture, runPluginCase, wanted } from "./plugin-case";

const table = (fixture as PluginFixture).cases;

describe(`NodeAffinity PreFilter and Filter (${(fixture as PluginFixture).source})`, () => {
    test.each(table.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        expect(runPluginCase(nodeAffinityPlugin, c)).toEqual(wanted(c));
    });
});

function affinityPod(requirement: Record<string, unknown>, field: "matchExpressions" | "matchFields" = "matchExpressions"): PluginCase {
    return {
        name: "malformed",
        pod: {
            metadata: { name: "web-0", namespace: "shop" },
            spec: { containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ [field]: [requirement] }] } } } },
        } as PluginCase["pod"],
        node: { metadata: { name: "node1", labels: { foo: "bar" } } },
    };
}

const FIELD = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]";

describe("NodeAffinity rejects requirements the API server would reject", () => {
    test.each([
        ["an unknown operator", affinityPod({ key: "foo", operator: "Matches", values: ["bar"] }), `Pod/shop/web-0: ${FIELD}.matchExpressions[0].operator: unknown operator "Matches"; valid operators: In, NotIn, Exists, DoesNotExist, Gt, Lt`],
        ["In without values", affinityPod({ key: "foo", operator: "In", values: [] }), `Pod/shop/web-0: ${FIELD}.matchExpressions[0].values: operator In needs at least one value`],
        ["Exists with values", affinityPod({ key: "foo", operator: "Exists", values: ["bar"] }), `Pod/shop/web-0: ${FIELD}.matchExpressions[0].values: operator Exists takes no values, got 1`],
        ["Gt with two values", affinityPod({ key: "foo", operator: "Gt", values: ["1", "2"] }), `Pod/shop/web-0: ${FIELD}.matchExpressions[0].values: operator Gt needs exactly one value, got 2`],
        ["an invalid label key", affinityPod({ key: "-foo", operator: "Exists" }), `Pod/shop/web-0: ${FIELD}.matchExpressions[0].key: invalid label key "-foo"`],
        ["a matchFields key other than metadata.name", affinityPod({ key: "metadata.uid", operator: "In", values: ["x"] }, "matchFields"), `Pod/shop/web-0: ${FIELD}.matchFields[0].key: unsupported field "metadata.uid"; the only valid field is "metadata.name"`],
        ["a matchFields Exists", affinityPod({ key: "metadata.name", operator: "Exists" }, "matchFields"), `Pod/shop/web-0: ${FIELD}.matchFields[0].operator: operator "Exists" is not valid for matchFields; valid operators: In, NotIn`],
    ])("%s is an InvalidObjectError naming the pod and field", (_name, c, message) => {
        expect(() => runPluginCase(nodeAffinityPlugin, c)).toThrow(InvalidObjectError);
        expect(() => runPluginCase(nodeAffinityPlugin, c)).toThrow(message);
    });

    test("a valid requirement on the same pod does not throw", () => {
        expect(runPluginCase(nodeAffinityPlugin, affinityPod({ key: "foo", operator: "In", values: ["bar"] })).filter).toBeNull();
    });
});

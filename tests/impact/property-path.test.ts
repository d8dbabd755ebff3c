/** Property paths as Pulumi writes them: parsing, printing, containment and ignoreChanges' reset. */
import { formatPropertyPath, parsePropertyPath, pathContains, PropertyPathError, resetPath } from "../../impact/property-path";
import { diffInputs, UNKNOWN } from "../../impact/value-diff";

describe("parsePropertyPath / formatPropertyPath", () => {
    test.each<[string, (string | number)[]]>([
        ["vmSize", ["vmSize"]],
        ["networkProfile.podCidr", ["networkProfile", "podCidr"]],
        ["spec.containers[0].image", ["spec", "containers", 0, "image"]],
        ['metadata.labels["app.kubernetes.io/name"]', ["metadata", "labels", "app.kubernetes.io/name"]],
        ["tags.*", ["tags", "*"]],
        ["spec.containers[*].image", ["spec", "containers", "*", "image"]],
    ])("%s", (text, segments) => {
        expect(parsePropertyPath(text)).toEqual(segments);
        if (!text.includes("*")) expect(formatPropertyPath(segments)).toBe(text);
    });

    test.each([["", "empty path"], ["a..b", "empty key"], ["a[0", 'unclosed "["'], ["a[x]", "neither an index"]])("%j is refused: %s", (text, problem) => {
        expect(() => parsePropertyPath(text)).toThrow(PropertyPathError);
        expect(() => parsePropertyPath(text)).toThrow(problem);
    });
});

describe("pathContains (PropertyPath.Contains)", () => {
    test.each<[string, string, boolean]>([
        ["availabilityZones", "availabilityZones[2]", true],
        ["availabilityZones", "availabilityZones", true],
        ["networkProfile", "networkProfile.podCidr", true],
        ["networkProfile.podCidr", "networkProfile", false],
        ["upgradeSettings.maxSurge", "upgradeSettings.maxUnavailable", false],
        ["spec.containers[*].image", "spec.containers[3].image", true],
        ["*", "anything.at.all", true],
    ])("%s contains %s: %s", (path, other, expected) => {
        expect(pathContains(parsePropertyPath(path), parsePropertyPath(other))).toBe(expected);
    });
});

describe("resetPath (ignoreChanges)", () => {
    const olds = { count: 3, tags: { team: "a", env: "prod" }, agentPoolProfiles: [{ name: "system", vmSize: "D2" }] };

    test.each<[string, string, Record<string, unknown>, Record<string, unknown>]>([
        ["a top-level value takes its old value", "count", { ...olds, count: 7 }, olds],
        ["a whole list is kept as deployed", "agentPoolProfiles", { ...olds, agentPoolProfiles: [{ name: "system", vmSize: "D4" }] }, olds],
        ["a key the old inputs lack is removed", "extra", { ...olds, extra: 1 }, olds],
        ["a wildcard resets every key", "tags.*", { ...olds, tags: { team: "b", env: "dev", added: "x" } }, olds],
        ["an unknown value is reset too", "count", { ...olds, count: UNKNOWN }, olds],
    ])("%s", (_name, path, news, expected) => {
        expect(resetPath(olds, news, parsePropertyPath(path))).toEqual(expected);
    });

    test("other paths keep their new values", () => {
        const reset = resetPath(olds, { ...olds, count: 7, tags: { team: "b", env: "prod" } }, parsePropertyPath("count"));
        expect(diffInputs(olds, reset).map((e) => formatPropertyPath(e.path))).toEqual(["tags.team"]);
    });
});

describe("diffInputs", () => {
    test.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
        ["an updated leaf", { a: { b: 1 } }, { a: { b: 2 } }, ["update a.b"]],
        ["an added key is reported where it appears, not inside it", { a: {} }, { a: { b: { c: 1 } } }, ["add a.b"]],
        ["a removed key", { a: 1, b: 2 }, { a: 1 }, ["delete b"]],
        ["array elements by index", { z: ["1", "2", "3"] }, { z: ["1", "4"] }, ["update z[1]", "delete z[2]"]],
        ["null counts as absent", { a: null }, {}, []],
        ["key order does not matter", { a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } }, []],
        ["an unknown value differs from any known one", { a: "x" }, { a: UNKNOWN }, ["update a"]],
    ])("%s", (_name, olds, news, expected) => {
        expect(diffInputs(olds, news).map((e) => `${e.kind} ${formatPropertyPath(e.path)}`)).toEqual(expected);
    });
});

import { isAtLeast, parseKubernetesVersion } from "../../../scheduling/aks/kubernetes-version";

describe("parseKubernetesVersion", () => {
    test.each([
        ["1.33", { major: 1, minor: 33, patch: undefined, text: "1.33" }],
        ["1.29.4", { major: 1, minor: 29, patch: 4, text: "1.29.4" }],
    ])("reads %s", (text, expected) => {
        expect(parseKubernetesVersion(text, "NodePool/p", "orchestratorVersion")).toEqual(expected);
    });

    test.each([["v1.33"], ["1"], ["1.33.2.1"], ["1.x"], [""], [" 1.33"]])("rejects %j, naming the object and field", (text) => {
        expect(() => parseKubernetesVersion(text, "NodePool/p", "orchestratorVersion")).toThrow(
            `NodePool/p: orchestratorVersion: ${JSON.stringify(text)} is not a Kubernetes version; expected "<major>.<minor>" or "<major>.<minor>.<patch>"`,
        );
    });
});

describe("isAtLeast", () => {
    const v = (text: string) => parseKubernetesVersion(text, "x", "y");
    test.each([
        ["1.29", true],
        ["1.29.0", true],
        ["1.30", true],
        ["2.0", true],
        ["1.28.15", false],
        ["1.9", false],
        ["0.99", false],
    ])("%s is at least 1.29: %s", (text, expected) => {
        expect(isAtLeast(v(text), 1, 29)).toBe(expected);
    });
});

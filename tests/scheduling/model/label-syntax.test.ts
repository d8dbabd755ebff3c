import { labelKeyPrefix, labelKeyProblem, labelValueProblem } from "../../../scheduling/model/label-syntax";

describe("labelKeyProblem (apimachinery IsQualifiedName)", () => {
    test.each([["app"], ["example.com/app"], ["a.b-c_d"], ["x".repeat(63)], [`${"a".repeat(253)}/n`], ["A1"]])("accepts %j", (key) => {
        expect(labelKeyProblem(key)).toBeUndefined();
    });

    test.each([
        ["", 'label key name "" is invalid'],
        ["x".repeat(64), "label key name"],
        [`${"a".repeat(254)}/n`, "label key prefix"],
        ["/app", `label key "/app" has an empty prefix before '/'`],
        ["example.com/", 'label key name "" is invalid'],
        ["app-", 'label key name "app-" is invalid'],
        ["ex_ample.com/app", 'label key prefix "ex_ample.com" is not a DNS subdomain'],
    ])("rejects %j", (key, message) => {
        expect(labelKeyProblem(key)).toContain(message);
    });

    test("names the key as the caller asks", () => {
        expect(labelKeyProblem("bad key", "taint key")).toMatch(/^taint key name "bad key" is invalid/);
    });
});

describe("labelValueProblem (apimachinery IsValidLabelValue)", () => {
    test.each([[""], ["v1"], ["a.b_c-d"], ["x".repeat(63)]])("accepts %j", (value) => {
        expect(labelValueProblem(value)).toBeUndefined();
    });

    test.each([["x".repeat(64)], ["a b"], ["-a"], ["a/b"]])("rejects %j", (value) => {
        expect(labelValueProblem(value)).toContain(`label value ${JSON.stringify(value)} is invalid`);
    });
});

describe("labelKeyPrefix", () => {
    test.each([
        ["example.com/app", "example.com"],
        ["app", undefined],
    ])("%j → %j", (key, prefix) => {
        expect(labelKeyPrefix(key)).toBe(prefix);
    });
});

/** `aks-platform:changeImpact`: its defaults, a valid allowance, and each mistake named with its key. */
import { parsePlatformSpec } from "../../config/load";
import { StackConfigError } from "../../config/errors";
import { minimalRawConfig } from "./fixtures";

const SOURCE = { file: "Pulumi.test.yaml", stack: "test" };

function parsed(changeImpact: unknown) {
    return parsePlatformSpec({ ...minimalRawConfig(), ...(changeImpact === undefined ? {} : { changeImpact }) }, SOURCE).changeImpact;
}

function problems(changeImpact: unknown): string[] {
    try {
        parsed(changeImpact);
        return [];
    } catch (e) {
        if (e instanceof StackConfigError) return e.message.split("\n");
        throw e;
    }
}

test("absent: mandatory gates, nothing allowed", () => {
    expect(parsed(undefined)).toEqual({ gates: "mandatory", allow: [] });
});

test("an allowance with its reason is kept as written", () => {
    const allow = [{ change: "replace-system-pool", target: "system", reason: "CHG-1234" }];
    expect(parsed({ gates: "advisory", allow })).toEqual({ gates: "advisory", allow });
});

test.each<[string, unknown, string]>([
    ["an unknown level", { gates: "strict" }, 'Pulumi.test.yaml: changeImpact.gates: "strict" is not valid; valid values: "mandatory", "advisory"'],
    ["an unknown change kind", { allow: [{ change: "replace-pool", target: "a", reason: "r" }] }, "Pulumi.test.yaml: changeImpact.allow[0].change:"],
    ["an empty reason", { allow: [{ change: "replace-cluster", target: "aks-test", reason: " " }] }, "Pulumi.test.yaml: changeImpact.allow[0].reason: is empty: say why this change is allowed (it is recorded in the plan's report)"],
    ["no target", { allow: [{ change: "replace-cluster", reason: "r" }] }, "Pulumi.test.yaml: changeImpact.allow[0].target:"],
    ["an unknown key", { gate: "advisory" }, "Pulumi.test.yaml: changeImpact.gate: unknown key"],
])("%s is refused, naming the key", (_name, changeImpact, message) => {
    expect(problems(changeImpact)).toEqual([expect.stringContaining(message)]);
});

import { booleanSetting, integerSetting, stringListSetting } from "../../../policy/common/settings";

describe("policy settings", () => {
    test("absent settings take the default", () => {
        expect([integerSetting({}, "p", "n", 2, 1), booleanSetting({}, "p", "b", true), stringListSetting({}, "p", "l", ["a"])]).toEqual([2, true, ["a"]]);
    });
    test("valid settings are returned as given", () => {
        expect([integerSetting({ n: 5 }, "p", "n", 2, 1), booleanSetting({ b: false }, "p", "b", true), stringListSetting({ l: ["x", "y"] }, "p", "l", ["a"], ["x", "y"])]).toEqual([
            5,
            false,
            ["x", "y"],
        ]);
    });
    test.each([
        ["an integer below the minimum", () => integerSetting({ n: 0 }, "p", "n", 2, 1), 'policy p: setting "n" must be an integer of at least 1, got 0'],
        ["a fractional integer", () => integerSetting({ n: 2.5 }, "p", "n", 2, 1), 'policy p: setting "n" must be an integer of at least 1, got 2.5'],
        ["a string for a boolean", () => booleanSetting({ b: "false" }, "p", "b", true), 'policy p: setting "b" must be true or false, got "false"'],
        ["an empty string in a list", () => stringListSetting({ l: ["a", ""] }, "p", "l", []), 'policy p: setting "l" must be a list of non-empty strings, got ["a",""]'],
        ["a value outside the allowed list", () => stringListSetting({ l: ["z"] }, "p", "l", [], ["x"]), 'policy p: setting "l" must be a list of values from x, got ["z"]'],
    ])("%s is rejected", (_s, read, message) => {
        expect(read).toThrow(message);
    });
});

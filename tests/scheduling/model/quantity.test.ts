import { amountFor, formatAmount, parseQuantity, QuantityFormatError, toMilli, toValue } from "../../../scheduling/model/quantity";

// Forms and values follow apimachinery's resource.Quantity grammar and its quantity_test.go
// (kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/api/resource, v1.35).
describe("parseQuantity reads every form of the Kubernetes grammar exactly", () => {
    test.each<[string | number, number, number]>([
        // [input, milli value, integer value (rounded up)]
        ["0", 0, 0],
        ["20", 20000, 20],
        ["1.5", 1500, 2],
        ["100m", 100, 1],
        ["250m", 250, 1],
        ["0.1", 100, 1],
        ["1k", 1000000, 1000],
        ["500M", 500000000000, 500000000],
        ["1G", 1000000000000, 1000000000],
        ["1Ki", 1024000, 1024],
        ["1Mi", 1048576000, 1048576],
        ["1Gi", 1073741824000, 1073741824],
        ["1.5Gi", 1610612736000, 1610612736],
        ["1e3", 1000000, 1000],
        ["1E3", 1000000, 1000],
        ["1e-3", 1, 1],
        ["1.5e+2", 150000, 150],
        ["1E", 1e21, 1e18],
        ["+5", 5000, 5],
        ["5.", 5000, 5],
        [".5", 500, 1],
        ["1n", 1, 1],
        ["1500u", 2, 1],
        [2, 2000, 2],
        [0.5, 500, 1],
        [1e3, 1000000, 1000],
    ])("%p is %d milli and %d as a rounded-up value", (input, milli, value) => {
        const q = parseQuantity(input);
        expect(toMilli(q)).toBe(milli);
        expect(toValue(q)).toBe(value);
    });

    test("0.1 + 0.2 style fractions stay exact: 0.3 is exactly 300m", () => {
        expect(toMilli(parseQuantity("0.3"))).toBe(300);
        expect(toMilli(parseQuantity(0.3))).toBe(300);
    });

    test("a negative quantity keeps its sign and rounds away from zero", () => {
        expect(toMilli(parseQuantity("-1.5"))).toBe(-1500);
        expect(toValue(parseQuantity("-1.5"))).toBe(-2);
    });
});

describe("parseQuantity rejects text outside the grammar with a message saying what is valid", () => {
    test.each<[unknown]>([[""], ["abc"], ["1.2.3"], ["1Kb"], ["1 Gi"], [" 1"], ["1e"], ["Gi"], ["1ki"], ["."], ["--1"], ["1m1"], [Number.NaN], [Number.POSITIVE_INFINITY], [null]])(
        "%p is a QuantityFormatError",
        (input) => {
            expect(() => parseQuantity(input as string)).toThrow(QuantityFormatError);
            expect(() => parseQuantity(input as string)).toThrow(/expected a number with an optional sign and suffix, e\.g\. "1", "1\.5", "100m"/);
        },
    );
});

describe("amountFor uses millicores for cpu and values for everything else", () => {
    test.each([
        ["cpu", "250m", 250],
        ["cpu", "2", 2000],
        ["memory", "1Gi", 1073741824],
        ["memory", "100m", 1],
        ["nvidia.com/gpu", "1", 1],
        ["pods", "110", 110],
    ])("%s %s is %d", (name, text, amount) => {
        expect(amountFor(name, parseQuantity(text))).toBe(amount);
    });
});

describe("formatAmount writes an amount back as a quantity string", () => {
    test.each([
        ["cpu", 250, "250m"],
        ["cpu", 2000, "2"],
        ["cpu", 1500, "1500m"],
        ["memory", 536870912, "512Mi"],
        ["memory", 2147483648, "2Gi"],
        ["memory", 1536, "1536"],
        ["memory", 1000, "1000"],
        ["memory", 0, "0"],
        ["ephemeral-storage", 10737418240, "10Gi"],
        ["hugepages-2Mi", 4194304, "4Mi"],
        ["nvidia.com/gpu", 2, "2"],
    ])("%s %d is %s", (name, amount, text) => {
        expect(formatAmount(name, amount)).toBe(text);
    });

    test.each([["cpu", "750m"], ["memory", "3Gi"], ["memory", "1500"]])("%s %s survives a round trip", (name, text) => {
        expect(formatAmount(name, amountFor(name, parseQuantity(text)))).toBe(text);
    });
});

/** parseAksTaint and formatAksTaint: AKS's `key=value:Effect` form to and from the Kubernetes taint shape. */
import { TaintFormatError, formatAksTaint, parseAksTaint } from "../../config/taint-format";
import type { Taint } from "../../scheduling/aks/node-pool-spec";

describe("parseAksTaint", () => {
    test.each<[string, string, Taint]>([
        ["a key, a value and an effect", "sku=gpu:NoSchedule", { key: "sku", value: "gpu", effect: "NoSchedule" }],
        ["a prefixed key", "kubernetes.azure.com/scalesetpriority=spot:NoSchedule", { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" }],
        ["a key without a value", "dedicated:NoExecute", { key: "dedicated", effect: "NoExecute" }],
        ["an empty value", "dedicated=:PreferNoSchedule", { key: "dedicated", value: "", effect: "PreferNoSchedule" }],
    ])("reads %s", (_name, text, taint) => {
        expect(parseAksTaint(text)).toEqual(taint);
    });

    test.each<[string, string, string]>([
        ["a taint without effect", "sku=gpu", `"sku=gpu" is not a taint in AKS form "key=value:Effect" or "key:Effect": the effect is missing (one of NoSchedule, PreferNoSchedule, NoExecute)`],
        ["an unknown effect", "sku=gpu:noschedule", `"sku=gpu:noschedule" is not a taint in AKS form "key=value:Effect" or "key:Effect": "noschedule" is not an effect (one of NoSchedule, PreferNoSchedule, NoExecute)`],
        ["an empty key", "=gpu:NoSchedule", `"=gpu:NoSchedule" is not a taint in AKS form "key=value:Effect" or "key:Effect": the key is empty`],
    ])("refuses %s", (_name, text, message) => {
        expect(() => parseAksTaint(text)).toThrow(new TaintFormatError(text, message.slice(message.indexOf(": ") + 2)));
        expect(() => parseAksTaint(text)).toThrow(message);
    });
});

describe("formatAksTaint", () => {
    test.each<[string, Taint, string]>([
        ["a taint with a value", { key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }, "CriticalAddonsOnly=true:NoSchedule"],
        ["a taint without a value", { key: "dedicated", effect: "NoExecute" }, "dedicated:NoExecute"],
        ["a taint with an empty value, as Kubernetes reads it", { key: "dedicated", value: "", effect: "NoExecute" }, "dedicated:NoExecute"],
    ])("writes %s", (_name, taint, text) => {
        expect(formatAksTaint(taint)).toBe(text);
    });

    test.each(["sku=gpu:NoSchedule", "dedicated:NoExecute", "example.com/a=b:PreferNoSchedule"])("round-trips %s", (text) => {
        expect(formatAksTaint(parseAksTaint(text))).toBe(text);
    });
});

import { findUntoleratedTaint, tolerationToleratesTaint } from "../../../scheduling/model/taints";
import type { V1Taint, V1Toleration } from "../../../scheduling/model/types";

// Cases after TestTolerationToleratesTaint in kubernetes/kubernetes staging/src/k8s.io/api/core/v1/toleration_test.go (v1.35).
describe("tolerationToleratesTaint", () => {
    const taint: V1Taint = { key: "foo", value: "bar", effect: "NoSchedule" };
    test.each<[string, V1Toleration, V1Taint, boolean]>([
        ["toleration and taint have the same key and effect, and operator is Exists, and taint has no value, expect tolerated", { key: "foo", operator: "Exists", effect: "NoSchedule" }, { key: "foo", effect: "NoSchedule" }, true],
        ["toleration and taint have the same key and effect, and operator is Exists, and taint has some value, expect tolerated", { key: "foo", operator: "Exists", effect: "NoSchedule" }, taint, true],
        ["toleration and taint have the same effect, toleration has empty key and operator is Exists, means match all taints, expect tolerated", { operator: "Exists", effect: "NoSchedule" }, taint, true],
        ["toleration and taint have the same key, effect and value, and operator is Equal, expect tolerated", { key: "foo", operator: "Equal", value: "bar", effect: "NoSchedule" }, taint, true],
        ["toleration and taint have the same key and effect, but different values, and operator is Equal, expect not tolerated", { key: "foo", operator: "Equal", value: "value1", effect: "NoSchedule" }, taint, false],
        ["toleration and taint have the same key and value, but different effects, and operator is Equal, expect not tolerated", { key: "foo", operator: "Equal", value: "bar", effect: "NoSchedule" }, { ...taint, effect: "NoExecute" }, false],
        ["an empty toleration effect matches every effect", { key: "foo", operator: "Exists" }, { ...taint, effect: "NoExecute" }, true],
        ["no operator means Equal", { key: "foo", value: "bar" }, taint, true],
        ["an unknown operator tolerates nothing", { key: "foo", operator: "Matches", value: "bar" }, taint, false],
    ])("%s", (_name, toleration, t, want) => {
        expect(tolerationToleratesTaint(toleration, t)).toBe(want);
    });

    test.each<[string, boolean, boolean]>([
        ["Gt with the comparison operators enabled tolerates a larger taint value", true, true],
        ["Gt without the comparison operators tolerates nothing", false, false],
    ])("%s", (_name, enabled, want) => {
        expect(tolerationToleratesTaint({ key: "sla", operator: "Gt", value: "900" }, { key: "sla", value: "950", effect: "NoSchedule" }, enabled)).toBe(want);
    });
});

describe("findUntoleratedTaint", () => {
    const taints: V1Taint[] = [
        { key: "soft", effect: "PreferNoSchedule" },
        { key: "dedicated", value: "gpu", effect: "NoSchedule" },
    ];
    const hard = (t: V1Taint): boolean => t.effect !== "PreferNoSchedule";
    test("returns the first untolerated taint the filter keeps", () => {
        expect(findUntoleratedTaint(taints, [], hard)).toEqual(taints[1]);
    });
    test("returns undefined when every kept taint is tolerated", () => {
        expect(findUntoleratedTaint(taints, [{ key: "dedicated", operator: "Exists" }], hard)).toBeUndefined();
    });
    test("without a filter every taint counts", () => {
        expect(findUntoleratedTaint(taints, [{ key: "dedicated", operator: "Exists" }])).toEqual(taints[0]);
    });
});

import { createCycleState } from "../../../scheduling/framework/cycle-state";
import { DEFAULT_FILTER_PLUGINS, DEFAULT_SCORE_WEIGHTS } from "../../../scheduling/framework/names";
import { FILTER_PLUGINS, resolveFilterPlugins } from "../../../scheduling/framework/registry";
import * as reasons from "../../../scheduling/framework/reasons";

describe("plugin names and registry", () => {
    test("the default Filter order is kube-scheduler's, the volume plugins between NodeResourcesFit and PodTopologySpread", () => {
        expect(DEFAULT_FILTER_PLUGINS).toEqual([
            "NodeUnschedulable",
            "NodeName",
            "TaintToleration",
            "NodeAffinity",
            "NodePorts",
            "NodeResourcesFit",
            "VolumeRestrictions",
            "NodeVolumeLimits",
            "VolumeBinding",
            "VolumeZone",
            "PodTopologySpread",
            "InterPodAffinity",
        ]);
    });
    test("the default Score plugins carry kube-scheduler's weights", () => {
        expect(DEFAULT_SCORE_WEIGHTS).toEqual({
            TaintToleration: 3,
            NodeAffinity: 2,
            NodeResourcesFit: 1,
            PodTopologySpread: 2,
            InterPodAffinity: 2,
            NodeResourcesBalancedAllocation: 1,
            ImageLocality: 1,
        });
    });
    test("every registered plugin is registered under its own name", () => {
        for (const [name, plugin] of Object.entries(FILTER_PLUGINS)) expect(plugin.name).toBe(name);
        expect(Object.keys(FILTER_PLUGINS)).toEqual(expect.arrayContaining(["NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit"]));
    });
    test("resolveFilterPlugins keeps the asked order", () => {
        expect(resolveFilterPlugins(["NodeResourcesFit", "NodeName"]).map((p) => p.name)).toEqual(["NodeResourcesFit", "NodeName"]);
    });
    test("an unknown plugin name is an error listing the valid names", () => {
        expect(() => resolveFilterPlugins(["NodeResourceFit"])).toThrow(/unknown Filter plugin "NodeResourceFit"; valid plugins: .*NodeResourcesFit/);
    });
});

describe("reason strings (kube-scheduler v1.35)", () => {
    test.each([
        [reasons.ErrReasonUntoleratedTaint, "node(s) had untolerated taint(s)"],
        [reasons.ErrReasonNodeAffinity, "node(s) didn't match Pod's node affinity/selector"],
        [reasons.ErrReasonNodeUnschedulable, "node(s) were unschedulable"],
        [reasons.ErrReasonNodeName, "node(s) didn't match the requested node name"],
        [reasons.ErrReasonNodePorts, "node(s) didn't have free ports for the requested pod ports"],
        [reasons.ErrReasonTooManyPods, "Too many pods"],
        [reasons.insufficientResource("nvidia.com/gpu"), "Insufficient nvidia.com/gpu"],
        [reasons.ErrReasonConstraintsNotMatch, "node(s) didn't match pod topology spread constraints"],
        [reasons.ErrReasonNodeLabelNotMatch, "node(s) didn't match pod topology spread constraints (missing required label)"],
        [reasons.ErrReasonAffinityRulesNotMatch, "node(s) didn't match pod affinity rules"],
        [reasons.ErrReasonAntiAffinityRulesNotMatch, "node(s) didn't match pod anti-affinity rules"],
        [reasons.ErrReasonExistingAntiAffinityRulesNotMatch, "node(s) didn't satisfy existing pods anti-affinity rules"],
        [reasons.ErrReasonDiskConflict, "node(s) had no available disk"],
        [reasons.ErrReasonReadWriteOncePodConflict, "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode"],
        [reasons.ErrReasonMaxVolumeCountExceeded, "node(s) exceed max volume count"],
        [reasons.ErrReasonNodeConflict, "node(s) had volume node affinity conflict"],
        [reasons.ErrReasonBindConflict, "node(s) didn't find available persistent volumes to bind"],
        [reasons.ErrReasonPVNotExist, "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)"],
        [reasons.ErrReasonUnboundImmediatePVC, "pod has unbound immediate PersistentVolumeClaims"],
        [reasons.ErrReasonVolumeZoneConflict, "node(s) had no available volume zone"],
        [reasons.ErrReasonNoPreemptionVictims, "No preemption victims found for incoming pod"],
        [reasons.ErrReasonPreemptionNotHelpful, "Preemption is not helpful for scheduling"],
    ])("%s", (actual, expected) => {
        expect(actual).toBe(expected);
    });
});

describe("createCycleState", () => {
    test("reads back what was written, and nothing else", () => {
        const state = createCycleState();
        state.write("PreFilterX", { n: 1 });
        expect(state.read("PreFilterX")).toEqual({ n: 1 });
        expect(state.read("PreFilterY")).toBeUndefined();
    });
    test("clone copies the values that can be cloned and shares the others", () => {
        const shared = { n: 1 };
        const cloneable = { n: 1, clone() { return { n: this.n, clone: this.clone }; } };
        const state = createCycleState();
        state.write("Shared", shared);
        state.write("Cloneable", cloneable);
        const copy = state.clone();
        expect(copy.read("Shared")).toBe(shared);
        expect(copy.read("Cloneable")).not.toBe(cloneable);
        copy.write("Added", 1);
        expect(state.read("Added")).toBeUndefined();
    });
});

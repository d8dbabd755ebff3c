import { createCycleState } from "../../../scheduling/framework/cycle-state";
import type { CycleContext, FilterPlugin, PreFilterResult, Status } from "../../../scheduling/framework/interfaces";
import { createPodInfo } from "../../../scheduling/framework/node-info";
import { runFilterPlugins, runPreFilterPlugins } from "../../../scheduling/framework/run-filters";
import { sharedStatus } from "../../../scheduling/framework/status";
import { createSnapshot } from "../../../scheduling/framework/snapshot";

const pod = { metadata: { name: "p" }, spec: { containers: [] } };
const ctx = (): CycleContext => {
    const snapshot = createSnapshot({ nodes: [{ metadata: { name: "n1" } }, { metadata: { name: "n2" } }] });
    return { state: createCycleState(), pod, podInfo: createPodInfo(pod), snapshot, featureGates: {} };
};
const plugin = (name: string, preFilter?: PreFilterResult, filter?: (node: string) => Status | undefined): FilterPlugin => ({
    name,
    ...(preFilter === undefined ? {} : { preFilter: () => preFilter }),
    filter: (_c, nodeInfo) => filter?.(nodeInfo.name),
});
const reject = (reason: string): Status => ({ code: "Unschedulable", reasons: [reason] });

describe("runPreFilterPlugins", () => {
    test("Skip puts the plugin in skipped and lets the others run", () => {
        const out = runPreFilterPlugins([plugin("A", { status: { code: "Skip", reasons: [] } }), plugin("B", { nodeNames: new Set(["n1"]) })], ctx());
        expect(out).toEqual({ nodeNames: new Set(["n1"]), skipped: new Set(["A"]), pluginsWithNodes: ["B"] });
    });
    test("the first rejection stops the phase and carries its plugin", () => {
        const out = runPreFilterPlugins([plugin("A", { status: { code: "UnschedulableAndUnresolvable", reasons: ["no"] } }), plugin("B", { status: { code: "Unschedulable", reasons: ["never reached"] } })], ctx());
        expect(out.status).toEqual({ code: "UnschedulableAndUnresolvable", reasons: ["no"], plugin: "A" });
    });
    test("node names of several plugins are intersected", () => {
        const out = runPreFilterPlugins([plugin("A", { nodeNames: new Set(["n1", "n2"]) }), plugin("B", { nodeNames: new Set(["n2", "n3"]) })], ctx());
        expect(out.nodeNames).toEqual(new Set(["n2"]));
        expect(out.status).toBeUndefined();
    });
    test("an empty intersection rejects the pod naming the plugins", () => {
        const out = runPreFilterPlugins([plugin("A", { nodeNames: new Set(["n1"]) }), plugin("B", { nodeNames: new Set(["n2"]) })], ctx());
        expect(out.status).toEqual({ code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't satisfy plugin(s) [A B] simultaneously"], plugin: "B" });
    });
    test("a single plugin's empty node set is worded for one plugin", () => {
        const out = runPreFilterPlugins([plugin("A", { nodeNames: new Set() })], ctx());
        expect(out.status?.reasons).toEqual(["node(s) didn't satisfy plugin A"]);
    });
    test("plugins without PreFilter leave everything open", () => {
        expect(runPreFilterPlugins([plugin("A")], ctx())).toEqual({ nodeNames: undefined, skipped: new Set(), pluginsWithNodes: [] });
    });
});

describe("runFilterPlugins", () => {
    test("the first rejection wins and carries its plugin", () => {
        const c = ctx();
        const status = runFilterPlugins([plugin("A", undefined, () => undefined), plugin("B", undefined, () => reject("b")), plugin("C", undefined, () => reject("c"))], c, c.snapshot.nodeInfos[0], new Set());
        expect(status).toEqual({ code: "Unschedulable", reasons: ["b"], plugin: "B" });
    });
    test("skipped plugins do not run", () => {
        const c = ctx();
        expect(runFilterPlugins([plugin("B", undefined, () => reject("b"))], c, c.snapshot.nodeInfos[0], new Set(["B"]))).toBeUndefined();
    });
    test("a node every plugin accepts has no status", () => {
        const c = ctx();
        expect(runFilterPlugins([plugin("A", undefined, () => undefined)], c, c.snapshot.nodeInfos[0], new Set())).toBeUndefined();
    });
    test("a shared frozen status is returned as is when its plugin is set, and copied when it is not", () => {
        const c = ctx();
        const own = sharedStatus("Unschedulable", "x", "A");
        const foreign = sharedStatus("Unschedulable", "y", "Other");
        expect(runFilterPlugins([plugin("A", undefined, () => own)], c, c.snapshot.nodeInfos[0], new Set())).toBe(own);
        const copied = runFilterPlugins([plugin("B", undefined, () => foreign)], c, c.snapshot.nodeInfos[0], new Set());
        expect(copied).toEqual({ code: "Unschedulable", reasons: ["y"], plugin: "B" });
        expect(foreign.plugin).toBe("Other");
        expect(Object.isFrozen(own)).toBe(true);
    });
});

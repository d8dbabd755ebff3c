import { createCycleState } from "../../../scheduling/framework/cycle-state";
import { addPodToNode, createPodInfo, removePodFromNode } from "../../../scheduling/framework/node-info";
import { createSnapshot } from "../../../scheduling/framework/snapshot";
import { InvalidObjectError } from "../../../scheduling/model/errors";
import { compileLabelSelector } from "../../../scheduling/model/label-selector";
import type { V1LabelSelector, V1Node, V1Pod, V1TopologySpreadConstraint } from "../../../scheduling/model/types";
import {
    computeTopologySpreadState,
    DomainCounts,
    ErrReasonConstraintsNotMatch,
    podLabelIndex,
    PRE_FILTER_STATE_KEY,
    podTopologySpreadPlugin,
    updateTopologySpreadState,
    type TopologySpreadState,
} from "../../../scheduling/plugins/pod-topology-spread";
import { contextFor, formatStatus, loadFixtures, runCase } from "./topology-fixtures";

const fixtures = loadFixtures("pod-topology-spread", "filter-cases.json");

describe("PodTopologySpread Filter (fixtures)", () => {
    test.each(fixtures.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        const result = runCase(podTopologySpreadPlugin, c);
        expect(result.preFilter).toBe(c.wantPreFilter ?? "Success");
        expect(result.nodes).toEqual(c.want);
    });
});

const foo = { matchExpressions: [{ key: "foo", operator: "Exists" }] };
const node = (name: string, labels: Record<string, string>): V1Node => ({ metadata: { name, labels } });
const pod = (name: string, labels: Record<string, string>, nodeName?: string, constraints?: V1TopologySpreadConstraint[]): V1Pod => ({
    metadata: { name, labels },
    spec: { containers: [{ name: "c" }], nodeName, topologySpreadConstraints: constraints },
});
const zone = (maxSkew = 1, extra: Partial<V1TopologySpreadConstraint> = {}): V1TopologySpreadConstraint => ({ maxSkew, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: foo, ...extra });
const fourNodes = (): V1Node[] => [
    node("node-a", { zone: "zone1", node: "node-a" }),
    node("node-b", { zone: "zone1", node: "node-b" }),
    node("node-x", { zone: "zone2", node: "node-x" }),
    node("node-y", { zone: "zone2", node: "node-y" }),
];
const counts = (s: TopologySpreadState): Record<string, number>[] => s.counts.map((c) => c.toObject());

describe("PodTopologySpread PreFilter", () => {
    test.each<[string, V1TopologySpreadConstraint[] | undefined, string]>([
        ["a pod without constraints is skipped", undefined, "Skip"],
        ["soft spreadConstraints should be bypassed (only ScheduleAnyway: skipped)", [zone(1, { whenUnsatisfiable: "ScheduleAnyway" })], "Skip"],
        ["a pod with a hard constraint is not skipped", [zone()], "Success"],
    ])("%s", (_name, constraints, want) => {
        const ctx = contextFor({ name: "", source: "", pod: pod("p", { foo: "" }, undefined, constraints), nodes: fourNodes(), existingPods: [], want: {} });
        expect(podTopologySpreadPlugin.preFilter(ctx)?.status?.code ?? "Success").toBe(want);
    });

    // Counts from upstream TestPreFilterState ("normal case with two spreadConstraints", "soft spreadConstraints should be bypassed").
    test.each<[string, V1Node[], Record<string, number>[]]>([
        ["normal case with two spreadConstraints", fourNodes(), [{ zone1: 3, zone2: 4 }, { "node-a": 2, "node-b": 1, "node-x": 0, "node-y": 4 }]],
        ["soft spreadConstraints should be bypassed", fourNodes().filter((n) => n.metadata?.name !== "node-x"), [{ zone1: 3, zone2: 4 }, { "node-a": 2, "node-b": 1, "node-y": 4 }]],
    ])("%s", (name, nodes, want) => {
        const constraints = [zone(), { ...zone(), topologyKey: "node" }];
        if (name.startsWith("soft")) constraints.unshift(zone(1, { whenUnsatisfiable: "ScheduleAnyway" }));
        const existing = ["a", "a", "b", "y", "y", "y", "y"].map((n, i) => pod(`p-${n}${i}`, { foo: "" }, `node-${n}`));
        const snapshot = createSnapshot({ nodes, existingPods: existing });
        expect(counts(computeTopologySpreadState(pod("p", { foo: "" }, undefined, constraints), snapshot))).toEqual(want);
    });

    test("a pod bound to a node after a cycle is counted by the next cycle (no stale per-node count)", () => {
        const snapshot = createSnapshot({ nodes: fourNodes(), existingPods: [pod("p-a1", { foo: "" }, "node-a")] });
        const incoming = pod("p", { foo: "" }, undefined, [zone()]);
        expect(counts(computeTopologySpreadState(incoming, snapshot))).toEqual([{ zone1: 1, zone2: 0 }]);
        addPodToNode(snapshot.get("node-x")!, createPodInfo(pod("p-x1", { foo: "" }, "node-x")));
        addPodToNode(snapshot.get("node-x")!, createPodInfo(pod("p-x2", { foo: "" }, "node-x")));
        expect(counts(computeTopologySpreadState(incoming, snapshot))).toEqual([{ zone1: 1, zone2: 2 }]);
    });
});

describe("PodTopologySpread addPod / removePod (PreFilterExtensions)", () => {
    // The first three are upstream TestPreFilterStateRemovePod cases; the last two are ours.
    test.each<[string, string[], { pod: V1Pod; node: string; delta: 1 | -1 }, Record<string, number>]>([
        ["one spreadConstraint on zone, topologyKeyToMinPodsMap unchanged", ["a", "b", "x"], { pod: pod("p-a0", { foo: "" }, "node-a"), node: "node-a", delta: -1 }, { zone1: 1, zone2: 1 }],
        ["one spreadConstraint on node, topologyKeyToMinPodsMap changed", ["a", "b", "x", "y"], { pod: pod("p-a0", { foo: "" }, "node-a"), node: "node-a", delta: -1 }, { zone1: 1, zone2: 2 }],
        ["delete an irrelevant pod won't help", ["a", "b", "x", "y"], { pod: pod("p-a9", { bar: "" }, "node-a"), node: "node-a", delta: -1 }, { zone1: 2, zone2: 2 }],
        ["adding a matching pod raises its domain's count", ["a", "b", "x"], { pod: pod("p-x9", { foo: "" }, "node-x"), node: "node-x", delta: 1 }, { zone1: 2, zone2: 2 }],
        ["adding a pod the selector does not match changes nothing", ["a", "b", "x"], { pod: pod("p-x9", { zone: "zone2" }, "node-x"), node: "node-x", delta: 1 }, { zone1: 2, zone2: 1 }],
    ])("%s", (_name, existingOn, change, want) => {
        const existing = existingOn.map((n, i) => pod(`p-${n}${i}`, { foo: "" }, `node-${n}`));
        const c = { name: "", source: "", pod: pod("p", { foo: "" }, undefined, [zone()]), nodes: fourNodes(), existingPods: existing, want: {} };
        const ctx = contextFor(c);
        podTopologySpreadPlugin.preFilter(ctx);
        const nodeInfo = ctx.snapshot.get(change.node)!;
        const status = change.delta === 1
            ? podTopologySpreadPlugin.addPod(ctx.state, ctx.pod, createPodInfo(change.pod), nodeInfo)
            : podTopologySpreadPlugin.removePod(ctx.state, ctx.pod, createPodInfo(change.pod), nodeInfo);
        expect(status).toBeUndefined();
        expect(counts(ctx.state.read<TopologySpreadState>(PRE_FILTER_STATE_KEY)!)).toEqual([want]);
    });

    test("a pod of another namespace does not change the counts", () => {
        const ctx = contextFor({ name: "", source: "", pod: pod("p", { foo: "" }, undefined, [zone()]), nodes: fourNodes(), existingPods: [], want: {} });
        podTopologySpreadPlugin.preFilter(ctx);
        const other = { ...pod("q", { foo: "" }, "node-a"), metadata: { name: "q", namespace: "other", labels: { foo: "" } } };
        updateTopologySpreadState(ctx.state.read<TopologySpreadState>(PRE_FILTER_STATE_KEY)!, other, ctx.snapshot.get("node-a")!.node, 1);
        expect(counts(ctx.state.read<TopologySpreadState>(PRE_FILTER_STATE_KEY)!)).toEqual([{ zone1: 0, zone2: 0 }]);
    });

    test("filter and addPod without PreFilter return an Error status", () => {
        const ctx = contextFor({ name: "", source: "", pod: pod("p", { foo: "" }, undefined, [zone()]), nodes: fourNodes(), existingPods: [], want: {} });
        const nodeInfo = ctx.snapshot.nodeInfos[0];
        const message = 'Error: cycle state has no "PreFilterPodTopologySpread": PreFilter must run before Filter';
        expect(formatStatus(podTopologySpreadPlugin.filter(ctx, nodeInfo))).toBe(message);
        expect(formatStatus(podTopologySpreadPlugin.addPod(createCycleState(), ctx.pod, ctx.podInfo, nodeInfo))).toBe(message);
    });

    test("after addPod, Filter reads the updated counts", () => {
        const ctx = contextFor({ name: "", source: "", pod: pod("p", { foo: "" }, undefined, [zone()]), nodes: fourNodes(), existingPods: [], want: {} });
        podTopologySpreadPlugin.preFilter(ctx);
        const nodeA = ctx.snapshot.get("node-a")!;
        expect(podTopologySpreadPlugin.filter(ctx, nodeA)).toBeUndefined();
        podTopologySpreadPlugin.addPod(ctx.state, ctx.pod, createPodInfo(pod("q", { foo: "" }, "node-a")), nodeA);
        expect(podTopologySpreadPlugin.filter(ctx, nodeA)).toEqual({ code: "Unschedulable", reasons: [ErrReasonConstraintsNotMatch] });
    });
});

describe("DomainCounts keeps the exact minimum", () => {
    test("adding to every domain at the minimum raises the minimum only when no domain is left at it", () => {
        const c = new DomainCounts();
        for (const d of ["a", "b", "c"]) c.ensure(d);
        c.add("a", 1);
        c.add("b", 1);
        expect(c.min()).toBe(0);
        c.add("c", 1);
        expect(c.min()).toBe(1);
    });

    test("removing below the minimum lowers it, and clones are independent", () => {
        const c = new DomainCounts();
        c.add("a", 2);
        c.add("b", 3);
        const copy = c.clone();
        c.add("b", -3);
        expect([c.min(), copy.min(), c.size, c.get("missing")]).toEqual([0, 2, 2, 0]);
    });
});

describe("PodTopologySpread rejects malformed constraints", () => {
    test.each<[string, Partial<V1TopologySpreadConstraint>, string]>([
        ["maxSkew 0", { maxSkew: 0 }, "Pod/default/p: spec.topologySpreadConstraints[0].maxSkew: 0 is not valid; it must be an integer greater than 0"],
        ["an unknown whenUnsatisfiable", { whenUnsatisfiable: "Never" }, 'Pod/default/p: spec.topologySpreadConstraints[0].whenUnsatisfiable: "Never" is not valid; valid values are DoNotSchedule, ScheduleAnyway'],
        ["an empty topologyKey", { topologyKey: "" }, "Pod/default/p: spec.topologySpreadConstraints[0].topologyKey: must be a non-empty label key"],
        ["minDomains 0", { minDomains: 0 }, "Pod/default/p: spec.topologySpreadConstraints[0].minDomains: 0 is not valid; it must be an integer greater than 0 (or unset)"],
        ["minDomains with ScheduleAnyway", { minDomains: 2, whenUnsatisfiable: "ScheduleAnyway" }, "Pod/default/p: spec.topologySpreadConstraints[0].minDomains: may only be set when whenUnsatisfiable is DoNotSchedule"],
        ["an unknown nodeTaintsPolicy", { nodeTaintsPolicy: "Always" }, 'Pod/default/p: spec.topologySpreadConstraints[0].nodeTaintsPolicy: "Always" is not a valid node inclusion policy; valid values are Honor, Ignore'],
        ["matchLabelKeys without labelSelector", { labelSelector: undefined, matchLabelKeys: ["rev"] }, "Pod/default/p: spec.topologySpreadConstraints[0].matchLabelKeys: must not be set when labelSelector is not set"],
        [
            "an invalid labelSelector operator",
            { labelSelector: { matchExpressions: [{ key: "foo", operator: "Equal" }] } },
            'Pod/default/p: spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].operator: "Equal" is not a valid label selector operator; valid operators are In, NotIn, Exists, DoesNotExist',
        ],
    ])("%s", (_name, change, message) => {
        const snapshot = createSnapshot({ nodes: fourNodes() });
        const bad = pod("p", { foo: "" }, undefined, [zone(1, change)]);
        expect(() => computeTopologySpreadState(bad, snapshot)).toThrow(InvalidObjectError);
        expect(() => computeTopologySpreadState(bad, snapshot)).toThrow(message);
    });
});

describe("podLabelIndex visits exactly the pods a selector matches", () => {
    const existing = [
        pod("web-1", { app: "web", tier: "front" }, "node-a"),
        pod("web-2", { app: "web" }, "node-b"),
        pod("db-1", { app: "db", tier: "back" }, "node-x"),
        pod("bare", {}, "node-y"),
        { ...pod("other-ns", { app: "web" }, "node-a"), metadata: { name: "other-ns", namespace: "other", labels: { app: "web" } } },
    ];
    test.each<[string, V1LabelSelector | undefined, string[]]>([
        ["In with two values", { matchExpressions: [{ key: "app", operator: "In", values: ["web", "db"] }] }, ["db-1", "web-1", "web-2"]],
        ["matchLabels and Exists together", { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "Exists" }] }, ["web-1"]],
        ["NotIn only (every pod is a candidate)", { matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] }, ["bare", "db-1"]],
        ["DoesNotExist only", { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, ["bare", "web-2"]],
        ["an empty selector", {}, ["bare", "db-1", "web-1", "web-2"]],
        ["a nil selector", undefined, []],
        ["a value no pod has", { matchLabels: { app: "cache" } }, []],
    ])("%s", (_name, selector, want) => {
        const snapshot = createSnapshot({ nodes: fourNodes(), existingPods: existing });
        const seen: string[] = [];
        podLabelIndex(snapshot).forEachMatch("default", compileLabelSelector(selector), (p) => seen.push(p.metadata!.name!));
        expect(seen.sort()).toEqual(want);
    });

    test("a pod removed from its node leaves the index at the next refresh", () => {
        const snapshot = createSnapshot({ nodes: fourNodes() });
        const info = createPodInfo(pod("web-1", { app: "web" }, "node-a"));
        addPodToNode(snapshot.get("node-a")!, info);
        const names = (): string[] => {
            const seen: string[] = [];
            podLabelIndex(snapshot).forEachMatch("default", compileLabelSelector({ matchLabels: { app: "web" } }), (p) => seen.push(p.metadata!.name!));
            return seen;
        };
        expect(names()).toEqual(["web-1"]);
        removePodFromNode(snapshot.get("node-a")!, info);
        expect(names()).toEqual([]);
    });
});

import { createCycleState } from "../../../scheduling/framework/cycle-state";
import { addPodToNode, createPodInfo, removePodFromNode } from "../../../scheduling/framework/node-info";
import { createSnapshot } from "../../../scheduling/framework/snapshot";
import { InvalidObjectError } from "../../../scheduling/model/errors";
import type { V1Node, V1Pod, V1PodAffinityTerm } from "../../../scheduling/model/types";
import {
    computeInterPodAffinityState,
    ErrReasonAntiAffinityRulesNotMatch,
    ErrReasonExistingAntiAffinityRulesNotMatch,
    interPodAffinityPlugin,
    PRE_FILTER_STATE_KEY,
    type InterPodAffinityState,
    type TopologyCounts,
} from "../../../scheduling/plugins/inter-pod-affinity";
import { contextFor, formatStatus, loadFixtures, runCase } from "./topology-fixtures";

const fixtures = loadFixtures("inter-pod-affinity", "filter-cases.json");

describe("InterPodAffinity Filter (fixtures)", () => {
    test.each(fixtures.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        const result = runCase(interPodAffinityPlugin, c, fixtures.namespaces);
        expect(result.preFilter).toBe(c.wantPreFilter ?? "Success");
        expect(result.nodes).toEqual(c.want);
    });
});

const node = (name: string, labels: Record<string, string>): V1Node => ({ metadata: { name, labels } });
const term = (key: string, topologyKey: string, extra: Partial<V1PodAffinityTerm> = {}): V1PodAffinityTerm => ({
    labelSelector: { matchExpressions: [{ key, operator: "Exists" }] },
    topologyKey,
    ...extra,
});
const pod = (name: string, labels: Record<string, string>, nodeName?: string, anti?: V1PodAffinityTerm[], affinity?: V1PodAffinityTerm[]): V1Pod => ({
    metadata: { name, labels },
    spec: {
        containers: [{ name: "c" }],
        nodeName,
        affinity: {
            podAntiAffinity: anti === undefined ? undefined : { requiredDuringSchedulingIgnoredDuringExecution: anti },
            podAffinity: affinity === undefined ? undefined : { requiredDuringSchedulingIgnoredDuringExecution: affinity },
        },
    },
});
const hosts = (): V1Node[] => [node("n1", { host: "n1", zone: "z1" }), node("n2", { host: "n2", zone: "z1" }), node("n3", { host: "n3", zone: "z2" })];
const pairs = (counts: TopologyCounts): Record<string, number> => counts.toObject();

describe("InterPodAffinity addPod / removePod (PreFilterExtensions)", () => {
    test.each<[string, V1Pod, V1Pod, string, Record<string, string>]>([
        [
            "adding a pod the incoming pod's anti-affinity selects blocks its host",
            pod("p", { app: "web" }, undefined, [term("app", "host")]),
            pod("q", { app: "web" }, "n2"),
            "n2",
            { n1: "Success", n2: `Unschedulable: ${ErrReasonAntiAffinityRulesNotMatch}`, n3: "Success" },
        ],
        [
            "adding a pod whose anti-affinity selects the incoming pod blocks its zone",
            // The incoming pod's own term selects nothing; it keeps PreFilter from skipping the plugin.
            pod("p", { app: "web" }, undefined, [term("never", "host")]),
            pod("q", { other: "x" }, "n3", [term("app", "zone")]),
            "n3",
            { n1: "Success", n2: "Success", n3: `Unschedulable: ${ErrReasonExistingAntiAffinityRulesNotMatch}` },
        ],
        [
            "adding a pod nothing selects changes nothing",
            pod("p", { app: "web" }, undefined, [term("app", "host")]),
            pod("q", { other: "x" }, "n1"),
            "n1",
            { n1: "Success", n2: "Success", n3: "Success" },
        ],
    ])("%s", (_name, incoming, added, on, want) => {
        const ctx = contextFor({ name: "", source: "", pod: incoming, nodes: hosts(), existingPods: [], want: {} });
        expect(interPodAffinityPlugin.preFilter(ctx)).toBeUndefined();
        expect(interPodAffinityPlugin.addPod(ctx.state, ctx.pod, createPodInfo(added), ctx.snapshot.get(on)!)).toBeUndefined();
        const got = Object.fromEntries(ctx.snapshot.nodeInfos.map((n) => [n.name, formatStatus(interPodAffinityPlugin.filter(ctx, n))]));
        expect(got).toEqual(want);
    });

    test("removing the only matching pod lifts the incoming pod's anti-affinity", () => {
        const existing = pod("q", { app: "web" }, "n2");
        const ctx = contextFor({ name: "", source: "", pod: pod("p", { app: "web" }, undefined, [term("app", "zone")]), nodes: hosts(), existingPods: [existing], want: {} });
        interPodAffinityPlugin.preFilter(ctx);
        const n1 = ctx.snapshot.get("n1")!;
        expect(formatStatus(interPodAffinityPlugin.filter(ctx, n1))).toBe(`Unschedulable: ${ErrReasonAntiAffinityRulesNotMatch}`);
        interPodAffinityPlugin.removePod(ctx.state, ctx.pod, createPodInfo(existing), ctx.snapshot.get("n2")!);
        expect(interPodAffinityPlugin.filter(ctx, n1)).toBeUndefined();
        expect(pairs(ctx.state.read<InterPodAffinityState>(PRE_FILTER_STATE_KEY)!.antiAffinityCounts)).toEqual({});
    });

    test("filter and addPod without PreFilter return an Error status", () => {
        const ctx = contextFor({ name: "", source: "", pod: pod("p", { app: "web" }, undefined, [term("app", "host")]), nodes: hosts(), existingPods: [], want: {} });
        const message = 'Error: cycle state has no "PreFilterInterPodAffinity": PreFilter must run before Filter';
        expect(formatStatus(interPodAffinityPlugin.filter(ctx, ctx.snapshot.nodeInfos[0]))).toBe(message);
        expect(formatStatus(interPodAffinityPlugin.addPod(createCycleState(), ctx.pod, ctx.podInfo, ctx.snapshot.nodeInfos[0]))).toBe(message);
    });
});

describe("InterPodAffinity PreFilter counts", () => {
    test("counts follow pods added to and removed from nodes between cycles (no stale per-node count)", () => {
        const snapshot = createSnapshot({ nodes: hosts(), existingPods: [pod("q1", { app: "web" }, "n1")] });
        const incoming = pod("p", { app: "web" }, undefined, [term("app", "host")], [term("app", "zone")]);
        const before = computeInterPodAffinityState(incoming, snapshot);
        expect([pairs(before.affinityCounts), pairs(before.antiAffinityCounts)]).toEqual([{ "zone=z1": 1 }, { "host=n1": 1 }]);
        const q2 = createPodInfo(pod("q2", { app: "web" }, "n3"));
        addPodToNode(snapshot.get("n3")!, q2);
        const after = computeInterPodAffinityState(incoming, snapshot);
        expect([pairs(after.affinityCounts), pairs(after.antiAffinityCounts)]).toEqual([{ "zone=z1": 1, "zone=z2": 1 }, { "host=n1": 1, "host=n3": 1 }]);
        removePodFromNode(snapshot.get("n3")!, q2);
        expect(pairs(computeInterPodAffinityState(incoming, snapshot).antiAffinityCounts)).toEqual({ "host=n1": 1 });
    });

    test("an existing pod's anti-affinity stops counting once the pod leaves its node", () => {
        const snapshot = createSnapshot({ nodes: hosts() });
        const guard = createPodInfo(pod("guard", {}, "n1", [term("app", "zone")]));
        addPodToNode(snapshot.get("n1")!, guard);
        const incoming = pod("p", { app: "web" });
        expect(pairs(computeInterPodAffinityState(incoming, snapshot).existingAntiAffinityCounts)).toEqual({ "zone=z1": 1 });
        removePodFromNode(snapshot.get("n1")!, guard);
        expect(pairs(computeInterPodAffinityState(incoming, snapshot).existingAntiAffinityCounts)).toEqual({});
    });

    test("existing pods' anti-affinity counts once per matching term and pod", () => {
        const existing = [pod("q1", {}, "n1", [term("app", "zone")]), pod("q2", {}, "n2", [term("app", "zone"), term("app", "host")]), pod("q3", {}, "n3", [term("db", "zone")])];
        const state = computeInterPodAffinityState(pod("p", { app: "web" }), createSnapshot({ nodes: hosts(), existingPods: existing }));
        expect(pairs(state.existingAntiAffinityCounts)).toEqual({ "zone=z1": 2, "host=n2": 1 });
    });
});

describe("InterPodAffinity rejects malformed terms", () => {
    test.each<[string, V1Pod, string]>([
        [
            "an empty topologyKey of the incoming pod",
            pod("p", {}, undefined, [term("app", "")]),
            "Pod/default/p: spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: must be a non-empty label key",
        ],
        [
            "PodAffinity fails PreFilter with an invalid affinity label syntax",
            pod("p", {}, undefined, undefined, [{ labelSelector: { matchExpressions: [{ key: "service", operator: "In", values: ["{{.bad-value.}}"] }] }, topologyKey: "region" }]),
            'Pod/default/p: spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values[0]: label value "{{.bad-value.}}" is invalid',
        ],
        [
            "mismatchLabelKeys without labelSelector",
            pod("p", {}, undefined, [{ topologyKey: "host", mismatchLabelKeys: ["tenant"] }]),
            "Pod/default/p: spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].mismatchLabelKeys: must not be set when labelSelector is not set",
        ],
        [
            "an invalid namespaceSelector",
            pod("p", {}, undefined, [term("app", "host", { namespaceSelector: { matchExpressions: [{ key: "team", operator: "In" }] } })]),
            "Pod/default/p: spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaceSelector.matchExpressions[0].values: operator In needs at least one value",
        ],
    ])("%s", (_name, bad, message) => {
        const snapshot = createSnapshot({ nodes: hosts() });
        expect(() => computeInterPodAffinityState(bad, snapshot)).toThrow(InvalidObjectError);
        expect(() => computeInterPodAffinityState(bad, snapshot)).toThrow(message);
    });

    test("a well-formed term with namespaces and a namespaceSelector is accepted", () => {
        const ok = pod("p", {}, undefined, [term("app", "host", { namespaces: ["a"], namespaceSelector: { matchLabels: { team: "x" } } })]);
        expect(computeInterPodAffinityState(ok, createSnapshot({ nodes: hosts() })).terms.antiAffinity).toHaveLength(1);
    });
});

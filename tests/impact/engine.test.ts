/**
 * The engine's side: ignoreChanges, replaceOnChanges, deleteBeforeReplace, protect (engineStep); matching by
 * URN and aliases (matchResources); the cascade to dependents and deletions (compareResources); the gates.
 */
import { compareResources, createUrn, evaluateGates, matchResources } from "../../impact";
import { engineStep, type EngineStep } from "../../impact/engine-step";
import type { GateSettings, ResourceChange } from "../../impact/types";
import { AGENT_POOL, MANAGED_CLUSTER, poolInputs, resource } from "./fixtures";

const pool = (inputs: Record<string, unknown>, options = {}) => resource(AGENT_POOL, "pool-general", inputs, options);

describe("engineStep", () => {
    const step = (s: EngineStep) => ({ action: s.action, paths: s.action === "replace" ? s.replacePaths : s.changedPaths, deleteFirst: s.deleteFirst, protectedFailure: s.protectedFailure, ignored: s.ignoredPaths, refused: s.refusedPaths });
    test.each<[string, Record<string, unknown>, object, ReturnType<typeof step>]>([
        ["no change is same", poolInputs(), {}, { action: "same", paths: [], deleteFirst: false, protectedFailure: false, ignored: [], refused: [] }],
        ["ignoreChanges drops the change before the diff, and says so", poolInputs({ count: 9 }), { ignoreChanges: ["count"] }, { action: "same", paths: [], deleteFirst: false, protectedFailure: false, ignored: ["count"], refused: [] }],
        [
            "replaceOnChanges turns an in-place change into a replacement, create-first unless deleteBeforeReplace is set",
            poolInputs({ maxPods: 50 }),
            { replaceOnChanges: ["maxPods"] },
            { action: "replace", paths: ["maxPods"], deleteFirst: false, protectedFailure: false, ignored: [], refused: [] },
        ],
        [
            "deleteBeforeReplace set by the program makes it delete-first",
            poolInputs({ availabilityZones: ["1", "2"] }),
            { replaceOnChanges: ["availabilityZones"], deleteBeforeReplace: true, deleteBeforeReplaceDefined: true },
            { action: "replace", paths: ["availabilityZones[2]"], deleteFirst: true, protectedFailure: false, ignored: [], refused: [] },
        ],
        [
            "deleteBeforeReplace: false set explicitly overrides the provider's delete-first",
            poolInputs({ vmSize: "Standard_D8ds_v5" }),
            { deleteBeforeReplace: false, deleteBeforeReplaceDefined: true },
            { action: "replace", paths: ["vmSize"], deleteFirst: false, protectedFailure: false, ignored: [], refused: [] },
        ],
        [
            "a create-only property without replaceOnChanges is an update the API refuses",
            poolInputs({ maxPods: 50 }),
            {},
            { action: "update", paths: ["maxPods"], deleteFirst: false, protectedFailure: false, ignored: [], refused: ["maxPods"] },
        ],
        ["a protected resource's replacement fails", poolInputs({ vmSize: "Standard_D8ds_v5" }), { protect: true }, { action: "replace", paths: ["vmSize"], deleteFirst: true, protectedFailure: true, ignored: [], refused: [] }],
        ["a Linux pool's osSKU updates in place", poolInputs({ osSKU: "Ubuntu" }), {}, { action: "update", paths: ["osSKU"], deleteFirst: false, protectedFailure: false, ignored: [], refused: [] }],
    ])("%s", (_name, news, options, expected) => {
        const old = pool(poolInputs(), options);
        expect(step(engineStep(old, pool(news, options), news, false))).toEqual(expected);
    });

    test("a replaced provider replaces the resource (`provider`)", () => {
        const k8s = resource("kubernetes:apps/v1:Deployment", "web", { metadata: { name: "web" } });
        expect(engineStep(k8s, k8s, k8s.inputs, true)).toMatchObject({ action: "replace", replacePaths: ["provider"], deleteFirst: false });
    });

    test("a type without a table is classified by its inputs and flagged", () => {
        const unknown = resource("random:index:RandomId", "id", { byteLength: 4 });
        expect(engineStep(unknown, unknown, { byteLength: 8 }, false)).toMatchObject({ action: "update", changedPaths: ["byteLength"], untabled: true });
    });
});

describe("matchResources (URN, then aliases)", () => {
    const urn = (type: string, name: string, parent?: string) => createUrn(name, type, parent, "aks-platform", "test");
    const component = "aks-platform:index:Workload";

    test("an alias with a new name finds the old resource", () => {
        const old = resource(AGENT_POOL, "pool-a", {}, { urn: urn(AGENT_POOL, "pool-a") });
        const renamed = resource(AGENT_POOL, "pool-b", {}, { urn: urn(AGENT_POOL, "pool-b"), aliases: [{ name: "pool-a" }] });
        expect(matchResources([old], [renamed]).aliased).toEqual(new Map([[renamed.urn, old.urn]]));
    });

    test("a child follows its renamed parent (inherited alias, name prefix swapped)", () => {
        const oldParent = resource(component, "web", {}, { custom: false, urn: urn(component, "web") });
        const oldChild = resource("kubernetes:apps/v1:Deployment", "web-deployment", {}, { urn: urn("kubernetes:apps/v1:Deployment", "web-deployment", oldParent.urn), parentUrn: oldParent.urn });
        const newParent = resource(component, "frontend", {}, { custom: false, urn: urn(component, "frontend"), aliases: [{ name: "web" }] });
        const newChild = resource("kubernetes:apps/v1:Deployment", "frontend-deployment", {}, { urn: urn("kubernetes:apps/v1:Deployment", "frontend-deployment", newParent.urn), parentUrn: newParent.urn });
        const { previous } = matchResources([oldParent, oldChild], [newParent, newChild]);
        expect(previous.get(newChild.urn)?.urn).toBe(oldChild.urn);
    });

    test("without an alias, a renamed resource is a delete and a create", () => {
        const old = resource(AGENT_POOL, "pool-a", poolInputs(), { urn: urn(AGENT_POOL, "pool-a") });
        const renamed = resource(AGENT_POOL, "pool-b", poolInputs(), { urn: urn(AGENT_POOL, "pool-b") });
        expect(compareResources([old], [renamed]).map((c) => `${c.action} ${c.name}`)).toEqual(["create pool-b", "delete pool-a"]);
    });

    test("with an alias, the same rename is no change", () => {
        const old = resource(AGENT_POOL, "pool-a", poolInputs(), { urn: urn(AGENT_POOL, "pool-a") });
        const renamed = resource(AGENT_POOL, "pool-b", poolInputs(), { urn: urn(AGENT_POOL, "pool-b"), aliases: [{ name: "pool-a" }] });
        expect(compareResources([old], [renamed])).toEqual([expect.objectContaining({ action: "same", name: "pool-b", aliasOf: old.urn })]);
    });

    test("a base resource is claimed once: a second alias to it is a create", () => {
        const old = resource(AGENT_POOL, "pool-a", poolInputs(), { urn: urn(AGENT_POOL, "pool-a") });
        const one = resource(AGENT_POOL, "pool-b", poolInputs(), { urn: urn(AGENT_POOL, "pool-b"), aliases: [{ name: "pool-a" }] });
        const two = resource(AGENT_POOL, "pool-c", poolInputs(), { urn: urn(AGENT_POOL, "pool-c"), aliases: [{ name: "pool-a" }] });
        expect(compareResources([old], [one, two]).map((c) => `${c.action} ${c.name}`)).toEqual(["same pool-b", "create pool-c"]);
    });
});

describe("compareResources (the cascade, deletions)", () => {
    const clusterInputs = (podCidr: string) => ({ resourceGroupName: "rg", resourceName: "aks", location: "westeurope", networkProfile: { networkPlugin: "azure", podCidr } });

    test("a replaced resource's dependents see its outputs as unknown: a path parameter fed by it replaces them", () => {
        const oldCluster = resource(MANAGED_CLUSTER, "cluster", clusterInputs("10.244.0.0/16"));
        const newCluster = resource(MANAGED_CLUSTER, "cluster", clusterInputs("10.245.0.0/16"));
        const oldPool = pool(poolInputs(), { propertyDependencies: { resourceName: [oldCluster.urn] }, deleteBeforeReplace: true, deleteBeforeReplaceDefined: true });
        const newPool = pool(poolInputs(), { propertyDependencies: { resourceName: [newCluster.urn] }, deleteBeforeReplace: true, deleteBeforeReplaceDefined: true });
        const changes = compareResources([oldCluster, oldPool], [newCluster, newPool]);
        expect(changes.map((c) => [c.name, c.action, c.paths, c.causedBy])).toEqual([
            ["cluster", "replace", ["networkProfile.podCidr"], undefined],
            ["pool-general", "replace", ["resourceName"], newCluster.urn],
        ]);
    });

    test("an input fed by an unchanged resource is not unknown: the dependent stays the same", () => {
        const c = resource(MANAGED_CLUSTER, "cluster", clusterInputs("10.244.0.0/16"));
        const p = pool(poolInputs(), { propertyDependencies: { resourceName: [c.urn] } });
        expect(compareResources([c, p], [c, p]).map((x) => x.action)).toEqual(["same", "same"]);
    });

    test("a resource only the base has is deleted; a protected one fails", () => {
        const gone = pool(poolInputs(), { protect: true });
        expect(compareResources([gone], [])).toEqual([expect.objectContaining({ action: "delete", destructive: true, protectedFailure: true })]);
    });

    test("component resources are not reported", () => {
        const component = resource("aks-platform:index:AksNodePool", "pool", {}, { custom: false });
        expect(compareResources([component], [])).toEqual([]);
    });
});

describe("evaluateGates", () => {
    const replaceCluster: ResourceChange = { type: MANAGED_CLUSTER, name: "cluster", urn: "u-cluster", action: "replace", paths: ["dnsPrefix"], deleteFirst: true, destructive: true, protectedFailure: false, ignoredPaths: [], refusedPaths: [], untabled: false };
    const replaceSystemPool: ResourceChange = { ...replaceCluster, type: AGENT_POOL, name: "pool-sys", urn: "u-pool", paths: ["vmSize"] };
    const base = [resource(MANAGED_CLUSTER, "cluster", { resourceName: "aks" }, { urn: "u-cluster" }), resource(AGENT_POOL, "pool-sys", { agentPoolName: "sys2", mode: "System" }, { urn: "u-pool" })];

    test.each<[string, GateSettings, string[]]>([
        ["mandatory: both are refused", { gates: "mandatory", allow: [] }, ["replace-cluster aks refused", "replace-system-pool sys2 refused"]],
        ["an allowance with its reason lets one through", { gates: "mandatory", allow: [{ change: "replace-system-pool", target: "sys2", reason: "CHG-42" }] }, ["replace-cluster aks refused", "replace-system-pool sys2 allowed CHG-42"]],
        ["an allowance for another target does not", { gates: "mandatory", allow: [{ change: "replace-cluster", target: "other", reason: "x" }] }, ["replace-cluster aks refused", "replace-system-pool sys2 refused"]],
        ["advisory: reported only", { gates: "advisory", allow: [] }, ["replace-cluster aks advisory", "replace-system-pool sys2 advisory"]],
    ])("%s", (_name, settings, expected) => {
        const findings = evaluateGates([replaceCluster, replaceSystemPool], base, base, settings);
        expect(findings.map((f) => [f.change, f.target, f.verdict, f.reason].filter((x) => x !== undefined).join(" "))).toEqual(expected);
    });

    test("a User pool's replacement and an untargeted deletion are not gated", () => {
        const user = [resource(AGENT_POOL, "pool-sys", { agentPoolName: "general", mode: "User" }, { urn: "u-pool" })];
        const deleted: ResourceChange = { ...replaceSystemPool, action: "delete", placement: { kind: "pool", pool: "general", after: { ok: true, workloads: [] }, targetedBy: [] } };
        expect(evaluateGates([replaceSystemPool, deleted], user, user, { gates: "mandatory", allow: [] })).toEqual([]);
    });
});

import { checkPlacement, placementSummary, SCENARIO_NAMES, type ScenarioName, type ScenarioVerdict } from "../../placement";
import { autoscaler, budget, deployment, model, pool, SPOT_TOLERATION } from "./fixtures";
import type { PlatformModel } from "../../placement/types";

const SPOT_TAINT = { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" } as const;
const general = pool("general");
const spot = pool("spot", { spot: { evictionPolicy: "Delete", maxPrice: -1 }, taints: [SPOT_TAINT], upgrade: { maxSurge: "0", maxUnavailable: "1", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 } });
const gpu = pool("gpu", { taints: [{ key: "sku", value: "gpu", effect: "NoSchedule" }] });
const autoscaled = (min: number, max: number) => pool("general", { count: min, autoscaling: { minCount: min, maxCount: max } });

function verdict(m: PlatformModel, scenario: ScenarioName): ScenarioVerdict {
    const report = checkPlacement(m, { scenarios: [scenario] });
    expect(report.scenarios.map((s) => s.scenario)).toEqual([scenario]);
    return report.scenarios[0];
}

// Node names are seeded by the cluster name and region (scheduling/aks/node-labels.ts): stable from run to run.
const GENERAL_0 = "aks-general-78885830-vmss000000";

describe("each scenario passes a sound estate and fails a broken one", () => {
    test.each<[string, ScenarioName, PlatformModel, boolean]>([
        ["min-size: one small replica fits the pool's minimum", "min-size", model([autoscaled(1, 3)], [deployment("web", 1, { pool: "general" })]), true],
        ["min-size: a pool scaled to zero hosts nothing", "min-size", model([autoscaled(0, 3)], [deployment("web", 1, { pool: "general" })]), false],
        ["max-size: the peak fits the pool's maximum", "max-size", model([autoscaled(1, 3)], [deployment("web", 2, { pool: "general" }), autoscaler("web", 2, 6)]), true],
        ["max-size: the peak outgrows the pool's maximum", "max-size", model([autoscaled(1, 2)], [deployment("web", 4, { pool: "general", cpu: "1" }), autoscaler("web", 4, 10)]), false],
        ["zone-loss: small replicas survive any zone", "zone-loss", model([general], [deployment("web", 3, { pool: "general" })]), true],
        ["zone-loss: one node per replica leaves one replica homeless", "zone-loss", model([general], [deployment("big", 3, { pool: "general", cpu: "3" })]), false],
        ["upgrade-drain: a budget allowing one disruption lets the drain through", "upgrade-drain", model([general], [deployment("api", 3, { pool: "general" }), budget("api", { maxUnavailable: 1 })]), true],
        ["upgrade-drain: a budget allowing none blocks it", "upgrade-drain", model([general], [deployment("api", 3, { pool: "general" }), budget("api", { minAvailable: 3 })]), false],
        ["spot-eviction: a workload that may also run on regular nodes moves there", "spot-eviction", model([general, spot], [deployment("flex", 2, { pools: ["spot", "general"], tolerations: [SPOT_TOLERATION] })]), true],
        ["spot-eviction: a spot-only workload loses everything", "spot-eviction", model([general, spot], [deployment("batch", 2, { pool: "spot", tolerations: [SPOT_TOLERATION] })]), false],
    ])("%s", (_name, scenario, m, ok) => {
        const v = verdict(m, scenario);
        expect(v.ok).toBe(ok);
        expect(v.problems.length === 0).toBe(ok);
    });
});

describe("each kind of mistake reads as the user needs it", () => {
    test.each<[string, PlatformModel, ScenarioName, string[]]>([
        [
            "a selector that matches no pool",
            model([general], [deployment("web", 2, { pool: "gpu2" })]),
            "max-size",
            [
                `Deployment/default/web: 2 of 2 replica(s) fit on no node (pools "general", "system"): 0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 node(s) didn't match Pod's node affinity/selector. — the node selector kubernetes.azure.com/agentpool=gpu2 matches no pool with nodes (pools: "system", "general")`,
            ],
        ],
        [
            "a missing toleration",
            model([general, gpu], [deployment("web", 2, { pool: "gpu" })]),
            "max-size",
            [
                `Deployment/default/web: 2 of 2 replica(s) fit on no node (pools "general", "gpu", "system"): 0/8 nodes are available: 3 node(s) didn't match Pod's node affinity/selector, 5 node(s) had untolerated taint(s). — pool "gpu" has taint sku=gpu:NoSchedule that the pod does not tolerate`,
            ],
        ],
        [
            "a request larger than any node",
            model([general], [deployment("web", 1, { pool: "general", cpu: "5" })]),
            "max-size",
            [
                `Deployment/default/web: 1 of 1 replica(s) fit on no node (pools "general", "system"): 0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 Insufficient cpu. — cpu: the pod requests 5, at most 3510m is free on a node (${GENERAL_0})`,
            ],
        ],
        [
            "a zone spread the declared zones cannot satisfy",
            model([pool("general", { zones: ["1", "2"], count: 4 })], [deployment("web", 3, { pool: "general", zoneSpread: { minDomains: 3 } })]),
            "max-size",
            [
                `Deployment/default/web: 1 of 3 replica(s) fit on no node (pools "general", "system"): 0/6 nodes are available: 2 node(s) had untolerated taint(s), 4 node(s) didn't match pod topology spread constraints. — topology spread: pool(s) "general" offer zone(s) westeurope-1, westeurope-2; no node keeps the spread within maxSkew`,
            ],
        ],
        [
            "replicas beyond the pool's maximum",
            model([autoscaled(1, 2)], [deployment("web", 4, { pool: "general", cpu: "1" }), autoscaler("web", 4, 10)]),
            "max-size",
            [
                `Deployment/default/web: 4 of 10 replica(s) fit on no node (pools "general", "system"): 0/4 nodes are available: 2 Insufficient cpu, 2 node(s) had untolerated taint(s). — cpu: the pod requests 1, at most 510m is free on a node (${GENERAL_0})`,
                `pool "general": its pods need more than its maximum of 2 node(s) (4 pod(s) left over at 2); raise the maximum or lower the replicas`,
            ],
        ],
        [
            "a disruption budget that blocks the drain",
            model([general], [deployment("api", 3, { pool: "general" }), budget("api", { minAvailable: 3 })]),
            "upgrade-drain",
            [`PodDisruptionBudget default/api allows 0 disruptions (minAvailable 3 of 3 replicas): it blocks draining node ${GENERAL_0} of pool "general"`],
        ],
        [
            "a workload that lives on spot capacity only",
            model([general, spot], [deployment("batch", 2, { pool: "spot", tolerations: [SPOT_TOLERATION] })]),
            "spot-eviction",
            [
                `Deployment/default/batch loses all 2 replica(s) when the spot pool(s) "spot" are evicted: 0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 node(s) didn't match Pod's node affinity/selector.`,
            ],
        ],
        [
            "a pool scaled to zero at its minimum",
            model([autoscaled(0, 3)], [deployment("web", 1, { pool: "general" })]),
            "min-size",
            [
                `Deployment/default/web: 1 of 1 replica(s) fit on no node (pools "system"; no nodes in pool(s) "general"): 0/2 nodes are available: 2 node(s) had untolerated taint(s). — the node selector kubernetes.azure.com/agentpool=general matches no pool with nodes (pools: "system"; pools without nodes in this scenario: "general")`,
            ],
        ],
    ])("%s", (_name, m, scenario, problems) => {
        const v = verdict(m, scenario);
        expect(v.ok).toBe(false);
        expect(v.problems).toEqual(problems);
    });

    test("a lost zone is named in each problem, one per zone", () => {
        const v = verdict(model([general], [deployment("big", 3, { pool: "general", cpu: "3" })]), "zone-loss");
        expect(v.problems.map((p) => p.slice(0, p.indexOf(":")))).toEqual(["zone westeurope-1 lost", "zone westeurope-2 lost", "zone westeurope-3 lost"]);
        expect(v.problems.every((p) => p.includes("Deployment/default/big: 1 of 3 replica(s) fit on no node"))).toBe(true);
    });

    test("a cluster without zones cannot prove it survives a zone loss", () => {
        const regional = { ...model([pool("general", { zones: [] })], [deployment("web", 1, { pool: "general" })]) };
        regional.pools = regional.pools.map((p) => ({ ...p, zones: [] }));
        const v = verdict(regional, "zone-loss");
        expect([v.ok, v.problems]).toEqual([false, ["no pool declares availability zones, so no zone can be lost without losing the whole cluster; declare zones on the pools"]]);
    });

    test("regional pools keep their nodes when a zone of the zonal pools is lost", () => {
        const v = verdict(model([pool("general", { zones: [] })], [deployment("web", 2, { pool: "general" })]), "zone-loss");
        expect([v.ok, v.problems]).toEqual([true, []]);
        expect(v.description).toContain("each of zone(s) westeurope-1, westeurope-2 lost in turn");
    });

    test("losing some spot replicas is listed but keeps the verdict ok", () => {
        const m = model([pool("general", { count: 1, zones: ["1"] }), spot], [deployment("flex", 8, { pools: ["spot", "general"], tolerations: [SPOT_TOLERATION], cpu: "1" })]);
        const v = verdict(m, "spot-eviction");
        expect(v.ok).toBe(true);
        expect(v.problems).toHaveLength(1);
        expect(v.problems[0]).toMatch(/^Deployment\/default\/flex loses 5 of 8 replica\(s\) when the spot pool\(s\) "spot" are evicted: 0\/3 nodes are available/);
    });

    test.each([
        ["below its maximum, the autoscaler adds a node and the drain goes through", 3, true],
        ["at its maximum, the evicted pods have nowhere to go", 1, false],
    ])("a one-node spot pool drained without surge: %s", (_name, maxCount, ok) => {
        const spotPool = { ...spot, count: 1, zones: ["1"], autoscaling: { minCount: 1, maxCount } };
        const m = model([general, spotPool], [deployment("batch", 2, { pool: "spot", tolerations: [SPOT_TOLERATION] }), budget("batch", { maxUnavailable: 1 })]);
        const v = verdict(m, "upgrade-drain");
        expect(v.ok).toBe(ok);
        if (!ok) {
            expect(v.problems[0]).toMatch(/^Deployment\/default\/batch: pod default\/batch-\S+ evicted from node aks-spot-\d+-vmss000000 \(pool "spot"\) fits on no node: 0\/\d+ nodes are available: 1 node\(s\) were unschedulable/);
            expect(v.problems[1]).toBe('PodDisruptionBudget default/batch allows 0 disruptions (maxUnavailable 1 of 2 replicas, 1 healthy): it blocks draining node aks-spot-78885830-vmss000000 of pool "spot"');
        }
        expect(v.workloads.find((w) => w.workload === "Deployment/default/batch")!.placed).toBe(ok ? 2 : 1);
    });

    test("a cluster without spot pools has nothing to evict", () => {
        const v = verdict(model([general], [deployment("web", 1, { pool: "general" })]), "spot-eviction");
        expect([v.ok, v.description, v.problems]).toEqual([true, "no spot pool: nothing to evict", []]);
    });
});

describe("the report", () => {
    const m = model([general, spot], [deployment("web", 3, { pool: "general", zoneSpread: {} }), deployment("batch", 2, { pool: "spot", tolerations: [SPOT_TOLERATION] })]);

    test("places replicas per pool and zone, and sizes each pool", () => {
        const v = verdict(m, "max-size");
        expect(v.workloads.map((w) => [w.workload, w.placed, w.replicas, w.byPool])).toEqual([
            ["Deployment/default/web", 3, 3, { general: { "westeurope-1": 1, "westeurope-2": 1, "westeurope-3": 1 } }],
            ["Deployment/default/batch", 2, 2, { spot: expect.any(Object) }],
        ]);
        const generalPool = v.pools.find((p) => p.pool === "general")!;
        expect(generalPool).toMatchObject({ nodes: 3, nodesNeeded: 1, min: 3, max: 3, podsBeyondMax: 0 });
        expect(generalPool.requested.cpu).toBeDefined();
        expect(generalPool.allocatable.cpu).toBe("11580m");
    });

    test("runs every scenario by default, in order, and is ok only when all are", () => {
        const report = checkPlacement(m);
        expect(report.scenarios.map((s) => s.scenario)).toEqual(SCENARIO_NAMES);
        expect(report.ok).toBe(false);
        expect(report.scenarios.filter((s) => !s.ok).map((s) => s.scenario)).toEqual(["spot-eviction"]);
    });

    test("a scenario is run once per model: asked again (the pack after the plan), the same verdict comes back", () => {
        const first = checkPlacement(m);
        const again = checkPlacement(JSON.parse(JSON.stringify(m)) as PlatformModel, { scenarios: ["upgrade-drain"] });
        expect(again.scenarios[0]).toBe(first.scenarios[3]);
        const other = model([general], [deployment("web", 1, { pool: "general" })]);
        expect(checkPlacement(other, { scenarios: ["upgrade-drain"] }).scenarios[0]).not.toBe(first.scenarios[3]);
    });

    test("rejects an unknown scenario, listing the valid ones", () => {
        expect(() => checkPlacement(m, { scenarios: ["flood" as ScenarioName] })).toThrow(`checkPlacement: unknown scenario "flood"; scenarios: ${SCENARIO_NAMES.join(", ")}`);
    });

    test("rejects an autoscaler whose target is not in the model, naming it", () => {
        expect(() => checkPlacement(model([general], [autoscaler("ghost", 1, 3)]))).toThrow(
            "HorizontalPodAutoscaler/default/ghost: spec.scaleTargetRef: Deployment/default/ghost is not a Deployment, StatefulSet or ReplicaSet of this cluster's objects",
        );
    });

    test("summarises each verdict and the replicas placed at maximum size", () => {
        const report = checkPlacement(model([general], [deployment("web", 2, { pool: "gpu2" })]), { scenarios: ["max-size", "zone-loss"] });
        const summary = placementSummary(report);
        expect(summary.ok).toBe(false);
        expect(Object.keys(summary.scenarios)).toEqual(["max-size", "zone-loss"]);
        expect(summary.scenarios["max-size"].ok).toBe(false);
        expect(summary.scenarios["max-size"].problems).toHaveLength(1);
        expect(summary.atMaxSize).toEqual({ "Deployment/default/web": "0/2" });
        expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
    });

    test("a summary of a report without max-size leaves the per-workload digest out", () => {
        const summary = placementSummary(checkPlacement(model([general], [deployment("web", 1, { pool: "general" })]), { scenarios: ["min-size"] }));
        expect(summary).toEqual({ ok: true, scenarios: { "min-size": { ok: true, problems: [] } } });
    });
});

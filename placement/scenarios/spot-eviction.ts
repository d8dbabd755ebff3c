/**
 * Scenario `spot-eviction`: Azure takes back all spot capacity at once (every spot node removed,
 * https://learn.microsoft.com/azure/aks/spot-node-pool), the other pools at their maximum, workloads at their
 * declared replicas. Evicted pods are rescheduled where they may run (claims stay where the baseline provisioned
 * them); a workload left with no replica is down.
 */
import { buildNodes, isSpot, objectsAt, poolSizes, runAtPoolSizes, runPlacement, type PlacementContext } from "../context";
import { poolPlacements, workloadPlacements } from "../report";
import type { ScenarioVerdict } from "../types";

/**
 * Compares placement with and without the spot pools. Problems name the workloads that lose all their placed
 * replicas and those that lose some; ok when none loses all.
 */
export function spotEvictionScenario(context: PlacementContext): ScenarioVerdict {
    const sizes = poolSizes(context, "max");
    const objects = objectsAt(context, "declared");
    const spotPools = context.model.pools.filter(isSpot).map((p) => p.name);
    const baseline = runAtPoolSizes(context, "max", "declared");
    const before = new Map(workloadPlacements(context, baseline).map((w) => [w.workload, w.placed]));
    // Claims stay where the baseline provisioned them.
    const run = spotPools.length === 0 ? baseline : runPlacement(context, buildNodes(context, { ...sizes, ...Object.fromEntries(spotPools.map((p) => [p, 0])) }), objects, baseline.result.storage);
    const workloads = workloadPlacements(context, run);
    const problems: string[] = [];
    let ok = true;
    for (const w of workloads) {
        const had = before.get(w.workload) ?? 0;
        if (w.placed >= had) continue;
        const why = w.reasons.length === 0 ? "" : `: ${w.reasons.join(" / ")}`;
        if (w.placed === 0) {
            ok = false;
            problems.push(`${w.workload} loses all ${had} replica(s) when the spot pool(s) ${spotPools.map((p) => `"${p}"`).join(", ")} are evicted${why}`);
        } else {
            problems.push(`${w.workload} loses ${had - w.placed} of ${had} replica(s) when the spot pool(s) ${spotPools.map((p) => `"${p}"`).join(", ")} are evicted${why}`);
        }
    }
    return {
        scenario: "spot-eviction",
        description: spotPools.length === 0 ? "no spot pool: nothing to evict" : `every node of the spot pool(s) ${spotPools.join(", ")} evicted, the other pools at their maximum size`,
        ok,
        workloads,
        pools: poolPlacements(context, run),
        problems,
    };
}

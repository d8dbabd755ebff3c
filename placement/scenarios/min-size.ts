/**
 * Scenario `min-size`: every pool at its minimum (the autoscaler's `minCount`, or the fixed count), workloads at
 * their declared replicas. Informative for autoscaled pools: the cluster autoscaler adds nodes to a pool whose
 * pods do not fit (https://learn.microsoft.com/azure/aks/cluster-autoscaler); each pool's nodes needed is
 * reported next to its min and max.
 */
import { buildNodes, objectsAt, poolSizes, runPlacement, type PlacementContext } from "../context";
import { poolPlacements, poolProblems, unplacedProblems, workloadPlacements } from "../report";
import type { ScenarioVerdict } from "../types";

/** Places every workload with each pool at its minimum size; ok when every replica is placed. */
export function minSizeScenario(context: PlacementContext): ScenarioVerdict {
    const run = runPlacement(context, buildNodes(context, poolSizes(context, "min")), objectsAt(context, "declared"));
    const workloads = workloadPlacements(context, run);
    const pools = poolPlacements(context, run);
    const problems = [...unplacedProblems(context, run, workloads), ...poolProblems(pools)];
    return {
        scenario: "min-size",
        description: "pools at their minimum size, workloads at their declared replicas (autoscaled pools grow from here)",
        ok: problems.length === 0,
        workloads,
        pools,
        problems,
    };
}

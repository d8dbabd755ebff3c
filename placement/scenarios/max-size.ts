/**
 * Scenario `max-size`: every pool at its maximum, autoscaled workloads at their HorizontalPodAutoscaler's
 * `maxReplicas`: the most the platform promises to hold.
 */
import { buildNodes, objectsAt, poolSizes, runPlacement, type PlacementContext } from "../context";
import { poolPlacements, poolProblems, unplacedProblems, workloadPlacements } from "../report";
import type { ScenarioVerdict } from "../types";

/** Places every workload at peak with each pool at its maximum size; ok when every replica is placed. */
export function maxSizeScenario(context: PlacementContext): ScenarioVerdict {
    const run = runPlacement(context, buildNodes(context, poolSizes(context, "max")), objectsAt(context, "peak"));
    const workloads = workloadPlacements(context, run);
    const pools = poolPlacements(context, run);
    const problems = [...unplacedProblems(context, run, workloads), ...poolProblems(pools)];
    return {
        scenario: "max-size",
        description: "pools at their maximum size, autoscaled workloads at their maximum replicas",
        ok: problems.length === 0,
        workloads,
        pools,
        problems,
    };
}

/**
 * NodeResourcesBalancedAllocation, a Score plugin: prefer nodes whose resources would be used in balance
 * (kubernetes/kubernetes `pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go`, v1.35, read at
 * commit 02d7708af661e2fb5a089a04c3944a54d2afcc0e): over the `resources` argument (default cpu and memory),
 * the fractions requested / allocatable with the pod's actual requests added (capped at 1), score
 * `(1 − standard deviation) × 100`. PreScore returns Skip for a pod that requests none of the resources (a
 * best-effort pod: kubernetes/kubernetes#129138). No NormalizeScore.
 */
import type { NodeInfo, ScoreContext, ScorePlugin, Status } from "../framework/interfaces";
import { NodeResourcesBalancedAllocation } from "../framework/names";
import { SKIP } from "../framework/status";
import { balancedResourceScorer, DEFAULT_SCORED_RESOURCES, podRequestList, scoreNodeResources } from "./resource-allocation";

/** The plugin's name. */
export const Name = NodeResourcesBalancedAllocation;

/** The cycle-state key PreScore writes. */
export const PRE_SCORE_STATE_KEY = "PreScore" + Name;

function resourcesOf(ctx: ScoreContext) {
    const resources = ctx.pluginArgs.NodeResourcesBalancedAllocation?.resources ?? DEFAULT_SCORED_RESOURCES;
    resources.forEach((r, i) => {
        if (!Number.isInteger(r.weight) || r.weight < 1 || r.weight > 100) {
            throw new Error(`pluginArgs.NodeResourcesBalancedAllocation.resources[${i}].weight: ${JSON.stringify(r.weight)} is not valid; it must be an integer from 1 to 100`);
        }
    });
    return resources;
}

/** The NodeResourcesBalancedAllocation plugin. */
export const balancedAllocationPlugin = {
    name: Name,
    preScore(ctx: ScoreContext): Status | undefined {
        const podRequests = podRequestList(ctx.podInfo, resourcesOf(ctx), true);
        if (podRequests.every((r) => r === 0)) return SKIP;
        ctx.state.write(PRE_SCORE_STATE_KEY, podRequests);
        return undefined;
    },
    score(ctx: ScoreContext, nodeInfo: NodeInfo): number {
        const resources = resourcesOf(ctx);
        const podRequests = ctx.state.read<number[]>(PRE_SCORE_STATE_KEY) ?? podRequestList(ctx.podInfo, resources, true);
        if (podRequests.every((r) => r === 0)) return 0;
        return scoreNodeResources(nodeInfo, podRequests, resources, true, balancedResourceScorer);
    },
} satisfies ScorePlugin;

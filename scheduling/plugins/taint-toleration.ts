/**
 * TaintToleration (kubernetes/kubernetes `pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go`,
 * v1.35):
 * - Filter: the pod must tolerate every NoSchedule and NoExecute taint of the node; rejections are
 *   UnschedulableAndUnresolvable;
 * - Score: the node's PreferNoSchedule taints that none of the pod's PreferNoSchedule (or effect-less)
 *   tolerations tolerates, counted, then normalized in reverse (`DefaultNormalizeScore(100, true)`): the fewest
 *   intolerable taints score 100.
 * `Gt`/`Lt` tolerations count only with the `TaintTolerationComparisonOperators` feature gate.
 */
import type { FilterPlugin, NodeScore, ScoreContext, ScorePlugin, Status } from "../framework/interfaces";
import { defaultNormalizeScore, MAX_NODE_SCORE } from "../framework/normalize";
import { sharedStatus } from "../framework/status";
import { TaintToleration } from "../framework/names";
import { ErrReasonUntoleratedTaint } from "../framework/reasons";
import { findUntoleratedTaint, tolerationToleratesTaint } from "../model/taints";
import type { V1Taint, V1Toleration } from "../model/types";

export { ErrReasonUntoleratedTaint } from "../framework/reasons";

/** The plugin's name. */
export const Name = TaintToleration;

/** The feature gate that enables `Gt`/`Lt` tolerations (alpha, off by default in v1.35). */
export const FEATURE_COMPARISON_OPERATORS = "TaintTolerationComparisonOperators";

/** Only taints that keep pods off a node matter to Filter (upstream `DoNotScheduleTaintsFilterFunc`). */
export function isDoNotScheduleTaint(taint: V1Taint): boolean {
    return taint.effect === "NoSchedule" || taint.effect === "NoExecute";
}

/** The one rejection status this plugin returns, shared by every node (frozen: callers must not mutate statuses). */
const REJECTED = sharedStatus("UnschedulableAndUnresolvable", ErrReasonUntoleratedTaint, Name);

/** The cycle-state key PreScore writes. */
export const PRE_SCORE_STATE_KEY = "PreScore" + Name;

/** The tolerations that can tolerate a PreferNoSchedule taint (upstream `getAllTolerationPreferNoSchedule`). */
function preferNoScheduleTolerations(tolerations: readonly V1Toleration[] | undefined): V1Toleration[] {
    return (tolerations ?? []).filter((t) => t.effect === undefined || t.effect === "" || t.effect === "PreferNoSchedule");
}

/** The node's PreferNoSchedule taints none of the tolerations tolerates (upstream `countIntolerableTaintsPreferNoSchedule`). */
export function countIntolerablePreferNoSchedule(taints: readonly V1Taint[] | undefined, tolerations: readonly V1Toleration[], comparisonOperators: boolean): number {
    let count = 0;
    for (const taint of taints ?? []) {
        if (taint.effect !== "PreferNoSchedule") continue;
        if (!tolerations.some((t) => tolerationToleratesTaint(t, taint, comparisonOperators))) count++;
    }
    return count;
}

/** The TaintToleration Filter and Score plugin. */
export const taintTolerationPlugin = {
    name: Name,
    filter(ctx, nodeInfo): Status | undefined {
        const taints = nodeInfo.node.spec?.taints;
        if (taints === undefined || taints.length === 0) return undefined;
        const comparisonOperators = ctx.featureGates[FEATURE_COMPARISON_OPERATORS] === true;
        if (findUntoleratedTaint(taints, ctx.pod.spec?.tolerations, isDoNotScheduleTaint, comparisonOperators) === undefined) return undefined;
        return REJECTED;
    },
    preScore(ctx: ScoreContext): Status | undefined {
        ctx.state.write(PRE_SCORE_STATE_KEY, preferNoScheduleTolerations(ctx.pod.spec?.tolerations));
        return undefined;
    },
    score(ctx: ScoreContext, nodeInfo): number {
        const tolerations = ctx.state.read<V1Toleration[]>(PRE_SCORE_STATE_KEY) ?? preferNoScheduleTolerations(ctx.pod.spec?.tolerations);
        return countIntolerablePreferNoSchedule(nodeInfo.node.spec?.taints, tolerations, ctx.featureGates[FEATURE_COMPARISON_OPERATORS] === true);
    },
    normalizeScore(_ctx: ScoreContext, scores: NodeScore[]): void {
        defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
    },
} satisfies FilterPlugin & ScorePlugin;

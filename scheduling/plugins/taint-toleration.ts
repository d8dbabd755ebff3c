/**
 * TaintToleration: the pod must tolerate every NoSchedule and NoExecute taint of the node; PreferNoSchedule
 * taints only affect scoring (kubernetes/kubernetes `pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go`,
 * v1.35). Rejections are UnschedulableAndUnresolvable. `Gt`/`Lt` tolerations count only with the
 * `TaintTolerationComparisonOperators` feature gate.
 */
import type { FilterPlugin, Status } from "../framework/interfaces";
import { sharedStatus } from "../framework/status";
import { TaintToleration } from "../framework/names";
import { ErrReasonUntoleratedTaint } from "../framework/reasons";
import { findUntoleratedTaint } from "../model/taints";
import type { V1Taint } from "../model/types";

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

/** The TaintToleration Filter plugin. */
export const taintTolerationPlugin = {
    name: Name,
    filter(ctx, nodeInfo): Status | undefined {
        const taints = nodeInfo.node.spec?.taints;
        if (taints === undefined || taints.length === 0) return undefined;
        const comparisonOperators = ctx.featureGates[FEATURE_COMPARISON_OPERATORS] === true;
        if (findUntoleratedTaint(taints, ctx.pod.spec?.tolerations, isDoNotScheduleTaint, comparisonOperators) === undefined) return undefined;
        return REJECTED;
    },
} satisfies FilterPlugin;

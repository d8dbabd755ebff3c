/**
 * NodeUnschedulable: a cordoned node (`spec.unschedulable: true`) takes only pods that tolerate the
 * `node.kubernetes.io/unschedulable:NoSchedule` taint (kubernetes/kubernetes
 * `pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go`, v1.35).
 * Rejections are UnschedulableAndUnresolvable.
 */
import type { FilterPlugin, Status } from "../framework/interfaces";
import { sharedStatus } from "../framework/status";
import { NodeUnschedulable } from "../framework/names";
import { ErrReasonNodeUnschedulable } from "../framework/reasons";
import { tolerationToleratesTaint } from "../model/taints";
import type { V1Taint } from "../model/types";

export { ErrReasonNodeUnschedulable, ErrReasonUnknownCondition } from "../framework/reasons";

/** The plugin's name. */
export const Name = NodeUnschedulable;

/** The taint the node lifecycle controller puts on cordoned nodes. */
export const TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

const UNSCHEDULABLE_TAINT: V1Taint = { key: TAINT_NODE_UNSCHEDULABLE, effect: "NoSchedule" };

/** The one rejection status this plugin returns, shared by every node (frozen: callers must not mutate statuses). */
const REJECTED = sharedStatus("UnschedulableAndUnresolvable", ErrReasonNodeUnschedulable, Name);

/** The NodeUnschedulable Filter plugin. */
export const nodeUnschedulablePlugin = {
    name: Name,
    filter(ctx, nodeInfo): Status | undefined {
        if (nodeInfo.node.spec?.unschedulable !== true) return undefined;
        const tolerations = ctx.pod.spec?.tolerations;
        if (tolerations !== undefined && tolerations.some((t) => tolerationToleratesTaint(t, UNSCHEDULABLE_TAINT))) return undefined;
        return REJECTED;
    },
} satisfies FilterPlugin;

/**
 * NodeName: a pod with `spec.nodeName` fits only the node of that name (kubernetes/kubernetes
 * `pkg/scheduler/framework/plugins/nodename/node_name.go`, v1.35). Rejections are UnschedulableAndUnresolvable.
 */
import type { FilterPlugin, Status } from "../framework/interfaces";
import { sharedStatus } from "../framework/status";
import { NodeName } from "../framework/names";
import { ErrReasonNodeName } from "../framework/reasons";

export { ErrReasonNodeName } from "../framework/reasons";

/** The plugin's name. */
export const Name = NodeName;

/** The one rejection status this plugin returns, shared by every node (frozen: callers must not mutate statuses). */
const REJECTED = sharedStatus("UnschedulableAndUnresolvable", ErrReasonNodeName, Name);

/** The NodeName Filter plugin. */
export const nodeNamePlugin = {
    name: Name,
    filter(ctx, nodeInfo): Status | undefined {
        const wanted = ctx.pod.spec?.nodeName;
        if (wanted === undefined || wanted === "" || wanted === nodeInfo.name) return undefined;
        return REJECTED;
    },
} satisfies FilterPlugin;

/**
 * NodePorts: the pod's host ports must be free on the node (kubernetes/kubernetes
 * `pkg/scheduler/framework/plugins/nodeports/node_ports.go`, v1.35). Two ports conflict when protocol and
 * port are equal and either host IP is 0.0.0.0 or both host IPs are equal. PreFilter skips pods without host
 * ports. Rejections are Unschedulable (preemption could free the port).
 */
import type { FilterPlugin, Status } from "../framework/interfaces";
import { sharedStatus, SKIP } from "../framework/status";
import { NodePorts } from "../framework/names";
import { hostPortConflicts } from "../framework/node-info";
import { ErrReasonNodePorts } from "../framework/reasons";

export { ErrReasonNodePorts } from "../framework/reasons";

/** The plugin's name. */
export const Name = NodePorts;

/** The one rejection status this plugin returns, shared by every node (frozen: callers must not mutate statuses). */
const REJECTED = sharedStatus("Unschedulable", ErrReasonNodePorts, Name);

/** The NodePorts Filter plugin. */
export const nodePortsPlugin = {
    name: Name,
    preFilter(ctx) {
        return ctx.podInfo.hostPorts.length === 0 ? { status: SKIP } : undefined;
    },
    filter(ctx, nodeInfo): Status | undefined {
        for (const wanted of ctx.podInfo.hostPorts) {
            if (hostPortConflicts(nodeInfo.usedPorts, wanted)) return REJECTED;
        }
        return undefined;
    },
} satisfies FilterPlugin;

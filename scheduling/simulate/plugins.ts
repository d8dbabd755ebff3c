/**
 * The Filter plugins a simulation runs, and how it treats them:
 * - "static" plugins read only the pod's spec and the node (NodeUnschedulable, NodeName, TaintToleration,
 *   NodeAffinity), so their verdict per node is cached per pod template;
 * - "node-local" plugins (NodeResourcesFit, NodePorts) depend on the node's own pods, so their verdict is cached
 *   per node until a pod lands on it;
 * - the others (PodTopologySpread, InterPodAffinity) depend on pods anywhere and run on every node examined;
 * - plugins with PreFilterExtensions (`addPod`, PodTopologySpread and InterPodAffinity) have their PreFilter
 *   state brought up to date as pods are placed, instead of running PreFilter again for each replica.
 */
import type { CycleState, FilterPlugin, NodeInfo, PodInfo, PreFilterExtensions, Status } from "../framework/interfaces";
import { DEFAULT_FILTER_PLUGINS, NodeAffinity, NodeName, NodePorts, NodeResourcesFit, NodeUnschedulable, TaintToleration } from "../framework/names";
import { resolveFilterPlugins } from "../framework/registry";
import type { V1Pod } from "../model/types";

/** Plugins whose Filter depends only on the pod's spec and the node. */
export const STATIC_FILTER_PLUGINS: ReadonlySet<string> = new Set([NodeUnschedulable, NodeName, TaintToleration, NodeAffinity]);

/**
 * Plugins whose verdict on a node depends only on the pod and that node's own pods, so it changes only when a
 * pod lands on the node (NodeResourcesFit, NodePorts).
 */
export const NODE_LOCAL_FILTER_PLUGINS: ReadonlySet<string> = new Set([NodeResourcesFit, NodePorts]);

/** A plugin that can keep its PreFilter state current as pods are added. */
export type ExtendedFilterPlugin = FilterPlugin & Pick<PreFilterExtensions, "addPod">;

/** Whether a plugin has upstream's PreFilterExtensions `addPod`. */
export function hasAddPod(plugin: FilterPlugin): plugin is ExtendedFilterPlugin {
    return typeof (plugin as Partial<PreFilterExtensions>).addPod === "function";
}

/**
 * The plugins for the given names, in order, from the framework registry; defaults to `DEFAULT_FILTER_PLUGINS`.
 * @throws Error naming an unknown plugin and listing the valid names.
 */
export function resolveSimulationPlugins(names: readonly string[] = DEFAULT_FILTER_PLUGINS): FilterPlugin[] {
    return resolveFilterPlugins(names);
}

/** Calls `addPod` and turns an Error status into an exception (it means PreFilter state is missing: a bug, not input). */
export function addPodToState(plugin: ExtendedFilterPlugin, state: CycleState, podToSchedule: V1Pod, added: PodInfo, nodeInfo: NodeInfo): void {
    const status: Status | undefined = plugin.addPod(state, podToSchedule, added, nodeInfo);
    if (status !== undefined && status.code !== "Success") throw new Error(`${plugin.name}.addPod failed: ${status.reasons.join(", ")}`);
}

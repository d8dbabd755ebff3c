/**
 * Running PreFilter and Filter plugins, after kube-scheduler's `frameworkImpl.RunPreFilterPlugins` and
 * `RunFilterPlugins` (kubernetes/kubernetes `pkg/scheduler/framework/runtime/framework.go`, v1.35):
 * - a PreFilter returning Skip puts its plugin in `skipped`, and its Filter is not run for this pod;
 * - the first PreFilter rejection (or error) ends the PreFilter phase, with `status.plugin` set;
 * - node-name results of several PreFilters are intersected; an empty intersection rejects the pod
 *   (UnschedulableAndUnresolvable, "node(s) didn't satisfy plugin(s) [..] simultaneously");
 * - per node, Filter plugins run in order and the first non-success status wins, with `status.plugin` set.
 */
import type { CycleContext, FilterPlugin, NodeInfo, Status } from "./interfaces";
import { didNotSatisfyPluginsSimultaneously } from "./reasons";

/** The outcome of the PreFilter phase. */
export interface PreFilterOutcome {
    /** undefined when every PreFilter succeeded (or skipped); otherwise the rejection, its plugin set. */
    status?: Status;
    /** The only nodes worth filtering; undefined means all nodes. */
    nodeNames?: ReadonlySet<string>;
    /** Plugins whose PreFilter returned Skip: their Filter is not run for this pod. */
    skipped: Set<string>;
    /** Plugins whose PreFilter narrowed the nodes, in run order (for the FitError text). */
    pluginsWithNodes: string[];
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
    const out = new Set<string>();
    for (const name of a) if (b.has(name)) out.add(name);
    return out;
}

/** Runs every plugin's PreFilter in order. */
export function runPreFilterPlugins(plugins: readonly FilterPlugin[], ctx: CycleContext): PreFilterOutcome {
    const skipped = new Set<string>();
    const pluginsWithNodes: string[] = [];
    let nodeNames: ReadonlySet<string> | undefined;
    for (const plugin of plugins) {
        if (plugin.preFilter === undefined) continue;
        const result = plugin.preFilter(ctx);
        const status = result?.status;
        if (status !== undefined && status.code === "Skip") {
            skipped.add(plugin.name);
            continue;
        }
        if (status !== undefined && status.code !== "Success") {
            return { status: { ...status, plugin: plugin.name }, skipped, pluginsWithNodes };
        }
        if (result?.nodeNames !== undefined) {
            pluginsWithNodes.push(plugin.name);
            nodeNames = nodeNames === undefined ? new Set(result.nodeNames) : intersect(nodeNames, result.nodeNames);
            if (nodeNames.size === 0) {
                return {
                    status: { code: "UnschedulableAndUnresolvable", reasons: [didNotSatisfyPluginsSimultaneously(pluginsWithNodes)], plugin: plugin.name },
                    nodeNames,
                    skipped,
                    pluginsWithNodes,
                };
            }
        }
    }
    return { nodeNames, skipped, pluginsWithNodes };
}

/** Runs the Filter plugins on one node; the first rejection wins. undefined means the node fits. */
export function runFilterPlugins(plugins: readonly FilterPlugin[], ctx: CycleContext, nodeInfo: NodeInfo, skipped: ReadonlySet<string>): Status | undefined {
    for (let i = 0; i < plugins.length; i++) {
        const plugin = plugins[i];
        if (skipped.size > 0 && skipped.has(plugin.name)) continue;
        const status = plugin.filter(ctx, nodeInfo);
        if (status !== undefined && status.code !== "Success") {
            // Statuses may be shared and frozen (see status.ts): copy rather than mutate to set the plugin.
            return status.plugin === plugin.name ? status : { ...status, plugin: plugin.name };
        }
    }
    return undefined;
}

/** The Filter phase over every node: PreFilter's outcome, each rejected node's status and the nodes that fit. */
export interface FilterPhaseOutcome {
    preFilter: PreFilterOutcome;
    /** The status of every node Filter ran on and rejected (all nodes, with PreFilter's status, when it rejected the pod). */
    statuses: Map<string, Status>;
    /** Nodes a PreFilter result left out (they have no status: upstream treats them as UnschedulableAndUnresolvable). */
    filteredOut: string[];
    /** Names of the nodes that fit, in node order. */
    fits: string[];
}

/** Runs PreFilter, then Filter on every node the PreFilter result leaves (upstream `findNodesThatFitPod`, all nodes). */
export function runFilterPhase(plugins: readonly FilterPlugin[], ctx: CycleContext, nodeInfos: readonly NodeInfo[]): FilterPhaseOutcome {
    const preFilter = runPreFilterPlugins(plugins, ctx);
    const statuses = new Map<string, Status>();
    const filteredOut: string[] = [];
    const fits: string[] = [];
    if (preFilter.status !== undefined) {
        for (const nodeInfo of nodeInfos) statuses.set(nodeInfo.name, preFilter.status);
        return { preFilter, statuses, filteredOut, fits };
    }
    const candidates = preFilter.nodeNames;
    for (const nodeInfo of nodeInfos) {
        if (candidates !== undefined && !candidates.has(nodeInfo.name)) {
            filteredOut.push(nodeInfo.name);
            continue;
        }
        const status = runFilterPlugins(plugins, ctx, nodeInfo, preFilter.skipped);
        if (status === undefined) fits.push(nodeInfo.name);
        else statuses.set(nodeInfo.name, status);
    }
    return { preFilter, statuses, filteredOut, fits };
}

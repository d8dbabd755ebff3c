/**
 * The Filter and Score plugins the engine knows, by kube-scheduler name (kubernetes/kubernetes
 * `pkg/scheduler/framework/plugins/registry.go`, v1.35). `evaluatePod`, `scorePod`, `preempt` and the simulation
 * pick plugins from here; `DEFAULT_FILTER_PLUGINS` and `DEFAULT_SCORE_PLUGINS` (in `names.ts`) give the defaults.
 */
import type { FilterPlugin, ScorePlugin } from "./interfaces";
import { balancedAllocationPlugin } from "../plugins/node-resources-balanced-allocation";
import { imageLocalityPlugin } from "../plugins/image-locality";
import { nodeAffinityPlugin } from "../plugins/node-affinity";
import { nodeNamePlugin } from "../plugins/node-name";
import { nodePortsPlugin } from "../plugins/node-ports";
import { nodeResourcesFitPlugin } from "../plugins/node-resources-fit";
import { nodeUnschedulablePlugin } from "../plugins/node-unschedulable";
import { podTopologySpreadPlugin } from "../plugins/pod-topology-spread";
import { interPodAffinityPlugin } from "../plugins/inter-pod-affinity";
import { taintTolerationPlugin } from "../plugins/taint-toleration";
import { volumeRestrictionsPlugin } from "../plugins/volume-restrictions";
import { nodeVolumeLimitsPlugin } from "../plugins/node-volume-limits";
import { volumeBindingPlugin } from "../plugins/volume-binding";
import { volumeZonePlugin } from "../plugins/volume-zone";

/** Every registered Filter plugin, keyed by its name. */
export const FILTER_PLUGINS: Record<string, FilterPlugin> = {
    [nodeUnschedulablePlugin.name]: nodeUnschedulablePlugin,
    [nodeNamePlugin.name]: nodeNamePlugin,
    [taintTolerationPlugin.name]: taintTolerationPlugin,
    [nodeAffinityPlugin.name]: nodeAffinityPlugin,
    [nodePortsPlugin.name]: nodePortsPlugin,
    [nodeResourcesFitPlugin.name]: nodeResourcesFitPlugin,
    [volumeRestrictionsPlugin.name]: volumeRestrictionsPlugin,
    [nodeVolumeLimitsPlugin.name]: nodeVolumeLimitsPlugin,
    [volumeBindingPlugin.name]: volumeBindingPlugin,
    [volumeZonePlugin.name]: volumeZonePlugin,
    [podTopologySpreadPlugin.name]: podTopologySpreadPlugin,
    [interPodAffinityPlugin.name]: interPodAffinityPlugin,
};

/**
 * The plugins for the given names, in the given order.
 * @throws Error naming an unknown plugin and listing the valid names.
 */
export function resolveFilterPlugins(names: readonly string[]): FilterPlugin[] {
    return names.map((name) => {
        const plugin = Object.prototype.hasOwnProperty.call(FILTER_PLUGINS, name) ? FILTER_PLUGINS[name] : undefined;
        if (plugin === undefined) {
            throw new Error(`unknown Filter plugin ${JSON.stringify(name)}; valid plugins: ${Object.keys(FILTER_PLUGINS).join(", ")}`);
        }
        return plugin;
    });
}

/** Every registered Score plugin, keyed by its name. */
export const SCORE_PLUGINS: Record<string, ScorePlugin> = {
    [taintTolerationPlugin.name]: taintTolerationPlugin,
    [nodeAffinityPlugin.name]: nodeAffinityPlugin,
    [nodeResourcesFitPlugin.name]: nodeResourcesFitPlugin,
    [podTopologySpreadPlugin.name]: podTopologySpreadPlugin,
    [interPodAffinityPlugin.name]: interPodAffinityPlugin,
    [balancedAllocationPlugin.name]: balancedAllocationPlugin,
    [imageLocalityPlugin.name]: imageLocalityPlugin,
};

/**
 * The Score plugins for the given names, in the given order.
 * @throws Error naming an unknown plugin and listing the valid names.
 */
export function resolveScorePlugins(names: readonly string[]): ScorePlugin[] {
    return names.map((name) => {
        const plugin = Object.prototype.hasOwnProperty.call(SCORE_PLUGINS, name) ? SCORE_PLUGINS[name] : undefined;
        if (plugin === undefined) throw new Error(`unknown Score plugin ${JSON.stringify(name)}; valid plugins: ${Object.keys(SCORE_PLUGINS).join(", ")}`);
        return plugin;
    });
}

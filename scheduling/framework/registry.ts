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
    return resolve(FILTER_PLUGINS, names, "Filter");
}

/** The registry's plugins for the names, in order; an unknown name is an error listing the valid ones. */
function resolve<P>(registry: Record<string, P>, names: readonly string[], phase: string): P[] {
    return names.map((name) => {
        if (!Object.prototype.hasOwnProperty.call(registry, name)) throw new Error(`unknown ${phase} plugin ${JSON.stringify(name)}; valid plugins: ${Object.keys(registry).join(", ")}`);
        return registry[name];
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
    return resolve(SCORE_PLUGINS, names, "Score");
}

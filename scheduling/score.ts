/**
 * Ranks nodes for one pod: kube-scheduler's Score phase (kubernetes/kubernetes `pkg/scheduler/schedule_one.go`
 * `prioritizeNodes`, v1.35) with the default profile's Score plugins and weights. The nodes given are scored as
 * they are: call it with the nodes that passed Filter (`evaluatePod`), as the scheduler does.
 */
import { createCycleState } from "./framework/cycle-state";
import type { ScoreContext, ScorePluginArgs } from "./framework/interfaces";
import { DEFAULT_SCORE_PLUGINS, DEFAULT_SCORE_WEIGHTS } from "./framework/names";
import { createPodInfo } from "./framework/node-info";
import { createSpreadingOwners } from "./framework/owners";
import { resolveScorePlugins } from "./framework/registry";
import { runScorePlugins } from "./framework/run-score";
import { createSnapshot } from "./framework/snapshot";
import type { StorageInput } from "./framework/storage";
import type { V1Namespace, V1Node, V1Pod, V1ReplicaSet, V1Service, V1StatefulSet } from "./model/types";

/** What {@link scorePod} takes. */
export interface ScorePodInput {
    /** The pod to place. */
    pod: V1Pod;
    /** The nodes to score (those that passed Filter), with allocatable, labels, taints and `status.images`. */
    nodes: V1Node[];
    /** Pods already bound to nodes by `spec.nodeName`; the nodes they name need not be scored. Defaults to none. */
    existingPods?: V1Pod[];
    /** Nodes that run `existingPods` but are not to be scored (they still count for topology). Defaults to none. */
    otherNodes?: V1Node[];
    /** Namespaces, for pod affinity `namespaceSelector`. Defaults to none. */
    namespaces?: V1Namespace[];
    /** Claims, volumes, storage classes and CSINodes. Defaults to none. */
    storage?: StorageInput;
    /**
     * Services, and the ReplicaSets and StatefulSets that own pods, for PodTopologySpread's system default spreading
     * (a pod is spread with the pods its Services and owner select). Defaults to none: then a pod without its own
     * spread constraints is not spread.
     * See https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/#internal-default-constraints
     */
    services?: V1Service[];
    replicaSets?: V1ReplicaSet[];
    statefulSets?: V1StatefulSet[];
    /** Score plugin names. Defaults to `DEFAULT_SCORE_PLUGINS` (the default profile's). */
    plugins?: string[];
    /** The Score plugins' arguments (`scoringStrategy`, `hardPodAffinityWeight`, …). Defaults to the default profile's. */
    pluginArgs?: ScorePluginArgs;
    /** kube-scheduler feature gates. Defaults to none set. */
    featureGates?: Record<string, boolean>;
}

/** One node's scores. */
export interface NodeScores {
    /** The weighted sum of the plugin scores, with the default profile's weights. */
    total: number;
    /** Each plugin's score after NormalizeScore (0–100), before its weight; plugins whose PreScore skipped the pod are absent. */
    plugins: Record<string, number>;
}

/** What {@link scorePod} returns. */
export interface ScorePodResult {
    nodes: Record<string, NodeScores>;
}

/**
 * Scores every node of `input.nodes` for the pod.
 * @throws InvalidObjectError for malformed objects; Error for an unknown plugin name or invalid plugin arguments.
 */
export function scorePod(input: ScorePodInput): ScorePodResult {
    const names = input.plugins ?? DEFAULT_SCORE_PLUGINS;
    const plugins = resolveScorePlugins(names).map((plugin) => ({ plugin, weight: DEFAULT_SCORE_WEIGHTS[plugin.name] ?? 1 }));
    const snapshot = createSnapshot({ nodes: [...input.nodes, ...(input.otherNodes ?? [])], existingPods: input.existingPods, namespaces: input.namespaces, storage: input.storage });
    const scored = snapshot.nodeInfos.slice(0, input.nodes.length);
    const ctx: ScoreContext = {
        state: createCycleState(),
        pod: input.pod,
        podInfo: createPodInfo(input.pod),
        snapshot,
        featureGates: { ...(input.featureGates ?? {}) },
        pluginArgs: input.pluginArgs ?? {},
        owners: createSpreadingOwners({ services: input.services, replicaSets: input.replicaSets, statefulSets: input.statefulSets }),
    };
    const outcome = runScorePlugins(plugins, ctx, scored);
    const nodes: Record<string, NodeScores> = {};
    scored.forEach((nodeInfo, i) => {
        const byPlugin: Record<string, number> = {};
        for (const [name, scores] of outcome.perPlugin) byPlugin[name] = scores[i];
        nodes[nodeInfo.name] = { total: outcome.totals[i], plugins: byPlugin };
    });
    return { nodes };
}

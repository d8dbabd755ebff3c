/**
 * One pod against a cluster: which nodes it fits, and why not elsewhere. This is one kube-scheduler
 * scheduling cycle up to Filter (`findNodesThatFitPod` in kubernetes/kubernetes `pkg/scheduler/schedule_one.go`,
 * v1.35), evaluating every node; `scorePod` ranks the nodes that fit and `preempt` says what PostFilter would
 * evict when none does.
 */
import { createCycleState } from "./framework/cycle-state";
import { fitErrorMessage } from "./framework/fit-error";
import type { CycleContext, FeatureGates, Status } from "./framework/interfaces";
import { DEFAULT_FILTER_PLUGINS } from "./framework/names";
import { createPodInfo } from "./framework/node-info";
import { FILTER_PLUGINS, resolveFilterPlugins } from "./framework/registry";
import { didNotSatisfyPlugins } from "./framework/reasons";
import { runFilterPhase } from "./framework/run-filters";
import { createSnapshot } from "./framework/snapshot";
import type { StorageInput } from "./framework/storage";
import type { V1Namespace, V1Node, V1Pod } from "./model/types";
import { validateList, validateNode, validatePod } from "./validate";

/** What {@link evaluatePod} takes. */
export interface EvaluatePodInput {
    /** The pod to place. `spec.nodeName` is honoured by the NodeName plugin. */
    pod: V1Pod;
    /** Every node of the cluster, with `status.allocatable`, labels and taints. */
    nodes: V1Node[];
    /** Pods already bound to nodes by `spec.nodeName`. Defaults to none. */
    existingPods?: V1Pod[];
    /** Namespaces, for pod affinity `namespaceSelector`. Defaults to none. */
    namespaces?: V1Namespace[];
    /**
     * Claims, volumes, storage classes and CSINodes, for the volume plugins. Defaults to none (a pod with a
     * `persistentVolumeClaim` volume then fits nowhere: its claim is not found).
     * See https://kubernetes.io/docs/concepts/storage/persistent-volumes/
     */
    storage?: StorageInput;
    /** Filter plugin names in run order. Defaults to `DEFAULT_FILTER_PLUGINS` (those registered). */
    plugins?: string[];
    /** kube-scheduler feature gates. Defaults to none set. */
    featureGates?: Record<string, boolean>;
}

/** The verdict for one node. */
export interface NodeVerdict {
    fits: boolean;
    /** The plugin that rejected the node. */
    plugin?: string;
    /** Its reasons, worded as kube-scheduler words them; empty when the node fits. */
    reasons: string[];
    code?: "Unschedulable" | "UnschedulableAndUnresolvable";
}

/** What {@link evaluatePod} returns. */
export interface EvaluatePodResult {
    /** A verdict for every node, by name. */
    nodes: Record<string, NodeVerdict>;
    /** The FitError text ("0/N nodes are available: …") when no node fits. */
    message?: string;
}

function verdict(status: Status): NodeVerdict {
    if (status.code === "Error") {
        throw new Error(`plugin ${status.plugin ?? "(unknown)"} failed: ${status.reasons.join(", ")}`);
    }
    return {
        fits: false,
        plugin: status.plugin,
        reasons: [...status.reasons],
        code: status.code === "UnschedulableAndUnresolvable" ? "UnschedulableAndUnresolvable" : "Unschedulable",
    };
}

/**
 * Evaluates one pod against every node.
 * @throws InvalidObjectError for malformed objects; Error for an unknown plugin name.
 */
export function evaluatePod(input: EvaluatePodInput): EvaluatePodResult {
    validatePod(input.pod);
    if (input.nodes === undefined) validateList(null, "evaluatePod: nodes", validateNode);
    validateList(input.nodes, "evaluatePod: nodes", validateNode);
    validateList(input.existingPods, "evaluatePod: existingPods", validatePod);
    const names = input.plugins ?? DEFAULT_FILTER_PLUGINS.filter((name) => Object.prototype.hasOwnProperty.call(FILTER_PLUGINS, name));
    const plugins = resolveFilterPlugins(names);
    const snapshot = createSnapshot({ nodes: input.nodes, existingPods: input.existingPods, namespaces: input.namespaces, storage: input.storage });
    const featureGates: FeatureGates = { ...(input.featureGates ?? {}) };
    const ctx: CycleContext = { state: createCycleState(), pod: input.pod, podInfo: createPodInfo(input.pod), snapshot, featureGates };
    const nodes: Record<string, NodeVerdict> = {};
    const phase = runFilterPhase(plugins, ctx, snapshot.nodeInfos);
    const preFilter = phase.preFilter;
    if (preFilter.status !== undefined) {
        const status = preFilter.status;
        for (const nodeInfo of snapshot.nodeInfos) nodes[nodeInfo.name] = verdict(status);
        return { nodes, message: fitErrorMessage({ numAllNodes: snapshot.nodeInfos.length, preFilterMessage: status.reasons.join(", "), nodeStatuses: new Map() }) };
    }
    const narrowing = preFilter.pluginsWithNodes;
    const filteredOut = new Set(phase.filteredOut);
    for (const nodeInfo of snapshot.nodeInfos) {
        const status = phase.statuses.get(nodeInfo.name);
        if (filteredOut.has(nodeInfo.name)) {
            // Nodes a PreFilter result leaves out get upstream's "absent nodes" status; it names a plugin only
            // when a single one narrowed the candidates.
            nodes[nodeInfo.name] = {
                fits: false,
                ...(narrowing.length === 1 ? { plugin: narrowing[0] } : {}),
                reasons: [didNotSatisfyPlugins(narrowing)],
                code: "UnschedulableAndUnresolvable",
            };
        } else if (status === undefined) {
            nodes[nodeInfo.name] = { fits: true, reasons: [] };
        } else {
            nodes[nodeInfo.name] = verdict(status);
        }
    }
    const anyFits = phase.fits.length > 0;
    const nodeStatuses = phase.statuses;
    if (anyFits) return { nodes };
    return {
        nodes,
        message: fitErrorMessage({
            numAllNodes: snapshot.nodeInfos.length,
            nodeStatuses,
            filteredByPreFilterResult: filteredOut.size > 0 ? { count: filteredOut.size, plugins: preFilter.pluginsWithNodes } : undefined,
        }),
    };
}

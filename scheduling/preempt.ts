/**
 * What kube-scheduler's PostFilter (DefaultPreemption) would do for a pod the Filter phase rejected everywhere:
 * the node it would nominate and the pods it would evict there (see `plugins/default-preemption.ts` for the
 * rules and where we differ from upstream's random choices).
 * See https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
 */
import { createCycleState } from "./framework/cycle-state";
import type { CycleContext } from "./framework/interfaces";
import { DEFAULT_FILTER_PLUGINS } from "./framework/names";
import { createPodInfo } from "./framework/node-info";
import { FILTER_PLUGINS, resolveFilterPlugins } from "./framework/registry";
import { runFilterPhase } from "./framework/run-filters";
import { createSnapshot } from "./framework/snapshot";
import type { StorageInput } from "./framework/storage";
import type { V1Namespace, V1Node, V1Pod, V1PodDisruptionBudget } from "./model/types";
import { budgetStates, preemptPod } from "./plugins/default-preemption";

/** What {@link preempt} takes. */
export interface PreemptInput {
    /** The pod that fits nowhere; `spec.priority` is its resolved priority, `spec.preemptionPolicy` is honoured. */
    pod: V1Pod;
    /** Every node of the cluster. */
    nodes: V1Node[];
    /** Pods bound to nodes by `spec.nodeName`: the possible victims. Defaults to none. */
    existingPods?: V1Pod[];
    /**
     * Budgets preemption tries not to violate. One with `status.disruptionsAllowed` is taken as it says; one
     * without a status is evaluated over `existingPods` as the disruption controller would. Defaults to none.
     * See https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#pod-disruption-budgets
     */
    podDisruptionBudgets?: V1PodDisruptionBudget[];
    /** Namespaces, for pod affinity `namespaceSelector`. Defaults to none. */
    namespaces?: V1Namespace[];
    /** Claims, volumes, storage classes and CSINodes, for the volume plugins. Defaults to none. */
    storage?: StorageInput;
    /** Filter plugin names in run order. Defaults to `DEFAULT_FILTER_PLUGINS` (those registered). */
    plugins?: string[];
    /** kube-scheduler feature gates. Defaults to none set. */
    featureGates?: Record<string, boolean>;
    /**
     * Where the dry run starts among the nodes preemption might help (upstream picks it at random each cycle).
     * Defaults to 0.
     */
    offset?: number;
}

/** What {@link preempt} returns. */
export interface PreemptResult {
    /** The node DefaultPreemption nominates; null when preemption cannot help or is not needed. */
    node: string | null;
    /** The pods it evicts there (`namespace/name`), most important first. */
    victims: string[];
    /** How many victims take a PodDisruptionBudget below zero. */
    numPDBViolations: number;
    /**
     * Why no node: the PostFilter message (`preemption: 0/3 nodes are available: 3 No preemption victims found
     * for incoming pod.`), or that the pod fits without preemption.
     */
    message?: string;
}

const podName = (pod: V1Pod): string => `${pod.metadata?.namespace || "default"}/${pod.metadata?.name ?? ""}`;

/**
 * Runs the Filter phase for the pod and, when no node fits, DefaultPreemption's PostFilter.
 * @throws InvalidObjectError for malformed objects; Error for an unknown plugin name.
 */
export function preempt(input: PreemptInput): PreemptResult {
    const names = input.plugins ?? DEFAULT_FILTER_PLUGINS.filter((name) => Object.prototype.hasOwnProperty.call(FILTER_PLUGINS, name));
    const plugins = resolveFilterPlugins(names);
    const snapshot = createSnapshot({ nodes: input.nodes, existingPods: input.existingPods, namespaces: input.namespaces, storage: input.storage });
    const ctx: CycleContext = { state: createCycleState(), pod: input.pod, podInfo: createPodInfo(input.pod), snapshot, featureGates: { ...(input.featureGates ?? {}) } };
    const phase = runFilterPhase(plugins, ctx, snapshot.nodeInfos);
    if (phase.fits.length > 0) {
        return { node: null, victims: [], numPDBViolations: 0, message: `the pod fits on ${phase.fits.length} node(s) without preemption` };
    }
    const result = preemptPod(
        { ctx, plugins, skipped: phase.preFilter.skipped },
        { nodes: snapshot.nodeInfos, nodeStatuses: phase.statuses, budgets: budgetStates(input.podDisruptionBudgets ?? [], input.existingPods ?? []), offset: input.offset },
    );
    return {
        node: result.node ?? null,
        victims: result.victims.map((v) => podName(v.pod)),
        numPDBViolations: result.numPDBViolations,
        ...(result.message === undefined ? {} : { message: result.message }),
    };
}

/**
 * The documented approximation of the default profile's Score phase (kubernetes/kubernetes
 * `pkg/scheduler/apis/config/v1/default_plugins.go`, v1.35; scores 0–100 per plugin, then weighted):
 * - NodeResourcesFit, LeastAllocated over cpu and memory, weight 1 (`noderesources/least_allocated.go`):
 *   per resource `(allocatable − requested) × 100 / allocatable` (0 when over), averaged; requests counted as
 *   upstream's "non-zero" requests: no cpu request counts 100m, no memory request 200Mi
 *   (`pkg/scheduler/util/pod_resources.go`; see {@link nonZeroRequests});
 * - NodeResourcesBalancedAllocation, weight 1 (`noderesources/balanced_allocation.go`): with the actual
 *   requests, fractions f = requested / allocatable (capped at 1) for cpu and memory, score `(1 − |f₁ − f₂| / 2) × 100`;
 *   skipped for pods that request neither;
 * - TaintToleration, weight 3: intolerable PreferNoSchedule taints counted, normalised in reverse over the
 *   candidates (`tainttoleration/taint_toleration.go`);
 * - NodeAffinity, weight 2: summed weights of the matching preferred terms, normalised over the candidates.
 * Left out: PodTopologySpread and InterPodAffinity scoring (soft constraints and the system default spreading),
 * ImageLocality and VolumeBinding; they need per-candidate state the Filter phase does not keep, and
 * LeastAllocated already spreads replicas. Ties go to the first node in node order, where kube-scheduler picks
 * one at random.
 */
import type { V1Node, V1Pod } from "../model/types";
import { compileNodeSelectorTerms, type CompiledNodeSelector } from "../model/node-selector";
import { podRef } from "../model/pod-requests";
import { tolerationToleratesTaint } from "../model/taints";

/** The highest score a plugin gives (`framework.MaxNodeScore`). */
export const MAX_NODE_SCORE = 100;
/** Default profile score weights (v1.35). */
export const SCORE_WEIGHTS = { NodeResourcesFit: 1, NodeResourcesBalancedAllocation: 1, TaintToleration: 3, NodeAffinity: 2 } as const;
/** The cpu a pod without a cpu request counts for in scoring: 100 millicores (`schedutil.DefaultMilliCPURequest`). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** The memory a pod without a memory request counts for in scoring: 200 MiB (`schedutil.DefaultMemoryRequest`). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/**
 * A pod's cpu and memory as LeastAllocated counts them. Upstream applies the default per container without a
 * request; we apply it to the pod as a whole when its effective request is 0 (the same for single-container
 * pods, a little lower for multi-container pods that leave some requests out).
 */
export function nonZeroRequests(requests: Readonly<Record<string, number>>): { cpu: number; memory: number } {
    const cpu = requests.cpu ?? 0;
    const memory = requests.memory ?? 0;
    return { cpu: cpu === 0 ? DEFAULT_MILLI_CPU_REQUEST : cpu, memory: memory === 0 ? DEFAULT_MEMORY_REQUEST : memory };
}

/** LeastAllocated for one resource: free share after placing the pod, 0–100. */
export function leastAllocatedScore(requested: number, allocatable: number): number {
    if (allocatable === 0 || requested > allocatable) return 0;
    return Math.floor(((allocatable - requested) * MAX_NODE_SCORE) / allocatable);
}

/** BalancedAllocation for cpu and memory fractions after placing the pod, 0–100; resources with allocatable 0 are left out. */
export function balancedAllocationScore(cpuRequested: number, cpuAllocatable: number, memRequested: number, memAllocatable: number): number {
    if (cpuAllocatable === 0 || memAllocatable === 0) return MAX_NODE_SCORE;
    const f1 = Math.min(1, cpuRequested / cpuAllocatable);
    const f2 = Math.min(1, memRequested / memAllocatable);
    return Math.trunc((1 - Math.abs((f1 - f2) / 2)) * MAX_NODE_SCORE);
}

/** Upstream `DefaultNormalizeScore`: scale to 0–100 by the maximum, optionally reversed. */
export function normalizedScore(score: number, max: number, reverse: boolean): number {
    if (max === 0) return reverse ? MAX_NODE_SCORE : 0;
    const scaled = Math.floor((MAX_NODE_SCORE * score) / max);
    return reverse ? MAX_NODE_SCORE - scaled : scaled;
}

/** The per-node score inputs that depend only on the pod's spec and the node. */
export interface StaticScorer {
    /** Intolerable PreferNoSchedule taints on the node. */
    preferNoScheduleTaints(node: V1Node): number;
    /** Summed weights of the preferred node affinity terms the node matches. */
    preferredAffinity(node: V1Node): number;
    /** Whether either can be non-zero for this pod (else both terms are constant and skipped). */
    readonly varies: boolean;
}

/**
 * Builds the static score inputs of a pod.
 * @param pod - The pod.
 * @param anyPreferNoScheduleTaint - Whether any node has a PreferNoSchedule taint (else the taint term is constant).
 */
export function staticScorer(pod: V1Pod, anyPreferNoScheduleTaint: boolean): StaticScorer {
    const tolerations = (pod.spec?.tolerations ?? []).filter((t) => t.effect === undefined || t.effect === "" || t.effect === "PreferNoSchedule");
    const preferred = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    const terms: { weight: number; selector: CompiledNodeSelector }[] = preferred
        .filter((t) => t.weight !== 0)
        .map((t, i) => ({
            weight: t.weight,
            selector: compileNodeSelectorTerms([t.preference], { object: podRef(pod), field: `spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}].preference` }),
        }));
    return {
        varies: terms.length > 0 || anyPreferNoScheduleTaint,
        preferNoScheduleTaints(node) {
            let count = 0;
            for (const taint of node.spec?.taints ?? []) {
                if (taint.effect !== "PreferNoSchedule") continue;
                if (!tolerations.some((t) => tolerationToleratesTaint(t, taint))) count++;
            }
            return count;
        },
        preferredAffinity(node) {
            let sum = 0;
            for (const term of terms) if (term.selector.matches(node)) sum += term.weight;
            return sum;
        },
    };
}

/**
 * The `detail` of a pod that fits nowhere: the FitError's reasons split by pool, the taints each pool's nodes
 * hold against the pod, how much of each short resource the pod asks for against the most free on any node
 * that came up short of it (nodes rejected earlier, e.g. for taints, are not counted: their room is not usable),
 * and what the pod's node selector wanted against the labels the rejecting nodes carry. Built only for pods
 * that fit nowhere, from the per-node statuses the Filter phase produced.
 */
import type { NodeInfo, PodInfo, Status } from "../framework/interfaces";
import { NodeAffinity, NodeResourcesFit, TaintToleration } from "../framework/names";
import { ErrReasonNodeConflict, ErrReasonTooManyPods } from "../framework/reasons";
import type { StorageLister } from "../framework/storage";
import { formatAmount } from "../model/quantity";
import { tolerationToleratesTaint } from "../model/taints";
import type { V1NodeSelectorRequirement, V1Pod, V1Taint } from "../model/types";
import { isDoNotScheduleTaint } from "../plugins/taint-toleration";
import { podClaimRefs, podNamespace } from "../model/volumes";
import type { InsufficientResourceDetail, NodeSelectorDetail, PlacementDetail, TaintDetail, VolumeConflictDetail } from "./types";

/** The node label AKS puts the pool name in (https://learn.microsoft.com/azure/aks/use-labels). */
export const AGENT_POOL_LABEL = "kubernetes.azure.com/agentpool";

/** The pool a node belongs to: its agentpool label, or `""` when it has none. */
export function poolOf(nodeInfo: NodeInfo): string {
    return nodeInfo.node.metadata?.labels?.[AGENT_POOL_LABEL] ?? "";
}

/** A taint as AKS and kubectl write it: `key=value:Effect`, or `key:Effect` without a value. */
export function taintText(taint: V1Taint): string {
    return taint.value === undefined || taint.value === "" ? `${taint.key}:${taint.effect}` : `${taint.key}=${taint.value}:${taint.effect}`;
}

function requirementText(r: V1NodeSelectorRequirement): string {
    const values = r.values ?? [];
    return values.length === 0 ? `${r.key} ${r.operator}` : `${r.key} ${r.operator} [${values.join(", ")}]`;
}

/** The pod's node selector and required node affinity as text: `key=value` entries, then each term (`A, B OR C`). */
export function wantedNodeSelector(pod: V1Pod): string[] | undefined {
    const out = Object.entries(pod.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`);
    const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    const termTexts = terms.map((t) => [...(t.matchExpressions ?? []), ...(t.matchFields ?? [])].map(requirementText).join(", "));
    if (termTexts.length > 0) out.push(termTexts.join(" OR "));
    return out.length === 0 ? undefined : out;
}

function selectorKeys(pod: V1Pod): string[] {
    const keys = new Set(Object.keys(pod.spec?.nodeSelector ?? {}));
    for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
        for (const r of term.matchExpressions ?? []) keys.add(r.key);
    }
    return [...keys];
}

const INSUFFICIENT = "Insufficient ";

/** The pod's bound claims whose volumes are pinned by node affinity, with where they are pinned. */
function volumeConflicts(pod: V1Pod, storage: StorageLister, nodes: number): VolumeConflictDetail[] {
    const out: VolumeConflictDetail[] = [];
    for (const ref of podClaimRefs(pod)) {
        const claim = storage.claim(podNamespace(pod), ref.claimName);
        const volumeName = claim?.spec?.volumeName;
        const volume = volumeName === undefined || volumeName === "" ? undefined : storage.volume(volumeName);
        const terms = volume?.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? [];
        if (volume === undefined || terms.length === 0) continue;
        const requirement = terms.map((t) => [...(t.matchExpressions ?? []), ...(t.matchFields ?? [])].map(requirementText).join(", ")).join(" OR ");
        out.push({ claim: `${podNamespace(pod)}/${ref.claimName}`, volume: volume.metadata!.name!, requirement, nodes });
    }
    return out;
}

/**
 * Builds the detail.
 * @param podInfo - The pod that fits nowhere.
 * @param nodeInfos - Every node of the snapshot.
 * @param statuses - The status of each rejected node by name (nodes cut by a PreFilter result are absent).
 * @param preFilterStatus - The PreFilter rejection, when PreFilter rejected the pod (then every node counts it).
 * @param filteredReason - The reason counted for nodes a PreFilter result left out, if any.
 */
export function buildPlacementDetail(
    podInfo: PodInfo,
    nodeInfos: readonly NodeInfo[],
    statuses: ReadonlyMap<string, Status>,
    preFilterStatus?: Status,
    filteredReason?: string,
    storage?: StorageLister,
): PlacementDetail {
    const reasonsByPool: Record<string, Record<string, number>> = {};
    const taintsByPool = new Map<string, { nodes: number; taints: Set<string> }>();
    const selectorByPool = new Map<string, NodeSelectorDetail>();
    const insufficient = new Map<string, NodeInfo[]>();
    const tolerations = podInfo.pod.spec?.tolerations ?? [];
    const keys = selectorKeys(podInfo.pod);
    let conflicting = 0;
    const count = (pool: string, reason: string): void => {
        const histogram = (reasonsByPool[pool] ??= {});
        histogram[reason] = (histogram[reason] ?? 0) + 1;
    };
    for (const nodeInfo of nodeInfos) {
        const pool = poolOf(nodeInfo);
        if (preFilterStatus !== undefined) {
            count(pool, preFilterStatus.reasons.join(", "));
            continue;
        }
        const status = statuses.get(nodeInfo.name);
        if (status === undefined) {
            if (filteredReason !== undefined) count(pool, filteredReason);
            continue;
        }
        for (const reason of status.reasons) count(pool, reason);
        if (status.reasons.includes(ErrReasonNodeConflict)) conflicting++;
        if (status.plugin === TaintToleration) {
            const entry = taintsByPool.get(pool) ?? { nodes: 0, taints: new Set<string>() };
            entry.nodes++;
            for (const taint of nodeInfo.node.spec?.taints ?? []) {
                if (isDoNotScheduleTaint(taint) && !tolerations.some((t) => tolerationToleratesTaint(t, taint))) entry.taints.add(taintText(taint));
            }
            taintsByPool.set(pool, entry);
        } else if (status.plugin === NodeAffinity) {
            const entry = selectorByPool.get(pool);
            if (entry !== undefined) entry.nodes++;
            else {
                const labels = nodeInfo.node.metadata?.labels ?? {};
                const nodeLabels = Object.fromEntries(keys.map((k) => [k, Object.prototype.hasOwnProperty.call(labels, k) ? labels[k] : "<absent>"]));
                selectorByPool.set(pool, { pool, nodes: 1, nodeLabels });
            }
        } else if (status.plugin === NodeResourcesFit) {
            for (const reason of status.reasons) {
                const resource = reason === ErrReasonTooManyPods ? "pods" : reason.startsWith(INSUFFICIENT) ? reason.slice(INSUFFICIENT.length) : undefined;
                if (resource === undefined) continue;
                const reporting = insufficient.get(resource) ?? [];
                reporting.push(nodeInfo);
                insufficient.set(resource, reporting);
            }
        }
    }
    const untoleratedTaints: TaintDetail[] = [...taintsByPool].map(([pool, e]) => ({ pool, nodes: e.nodes, taints: [...e.taints].sort() }));
    const insufficientResources: InsufficientResourceDetail[] = [...insufficient].map(([resource, reporting]) => {
        let mostFree = Number.NEGATIVE_INFINITY;
        let mostFreeNode: string | undefined;
        for (const nodeInfo of reporting) {
            const free = resource === "pods" ? (nodeInfo.allocatable.pods ?? 0) - nodeInfo.pods.length : (nodeInfo.allocatable[resource] ?? 0) - (nodeInfo.requested[resource] ?? 0);
            if (free > mostFree) {
                mostFree = free;
                mostFreeNode = nodeInfo.name;
            }
        }
        const requested = resource === "pods" ? 1 : (podInfo.requests[resource] ?? 0);
        return { resource, nodes: reporting.length, requested: formatAmount(resource, requested), mostFree: formatAmount(resource, Math.max(0, mostFree)), mostFreeNode };
    });
    const wanted = wantedNodeSelector(podInfo.pod);
    const conflicts = conflicting === 0 || storage === undefined ? [] : volumeConflicts(podInfo.pod, storage, conflicting);
    return {
        ...(conflicts.length === 0 ? {} : { volumeNodeAffinityConflicts: conflicts }),
        reasonsByPool,
        untoleratedTaints,
        insufficientResources,
        ...(wanted === undefined ? {} : { wantedNodeSelector: wanted }),
        nodeSelectorMismatches: [...selectorByPool.values()],
    };
}

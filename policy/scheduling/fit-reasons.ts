/**
 * Reads kube-scheduler's FitError text (`0/6 nodes are available: 3 Insufficient cpu, 3 node(s) had
 * untolerated taint(s).`) back into its entries and sorts each reason into the concern a policy of this
 * group owns: capacity (more or larger nodes would help), topology (spread and pod (anti-)affinity need
 * other zones or nodes) or a placement rule (node selector, affinity, taints, ports). The reason strings
 * come from the engine's one list (`scheduling/framework/reasons.ts`, kube-scheduler v1.35), so nothing is
 * worded twice. The text's format follows `FitError.Error()` in kubernetes/kubernetes
 * `pkg/scheduler/framework/types.go` (v1.35).
 */
import {
    ErrReasonAffinityRulesNotMatch,
    ErrReasonAntiAffinityRulesNotMatch,
    ErrReasonConstraintsNotMatch,
    ErrReasonExistingAntiAffinityRulesNotMatch,
    ErrReasonNodeLabelNotMatch,
    ErrReasonTooManyPods,
    insufficientResource,
} from "../../scheduling/framework/reasons";

/** What a reason says is missing. */
export type ReasonConcern = "capacity" | "topology" | "placement-rule";

/** One entry of the FitError histogram: how many nodes gave the reason (undefined for a PreFilter message). */
export interface FitReason {
    count?: number;
    reason: string;
}

const HEAD = /^0\/\d+ nodes are available:\s*/;
const TOPOLOGY_REASONS: readonly string[] = [
    ErrReasonConstraintsNotMatch,
    ErrReasonNodeLabelNotMatch,
    ErrReasonAffinityRulesNotMatch,
    ErrReasonAntiAffinityRulesNotMatch,
    ErrReasonExistingAntiAffinityRulesNotMatch,
];
const INSUFFICIENT_PREFIX = insufficientResource("");

/**
 * The entries of a FitError text. A text without the `0/N nodes are available:` head (such as
 * `no nodes available to schedule pods`) is one entry without a count.
 */
export function parseFitError(message: string): FitReason[] {
    const trimmed = message.trim();
    const head = HEAD.exec(trimmed);
    if (head === null) return [{ reason: trimmed.replace(/\.$/, "") }];
    const body = trimmed.slice(head[0].length).replace(/\.$/, "");
    return body.split(", ").map((entry) => {
        const counted = /^(\d+) (.+)$/.exec(entry);
        return counted === null ? { reason: entry } : { count: Number(counted[1]), reason: counted[2] };
    });
}

/** The concern of one reason. */
export function reasonConcern(reason: string): ReasonConcern {
    if (reason === ErrReasonTooManyPods || reason.startsWith(INSUFFICIENT_PREFIX)) return "capacity";
    if (TOPOLOGY_REASONS.includes(reason)) return "topology";
    return "placement-rule";
}

/**
 * The concern of a set of FitError texts: capacity when any node ran short of room (the pod would pass
 * every other filter there), else topology when spread or pod (anti-)affinity rejected a node, else a
 * placement rule.
 */
export function fitErrorConcern(messages: readonly string[]): ReasonConcern {
    const concerns = new Set(messages.flatMap(parseFitError).map((e) => reasonConcern(e.reason)));
    if (concerns.has("capacity")) return "capacity";
    if (concerns.has("topology")) return "topology";
    return "placement-rule";
}

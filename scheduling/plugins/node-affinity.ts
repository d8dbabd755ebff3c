/**
 * NodeAffinity: the node must satisfy the pod's `spec.nodeSelector` and its required node affinity
 * (kubernetes/kubernetes `pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go`, v1.35).
 * - PreFilter returns Skip when the pod has neither; otherwise it parses both once into the cycle state.
 * - When every required term pins nodes by `matchFields` `metadata.name In`, PreFilter narrows the candidate
 *   nodes to the union over terms of each term's intersection; an empty result rejects the pod
 *   (UnschedulableAndUnresolvable, "pod affinity terms conflict").
 * - Filter rejections are UnschedulableAndUnresolvable.
 * The profile-level `addedAffinity` argument is not modelled (no scheduler configuration is read).
 */
import type { CycleContext, FilterPlugin, PreFilterResult, Status } from "../framework/interfaces";
import { sharedStatus, SKIP } from "../framework/status";
import { NodeAffinity } from "../framework/names";
import { ErrReasonNodeAffinity, ErrReasonNodeAffinityConflict } from "../framework/reasons";
import { compileRequiredNodeAffinity, type CompiledNodeSelector } from "../model/node-selector";
import type { V1NodeSelectorTerm } from "../model/types";

export { ErrReasonEnforcedNodeAffinity, ErrReasonNodeAffinity, ErrReasonNodeAffinityConflict } from "../framework/reasons";

/** The plugin's name. */
export const Name = NodeAffinity;

/** The cycle-state key PreFilter writes. */
export const PRE_FILTER_STATE_KEY = "PreFilter" + Name;

/**
 * The node names the required terms pin by `metadata.name In`, or undefined when some term does not pin
 * names (then every node is a candidate, since terms are OR'ed).
 */
export function nodeNamesFromTerms(terms: readonly V1NodeSelectorTerm[]): Set<string> | undefined {
    let union: Set<string> | undefined;
    for (const term of terms) {
        let termNames: Set<string> | undefined;
        for (const req of term.matchFields ?? []) {
            if (req.key !== "metadata.name" || req.operator !== "In") continue;
            const values = new Set(req.values ?? []);
            termNames = termNames === undefined ? values : new Set([...termNames].filter((n) => values.has(n)));
        }
        if (termNames === undefined) return undefined;
        union = union ?? new Set<string>();
        for (const name of termNames) union.add(name);
    }
    return union;
}

function requiredAffinity(ctx: CycleContext): CompiledNodeSelector {
    return ctx.state.read<CompiledNodeSelector>(PRE_FILTER_STATE_KEY) ?? compileRequiredNodeAffinity(ctx.pod);
}

/** The one rejection status this plugin returns, shared by every node (frozen: callers must not mutate statuses). */
const REJECTED = sharedStatus("UnschedulableAndUnresolvable", ErrReasonNodeAffinity, Name);

/** The NodeAffinity PreFilter/Filter plugin. */
export const nodeAffinityPlugin = {
    name: Name,
    preFilter(ctx): PreFilterResult | undefined {
        const required = ctx.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
        if (required === undefined && ctx.pod.spec?.nodeSelector === undefined) return { status: SKIP };
        ctx.state.write(PRE_FILTER_STATE_KEY, compileRequiredNodeAffinity(ctx.pod));
        const terms = required?.nodeSelectorTerms ?? [];
        if (terms.length === 0) return undefined;
        const nodeNames = nodeNamesFromTerms(terms);
        if (nodeNames === undefined) return undefined;
        if (nodeNames.size === 0) return { status: { code: "UnschedulableAndUnresolvable", reasons: [ErrReasonNodeAffinityConflict] } };
        return { nodeNames };
    },
    filter(ctx, nodeInfo): Status | undefined {
        if (requiredAffinity(ctx).matches(nodeInfo.node)) return undefined;
        return REJECTED;
    },
} satisfies FilterPlugin;

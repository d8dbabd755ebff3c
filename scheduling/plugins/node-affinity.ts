/**
 * NodeAffinity: the node must satisfy the pod's `spec.nodeSelector` and its required node affinity; its
 * preferred terms score (kubernetes/kubernetes `pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go`,
 * v1.35).
 * - PreFilter returns Skip when the pod has neither; otherwise it parses both once into the cycle state.
 * - When every required term pins nodes by `matchFields` `metadata.name In`, PreFilter narrows the candidate
 *   nodes to the union over terms of each term's intersection; an empty result rejects the pod
 *   (UnschedulableAndUnresolvable, "pod affinity terms conflict").
 * - Filter rejections are UnschedulableAndUnresolvable.
 * - Score: the summed weights of the preferred terms the node matches (terms of weight 0 are dropped), normalized
 *   so the best node scores 100 (`DefaultNormalizeScore(100, false)`); PreScore returns Skip without preferred
 *   terms.
 * The profile-level `addedAffinity` argument is not modelled (no scheduler configuration is read).
 */
import type { CycleContext, FilterPlugin, NodeScore, PreFilterResult, ScoreContext, ScorePlugin, Status } from "../framework/interfaces";
import { defaultNormalizeScore, MAX_NODE_SCORE } from "../framework/normalize";
import { sharedStatus, SKIP } from "../framework/status";
import { NodeAffinity } from "../framework/names";
import { ErrReasonNodeAffinity, ErrReasonNodeAffinityConflict } from "../framework/reasons";
import { compileNodeSelectorTerms, compileRequiredNodeAffinity, type CompiledNodeSelector } from "../model/node-selector";
import { podRef } from "../model/pod-requests";
import type { V1Node, V1NodeSelectorTerm, V1Pod } from "../model/types";

export { ErrReasonEnforcedNodeAffinity, ErrReasonNodeAffinity, ErrReasonNodeAffinityConflict } from "../framework/reasons";

/** The plugin's name. */
export const Name = NodeAffinity;

/** The cycle-state key PreFilter writes. */
export const PRE_FILTER_STATE_KEY = "PreFilter" + Name;

/** The cycle-state key PreScore writes. */
export const PRE_SCORE_STATE_KEY = "PreScore" + Name;

/** A pod's preferred node affinity terms, compiled with their weights. */
export interface PreferredNodeAffinity {
    readonly terms: readonly { weight: number; selector: CompiledNodeSelector }[];
    /** The summed weights of the terms the node matches. */
    score(node: V1Node): number;
}

const preferredCache = new WeakMap<V1Pod, PreferredNodeAffinity>();

/**
 * The pod's preferred node affinity (upstream `getPodPreferredNodeAffinity`), compiled once per pod object.
 * @throws InvalidObjectError naming the pod and the term's field for a term the API server would reject.
 */
export function preferredNodeAffinity(pod: V1Pod): PreferredNodeAffinity {
    const cached = preferredCache.get(pod);
    if (cached !== undefined) return cached;
    const terms = (pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
        .map((t, i) => ({ t, i }))
        .filter(({ t }) => t.weight !== 0)
        .map(({ t, i }) => ({
            weight: t.weight,
            selector: compileNodeSelectorTerms([t.preference], { object: podRef(pod), field: `spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}].preference` }),
        }));
    const result: PreferredNodeAffinity = {
        terms,
        score(node) {
            let sum = 0;
            for (const term of terms) if (term.selector.matches(node)) sum += term.weight;
            return sum;
        },
    };
    preferredCache.set(pod, result);
    return result;
}

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

/** The NodeAffinity PreFilter/Filter and PreScore/Score plugin. */
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
    preScore(ctx: ScoreContext): Status | undefined {
        const preferred = preferredNodeAffinity(ctx.pod);
        if ((ctx.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).length === 0) return SKIP;
        ctx.state.write(PRE_SCORE_STATE_KEY, preferred);
        return undefined;
    },
    score(ctx: ScoreContext, nodeInfo): number {
        // Upstream computes the terms again when PreScore did not run.
        return (ctx.state.read<PreferredNodeAffinity>(PRE_SCORE_STATE_KEY) ?? preferredNodeAffinity(ctx.pod)).score(nodeInfo.node);
    },
    normalizeScore(_ctx: ScoreContext, scores: NodeScore[]): void {
        defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
    },
} satisfies FilterPlugin & ScorePlugin;

/**
 * NodeResourcesFit: the node's allocatable minus what its pods request must cover the pod's requests
 * (kubernetes/kubernetes `pkg/scheduler/framework/plugins/noderesources/fit.go`, `fitsRequest`, v1.35).
 * - "Too many pods" when the node already runs `allocatable.pods` pods (a node without `pods` takes none);
 * - then cpu, memory, ephemeral-storage, and every other requested resource (extended resources such as
 *   `nvidia.com/gpu`, `hugepages-*`) in the pod's order; a request of 0 always passes; a resource the node
 *   lacks entirely reads as allocatable 0, so "Insufficient <name>";
 * - all insufficient reasons of a node go into one status; the code is UnschedulableAndUnresolvable when some
 *   request exceeds the node's whole allocatable (no preemption could help), else Unschedulable.
 * PreFilter computes the requests once (they are already in the PodInfo) and keeps the non-zero ones.
 * Score (`fit.go` `Score`, `resource_allocation.go`): the `scoringStrategy` argument's strategy over its resources —
 * LeastAllocated (default: cpu and memory, weight 1 each), MostAllocated or RequestedToCapacityRatio (see
 * `resource-allocation.ts`); scores are already 0–100, there is no NormalizeScore.
 * Not modelled: the plugin's `ignoredResources` arguments and DRA-backed extended resources.
 */
import type { CycleContext, FilterPlugin, ScoreContext, ScorePlugin, ScorePluginArgs, Status } from "../framework/interfaces";
import {
    DEFAULT_SCORED_RESOURCES,
    leastAllocatedScorer,
    mostAllocatedScorer,
    podRequestList,
    requestedToCapacityRatioScorer,
    scoreNodeResources,
    type ResourceScorer,
} from "./resource-allocation";
import type { ResourceSpec, UtilizationShapePoint } from "../framework/interfaces";
import { NodeResourcesFit } from "../framework/names";
import { ErrReasonTooManyPods, insufficientResource } from "../framework/reasons";

export { ErrReasonTooManyPods, insufficientResource } from "../framework/reasons";

/** The plugin's name. */
export const Name = NodeResourcesFit;

/** The cycle-state key PreFilter writes. */
export const PRE_FILTER_STATE_KEY = "PreFilter" + Name;

/** The pod's non-zero requests, in check order, with their reasons prebuilt. */
interface FitState {
    names: string[];
    amounts: number[];
    reasons: string[];
}

const FIRST = ["cpu", "memory", "ephemeral-storage"];

/** Builds the PreFilter state from a pod's requests. */
function computeFitState(requests: Readonly<Record<string, number>>): FitState {
    const state: FitState = { names: [], amounts: [], reasons: [] };
    const push = (name: string): void => {
        const amount = requests[name];
        if (amount === undefined || amount === 0) return;
        state.names.push(name);
        state.amounts.push(amount);
        state.reasons.push(insufficientResource(name));
    };
    for (const name of FIRST) push(name);
    for (const name of Object.keys(requests)) if (name !== "pods" && !FIRST.includes(name)) push(name);
    return state;
}

function fitState(ctx: CycleContext): FitState {
    return ctx.state.read<FitState>(PRE_FILTER_STATE_KEY) ?? computeFitState(ctx.podInfo.requests);
}

/** The cycle-state key PreScore writes. */
export const PRE_SCORE_STATE_KEY = "PreScore" + Name;

/** The strategy's scorer, checked as the scheduler's configuration validation checks it. */
export interface FitScoring {
    resources: readonly ResourceSpec[];
    scorer: ResourceScorer;
}

function checkResources(resources: readonly ResourceSpec[], field: string): void {
    resources.forEach((r, i) => {
        if (typeof r.name !== "string" || r.name === "") throw new Error(`pluginArgs.${field}[${i}].name: a resource name is required`);
        if (!Number.isInteger(r.weight) || r.weight < 1 || r.weight > 100) throw new Error(`pluginArgs.${field}[${i}].weight: ${JSON.stringify(r.weight)} is not valid; it must be an integer from 1 to 100`);
    });
}

function checkShape(shape: readonly UtilizationShapePoint[]): void {
    if (shape.length === 0) throw new Error("pluginArgs.NodeResourcesFit.scoringStrategy.requestedToCapacityRatio.shape: at least one point is required");
    shape.forEach((p, i) => {
        const field = `pluginArgs.NodeResourcesFit.scoringStrategy.requestedToCapacityRatio.shape[${i}]`;
        if (!Number.isInteger(p.utilization) || p.utilization < 0 || p.utilization > 100) throw new Error(`${field}.utilization: must be an integer from 0 to 100`);
        if (!Number.isInteger(p.score) || p.score < 0 || p.score > 10) throw new Error(`${field}.score: must be an integer from 0 to 10`);
        if (i > 0 && p.utilization <= shape[i - 1].utilization) throw new Error(`${field}.utilization: utilizations must increase from point to point`);
    });
}

/**
 * The scoring of the `scoringStrategy` argument (upstream `nodeResourceStrategyTypeMap`).
 * @throws Error naming the argument field for a value the scheduler's configuration validation rejects.
 */
export function fitScoring(args: ScorePluginArgs["NodeResourcesFit"]): FitScoring {
    const strategy = args?.scoringStrategy;
    const resources = strategy?.resources ?? DEFAULT_SCORED_RESOURCES;
    checkResources(resources, "NodeResourcesFit.scoringStrategy.resources");
    switch (strategy?.type ?? "LeastAllocated") {
        case "LeastAllocated":
            return { resources, scorer: leastAllocatedScorer(resources) };
        case "MostAllocated":
            return { resources, scorer: mostAllocatedScorer(resources) };
        case "RequestedToCapacityRatio": {
            const shape = strategy?.requestedToCapacityRatio?.shape;
            if (shape === undefined) throw new Error("pluginArgs.NodeResourcesFit.scoringStrategy.requestedToCapacityRatio: a shape is required with RequestedToCapacityRatio");
            checkShape(shape);
            return { resources, scorer: requestedToCapacityRatioScorer(resources, shape) };
        }
        default:
            throw new Error(`pluginArgs.NodeResourcesFit.scoringStrategy.type: ${JSON.stringify(strategy?.type)} is not valid; valid values are LeastAllocated, MostAllocated, RequestedToCapacityRatio`);
    }
}

/** The NodeResourcesFit PreFilter/Filter and Score plugin. */
export const nodeResourcesFitPlugin = {
    name: Name,
    preFilter(ctx) {
        ctx.state.write(PRE_FILTER_STATE_KEY, computeFitState(ctx.podInfo.requests));
        return undefined;
    },
    filter(ctx, nodeInfo): Status | undefined {
        const state = fitState(ctx);
        let reasons: string[] | undefined;
        let unresolvable = false;
        if (nodeInfo.pods.length + 1 > (nodeInfo.allocatable.pods ?? 0)) reasons = [ErrReasonTooManyPods];
        const { allocatable, requested } = nodeInfo;
        for (let i = 0; i < state.names.length; i++) {
            const name = state.names[i];
            const amount = state.amounts[i];
            const total = allocatable[name] ?? 0;
            if (amount > total - (requested[name] ?? 0)) {
                (reasons ??= []).push(state.reasons[i]);
                if (amount > total) unresolvable = true;
            }
        }
        if (reasons === undefined) return undefined;
        return { code: unresolvable ? "UnschedulableAndUnresolvable" : "Unschedulable", reasons, plugin: Name };
    },
    preScore(ctx: ScoreContext): Status | undefined {
        const scoring = fitScoring(ctx.pluginArgs.NodeResourcesFit);
        ctx.state.write(PRE_SCORE_STATE_KEY, { scoring, podRequests: podRequestList(ctx.podInfo, scoring.resources, false) });
        return undefined;
    },
    score(ctx: ScoreContext, nodeInfo): number {
        const s = ctx.state.read<{ scoring: FitScoring; podRequests: number[] }>(PRE_SCORE_STATE_KEY);
        const scoring = s?.scoring ?? fitScoring(ctx.pluginArgs.NodeResourcesFit);
        const podRequests = s?.podRequests ?? podRequestList(ctx.podInfo, scoring.resources, false);
        return scoreNodeResources(nodeInfo, podRequests, scoring.resources, false, scoring.scorer);
    },
} satisfies FilterPlugin & ScorePlugin;

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
 * Not modelled: the plugin's `ignoredResources` arguments and DRA-backed extended resources.
 */
import type { CycleContext, FilterPlugin, Status } from "../framework/interfaces";
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

/** The NodeResourcesFit PreFilter/Filter plugin. */
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
} satisfies FilterPlugin;

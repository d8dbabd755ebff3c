/**
 * The PreFilter state plumbing the topology plugins share: reading the state PreFilter wrote (or the Error
 * status kube-scheduler returns when it did not run), and PreFilterExtensions that keep a counting state
 * current as pods are added to or removed from nodes (upstream `AddPod` / `RemovePod`).
 */
import type { V1Node, V1Pod } from "../model/types";
import type { CycleState, NodeInfo, PodInfo, PreFilterExtensions, Status } from "./interfaces";

/** The plugin's PreFilter state under `key`, or an Error status when PreFilter has not written it. */
export function readPreFilterState<S extends object>(state: CycleState, key: string): S | Status {
    const s = state.read<S>(key);
    if (s === undefined) {
        return { code: "Error", reasons: [`cycle state has no ${JSON.stringify(key)}: PreFilter must run before Filter`] };
    }
    return s;
}

/** Whether a read returned the Error status rather than a state (plugin states have no `code`). */
export function isStatus(value: object): value is Status {
    return "code" in value;
}

/**
 * `addPod` / `removePod` for a plugin whose state counts pods: `update(state, pod, node, +1 | -1)`. Each returns
 * the Error status when PreFilter has not run.
 */
export function countingExtensions<S extends object>(key: string, update: (state: S, pod: V1Pod, node: V1Node, delta: 1 | -1) => void): PreFilterExtensions {
    const apply = (state: CycleState, changed: PodInfo, nodeInfo: NodeInfo, delta: 1 | -1): Status | undefined => {
        const s = readPreFilterState<S>(state, key);
        if (isStatus(s)) return s;
        update(s, changed.pod, nodeInfo.node, delta);
        return undefined;
    };
    return {
        addPod: (state, _podToSchedule, added, nodeInfo) => apply(state, added, nodeInfo, 1),
        removePod: (state, _podToSchedule, removed, nodeInfo) => apply(state, removed, nodeInfo, -1),
    };
}

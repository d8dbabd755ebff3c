/**
 * The "0/N nodes are available" text, exactly as `FitError.Error()` builds it (kubernetes/kubernetes
 * `pkg/scheduler/framework/types.go`, v1.35), without the PostFilter (preemption) part an offline engine
 * does not run:
 * - `0/N nodes are available:` where N counts every node of the snapshot;
 * - when a PreFilter rejected the pod: ` <its message>.` and nothing per node;
 * - otherwise a histogram: each reason of each rejected node counted once per node (a status with two
 *   reasons counts in both), nodes cut by a PreFilter result counted under
 *   `node(s) didn't satisfy plugin(s) [..]`; entries `<count> <reason>` sorted as plain strings (so
 *   `10 …` sorts before `2 …`), joined with ", " and closed with ".".
 */
import type { Status } from "./interfaces";
import { didNotSatisfyPlugins } from "./reasons";

/** What the FitError text is built from. */
export interface FitErrorInput {
    /** Every node in the snapshot. */
    numAllNodes: number;
    /** The rejecting PreFilter's message (its reasons joined with ", "), if PreFilter rejected the pod. */
    preFilterMessage?: string;
    /** The status of every node Filter rejected. */
    nodeStatuses: Map<string, Status>;
    /** Nodes a PreFilter result left out, and the plugins that narrowed the nodes. */
    filteredByPreFilterResult?: { count: number; plugins: string[] };
}

/** Builds the FitError text. */
export function fitErrorMessage(input: FitErrorInput): string {
    let message = `0/${input.numAllNodes} nodes are available:`;
    if (input.preFilterMessage !== undefined && input.preFilterMessage !== "") {
        return `${message} ${input.preFilterMessage}.`;
    }
    const counts = new Map<string, number>();
    for (const status of input.nodeStatuses.values()) {
        for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
    const filtered = input.filteredByPreFilterResult;
    if (filtered !== undefined && filtered.count > 0) {
        const reason = didNotSatisfyPlugins(filtered.plugins);
        counts.set(reason, (counts.get(reason) ?? 0) + filtered.count);
    }
    const entries = [...counts].map(([reason, count]) => `${count} ${reason}`);
    entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length > 0) message += ` ${entries.join(", ")}.`;
    return message;
}

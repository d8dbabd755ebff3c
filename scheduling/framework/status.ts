/**
 * Status helpers. A Filter runs once per node, so a plugin whose rejection never varies returns one shared,
 * frozen Status instead of allocating one per node (kube-scheduler allocates, but an offline engine that
 * evaluates every node of every pod pays for it in garbage collection). Statuses are therefore read-only
 * for their consumers: copy `reasons` before changing them.
 */
import type { Code, Status } from "./interfaces";

/** A frozen single-reason status with its plugin already set. */
export function sharedStatus(code: Code, reason: string, plugin: string): Status {
    return Object.freeze({ code, reasons: Object.freeze([reason]) as unknown as string[], plugin });
}

/** The Skip status a PreFilter returns when its Filter has nothing to check for the pod. */
export const SKIP: Status = Object.freeze({ code: "Skip", reasons: Object.freeze([]) as unknown as string[] });

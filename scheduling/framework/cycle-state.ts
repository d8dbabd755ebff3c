/**
 * Per-cycle scratch space (kube-scheduler `CycleState`, `pkg/scheduler/framework/cycle_state.go`, v1.35):
 * PreFilter writes under `"PreFilter" + plugin name`, Filter reads it back for every node.
 */
import type { CycleState } from "./interfaces";

/** A fresh, empty cycle state. */
export function createCycleState(): CycleState {
    const data = new Map<string, unknown>();
    return {
        read<T>(key: string): T | undefined {
            return data.get(key) as T | undefined;
        },
        write(key: string, value: unknown): void {
            data.set(key, value);
        },
    };
}

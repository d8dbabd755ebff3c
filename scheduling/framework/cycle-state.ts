/**
 * Per-cycle scratch space (kube-scheduler `CycleState`, `pkg/scheduler/framework/cycle_state.go`, v1.35):
 * PreFilter writes under `"PreFilter" + plugin name`, Filter reads it back for every node. `clone()` copies it for
 * preemption's what-ifs, cloning the values that can be cloned (upstream `CycleState.Clone`).
 */
import type { CloneableState, CycleState } from "./interfaces";

function isCloneable(value: unknown): value is CloneableState {
    return typeof value === "object" && value !== null && typeof (value as Partial<CloneableState>).clone === "function";
}

function stateOver(data: Map<string, unknown>): CycleState {
    return {
        read<T>(key: string): T | undefined {
            return data.get(key) as T | undefined;
        },
        write(key: string, value: unknown): void {
            data.set(key, value);
        },
        clone(): CycleState {
            const copy = new Map<string, unknown>();
            for (const [key, value] of data) copy.set(key, isCloneable(value) ? value.clone() : value);
            return stateOver(copy);
        },
    };
}

/** A fresh, empty cycle state. */
export function createCycleState(): CycleState {
    return stateOver(new Map());
}

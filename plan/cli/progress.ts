/**
 * Progress on stderr, for the steps that take over a second, and silence for those that do not: a step that is
 * still running after the threshold says so ("plan: prod: placing the workloads…"), and a step that took longer
 * without being able to say so (synchronous work keeps timers from firing) says how long it took when it ends.
 * Lines, not cursor tricks, so a CI log reads the same as a terminal.
 */

/** The steps of a run. */
export interface Progress {
    /** A step begins (the previous one ends). */
    step(label: string): void;
    /** The last step ends. */
    done(): void;
}

/** How {@link progressReporter} tells time; tests pass their own. */
export interface ProgressClock {
    now(): number;
    /** Calls `fn` after `ms`; the returned function cancels it. */
    after(ms: number, fn: () => void): () => void;
}

/** Node's clock; its timers never keep the process alive. */
export const SYSTEM_CLOCK: ProgressClock = {
    now: () => Date.now(),
    after(ms, fn) {
        const timer = setTimeout(fn, ms);
        timer.unref();
        return () => clearTimeout(timer);
    },
};

/** Steps that take at least this long are reported (milliseconds). */
export const PROGRESS_THRESHOLD_MS = 1000;

/**
 * Reports steps that take at least `thresholdMs`.
 *
 * @param write - One line to stderr.
 * @param prefix - What every line starts with (`plan: dev: `).
 */
export function progressReporter(write: (line: string) => void, prefix: string, clock: ProgressClock = SYSTEM_CLOCK, thresholdMs = PROGRESS_THRESHOLD_MS): Progress {
    let current: { label: string; started: number; announced: boolean; cancel: () => void } | undefined;
    const end = () => {
        if (current === undefined) return;
        current.cancel();
        const took = clock.now() - current.started;
        if (took >= thresholdMs) write(`${prefix}${current.label}: ${current.announced ? "done in" : "took"} ${(took / 1000).toFixed(1)} s`);
        current = undefined;
    };
    return {
        step(label) {
            end();
            const step: { label: string; started: number; announced: boolean; cancel: () => void } = { label, started: clock.now(), announced: false, cancel: () => undefined };
            step.cancel = clock.after(thresholdMs, () => {
                step.announced = true;
                write(`${prefix}${label}…`);
            });
            current = step;
        },
        done: end,
    };
}

/** A reporter that says nothing (for outputs that must stay clean, and for tests). */
export const NO_PROGRESS: Progress = { step: () => undefined, done: () => undefined };

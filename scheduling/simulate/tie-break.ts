/**
 * Choosing among nodes with the same highest score. kube-scheduler picks one uniformly at random (`selectHost` in
 * kubernetes/kubernetes `pkg/scheduler/schedule_one.go`, v1.35, reservoir sampling over the scored nodes); a
 * simulation must answer the same every time, so:
 * - without a seed, the tied node first in node order wins (stable, and the same as before scoring changed);
 * - with a seed, a small seeded generator (mulberry32) draws uniformly among the tied nodes, so repeated runs with
 *   different seeds show the spread of outcomes kube-scheduler could produce, and one seed reproduces one of them.
 * The seed is an input: nothing here reads a clock or a global random source.
 */

/** mulberry32: a 32-bit state generator, uniform enough to pick among a handful of nodes. */
function mulberry32(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Picks among tied candidates (see the file comment). */
export class TieBreaker {
    private readonly random?: () => number;

    /** Whether a seed was given (else the first tied node in node order wins). */
    get seeded(): boolean {
        return this.random !== undefined;
    }

    /**
     * @param seed - A whole number; undefined for "first in node order".
     * @throws Error for a seed that is not a safe integer.
     */
    constructor(seed: number | undefined) {
        if (seed !== undefined && !Number.isSafeInteger(seed)) throw new Error(`tieBreakSeed: ${JSON.stringify(seed)} is not valid; it must be a whole number`);
        this.random = seed === undefined ? undefined : mulberry32(seed);
    }

    /**
     * The position (into `candidates`) of the chosen one among the first `count` for which `tied` holds.
     * `candidates` are node indices; without a seed the lowest index wins.
     */
    pick(candidates: Int32Array, count: number, tied: (position: number) => boolean): number {
        if (this.random === undefined) {
            let best = -1;
            for (let k = 0; k < count; k++) if (tied(k) && (best < 0 || candidates[k] < candidates[best])) best = k;
            return best;
        }
        const positions: number[] = [];
        for (let k = 0; k < count; k++) if (tied(k)) positions.push(k);
        // Node order, not search order, so the draw does not depend on where the rotating search started.
        positions.sort((a, b) => candidates[a] - candidates[b]);
        return positions[Math.floor(this.random() * positions.length)];
    }
}

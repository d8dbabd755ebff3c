/** "Did you mean …?" suggestions for misspelt names (VM sizes, config keys), by edit distance. */

/** Levenshtein distance between two strings, compared case-insensitively (Azure size names are case-insensitive). */
export function editDistance(a: string, b: string): number {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
    for (let i = 1; i <= x.length; i++) {
        const current = [i];
        for (let j = 1; j <= y.length; j++) {
            const substitution = previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1);
            current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
        }
        previous = current;
    }
    return previous[y.length];
}

/**
 * The candidate closest to `name` by edit distance, if it is close enough to be a plausible typo (at most a
 * third of the name's length); ties go to the later candidate, since the VM size catalog lists newer generations
 * after older ones (`Standard_D4s_v9` suggests `Standard_D4s_v5`, not `Standard_D4s_v3`).
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
    for (const candidate of candidates) {
        const distance = editDistance(name, candidate);
        if (distance <= bestDistance && (best !== undefined || distance < bestDistance)) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

/** ` (did you mean "X"?)` when a close candidate exists, otherwise the empty string. */
export function didYouMean(name: string, candidates: readonly string[]): string {
    const closest = closestName(name, candidates);
    return closest === undefined ? "" : ` (did you mean "${closest}"?)`;
}

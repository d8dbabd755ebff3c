/**
 * Deterministic stand-ins for the names controllers give pods. The controllers use a hash of the pod
 * template (`pod-template-hash`, kubernetes/kubernetes `pkg/controller/controller_utils.go` `ComputeHash`,
 * FNV-32a) and random 5-character suffixes (apiserver `generateName`) drawn from apimachinery's
 * `util/rand` alphabet, which leaves out vowels and look-alike characters. A simulation must give the same
 * answer every time, so suffixes here are FNV-32a hashes of the owner name and the replica index, written in
 * that alphabet.
 */

/** apimachinery `util/rand` alphabet: no vowels, no 0/1/3, so generated names spell no words. */
const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** FNV-1a, 32 bits, over the UTF-16 code units of `text`. */
export function fnv32a(text: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
}

/** `length` characters of the safe alphabet from a 32-bit number (repeating the hash when it runs out). */
export function safeEncode(value: number, length: number): string {
    let out = "";
    let n = value >>> 0;
    for (let i = 0; i < length; i++) {
        if (n === 0) n = fnv32a(`${value}:${i}`);
        out += ALPHABET[n % ALPHABET.length];
        n = Math.floor(n / ALPHABET.length);
    }
    return out;
}

/** A 10-character `pod-template-hash` for a template (its canonical JSON). */
export function templateHash(templateJson: string): string {
    return safeEncode(fnv32a(templateJson), 10);
}

/**
 * Gives `count` distinct 5-character suffixes for pods of `owner`, deterministic in the owner name and index.
 * A clash (rare: 27^5 values) is resolved by rehashing with an attempt counter.
 */
export function podSuffixes(owner: string, count: number): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
        let attempt = 0;
        let suffix = safeEncode(fnv32a(`${owner}/${i}`), 5);
        while (seen.has(suffix)) suffix = safeEncode(fnv32a(`${owner}/${i}/${++attempt}`), 5);
        seen.add(suffix);
        out.push(suffix);
    }
    return out;
}

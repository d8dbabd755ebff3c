/**
 * The quantity strings the AKS node model writes, in the units kube-scheduler's parser reads exactly:
 * CPU in millicores (`"3860m"`), memory and storage in whole kibibytes (`"12609456Ki"`) or mebibytes
 * (`"250Mi"`), counts as plain integers (`"110"`).
 * See https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

/** `"<n>m"`; `n` must be a non-negative integer. */
export function millicores(n: number): string {
    return `${wholeNumber(n, "millicores")}m`;
}

/** `"<n>Ki"`; `n` must be a non-negative integer. */
export function kibibytes(n: number): string {
    return `${wholeNumber(n, "kibibytes")}Ki`;
}

/** `"<n>Mi"`; `n` must be a non-negative integer. */
export function mebibytes(n: number): string {
    return `${wholeNumber(n, "mebibytes")}Mi`;
}

/** `"<n>"`; `n` must be a non-negative integer. */
export function count(n: number): string {
    return String(wholeNumber(n, "count"));
}

function wholeNumber(n: number, unit: string): number {
    if (!Number.isSafeInteger(n) || n < 0) {
        // A programming error in this package, not bad user input: every caller rounds first.
        throw new RangeError(`${unit} must be a non-negative integer, got ${n}`);
    }
    return n;
}

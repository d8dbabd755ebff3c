/**
 * Exact Kubernetes resource quantities, after apimachinery's `resource.Quantity`
 * (kubernetes/kubernetes `staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go`, v1.35).
 *
 * Grammar (as documented there):
 * `<quantity> ::= <sign>? <number> <suffix>`; `<number> ::= <digits> | <digits>.<digits> | <digits>. | .<digits>`;
 * `<suffix> ::= "" | m | k | M | G | T | P | E | Ki | Mi | Gi | Ti | Pi | Ei | (e|E) <sign>? <digits>`,
 * plus `n` (nano) and `u` (micro), which the parser accepts (`suffix.go`) though the grammar comment omits them.
 *
 * Values are kept as an exact rational `numerator / 10^scale` in BigInt, so `0.1 + 0.2`-style float
 * surprises cannot happen; conversion to the engine's numbers rounds up, as `Quantity.Value()` and
 * `Quantity.MilliValue()` do.
 * See https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

/** An exact quantity: `numerator / 10^scale`. */
export interface Quantity {
    /** The value times `10^scale`. */
    readonly numerator: bigint;
    /** Number of decimal places (never negative). */
    readonly scale: number;
}

/** A quantity string that does not follow the Kubernetes grammar. */
export class QuantityFormatError extends Error {
    constructor(readonly input: string) {
        super(
            `invalid quantity ${JSON.stringify(input)}: expected a number with an optional sign and suffix, ` +
                `e.g. "1", "1.5", "100m", "2k", "500M", "1Gi", "1e3"; suffixes: n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei, or e<exponent>`,
        );
        this.name = "QuantityFormatError";
    }
}

const QUANTITY_PATTERN = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const DECIMAL_SUFFIX_EXPONENT: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX_POWER: Readonly<Record<string, bigint>> = { Ki: 10n, Mi: 20n, Gi: 30n, Ti: 40n, Pi: 50n, Ei: 60n };

/**
 * Parses a quantity exactly.
 *
 * @param text - A quantity string (`"250m"`, `"1Gi"`, `"1e3"`) or a JSON number (`2`, `0.5`).
 * @throws QuantityFormatError when the text does not follow the grammar.
 */
export function parseQuantity(text: string | number): Quantity {
    let input: string;
    if (typeof text === "number") {
        if (!Number.isFinite(text)) throw new QuantityFormatError(String(text));
        input = String(text);
    } else if (typeof text === "string") {
        input = text;
    } else {
        throw new QuantityFormatError(String(text));
    }
    const match = QUANTITY_PATTERN.exec(input);
    if (match === null) throw new QuantityFormatError(input);
    const [, sign, number, suffix = ""] = match;
    const dot = number.indexOf(".");
    const integerDigits = dot < 0 ? number : number.slice(0, dot);
    const fractionDigits = dot < 0 ? "" : number.slice(dot + 1);
    let numerator = BigInt((integerDigits + fractionDigits) || "0");
    let scale = fractionDigits.length;
    if (suffix in BINARY_SUFFIX_POWER) {
        numerator <<= BINARY_SUFFIX_POWER[suffix];
    } else {
        const exponent = suffix === "" ? 0 : suffix in DECIMAL_SUFFIX_EXPONENT ? DECIMAL_SUFFIX_EXPONENT[suffix] : Number(suffix.slice(1));
        if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 1000) throw new QuantityFormatError(input);
        if (exponent >= 0) {
            const shift = Math.min(exponent, scale);
            scale -= shift;
            numerator *= 10n ** BigInt(exponent - shift);
        } else {
            scale -= exponent;
        }
    }
    if (sign === "-") numerator = -numerator;
    return normalize(numerator, scale);
}

function normalize(numerator: bigint, scale: number): Quantity {
    while (scale > 0 && numerator % 10n === 0n) {
        numerator /= 10n;
        scale -= 1;
    }
    return { numerator: numerator === 0n ? 0n : numerator, scale: numerator === 0n ? 0 : scale };
}

/** `numerator * 10^shift / 10^scale`, rounded away from zero (inf.RoundUp, as `ScaledValue` does). */
function scaledRoundUp(q: Quantity, shift: number): number {
    let numerator = q.numerator;
    let scale = q.scale - shift;
    if (scale < 0) {
        numerator *= 10n ** BigInt(-scale);
        scale = 0;
    }
    const divisor = 10n ** BigInt(scale);
    let result = numerator / divisor;
    if (result * divisor !== numerator) result += numerator > 0n ? 1n : -1n;
    return Number(result);
}

/** The value in thousandths, rounded up (`Quantity.MilliValue()`): `"250m"` → 250, `"0.1"` → 100. */
export function toMilli(q: Quantity): number {
    return scaledRoundUp(q, 3);
}

/** The integer value, rounded up (`Quantity.Value()`): `"1Gi"` → 1073741824, `"100m"` → 1. */
export function toValue(q: Quantity): number {
    return scaledRoundUp(q, 0);
}

/** The engine's number for a resource: millicores for `cpu`, the rounded-up value for everything else. */
export function amountFor(resourceName: string, q: Quantity): number {
    return resourceName === "cpu" ? toMilli(q) : toValue(q);
}

/** Whether a resource is counted in bytes (memory, storage, hugepages), so binary suffixes suit it. */
export function isByteResource(resourceName: string): boolean {
    return resourceName === "memory" || resourceName === "ephemeral-storage" || resourceName === "storage" || resourceName.startsWith("hugepages-");
}

const BINARY_SUFFIXES: ReadonlyArray<[string, number]> = [
    ["Ei", 2 ** 60],
    ["Pi", 2 ** 50],
    ["Ti", 2 ** 40],
    ["Gi", 2 ** 30],
    ["Mi", 2 ** 20],
    ["Ki", 2 ** 10],
];

/**
 * Formats an engine amount back as a quantity string: `cpu` as `"250m"` or `"2"`; byte resources with the
 * largest binary suffix that divides exactly (`"512Mi"`, `"2Gi"`), else plain bytes; others as integers.
 */
export function formatAmount(resourceName: string, amount: number): string {
    if (resourceName === "cpu") return amount % 1000 === 0 ? String(amount / 1000) : `${amount}m`;
    if (isByteResource(resourceName) && amount !== 0) {
        for (const [suffix, factor] of BINARY_SUFFIXES) {
            if (amount % factor === 0) return `${amount / factor}${suffix}`;
        }
    }
    return String(amount);
}

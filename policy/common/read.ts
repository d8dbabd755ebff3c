/**
 * Defensive readers for resource properties.
 *
 * Policies receive whatever the program declared: fields may be missing, of the wrong type, or unknown
 * during preview. These readers never throw on a wrong type (they return `undefined`, and the policy
 * words the violation); reading an unknown value still throws the SDK's `UnknownValueError`, which
 * {@link ./unknowns} turns into a plain "unknown during preview" message.
 */

/** A plain object (not an array, not null), or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** An array, or undefined. */
export function asArray(value: unknown): readonly unknown[] | undefined {
    return Array.isArray(value) ? value : undefined;
}

/** A string, or undefined. */
export function asString(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

/** A finite number, or undefined. */
export function asNumber(value: unknown): number | undefined {
    return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** A boolean, or undefined. */
export function asBoolean(value: unknown): boolean | undefined {
    return typeof value === "boolean" ? value : undefined;
}

/**
 * Reads a nested field: `at(props, "networkProfile", "networkPolicy")`. Any step that is not a plain
 * object (or an array, for a numeric step) yields undefined.
 */
export function at(value: unknown, ...path: (string | number)[]): unknown {
    let current: unknown = value;
    for (const step of path) {
        if (typeof step === "number") {
            const list = asArray(current);
            if (list === undefined) return undefined;
            current = list[step];
        } else {
            const record = asRecord(current);
            if (record === undefined) return undefined;
            current = record[step];
        }
    }
    return current;
}

/** A string-to-string map (labels, annotations); entries with non-string values are left out. */
export function asStringMap(value: unknown): Record<string, string> | undefined {
    const record = asRecord(value);
    if (record === undefined) return undefined;
    const out: Record<string, string> = {};
    for (const key of Object.keys(record)) {
        const v = record[key];
        if (typeof v === "string") out[key] = v;
    }
    return out;
}

/** How a value reads in a message: `unset`, or its JSON text. */
export function describe(value: unknown): string {
    if (value === undefined) return "unset";
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}

/**
 * Whether a property holds one of the given enum values, compared as Azure compares them: case-insensitively
 * (Azure Policy's `equals` and `in` conditions ignore case, and AKS accepts `mode: "system"` for `System`;
 * https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#conditions).
 */
export function enumIn(value: unknown, allowed: readonly string[]): boolean {
    const text = asString(value)?.toLowerCase();
    return text !== undefined && allowed.some((a) => a.toLowerCase() === text);
}

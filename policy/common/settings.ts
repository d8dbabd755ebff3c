/**
 * Readers for policy settings (the per-policy keys of `--policy-pack-config`). The Pulumi CLI validates
 * the config file against each policy's `configSchema` and fills in its defaults; the pack checks again
 * and applies the same defaults itself, so a policy behaves the same when it is called without the CLI
 * (unit tests, the real-protocol test). A bad value is an error naming the policy, the key and what
 * would be valid. See https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/
 */
import { describe } from "./read";

/** Thrown on an invalid setting: `policy <name>: setting "<key>" <what is valid>, got <value>`. */
export class InvalidSettingError extends Error {
    constructor(policyName: string, key: string, expected: string, got: unknown) {
        super(`policy ${policyName}: setting "${key}" ${expected}, got ${describe(got)}`);
        this.name = "InvalidSettingError";
    }
}

/** An integer setting of at least `min`, or `fallback` when absent. */
export function integerSetting(raw: Record<string, unknown>, policyName: string, key: string, fallback: number, min: number): number {
    const value = raw[key];
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
        throw new InvalidSettingError(policyName, key, `must be an integer of at least ${min}`, value);
    }
    return value;
}

/** A boolean setting, or `fallback` when absent. */
export function booleanSetting(raw: Record<string, unknown>, policyName: string, key: string, fallback: boolean): boolean {
    const value = raw[key];
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") throw new InvalidSettingError(policyName, key, "must be true or false", value);
    return value;
}

/** A list of non-empty strings, or `fallback` when absent; `allowed` restricts the values when given. */
export function stringListSetting(
    raw: Record<string, unknown>,
    policyName: string,
    key: string,
    fallback: readonly string[],
    allowed?: readonly string[],
): readonly string[] {
    const value = raw[key];
    if (value === undefined) return fallback;
    const expected = allowed === undefined ? "must be a list of non-empty strings" : `must be a list of values from ${allowed.join(", ")}`;
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v !== "" && (allowed === undefined || allowed.includes(v)))) {
        throw new InvalidSettingError(policyName, key, expected, value);
    }
    return value as string[];
}

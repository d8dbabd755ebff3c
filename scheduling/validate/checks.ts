/**
 * The small checks every validator is made of: a value of the right type, or an `InvalidObjectError` naming the
 * object, the field and what would be valid. They follow the API server's own validation
 * (kubernetes/kubernetes `pkg/apis/core/validation/validation.go`, v1.35): the engine refuses what a cluster
 * would refuse, before it reads a field.
 */
import { InvalidObjectError } from "../model/errors";

/** A plain object (not null, not an array). */
export type Obj = Record<string, unknown>;

export const isObject = (value: unknown): value is Obj => typeof value === "object" && value !== null && !Array.isArray(value);

/** A short description of a value for messages: `null`, `a list`, `"eighty"`, `7`. */
export function shown(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object") return "a mapping";
    if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    return String(value);
}

/** Where checks report: the object's reference (`Deployment/shop/web`) and a field prefix. */
export interface At {
    readonly object: string;
    readonly field: string;
}

/** The field `name` below `at` (`spec` + `replicas` → `spec.replicas`; `containers` + 0 → `containers[0]`). */
export function below(at: At, name: string | number): At {
    const field = typeof name === "number" ? `${at.field}[${name}]` : at.field === "" ? name : `${at.field}.${name}`;
    return { object: at.object, field };
}

export function fail(at: At, detail: string): never {
    throw new InvalidObjectError(at.object, at.field === "" ? "(object)" : at.field, detail);
}

/** A mapping (required, or absent when `optional`). */
export function mapping(value: unknown, at: At, optional = false): Obj | undefined {
    if (value === undefined && optional) return undefined;
    if (!isObject(value)) fail(at, `expected a mapping, got ${shown(value)}`);
    return value;
}

/** A list (absent is fine), each of its items handed to `item`. */
export function list(value: unknown, at: At, item: (value: unknown, at: At) => void): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) fail(at, `expected a list, got ${shown(value)}`);
    value.forEach((v, i) => item(v, below(at, i)));
}

/** A string (absent is fine unless `required`; non-empty when `required`). */
export function string(value: unknown, at: At, required = false): void {
    if (value === undefined && !required) return;
    if (typeof value !== "string" || (required && value === "")) fail(at, `expected ${required ? "a non-empty string" : "a string"}, got ${shown(value)}`);
}

/** A boolean (absent is fine). */
export function boolean(value: unknown, at: At): void {
    if (value !== undefined && typeof value !== "boolean") fail(at, `expected true or false, got ${shown(value)}`);
}

/** A whole number within [min, max] (absent is fine unless `required`). */
export function integer(value: unknown, at: At, min: number, max: number, required = false): void {
    if (value === undefined && !required) return;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
        fail(at, `expected a whole number from ${min} to ${max}, got ${shown(value)}`);
    }
}

/** One of `values` (absent is fine). */
export function oneOf(value: unknown, at: At, values: readonly string[]): void {
    if (value === undefined) return;
    if (typeof value !== "string" || !values.includes(value)) fail(at, `${shown(value)} is not valid; valid values: ${values.map((v) => (v === "" ? '"" (empty)' : v)).join(", ")}`);
}

/** A map of string keys to string values (labels, nodeSelector). */
export function stringMap(value: unknown, at: At): void {
    if (value === undefined) return;
    const map = mapping(value, at)!;
    for (const [key, v] of Object.entries(map)) if (typeof v !== "string") fail(below(at, key), `expected a string, got ${shown(v)}`);
}

/**
 * An IntOrString bound of a PodDisruptionBudget or an update strategy: a whole number ≥ 0, or a percentage
 * "0%"–"100%" (`ValidatePositiveIntOrPercent` and `IsNotMoreThan100Percent`).
 */
export function countOrPercent(value: unknown, at: At): void {
    if (value === undefined) return;
    if (typeof value === "number") {
        if (!Number.isSafeInteger(value) || value < 0) fail(at, `expected a whole number ≥ 0 or a percentage such as "50%", got ${shown(value)}`);
        return;
    }
    const percent = typeof value === "string" ? /^(\d+)%$/.exec(value) : null;
    if (percent === null) fail(at, `expected a whole number ≥ 0 or a percentage such as "50%", got ${shown(value)}`);
    if (Number(percent[1]) > 100) fail(at, `${shown(value)} is more than 100%`);
}

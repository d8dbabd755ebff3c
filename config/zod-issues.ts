/**
 * Turns zod's issues into {@link ConfigIssue}s a person can act on: the field path as written in the stack
 * file (`nodePools[1].vmSize`), the type found versus the one expected, the valid values of an enum, the
 * unknown key with a did-you-mean and the keys that are valid there.
 */
import type { z } from "zod";
import { didYouMean } from "./did-you-mean";
import type { ConfigIssue } from "./errors";
import { appendPath, formatPath } from "./rules/field-path";

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;
type Segment = string | number;

/** A short description of a value found in the file: `"abc"`, `3`, `true`, `null`, `an array`, `an object`. */
export function describeValue(value: unknown): string {
    if (value === undefined) {
        return "nothing";
    }
    if (Array.isArray(value)) {
        return "an array";
    }
    if (value !== null && typeof value === "object") {
        return "an object";
    }
    return JSON.stringify(value);
}

function typeName(expected: string): string {
    const names: Record<string, string> = { int: "an integer", number: "a number", string: "a string", boolean: "true or false", object: "an object (a YAML mapping)", array: "a list" };
    return names[expected] ?? expected;
}

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean; origin?: string }, small: boolean): string {
    const limit = Number(small ? issue.minimum : issue.maximum);
    const inclusive = issue.inclusive !== false;
    if (issue.origin === "array" || issue.origin === "set") {
        return small ? `must have at least ${limit} item(s)` : `must have at most ${limit} item(s)`;
    }
    if (issue.origin === "string") {
        return small ? (limit <= 1 ? "must not be empty" : `must be at least ${limit} characters long`) : `must be at most ${limit} characters long`;
    }
    if (small) {
        return inclusive ? `must be at least ${limit}` : `must be greater than ${limit}`;
    }
    return inclusive ? `must be at most ${limit}` : `must be less than ${limit}`;
}

/**
 * The per-parse error map: the wording of every issue the schema does not word itself. Passed as
 * `safeParse(raw, { error: stackConfigErrorMap, reportInput: true })`.
 */
export function stackConfigErrorMap(issue: RawIssue): string | undefined {
    const found = describeValue(issue.input);
    switch (issue.code) {
        case "invalid_type":
            return issue.input === undefined ? `is required (${typeName(issue.expected)})` : `expected ${typeName(issue.expected)}, found ${found}`;
        case "invalid_value":
            return `${found} is not valid; valid values: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
        case "too_small":
            return `${bound(issue, true)} (found ${found})`;
        case "too_big":
            return `${bound(issue, false)} (found ${found})`;
        case "invalid_format":
            return `${found} is not a valid ${issue.format}`;
        default:
            return undefined;
    }
}

/** The part of a zod schema's definition this walk reads. */
interface Def {
    type: string;
    innerType?: { _zod: { def: Def } };
    in?: { _zod: { def: Def } };
    options?: { _zod: { def: Def } }[];
    shape?: Record<string, { _zod: { def: Def } }>;
    element?: { _zod: { def: Def } };
    valueType?: { _zod: { def: Def } };
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

/** Steps through wrappers (defaults, optionals, the input side of pipes) and into the object branch of a union. */
function unwrap(start: Def): Def {
    let def = start;
    for (;;) {
        if (WRAPPERS.has(def.type) && def.innerType !== undefined) {
            def = def.innerType._zod.def;
        } else if (def.type === "pipe" && def.in !== undefined) {
            def = def.in._zod.def;
        } else if (def.type === "union" && def.options !== undefined) {
            const objectBranch = def.options.map((option) => unwrap(option._zod.def)).find((d) => d.type === "object");
            return objectBranch ?? def;
        } else {
            return def;
        }
    }
}

/** The keys an object schema accepts at `path`, found by walking zod's schema definitions. */
export function keysAt(schema: z.ZodType, path: readonly Segment[]): string[] | undefined {
    let def = unwrap((schema as unknown as { _zod: { def: Def } })._zod.def);
    for (const segment of path) {
        const next =
            def.type === "object" && typeof segment === "string" ? def.shape?.[segment]
            : def.type === "array" && typeof segment === "number" ? def.element
            : def.type === "record" ? def.valueType
            : undefined;
        if (next === undefined) {
            return undefined;
        }
        def = unwrap(next._zod.def);
    }
    return def.type === "object" && def.shape !== undefined ? Object.keys(def.shape) : undefined;
}

function hasRootTypeError(branch: readonly Issue[]): boolean {
    return branch.some((issue) => issue.code === "invalid_type" && issue.path.length === 0);
}

/** Translates zod issues (from a parse with {@link stackConfigErrorMap}) into config issues. */
export function translateZodIssues(issues: readonly Issue[], schema: z.ZodType, base: readonly Segment[] = []): ConfigIssue[] {
    const out: ConfigIssue[] = [];
    for (const issue of issues) {
        const segments = [...base, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
        const path = formatPath(segments);
        if (issue.code === "unrecognized_keys") {
            const valid = keysAt(schema, segments) ?? [];
            for (const key of issue.keys) {
                out.push({
                    path: appendPath(path, key),
                    message: `unknown key${didYouMean(key, valid)}; valid keys here: ${valid.join(", ")}`,
                });
            }
        } else if (issue.code === "invalid_union") {
            // The branch that got past the type check is the one the author meant (a taint string vs object).
            const meant = issue.errors.find((branch) => !hasRootTypeError(branch));
            if (meant !== undefined) {
                out.push(...translateZodIssues(meant, schema, segments));
            } else {
                const expected = issue.errors.flatMap((branch) => branch.filter((i) => i.code === "invalid_type").map((i) => typeName((i as { expected: string }).expected)));
                out.push({ path, message: `expected ${[...new Set(expected)].join(" or ")}, found ${describeValue(issue.input)}` });
            }
        } else {
            out.push({ path, message: issue.message });
        }
    }
    return out;
}

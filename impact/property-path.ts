/**
 * Property paths as Pulumi writes them in `ignoreChanges`, `replaceOnChanges` and detailed diffs
 * (`networkProfile.podCidr`, `spec.containers[0].image`, `metadata.labels["app.kubernetes.io/name"]`, `tags.*`),
 * following pulumi/pulumi `sdk/go/common/resource/property_path.go` (ParsePropertyPath, Contains, Reset). Pure.
 */

/** One step of a path: an object key, or an array index. `"*"` matches any key or index. */
export type PathSegment = string | number;

/** The wildcard segment. */
export const WILDCARD = "*";

/** Thrown for a path that does not parse; the message names the path and the position. */
export class PropertyPathError extends Error {
    constructor(path: string, problem: string) {
        super(`property path ${JSON.stringify(path)}: ${problem}`);
        this.name = "PropertyPathError";
    }
}

/**
 * Parses `a.b[0]["c.d"][*]` into segments. Keys are separated by `.`; `[n]` is an index, `["k"]` a key that
 * may hold dots, `[*]` and a bare `*` the wildcard.
 *
 * @throws PropertyPathError for an empty path, an empty key or an unclosed bracket.
 */
export function parsePropertyPath(path: string): PathSegment[] {
    const out: PathSegment[] = [];
    let i = 0;
    let key = "";
    const flush = (allowEmpty: boolean) => {
        if (key === "") {
            if (!allowEmpty) throw new PropertyPathError(path, `empty key at position ${i}`);
            return;
        }
        out.push(key);
        key = "";
    };
    if (path === "") throw new PropertyPathError(path, "empty path");
    while (i < path.length) {
        const c = path[i];
        if (c === ".") {
            flush(false);
            i++;
        } else if (c === "[") {
            flush(true);
            const close = path.indexOf("]", i);
            if (close < 0) throw new PropertyPathError(path, `unclosed "[" at position ${i}`);
            if (path[i + 1] === '"') {
                const end = path.indexOf('"]', i + 2);
                if (end < 0) throw new PropertyPathError(path, `unclosed '["' at position ${i}`);
                out.push(path.slice(i + 2, end).replace(/\\"/g, '"'));
                i = end + 2;
            } else {
                const inner = path.slice(i + 1, close);
                if (inner === WILDCARD) out.push(WILDCARD);
                else if (/^\d+$/.test(inner)) out.push(Number(inner));
                else throw new PropertyPathError(path, `"[${inner}]" is neither an index, "*" nor a quoted key`);
                i = close + 1;
            }
            if (path[i] === ".") i++;
        } else {
            key += c;
            i++;
        }
    }
    flush(out.length > 0);
    return out;
}

/** Segments back to the text the providers print: `a.b[0]`, keys with `.`, `[`, `]` or `"` quoted. */
export function formatPropertyPath(segments: readonly PathSegment[]): string {
    let out = "";
    for (const segment of segments) {
        if (typeof segment === "number") out += `[${segment}]`;
        else if (/[.[\]"]/.test(segment)) out += `["${segment.replace(/"/g, '\\"')}"]`;
        else out += out === "" ? segment : `.${segment}`;
    }
    return out;
}

/**
 * Whether `path` contains `other`: `other` is `path` or below it, `"*"` matching any key or index at its level
 * (pulumi/pulumi `PropertyPath.Contains`: `foo.*.baz` contains `foo.bar.baz.bam`).
 */
export function pathContains(path: readonly PathSegment[], other: readonly PathSegment[]): boolean {
    if (other.length < path.length) return false;
    return path.every((segment, i) => segment === WILDCARD || segment === other[i]);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function child(value: unknown, segment: PathSegment): { has: boolean; value: unknown } {
    if (typeof segment === "number") return Array.isArray(value) && segment < value.length ? { has: true, value: value[segment] } : { has: false, value: undefined };
    return isRecord(value) && segment in value ? { has: true, value: value[segment] } : { has: false, value: undefined };
}

/**
 * `ignoreChanges` as the engine applies it (`processIgnoreChanges` in `step_generator.go`): a copy of `news` in
 * which the value at `path` is the one of `olds` (removed when `olds` has none). A wildcard applies to every key
 * or index either side has.
 */
export function resetPath(olds: Record<string, unknown>, news: Record<string, unknown>, path: readonly PathSegment[]): Record<string, unknown> {
    const copy = structuredClone(news);
    resetInto(olds, copy, path);
    return copy;
}

function resetInto(old: unknown, target: unknown, path: readonly PathSegment[]): void {
    const [head, ...rest] = path;
    if (head === undefined || (!isRecord(target) && !Array.isArray(target))) return;
    const keys: PathSegment[] =
        head !== WILDCARD
            ? [head]
            : Array.isArray(target)
              ? [...Array(Math.max(target.length, Array.isArray(old) ? old.length : 0)).keys()]
              : [...new Set([...Object.keys(target), ...(isRecord(old) ? Object.keys(old) : [])])];
    for (const key of keys) {
        const before = child(old, key);
        if (rest.length === 0) {
            if (Array.isArray(target) && typeof key === "number") {
                if (before.has) target[key] = structuredClone(before.value);
            } else if (isRecord(target) && typeof key === "string") {
                if (before.has) target[key] = structuredClone(before.value);
                else delete target[key];
            }
            continue;
        }
        const next = child(target, key);
        if (next.has) resetInto(before.value, next.value, rest);
    }
}

/**
 * The difference between a resource's old and new inputs as a list of leaf entries, walked the way Pulumi's
 * `resource.ObjectDiff` and the providers' detailed diffs walk them (pulumi/pulumi
 * `sdk/go/common/resource/properties_diff.go`; pulumi-azure-native `provider/pkg/provider/diff.go`
 * calculateDetailedDiff; pulumi-kubernetes `provider/pkg/provider/provider.go` convertPatchToDiff): objects key
 * by key, arrays index by index, an added or removed key or element reported where it appears, not inside it.
 * `null` counts as absent (the providers unmarshal with SkipNulls). Pure.
 */
import type { PathSegment } from "./property-path";

/**
 * The value Pulumi sends for an output not known yet (`UnknownStringValue` in `@pulumi/pulumi`
 * `runtime/rpc.ts`): a dependent of a replaced resource sees it during a preview. It survives cloning, so
 * `ignoreChanges` can still reset it.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** One difference. */
export interface DiffEntry {
    path: PathSegment[];
    kind: "add" | "delete" | "update";
    /** The new value at `path` (undefined for a delete). */
    value: unknown;
    /** Added or removed as an array element (`Array.Adds`/`Array.Deletes`), rather than as an object key. */
    inArray: boolean;
    /** The strict prefixes of `path` that are objects on both sides (the levels an object diff recursed through). */
    objectAncestors: PathSegment[][];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const absent = (value: unknown) => value === undefined || value === null;

/** Whether two input values are the same (deep; key order ignored; unknown equals nothing but itself). */
export function sameValue(a: unknown, b: unknown): boolean {
    if (absent(a) && absent(b)) return true;
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
    if (isRecord(a) && isRecord(b)) {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].every((k) => sameValue(a[k], b[k]));
    }
    return Object.is(a, b);
}

function walk(old: unknown, next: unknown, path: PathSegment[], ancestors: PathSegment[][], out: DiffEntry[]): void {
    if (sameValue(old, next)) return;
    if (isRecord(old) && isRecord(next)) {
        const inner = [...ancestors, path];
        for (const key of Object.keys(next)) {
            const at = [...path, key];
            if (absent(next[key])) continue;
            if (absent(old[key])) out.push({ path: at, kind: "add", value: next[key], inArray: false, objectAncestors: inner.slice(1) });
            else walk(old[key], next[key], at, inner, out);
        }
        for (const key of Object.keys(old)) {
            if (!absent(old[key]) && absent(next[key])) out.push({ path: [...path, key], kind: "delete", value: undefined, inArray: false, objectAncestors: inner.slice(1) });
        }
        return;
    }
    if (Array.isArray(old) && Array.isArray(next)) {
        const objectAncestors = ancestors.slice(1);
        for (let i = 0; i < Math.max(old.length, next.length); i++) {
            if (i >= old.length) out.push({ path: [...path, i], kind: "add", value: next[i], inArray: true, objectAncestors });
            else if (i >= next.length) out.push({ path: [...path, i], kind: "delete", value: undefined, inArray: true, objectAncestors });
            else walk(old[i], next[i], [...path, i], ancestors, out);
        }
        return;
    }
    out.push({ path, kind: "update", value: next, inArray: false, objectAncestors: ancestors.slice(1) });
}

/**
 * Every difference from `olds` to `news`, top-level keys in the new inputs' order, then removed keys.
 * `objectAncestors` never includes the root (the empty path).
 */
export function diffInputs(olds: Record<string, unknown>, news: Record<string, unknown>): DiffEntry[] {
    const out: DiffEntry[] = [];
    walk(olds, news, [], [], out);
    return out;
}

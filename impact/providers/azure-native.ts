/**
 * azure-native's Diff, reproduced (pulumi-azure-native `provider/pkg/provider/diff.go` calculateDetailedDiff and
 * `provider.go` Diff, commit 006a62a):
 * - the replace keys are every ARM path parameter and every ForceNew property, at the top level or one level
 *   down (`networkProfile.podCidr`; `items[].x` for an array of objects);
 * - an added or removed property is `*_REPLACE` when its own key is a replace key, an element added to or
 *   removed from an array never is;
 * - an updated value is `UPDATE_REPLACE` when its key, or any object above it, is a replace key;
 * - `location` changes that only differ in case and spaces are no change (applyAzureSpecificDiff);
 * - it asks to delete first whenever it reports a replacement, unless it generated the resource's name.
 */
import { allRules } from "../force-new/table";
import type { TypeTable } from "../force-new/rule";
import type { PathSegment } from "../property-path";
import { diffInputs } from "../value-diff";
import { ruleApplies, type ProviderDiff, type ProviderDiffEntry } from "./provider-diff";

/** A path as the differ keys it: `.` between keys, `[]` for any array index (`agentPoolProfiles[].vmSize`). */
export function replaceKey(path: readonly PathSegment[]): string {
    let out = "";
    for (const segment of path) out += typeof segment === "number" ? "[]" : out === "" ? segment : `.${segment}`;
    return out;
}

/** The replace keys of a type: its path parameters and its `replace` entries. */
export function replaceKeys(table: TypeTable, news: Record<string, unknown>): Set<string> {
    return new Set(allRules(table).filter((r) => r.effect === "replace" && ruleApplies(r, news)).map((r) => r.path));
}

const normalizedLocation = (value: unknown) => (typeof value === "string" ? value.replace(/ /g, "").toLowerCase() : value);

/** azure-native's verdict on one resource. */
export function azureNativeDiff(table: TypeTable, olds: Record<string, unknown>, news: Record<string, unknown>): ProviderDiff {
    const keys = replaceKeys(table, news);
    const entries: ProviderDiffEntry[] = [];
    for (const entry of diffInputs(olds, news)) {
        if (entry.path.length === 1 && entry.path[0] === "location" && entry.kind === "update" && normalizedLocation(olds.location) === normalizedLocation(news.location)) continue;
        const own = keys.has(replaceKey(entry.path));
        const replace = entry.kind === "update" ? own || entry.objectAncestors.some((a) => keys.has(replaceKey(a))) : own && !entry.inArray;
        entries.push({ path: entry.path, kind: entry.kind, replace });
    }
    const named = table.nameParameter === undefined || news[table.nameParameter] !== undefined;
    return { entries, deleteBeforeReplace: named && entries.some((e) => e.replace) };
}

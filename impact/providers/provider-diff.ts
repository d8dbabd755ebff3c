/**
 * What a provider's Diff returns, in the shape the engine reads (pulumi/pulumi `sdk/go/common/resource/plugin`
 * DiffResult): the detailed diff with, per entry, whether the provider forces a replacement, and whether it asks
 * to delete before replacing. Each provider's emulation lives beside this file.
 */
import type { ForceNewRule, TypeTable } from "../force-new/rule";
import { formatPropertyPath, parsePropertyPath, pathContains, type PathSegment } from "../property-path";
import type { DiffEntry } from "../value-diff";

/** One entry of the detailed diff. */
export interface ProviderDiffEntry {
    path: PathSegment[];
    kind: DiffEntry["kind"];
    /** The provider reports it as forcing a replacement (`*_REPLACE`). */
    replace: boolean;
}

/** A provider's verdict on one resource. */
export interface ProviderDiff {
    entries: ProviderDiffEntry[];
    /** The provider's own choice when it reports a replacement; the program's explicit option overrides it. */
    deleteBeforeReplace: boolean;
}

/** A provider emulation: the type's table and the old and new inputs in, the provider's diff out. */
export type ProviderDiffer = (table: TypeTable, olds: Record<string, unknown>, news: Record<string, unknown>) => ProviderDiff;

/** The value at a path, or undefined. */
export function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
    let at: unknown = value;
    for (const segment of path) {
        if (at === null || typeof at !== "object") return undefined;
        at = (at as Record<string | number, unknown>)[segment];
    }
    return at;
}

/** Whether a rule's condition holds for the new inputs. */
export function ruleApplies(rule: ForceNewRule, news: Record<string, unknown>): boolean {
    return rule.when === undefined || valueAt(news, parsePropertyPath(rule.when.path)) === rule.when.equals;
}

/** The `refused` rule that covers a changed path, if any (the API refuses changing it in place). */
export function refusingRule(table: TypeTable | undefined, path: readonly PathSegment[], news: Record<string, unknown>): ForceNewRule | undefined {
    return table?.rules.find((rule) => rule.effect === "refused" && ruleApplies(rule, news) && pathContains(parsePropertyPath(rule.path), path));
}

/** An entry's path as printed (`networkProfile.podCidr`). */
export function entryPath(entry: { path: readonly PathSegment[] }): string {
    return formatPropertyPath(entry.path);
}

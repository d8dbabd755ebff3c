/**
 * The engine's decision for one resource that exists in both revisions, as pulumi/pulumi
 * `pkg/resource/deploy/step_generator.go` takes it (generateStepsFromDiff, diff, applyReplaceOnChanges,
 * processIgnoreChanges):
 * 1. `ignoreChanges` paths get their old values back before anything is compared;
 * 2. a replaced provider replaces the resource (`provider`);
 * 3. otherwise the provider's Diff (emulated in `impact/providers/`) lists the changes and what it forces;
 * 4. `replaceOnChanges` turns the changes under its paths into replacements;
 * 5. a replacement deletes first when the program says so explicitly, else when the provider asked;
 * 6. a replacement of a resource protected before and after fails (`unable to replace resource … as it is
 *    currently marked for protection`).
 */
import { tableFor } from "./force-new/table";
import { formatPropertyPath, parsePropertyPath, pathContains, resetPath } from "./property-path";
import { PROVIDER_DIFFERS, refusingRule } from "./providers";
import type { ImpactResource } from "./types";
import { diffInputs } from "./value-diff";

/** What the engine would do to a resource present in both revisions. */
export interface EngineStep {
    action: "same" | "update" | "replace";
    /** Every changed input path (after `ignoreChanges`). */
    changedPaths: string[];
    /** The paths that force the replacement (empty unless `replace`). */
    replacePaths: string[];
    deleteFirst: boolean;
    protectedFailure: boolean;
    /** Paths that differ but are kept at their old values by `ignoreChanges`. */
    ignoredPaths: string[];
    /** Changed paths the cloud API refuses to change in place (an update that fails). */
    refusedPaths: string[];
    /** No force-new table exists for the type: replacements cannot be predicted. */
    untabled: boolean;
}

/**
 * The step for `old` → `next`, `newInputs` being the head's inputs with the values a preview would not know yet
 * (outputs of replaced resources) already marked unknown.
 */
export function engineStep(old: ImpactResource, next: ImpactResource, newInputs: Record<string, unknown>, providerReplaced: boolean): EngineStep {
    const ignore = next.ignoreChanges.map(parsePropertyPath);
    const ignoredPaths = diffInputs(old.inputs, newInputs)
        .filter((e) => ignore.some((p) => pathContains(p, e.path)))
        .map((e) => formatPropertyPath(e.path));
    let news = newInputs;
    for (const path of ignore) news = resetPath(old.inputs, news, path);
    const base = { ignoredPaths, refusedPaths: [] as string[], protectedFailure: false };
    const deleteFirstFor = (providerChoice: boolean) => (next.deleteBeforeReplaceDefined ? next.deleteBeforeReplace : providerChoice);
    const table = tableFor(next.type);
    if (providerReplaced) {
        const changedPaths = diffInputs(old.inputs, news).map((e) => formatPropertyPath(e.path));
        return { ...base, action: "replace", changedPaths, replacePaths: ["provider"], deleteFirst: deleteFirstFor(false), protectedFailure: old.protect && next.protect, untabled: table === undefined };
    }
    const diff =
        table === undefined
            ? { entries: diffInputs(old.inputs, news).map((e) => ({ path: e.path, kind: e.kind, replace: false })), deleteBeforeReplace: false }
            : PROVIDER_DIFFERS[table.provider](table, old.inputs, news);
    const onChanges = next.replaceOnChanges.map(parsePropertyPath);
    const entries = diff.entries.map((e) => ({ ...e, replace: e.replace || onChanges.some((p) => pathContains(p, e.path)) }));
    const changedPaths = entries.map((e) => formatPropertyPath(e.path));
    if (entries.length === 0) return { ...base, action: "same", changedPaths, replacePaths: [], deleteFirst: false, untabled: table === undefined };
    const replacePaths = entries.filter((e) => e.replace).map((e) => formatPropertyPath(e.path));
    if (replacePaths.length > 0) {
        return { ...base, action: "replace", changedPaths, replacePaths, deleteFirst: deleteFirstFor(diff.deleteBeforeReplace), protectedFailure: old.protect && next.protect, untabled: table === undefined };
    }
    const refusedPaths = entries.filter((e) => refusingRule(table, e.path, news) !== undefined).map((e) => formatPropertyPath(e.path));
    return { ...base, action: "update", changedPaths, replacePaths: [], deleteFirst: false, refusedPaths, untabled: table === undefined };
}

/**
 * pulumi-kubernetes' Diff, reproduced (`provider/pkg/provider/provider.go` Diff and convertPatchToDiff, and the
 * forceNew table in `diff.go`):
 * - the namespace of a namespaced object defaults to `default` on both sides before comparing;
 * - a changed field is `*_REPLACE` when a forceNew path finds it in the patch: the change is at or below the
 *   forceNew path, or the changed value (an added object) holds it;
 * - it asks to delete first when it replaces an object whose `metadata.name` the program fixed and whose name
 *   and namespace stay the same (a create-first replacement would collide with the old object).
 */
import { allRules } from "../force-new/table";
import type { TypeTable } from "../force-new/rule";
import { parsePropertyPath, pathContains, type PathSegment } from "../property-path";
import { diffInputs } from "../value-diff";
import { valueAt, type ProviderDiff } from "./provider-diff";

/** Kinds without a namespace (https://kubernetes.io/docs/reference/kubernetes-api/), the ones a platform uses. */
export const CLUSTER_SCOPED_KINDS: readonly string[] = ["Namespace", "PriorityClass", "StorageClass", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The inputs with the namespace as the provider compares it. */
function canonical(inputs: Record<string, unknown>, kind: string): Record<string, unknown> {
    const metadata = isRecord(inputs.metadata) ? { ...inputs.metadata } : {};
    if (CLUSTER_SCOPED_KINDS.includes(kind)) delete metadata.namespace;
    else if (metadata.namespace === undefined || metadata.namespace === "") metadata.namespace = "default";
    return { ...inputs, metadata };
}

/** Whether a forceNew path finds the change at `path` whose new value is `value` (the patch slice holds it). */
function forced(rule: readonly PathSegment[], path: readonly PathSegment[], value: unknown): boolean {
    if (pathContains(rule, path)) return true;
    if (rule.length <= path.length || !pathContains(path, rule.slice(0, path.length))) return false;
    return valueAt(value, rule.slice(path.length)) !== undefined;
}

/** pulumi-kubernetes' verdict on one object. */
export function kubernetesDiff(table: TypeTable, olds: Record<string, unknown>, news: Record<string, unknown>): ProviderDiff {
    const kind = table.type.split(":").pop() ?? "";
    const before = canonical(olds, kind);
    const after = canonical(news, kind);
    const rules = allRules(table).filter((r) => r.effect === "replace").map((r) => parsePropertyPath(r.path));
    const entries = diffInputs(before, after).map((entry) => ({
        path: entry.path,
        kind: entry.kind,
        replace: rules.some((rule) => forced(rule, entry.path, entry.value)),
    }));
    const name = (inputs: Record<string, unknown>) => valueAt(inputs, ["metadata", "name"]);
    const namespace = (inputs: Record<string, unknown>) => valueAt(inputs, ["metadata", "namespace"]);
    const named = typeof name(news) === "string" && name(news) !== "";
    const deleteBeforeReplace = entries.some((e) => e.replace) && named && name(after) === name(before) && namespace(after) === namespace(before);
    return { entries, deleteBeforeReplace };
}

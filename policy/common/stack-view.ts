/**
 * The stack as the stack policies judge it: every resource under its canonical type token (a versioned or
 * aliased token reads as the resource it registers, see `../resource-types/resource-kinds`), and every
 * Kubernetes `<Kind>Patch` whose target the stack also declares (same kind, namespace and name) applied to that
 * target with server-side-apply merge semantics (`./merge-patch`). A patch of an object the stack does not declare
 * stays as it is, under its own Patch token: what it sets is judged on its own (the resource policies do it, see
 * `define.ts`; a stack policy that reads pod templates may read it too), and policies that count whole objects
 * (replicas, budgets, placement) pass over it.
 */
import type { PolicyResource } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { canonicalType, resourceKindOf } from "../resource-types/resource-kinds";
import { applyPatch } from "./merge-patch";
import { asString, at } from "./read";
import { isUnknownSentinel } from "./unknowns";

const proxy = unknownCheckingProxy as (props: unknown) => Record<string, unknown>;
const PROXY_TARGET = "__getSpecialProxyTarget";

/** The plain props behind the SDK's unknown-checking proxy (unknown sentinels included). */
export function rawPropsOf(props: unknown): Record<string, unknown> {
    if (typeof props !== "object" || props === null || Array.isArray(props)) return {};
    const target = (props as Record<string, unknown>)[PROXY_TARGET];
    return (typeof target === "object" && target !== null ? target : props) as Record<string, unknown>;
}

/** `<namespace>/<name>` of a Kubernetes object's raw props; undefined while either is unknown. */
export function objectKey(raw: Record<string, unknown>): string | undefined {
    const name = at(raw, "metadata", "name");
    const namespace = at(raw, "metadata", "namespace") ?? "default";
    if (isUnknownSentinel(name) || isUnknownSentinel(namespace)) return undefined;
    const n = asString(name);
    return n === undefined ? undefined : `${asString(namespace) ?? "default"}/${n}`;
}

/** Finds, for a patch, the resource it patches among `resources` (same canonical kind, namespace and name). */
export function patchTarget(patch: PolicyResource, resources: readonly PolicyResource[]): PolicyResource | undefined {
    const kind = resourceKindOf(patch.type);
    if (kind === undefined || !kind.patch) return undefined;
    const key = objectKey(rawPropsOf(patch.props));
    if (key === undefined) return undefined;
    return resources.find((r) => {
        const k = resourceKindOf(r.type);
        return k !== undefined && !k.patch && k.canonical === kind.canonical && objectKey(rawPropsOf(r.props)) === key;
    });
}

/** The stack view of `resources` (the same array when nothing needs rewriting). */
export function effectiveStack(resources: readonly PolicyResource[]): readonly PolicyResource[] {
    const needsWork = resources.some((r) => {
        const kind = resourceKindOf(r.type);
        return kind !== undefined && (kind.patch || kind.canonical !== r.type);
    });
    if (!needsWork) return resources;
    const patches = resources.filter((r) => resourceKindOf(r.type)?.patch === true);
    const patchesOf = new Map<PolicyResource, PolicyResource[]>();
    for (const p of patches) {
        const target = patchTarget(p, resources);
        if (target !== undefined) patchesOf.set(target, [...(patchesOf.get(target) ?? []), p]);
    }
    const applied = new Set([...patchesOf.values()].flat());
    return resources
        .filter((r) => !applied.has(r))
        .map((r) => {
            const patches = patchesOf.get(r) ?? [];
            const type = canonicalType(r.type);
            if (patches.length === 0 && type === r.type) return r;
            const props = patches.length === 0 ? r.props : proxy(patches.reduce<unknown>((acc, p) => applyPatch(acc, rawPropsOf(p.props)), rawPropsOf(r.props)));
            return { ...r, type, props };
        });
}

/**
 * The comparison of a base and a head: every custom resource classified as the engine would classify it.
 *
 * Head resources are taken in registration order (a resource is registered after everything it depends on), so
 * when one is replaced, the resources registered later whose inputs come from it see those inputs as unknown,
 * as in `pulumi preview`: a pool whose `resourceName` comes from a replaced cluster is replaced too (a path
 * parameter), and the objects of a replaced Kubernetes provider are replaced with it (`provider`).
 * Component resources own no cloud object and are not reported. Pure.
 */
import { engineStep } from "./engine-step";
import { matchResources } from "./match";
import type { ImpactAction, ImpactResource, ResourceChange } from "./types";
import { UNKNOWN } from "./value-diff";

/** The URN part of a provider reference (`<providerUrn>::<providerId>`). */
export function providerUrnOf(reference: string | undefined): string | undefined {
    if (reference === undefined || reference === "") return undefined;
    return reference.split("::").slice(0, -1).join("::");
}

/** Counts per action, every action present. */
export function countActions(changes: readonly ResourceChange[]): Record<ImpactAction, number> {
    const counts: Record<ImpactAction, number> = { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
    for (const c of changes) counts[c.action]++;
    return counts;
}

const blank = { paths: [] as string[], deleteFirst: false, destructive: false, protectedFailure: false, ignoredPaths: [] as string[], refusedPaths: [] as string[], untabled: false };

/**
 * Classifies every custom resource of `head` against `base` (creates, updates, replacements, sames, in head
 * order), then lists the base resources no head resource continues (deletions, in reverse base order, as the
 * engine deletes them).
 */
export function compareResources(base: readonly ImpactResource[], head: readonly ImpactResource[]): ResourceChange[] {
    const { previous, aliased } = matchResources(base, head);
    const replaced = new Set<string>();
    const changes: ResourceChange[] = [];
    for (const resource of head) {
        if (!resource.custom) continue;
        const old = previous.get(resource.urn);
        const identity = { type: resource.type, name: resource.name, urn: resource.urn, ...(aliased.has(resource.urn) ? { aliasOf: aliased.get(resource.urn)! } : {}) };
        if (old === undefined) {
            changes.push({ ...identity, ...blank, action: "create" });
            continue;
        }
        const inputs = { ...resource.inputs };
        let causedBy: string | undefined;
        for (const [key, sources] of Object.entries(resource.propertyDependencies)) {
            const source = sources.find((urn) => replaced.has(urn));
            if (source === undefined || !(key in inputs)) continue;
            inputs[key] = UNKNOWN;
            causedBy ??= source;
        }
        const provider = providerUrnOf(resource.provider);
        const providerReplaced = provider !== undefined && (replaced.has(provider) || providerUrnOf(old.provider) !== (aliased.get(provider) ?? provider));
        if (providerReplaced && provider !== undefined && replaced.has(provider)) causedBy = provider;
        const step = engineStep(old, resource, inputs, providerReplaced);
        if (step.action === "replace") replaced.add(resource.urn);
        changes.push({
            ...identity,
            action: step.action,
            paths: step.action === "replace" ? step.replacePaths : step.action === "update" ? step.changedPaths : [],
            deleteFirst: step.deleteFirst,
            destructive: step.action === "replace",
            protectedFailure: step.protectedFailure,
            ignoredPaths: step.ignoredPaths,
            refusedPaths: step.refusedPaths,
            untabled: step.untabled,
            ...(causedBy !== undefined && step.action !== "same" ? { causedBy } : {}),
        });
    }
    const continued = new Set([...previous.values()].map((r) => r.urn));
    for (const resource of [...base].reverse()) {
        if (!resource.custom || continued.has(resource.urn)) continue;
        changes.push({ type: resource.type, name: resource.name, urn: resource.urn, ...blank, action: "delete", destructive: true, protectedFailure: resource.protect });
    }
    return changes;
}

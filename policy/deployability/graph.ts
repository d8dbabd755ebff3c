/**
 * Reading a stack's resources as a graph: which resource an input came from (`propertyDependencies`), what a
 * resource waits for (`dependencies`, followed transitively), and the names the engine gives resources in
 * inputs (preview, the offline plan) and in outputs (`AnalyzeStack` after an update): `agentPoolName`/`name`,
 * `registryName`/`name`. See https://www.pulumi.com/docs/iac/using-pulumi/crossguard/core-concepts/
 */
import type { PolicyResource } from "@pulumi/policy";
import { asString, at } from "../common/read";

/** Whether `from` waits for a resource matching `match`, directly or through what it waits for. */
export function dependsOnTransitively(from: PolicyResource, match: (r: PolicyResource) => boolean): boolean {
    const seen = new Set<string>();
    const queue = [...from.dependencies];
    while (queue.length > 0) {
        const next = queue.shift()!;
        if (seen.has(next.urn)) continue;
        seen.add(next.urn);
        if (match(next)) return true;
        queue.push(...next.dependencies);
    }
    return false;
}

/** The resources an input property came from. */
export function inputSources(resource: PolicyResource, property: string): PolicyResource[] {
    return resource.propertyDependencies[property] ?? [];
}

/** A property that names the resource in its inputs (`inputKey`) or its outputs (`name`). */
export function nameOf(resource: PolicyResource, inputKey: string): string | undefined {
    return asString(at(resource.props, inputKey)) ?? asString(at(resource.props, "name"));
}

/** Whether a role assignment is of the given built-in role (its definition ID ends with the role's GUID). */
export function hasRole(assignment: PolicyResource, roleGuid: string): boolean {
    return (asString(at(assignment.props, "roleDefinitionId")) ?? "").toLowerCase().endsWith(`/${roleGuid}`);
}

/** Whether a property of `resource` is the given resource's, by input dependency or by equal ID text. */
export function refersTo(resource: PolicyResource, property: string, target: PolicyResource): boolean {
    if (inputSources(resource, property).some((r) => r.urn === target.urn)) return true;
    const value = asString(at(resource.props, property));
    const id = asString(at(target.props, "id"));
    return value !== undefined && id !== undefined && value.toLowerCase() === id.toLowerCase();
}

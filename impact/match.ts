/**
 * Which base resource each head resource continues, found as the engine finds a resource's previous state
 * (pulumi/pulumi `pkg/resource/deploy/step_generator.go`, generateSteps and generateAliases): by its URN first,
 * then by each alias in order. An alias spec's empty fields take the resource's own name, type and parent
 * (collapseAliasToUrn); a parent that was itself found through an alias lends its old URN, and its children
 * get the inherited aliases too (inheritedChildAlias: a child named `<parent>-x` follows a renamed parent).
 * A base resource is claimed at most once. Pure.
 */
import type { AliasSpec, ImpactResource } from "./types";

/** The parts of a URN: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
export interface UrnParts {
    stack: string;
    project: string;
    /** `parentType$...$type`. */
    qualifiedType: string;
    name: string;
}

/** Splits a URN; the name may itself contain `::`. */
export function parseUrn(urn: string): UrnParts {
    const parts = urn.split("::");
    return { stack: (parts[0] ?? "").replace(/^urn:pulumi:/, ""), project: parts[1] ?? "", qualifiedType: parts[2] ?? "", name: parts.slice(3).join("::") };
}

/** The root stack resource's type: a parent of that type does not prefix its children's types. */
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The type part a child's URN gets from its parent. The engine prefixes the parent's whole qualified type
 * (`resource.CreateURN`: `AksCluster$AksNodePool$AgentPool`); Pulumi's mock monitor, which recorded both sides
 * of the comparison, prefixes only the parent's own type (`@pulumi/pulumi` `runtime/mocks.js` newUrn:
 * `AksNodePool$AgentPool`). Aliases are resolved in the recorded scheme, so that they name recorded URNs; the
 * matches are the engine's, as each scheme names each resource once.
 */
function parentPrefix(parentUrn: string): string | undefined {
    const qualified = parseUrn(parentUrn).qualifiedType;
    return qualified === ROOT_STACK_TYPE ? undefined : qualified.split("$").pop();
}

/** A URN as the recorder writes it for a resource of `type` named `name` under `parentUrn`. */
export function createUrn(name: string, type: string, parentUrn: string | undefined, project: string, stack: string): string {
    const prefix = parentUrn === undefined ? undefined : parentPrefix(parentUrn);
    return `urn:pulumi:${stack}::${project}::${prefix === undefined ? type : `${prefix}$${type}`}::${name}`;
}

/** The type of a URN (the last of its qualified type). */
function typeOf(urn: string): string {
    return parseUrn(urn).qualifiedType.split("$").pop() ?? "";
}

/** Base resources by URN, matched to head resources. */
export interface Matching {
    /** Head URN → the base resource it continues. */
    previous: Map<string, ImpactResource>;
    /** Head URN → the base URN, for resources found through an alias. */
    aliased: Map<string, string>;
}

/**
 * Matches every head resource (components included: their aliases carry over to their children) to the base
 * resource it continues, in head registration order.
 */
export function matchResources(base: readonly ImpactResource[], head: readonly ImpactResource[]): Matching {
    const baseByUrn = new Map(base.map((r) => [r.urn, r]));
    const claimed = new Set<string>();
    const previous = new Map<string, ImpactResource>();
    const aliased = new Map<string, string>();
    for (const resource of head) {
        const { stack, project } = parseUrn(resource.urn);
        const collapse = (alias: AliasSpec): string => {
            if ("urn" in alias) return alias.urn;
            let parent = alias.parentUrn ?? resource.parentUrn;
            if (alias.parentUrn !== undefined) parent = aliased.get(alias.parentUrn) ?? parent;
            if (alias.noParent === true) parent = undefined;
            return createUrn(alias.name ?? resource.name, alias.type ?? resource.type, parent, alias.project ?? project, alias.stack ?? stack);
        };
        const candidates = [resource.urn, ...resource.aliases.map(collapse)];
        const parentAlias = resource.parentUrn === undefined ? undefined : aliased.get(resource.parentUrn);
        if (parentAlias !== undefined && resource.parentUrn !== undefined) {
            const parentName = parseUrn(resource.parentUrn).name;
            const inherited = (type: string, name: string) => {
                const aliasName = name.startsWith(parentName) ? parseUrn(parentAlias).name + name.slice(parentName.length) : name;
                return createUrn(aliasName, type, parentAlias, project, stack);
            };
            candidates.push(inherited(resource.type, resource.name));
            for (const alias of resource.aliases) {
                const urn = collapse(alias);
                candidates.push(inherited(typeOf(urn), parseUrn(urn).name));
            }
        }
        const found = candidates.find((urn) => baseByUrn.has(urn) && !claimed.has(urn));
        if (found === undefined) continue;
        claimed.add(found);
        previous.set(resource.urn, baseByUrn.get(found)!);
        if (found !== resource.urn) aliased.set(resource.urn, found);
    }
    return { previous, aliased };
}

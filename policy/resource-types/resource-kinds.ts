/**
 * Which resource a Pulumi type token registers, whatever API version, alias or Patch kind the program used.
 * Policies name the canonical token (`azure-native:containerservice:ManagedCluster`, `kubernetes:apps/v1:Deployment`);
 * a resource registered as `azure-native:containerservice/v20250801:ManagedCluster`, `kubernetes:extensions/v1beta1:Deployment`
 * or `kubernetes:apps/v1:DeploymentPatch` is judged as that resource. The token lists are generated from the SDKs'
 * own alias lists (`type-tokens.ts`, see `generate.ts`).
 */
import { TYPE_TOKENS } from "./type-tokens";

/** What a type token registers. */
export interface ResourceKind {
    /** The canonical token of the resource (for a Patch kind, of the resource it patches). */
    canonical: string;
    /** True for `@pulumi/kubernetes`' `<Kind>Patch` resources: server-side apply of part of an existing object. */
    patch: boolean;
    /** The registered token's own module (`apps/v1beta2`, `containerservice/v20250801`). */
    module: string;
}

const PATCH_SUFFIX = "Patch";
const byToken = new Map<string, ResourceKind>();
for (const [canonical, tokens] of Object.entries(TYPE_TOKENS)) {
    const patch = canonical.startsWith("kubernetes:") && canonical.endsWith(PATCH_SUFFIX);
    const base = patch ? canonical.slice(0, -PATCH_SUFFIX.length) : canonical;
    for (const token of tokens) byToken.set(token, { canonical: base, patch, module: token.split(":")[1] });
}

/**
 * azure-native's versioned modules (`<service>/v<yyyymmdd>[preview]`): a version newer than the installed SDK's
 * alias list still names the same resource (https://www.pulumi.com/registry/packages/azure-native/version-guide/).
 */
const AZURE_VERSIONED = /^azure-native:([a-zA-Z0-9]+)\/v\d{8}[a-z0-9]*:([A-Za-z0-9]+)$/;

/** The resource a type token registers, or undefined for a resource the pack does not judge. */
export function resourceKindOf(type: string): ResourceKind | undefined {
    const known = byToken.get(type);
    if (known !== undefined) return known;
    const versioned = AZURE_VERSIONED.exec(type);
    if (versioned === null) return undefined;
    const canonical = `azure-native:${versioned[1]}:${versioned[2]}`;
    return TYPE_TOKENS[canonical] === undefined ? undefined : { canonical, patch: false, module: type.split(":")[1] };
}

/** Whether `type` registers the whole resource `canonical` (not a patch of it); a token outside the table matches only itself. */
export function isKind(type: string, canonical: string): boolean {
    if (type === canonical) return true;
    const kind = resourceKindOf(type);
    return kind !== undefined && !kind.patch && kind.canonical === canonical;
}

/** The canonical token of `type` for a whole resource, the token itself for anything else (patches included). */
export function canonicalType(type: string): string {
    const kind = resourceKindOf(type);
    return kind === undefined || kind.patch ? type : kind.canonical;
}

/** The kind name of a token (`kubernetes:apps/v1:Deployment` → `Deployment`). */
export function kindName(token: string): string {
    return token.slice(token.lastIndexOf(":") + 1);
}

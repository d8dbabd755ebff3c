/**
 * The shape of the force-new table: per resource type, the input paths whose change replaces the resource
 * (the provider's own Diff reports it) or is refused by the cloud API (the provider would update in place and
 * the update fails, unless the program's `replaceOnChanges` covers the path).
 */
import type { SourceId } from "./sources";

/** What a change of the path does. */
export type RuleEffect = "replace" | "refused";

/** One entry of the table. */
export interface ForceNewRule {
    /** Input path in Pulumi's syntax (`networkProfile.podCidr`, `spec.volumeClaimTemplates`); `[*]` any element. */
    path: string;
    effect: RuleEffect;
    source: SourceId;
    /** What else the reader should know (a condition, an exception). */
    note?: string;
    /** The entry applies only when the (new) input at `path` equals `equals`. Defaults to always. */
    when?: { path: string; equals: string };
}

/** How the provider of a type diffs it (which emulation in `impact/providers/` applies). */
export type ProviderKind = "azure-native" | "kubernetes" | "kubernetes-provider" | "time";

/** The table of one resource type. */
export interface TypeTable {
    /** Pulumi type token. */
    type: string;
    provider: ProviderKind;
    /**
     * azure-native: the ARM path of the resource's PUT; each `{parameter}` in it but `subscriptionId` forces a
     * replacement (pulumi-azure-native `diff.go`, calculateDetailedDiff).
     */
    armPath?: string;
    /**
     * azure-native: the path parameter naming the resource itself. When the program leaves it out, the provider
     * generates the name and replaces create-first; when it is set, the provider asks to delete first
     * (pulumi-azure-native `provider.go` Diff: `deleteBeforeReplace := len(replaces) > 0` unless auto-named).
     */
    nameParameter?: string;
    rules: ForceNewRule[];
}

/** The path parameters of an ARM path, `subscriptionId` excepted, in order. */
export function armPathParameters(armPath: string): string[] {
    return [...armPath.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).filter((name) => name !== "subscriptionId");
}

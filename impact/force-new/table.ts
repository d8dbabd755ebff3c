/**
 * The whole force-new table and its lookup: azure-native types, Kubernetes kinds, the Kubernetes provider
 * resource and `time:Sleep`. docs/change-impact.md prints it; `impact/providers/` reads it.
 */
import { AZURE_NATIVE_TABLES } from "./azure-native";
import { KUBERNETES_METADATA_RULES, KUBERNETES_TABLES } from "./kubernetes";
import { armPathParameters, type ForceNewRule, type TypeTable } from "./rule";

/** The Kubernetes provider resource: replaced when `clusterIdentifier` changes (it is set by the program). */
export const KUBERNETES_PROVIDER_TABLE: TypeTable = {
    type: "pulumi:providers:kubernetes",
    provider: "kubernetes-provider",
    rules: [{ path: "clusterIdentifier", effect: "replace", source: "kubernetesProviderDiffConfig", note: "without clusterIdentifier, a change of the kubeconfig's active cluster replaces it instead" }],
};

/** `time:Sleep` (pulumiverse/time, bridged from terraform-provider-time). */
export const TIME_SLEEP_TABLE: TypeTable = {
    type: "time:index/sleep:Sleep",
    provider: "time",
    rules: [{ path: "triggers", effect: "replace", source: "timeSleepTriggers" }],
};

/** Every type's table. */
export const FORCE_NEW_TABLES: readonly TypeTable[] = [...AZURE_NATIVE_TABLES, ...KUBERNETES_TABLES, KUBERNETES_PROVIDER_TABLE, TIME_SLEEP_TABLE];

const BY_TYPE = new Map(FORCE_NEW_TABLES.map((t) => [t.type, t]));

/**
 * The table of a type. A Kubernetes kind not listed gets the metadata entries (all the provider forces for
 * it); any other unlisted type has none (undefined): its changes cannot be classified.
 */
export function tableFor(type: string): TypeTable | undefined {
    const found = BY_TYPE.get(type);
    if (found !== undefined) return found;
    if (type.startsWith("kubernetes:")) return { type, provider: "kubernetes", rules: [...KUBERNETES_METADATA_RULES] };
    return undefined;
}

/** A table's entries with the ARM path parameters spelled out (each forces a replacement). */
export function allRules(table: TypeTable): ForceNewRule[] {
    const parameters = table.armPath === undefined ? [] : armPathParameters(table.armPath);
    return [...parameters.map((path): ForceNewRule => ({ path, effect: "replace", source: "azureNativePathParameters" })), ...table.rules];
}

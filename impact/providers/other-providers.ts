/**
 * The two other providers the program uses:
 * - the Kubernetes provider resource (pulumi-kubernetes `DiffConfig`): with `clusterIdentifier` set, it is
 *   replaced only when `clusterIdentifier` changes; without it, when the kubeconfig is unknown or its active
 *   cluster changes. Other changes update it. It never asks to delete first.
 * - `time:Sleep` (terraform-provider-time through the Pulumi bridge): `triggers` forces a replacement,
 *   create-first (the bridge's default); the durations update in place.
 */
import YAML from "yaml";
import type { TypeTable } from "../force-new/rule";
import { parsePropertyPath, pathContains } from "../property-path";
import { diffInputs, sameValue, UNKNOWN } from "../value-diff";
import type { ProviderDiff } from "./provider-diff";

/** The cluster entry the kubeconfig's current context points at (`getActiveClusterFromConfig`). */
function activeCluster(kubeconfig: unknown): unknown {
    if (typeof kubeconfig !== "string") return undefined;
    let parsed: unknown;
    try {
        parsed = YAML.parse(kubeconfig);
    } catch {
        return kubeconfig;
    }
    const config = parsed as { "current-context"?: string; contexts?: { name?: string; context?: { cluster?: string } }[]; clusters?: { name?: string; cluster?: unknown }[] };
    const context = config.contexts?.find((c) => c.name === config["current-context"])?.context?.cluster;
    return config.clusters?.find((c) => c.name === context)?.cluster;
}

/** The Kubernetes provider resource's verdict. */
export function kubernetesProviderDiff(_table: TypeTable, olds: Record<string, unknown>, news: Record<string, unknown>): ProviderDiff {
    const entries = diffInputs(olds, news).map((entry) => ({ path: entry.path, kind: entry.kind, replace: false }));
    let replaced: boolean;
    if (olds.clusterIdentifier !== undefined || news.clusterIdentifier !== undefined) {
        replaced = !sameValue(olds.clusterIdentifier, news.clusterIdentifier);
        for (const entry of entries) entry.replace = replaced && entry.path[0] === "clusterIdentifier";
    } else {
        replaced = news.kubeconfig === UNKNOWN || !sameValue(activeCluster(olds.kubeconfig), activeCluster(news.kubeconfig));
        for (const entry of entries) entry.replace = replaced;
    }
    return { entries, deleteBeforeReplace: false };
}

/** `time:Sleep`'s verdict. */
export function timeSleepDiff(table: TypeTable, olds: Record<string, unknown>, news: Record<string, unknown>): ProviderDiff {
    const forced = table.rules.filter((r) => r.effect === "replace").map((r) => parsePropertyPath(r.path));
    const entries = diffInputs(olds, news).map((entry) => ({ path: entry.path, kind: entry.kind, replace: forced.some((f) => pathContains(f, entry.path)) }));
    return { entries, deleteBeforeReplace: false };
}

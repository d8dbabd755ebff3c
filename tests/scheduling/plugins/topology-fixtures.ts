/**
 * Runs the JSON fixture cases of PodTopologySpread and InterPodAffinity: PreFilter once, then Filter on
 * every node, each result written `Success` or `<Code>: <reason>, <reason>`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createCycleState } from "../../../scheduling/framework/cycle-state";
import type { CycleContext, FeatureGates, FilterPlugin, Status } from "../../../scheduling/framework/interfaces";
import { createPodInfo } from "../../../scheduling/framework/node-info";
import { createSnapshot } from "../../../scheduling/framework/snapshot";
import type { V1Namespace, V1Node, V1Pod } from "../../../scheduling/model/types";

/** One case: the incoming pod, the cluster, and what PreFilter and Filter must return. */
export interface FixtureCase {
    name: string;
    source: string;
    note?: string;
    pod: V1Pod;
    nodes: V1Node[];
    existingPods: V1Pod[];
    featureGates?: FeatureGates;
    /** "Skip" when PreFilter must skip the plugin. */
    wantPreFilter?: "Skip";
    /** Per node name: `Success` or `<Code>: <reasons>`. */
    want: Record<string, string>;
}

/** A fixture file. */
export interface FixtureFile {
    description: string;
    namespaces?: V1Namespace[];
    cases: FixtureCase[];
}

/** Reads `tests/scheduling/fixtures/<folder>/<file>`. */
export function loadFixtures(folder: string, file: string): FixtureFile {
    return JSON.parse(readFileSync(join(__dirname, "..", "fixtures", folder, file), "utf8")) as FixtureFile;
}

/** A status as the fixtures write it. */
export function formatStatus(status: Status | undefined): string {
    return status === undefined ? "Success" : `${status.code}: ${status.reasons.join(", ")}`;
}

/** Builds the cycle context of a case (snapshot, cycle state, pod info). */
export function contextFor(c: FixtureCase, namespaces: readonly V1Namespace[] = []): CycleContext {
    return {
        state: createCycleState(),
        pod: c.pod,
        podInfo: createPodInfo(c.pod),
        snapshot: createSnapshot({ nodes: c.nodes, existingPods: c.existingPods, namespaces }),
        featureGates: c.featureGates ?? {},
    };
}

/** Runs a case: PreFilter's status code (`Success` when none) and Filter's result per node. */
export function runCase(plugin: FilterPlugin, c: FixtureCase, namespaces: readonly V1Namespace[] = []): { preFilter: string; nodes: Record<string, string> } {
    const ctx = contextFor(c, namespaces);
    const pre = plugin.preFilter?.(ctx);
    const preFilter = pre?.status?.code ?? "Success";
    const nodes: Record<string, string> = {};
    for (const nodeInfo of ctx.snapshot.nodeInfos) {
        // A skipped plugin passes every node.
        nodes[nodeInfo.name] = preFilter === "Skip" ? "Success" : formatStatus(plugin.filter(ctx, nodeInfo));
    }
    return { preFilter, nodes };
}

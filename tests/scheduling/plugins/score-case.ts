/**
 * Runner for the Score plugins' fixture tables, re-expressed from kube-scheduler's own Score tests: a pod, the
 * cluster's nodes and pods, the nodes to score (all by default), and the wanted scores after NormalizeScore (or a
 * PreScore Skip, or the error malformed input raises).
 */
import { createCycleState } from "../../../scheduling/framework/cycle-state";
import type { NodeScore, ScoreContext, ScorePlugin, ScorePluginArgs } from "../../../scheduling/framework/interfaces";
import { createPodInfo } from "../../../scheduling/framework/node-info";
import { createSpreadingOwners } from "../../../scheduling/framework/owners";
import { createSnapshot } from "../../../scheduling/framework/snapshot";
import type { V1Namespace, V1Node, V1Pod, V1ReplicaSet, V1Service, V1StatefulSet } from "../../../scheduling/model/types";

/** One case. */
export interface ScoreCase {
    name: string;
    pod: V1Pod;
    nodes: V1Node[];
    /** The names of the nodes to score (upstream's filtered nodes). Defaults to every node. */
    scored?: string[];
    /** Pods on the nodes, each naming its node by `spec.nodeName`. */
    existingPods?: V1Pod[];
    namespaces?: V1Namespace[];
    services?: V1Service[];
    replicaSets?: V1ReplicaSet[];
    statefulSets?: V1StatefulSet[];
    pluginArgs?: ScorePluginArgs;
    featureGates?: Record<string, boolean>;
    /** Whether PreScore runs (upstream's `runPreScore`). Defaults to true. */
    runPreScore?: boolean;
    /** The normalized score per scored node. */
    want?: Record<string, number>;
    /** PreScore skips the plugin for this pod. */
    wantSkip?: boolean;
    /** A text the thrown error contains (malformed input). */
    wantThrow?: string;
    /** Why our expectation words something differently from upstream's table. */
    note?: string;
}

/** A fixture file. */
export interface ScoreFixture {
    source: string;
    cases: ScoreCase[];
}

/** What a case produced. */
export type ScoreOutcome = { skip: true } | { scores: Record<string, number> };

/** Runs PreScore (unless told not to), Score on every scored node and NormalizeScore. */
export function runScoreCase(plugin: ScorePlugin, c: ScoreCase): ScoreOutcome {
    const snapshot = createSnapshot({ nodes: c.nodes, existingPods: c.existingPods, namespaces: c.namespaces });
    const ctx: ScoreContext = {
        state: createCycleState(),
        pod: c.pod,
        podInfo: createPodInfo(c.pod),
        snapshot,
        featureGates: c.featureGates ?? {},
        pluginArgs: c.pluginArgs ?? {},
        owners: createSpreadingOwners({ services: c.services, replicaSets: c.replicaSets, statefulSets: c.statefulSets }),
    };
    const scored = c.scored === undefined ? snapshot.nodeInfos : c.scored.map((name) => snapshot.get(name)!);
    if (c.runPreScore !== false) {
        const status = plugin.preScore?.(ctx, scored);
        if (status?.code === "Skip") return { skip: true };
    }
    const scores: NodeScore[] = scored.map((nodeInfo) => ({ name: nodeInfo.name, score: plugin.score(ctx, nodeInfo) }));
    plugin.normalizeScore?.(ctx, scores);
    return { scores: Object.fromEntries(scores.map((s) => [s.name, s.score])) };
}

/** What the case wants, in the shape {@link runScoreCase} returns. */
export function wantedScores(c: ScoreCase): ScoreOutcome {
    return c.wantSkip === true ? { skip: true } : { scores: c.want ?? {} };
}

/** Declares one jest test per case. */
export function describeScoreFixture(title: string, plugin: ScorePlugin, fixture: ScoreFixture): void {
    describe(`${title} (${fixture.source})`, () => {
        test.each(fixture.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
            if (c.wantThrow !== undefined) expect(() => runScoreCase(plugin, c)).toThrow(c.wantThrow);
            else expect(runScoreCase(plugin, c)).toEqual(wantedScores(c));
        });
    });
}

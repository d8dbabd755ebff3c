/**
 * Running the Score phase, after kube-scheduler's `frameworkImpl.RunPreScorePlugins` and `RunScorePlugins`
 * (kubernetes/kubernetes `pkg/scheduler/framework/runtime/framework.go`, v1.35):
 * - PreScore runs once per plugin with the nodes to score; a Skip leaves the plugin out for this pod;
 * - each remaining plugin scores every node, then normalizes its scores; a normalized score outside 0–100 is an
 *   error, as upstream's;
 * - a node's total is the sum of each plugin's normalized score times the plugin's weight.
 */
import type { NodeInfo, NodeScore, ScoreContext, ScorePlugin } from "./interfaces";
import { MAX_NODE_SCORE } from "./normalize";

/** A plugin to run and its weight. */
export interface WeightedScorePlugin {
    plugin: ScorePlugin;
    weight: number;
}

/** The Score phase's outcome: per plugin that was not skipped, the normalized scores; per node, the total. */
export interface ScoreOutcome {
    /** Plugin name → normalized score per node, in `nodes` order. */
    perPlugin: Map<string, number[]>;
    /** Weighted totals, in `nodes` order. */
    totals: number[];
}

/**
 * Runs PreScore, Score and NormalizeScore of every plugin over `nodes` and sums the weighted scores.
 * @throws Error when a plugin's PreScore fails or a normalized score leaves 0–100.
 */
export function runScorePlugins(plugins: readonly WeightedScorePlugin[], ctx: ScoreContext, nodes: readonly NodeInfo[]): ScoreOutcome {
    const perPlugin = new Map<string, number[]>();
    const totals = new Array<number>(nodes.length).fill(0);
    for (const { plugin, weight } of plugins) {
        const status = plugin.preScore?.(ctx, nodes);
        if (status !== undefined && status.code === "Skip") continue;
        if (status !== undefined && status.code !== "Success") throw new Error(`PreScore ${plugin.name} failed: ${status.reasons.join(", ")}`);
        const scores: NodeScore[] = nodes.map((nodeInfo) => ({ name: nodeInfo.name, score: plugin.score(ctx, nodeInfo) }));
        plugin.normalizeScore?.(ctx, scores);
        const normalized = scores.map((s) => {
            if (!(s.score >= 0 && s.score <= MAX_NODE_SCORE)) throw new Error(`plugin ${plugin.name} returns an invalid score ${s.score} for node ${s.name}, it should be in the range of [0, ${MAX_NODE_SCORE}] after normalizing`);
            return s.score;
        });
        perPlugin.set(plugin.name, normalized);
        normalized.forEach((score, i) => (totals[i] += score * weight));
    }
    return { perPlugin, totals };
}

/**
 * Score normalization helpers, after kube-scheduler (kubernetes/kubernetes
 * `pkg/scheduler/framework/plugins/helper/normalize_score.go`, v1.35).
 */
import type { NodeScore } from "./interfaces";

/** The highest score a plugin gives after NormalizeScore (`framework.MaxNodeScore`). */
export const MAX_NODE_SCORE = 100;

/**
 * Upstream `DefaultNormalizeScore`: scales the scores so the highest becomes `maxPriority` (integer division),
 * reversed (`maxPriority − score`) when asked; with every score 0, all become 0, or `maxPriority` when reversed.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: NodeScore[]): void {
    let maxCount = 0;
    for (const s of scores) if (s.score > maxCount) maxCount = s.score;
    if (maxCount === 0) {
        if (reverse) for (const s of scores) s.score = maxPriority;
        return;
    }
    for (const s of scores) {
        let score = Math.trunc((maxPriority * s.score) / maxCount);
        if (reverse) score = maxPriority - score;
        s.score = score;
    }
}

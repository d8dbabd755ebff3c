/**
 * Change impact in one call: compare the base and head registrations, measure what pool and cluster changes cost
 * the workloads, and apply the stack's gates. `plan/` calls it with two program runs' registrations. Pure.
 */
import { compareResources, countActions } from "./compare";
import { shortType } from "./format";
import { evaluateGates } from "./gates";
import { withReplacementCosts } from "./replacement-cost";
import type { RegisteredResource } from "../placement/types";
import type { GateSettings, ImpactAnalysis, ImpactResource } from "./types";

/** What {@link analyzeImpact} compares. */
export interface AnalyzeImpactInput {
    /** Everything the base revision registered (components included: their aliases matter). */
    base: readonly ImpactResource[];
    /** Everything the head registered. */
    head: readonly ImpactResource[];
    /** The head stack's gate settings. */
    settings: GateSettings;
    /**
     * Kubernetes objects deployed outside the program (`--manifests`): they run on the cluster in both revisions,
     * so they are placed with both (and can still target a deleted pool), but they are not compared. Defaults to none.
     */
    workloads?: readonly RegisteredResource[];
}

/**
 * The whole comparison.
 *
 * @throws InvalidObjectError / UnknownValueError when a revision's resources cannot be placed (see
 *   `platformModelsFromResources`).
 */
export function analyzeImpact(input: AnalyzeImpactInput): ImpactAnalysis {
    const custom = (list: readonly ImpactResource[]) => list.filter((r) => r.custom);
    const outside = input.workloads ?? [];
    const changes = withReplacementCosts(compareResources(input.base, input.head), [...custom(input.base), ...outside], [...custom(input.head), ...outside]);
    return { changes, counts: countActions(changes), gates: evaluateGates(changes, input.base, input.head, input.settings) };
}

/**
 * Why `pulumi up` would fail or the gates refuse, one line each: a refused gated change, a replacement or
 * deletion of a protected resource, an update the cloud API refuses.
 */
export function impactFailures(analysis: ImpactAnalysis): string[] {
    const out: string[] = [];
    for (const finding of analysis.gates.filter((g) => g.verdict === "refused")) {
        out.push(`${finding.message}: refused by the change gates; allow it with aks-platform:changeImpact.allow (change: ${finding.change}, target: ${finding.target}, reason: …)`);
    }
    for (const change of analysis.changes) {
        const what = `${change.action === "delete" ? "deleting" : "replacing"} ${shortType(change.type)} ${change.name}`;
        if (change.protectedFailure) out.push(`${what} fails in pulumi up: the resource is protected; remove protect in a pulumi up of its own first`);
        if (change.refusedPaths.length > 0) {
            out.push(`updating ${shortType(change.type)} ${change.name} fails in pulumi up: the API refuses changing ${change.refusedPaths.join(", ")} in place; replace it (replaceOnChanges) or rotate it`);
        }
    }
    return out;
}

/**
 * A short, JSON-friendly digest of a placement report for a stack output (`pulumi stack output placement`):
 * per scenario its verdict and problems, per workload the replicas placed at maximum size.
 */
import type { PlacementReport } from "./types";

/** The digest of one scenario. */
export interface ScenarioSummary {
    ok: boolean;
    problems: string[];
}

/** The digest of a report. */
export interface PlacementSummary {
    /** true when every scenario checked is ok. */
    ok: boolean;
    /** Per scenario name, its verdict and problems. */
    scenarios: Record<string, ScenarioSummary>;
    /** Per workload (`Kind/namespace/name`), `placed/replicas` in the max-size scenario (absent when it did not run). */
    atMaxSize?: Record<string, string>;
}

/** Digests a report: scenario verdicts and problems, and placed/replicas per workload at maximum size. */
export function placementSummary(report: PlacementReport): PlacementSummary {
    const maxSize = report.scenarios.find((s) => s.scenario === "max-size");
    return {
        ok: report.ok,
        scenarios: Object.fromEntries(report.scenarios.map((s) => [s.scenario, { ok: s.ok, problems: [...s.problems] }])),
        ...(maxSize === undefined ? {} : { atMaxSize: Object.fromEntries(maxSize.workloads.map((w) => [w.workload, `${w.placed}/${w.replicas}`])) }),
    };
}

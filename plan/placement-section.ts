/**
 * The placement part of the stack check: per workload, replicas placed per pool and zone at the pools'
 * maximum size, and every scenario's verdict, marking the ones the stack promises (`placement.promises`).
 */
import type { PlatformSpec } from "../config/platform-spec";
import { checkPlacementOfSpec, SCENARIO_NAMES, type PlacementReport, type ScenarioVerdict } from "../placement";

/** The placement of a stack in every scenario, and which of them it promises. */
export interface StackPlacement {
    report: PlacementReport;
    promised: readonly string[];
    /** Promised scenarios whose verdict is not ok. */
    brokenPromises: string[];
}

/** Runs every scenario on the stack's pools and workloads. */
export function stackPlacement(spec: PlatformSpec): StackPlacement {
    const report = checkPlacementOfSpec(spec, { scenarios: [...SCENARIO_NAMES] });
    const promised = spec.placementPromises;
    const brokenPromises = report.scenarios.filter((s) => promised.includes(s.scenario) && !s.ok).map((s) => s.scenario);
    return { report, promised, brokenPromises };
}

function placedText(byPool: Record<string, Record<string, number>>): string {
    return Object.entries(byPool)
        .map(([pool, zones]) => `${pool} (${Object.entries(zones).map(([zone, n]) => `${zone}: ${n}`).join(", ")})`)
        .join("; ");
}

/** Problems shown for a scenario the stack does not promise; a promised one shows them all. */
const UNPROMISED_PROBLEMS_SHOWN = 3;

function verdictLines(verdict: ScenarioVerdict, promised: boolean): string[] {
    const mark = verdict.ok ? "ok  " : promised ? "FAIL" : "no  ";
    const lines = [`  ${mark} ${verdict.scenario.padEnd(14)} ${promised ? "(promised) " : ""}${verdict.description}`];
    const shown = promised ? verdict.problems : verdict.problems.slice(0, UNPROMISED_PROBLEMS_SHOWN);
    for (const problem of shown) lines.push(`         - ${problem}`);
    if (shown.length < verdict.problems.length) {
        lines.push(`         … ${verdict.problems.length - shown.length} more (a scenario this stack does not promise)`);
    }
    return lines;
}

/** The placement section as text. */
export function formatStackPlacement(placement: StackPlacement): string {
    const lines: string[] = [];
    const maxSize = placement.report.scenarios.find((s) => s.scenario === "max-size");
    if (maxSize !== undefined && maxSize.workloads.length > 0) {
        lines.push("Workloads at the pools' maximum size:");
        for (const w of maxSize.workloads) {
            lines.push(`  ${w.workload}: ${w.placed}/${w.replicas} placed${w.placed > 0 ? ` on ${placedText(w.byPool)}` : ""}`);
            for (const reason of w.reasons) lines.push(`      ${reason}`);
        }
        lines.push("");
    }
    lines.push(`Scenarios (promised: ${placement.promised.join(", ")}):`);
    for (const verdict of placement.report.scenarios) lines.push(...verdictLines(verdict, placement.promised.includes(verdict.scenario)));
    return lines.join("\n");
}

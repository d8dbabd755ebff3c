/**
 * A {@link PlanReport} as terminal text: sections Resources, Node pools, Placement, Scenarios, Policies, then the
 * verdict. Plain text (no colour, no cursor control), so it reads the same in a terminal, a CI log or a file.
 */
import { amountFor, parseQuantity } from "../scheduling/model/quantity";
import type { PlanReport, Quantities, ResourceNode, ScenarioPlan } from "./report-types";

/** Renders rows as columns separated by two spaces, the first row a header. */
export function table(rows: string[][]): string {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()).join("\n");
}

/**
 * Memory in GiB with one decimal (in MiB below 1 GiB), rounded down (never promising more than there is); other
 * values as they are.
 */
export function readable(name: string, value: string): string {
    if (name !== "memory") return value;
    const bytes = amountFor(name, parseQuantity(value));
    if (Math.abs(bytes) < 2 ** 30) return `${Math.floor(bytes / 2 ** 20)}Mi`;
    return `${(Math.floor((bytes / 2 ** 30) * 10) / 10).toFixed(1)}Gi`;
}

/** `cpu 3860m, memory 11.2Gi, pods 250`; GPUs as `gpu`. */
export function quantities(list: Quantities): string {
    const text = Object.entries(list)
        .map(([name, value]) => `${name === "nvidia.com/gpu" ? "gpu" : name} ${readable(name, value)}`)
        .join(", ");
    return text === "" ? "-" : text;
}

/** `general (westeurope-1: 2, westeurope-2: 2); spot (westeurope-1: 1)`. */
export function placedText(byPool: Record<string, Record<string, number>>): string {
    return Object.entries(byPool)
        .map(([pool, zones]) => `${pool} (${Object.entries(zones).map(([zone, n]) => `${zone}: ${n}`).join(", ")})`)
        .join("; ");
}

function treeLines(nodes: readonly ResourceNode[], indent: string): string[] {
    return nodes.flatMap((n) => [`${indent}${n.type} ${n.name}`, ...treeLines(n.children, `${indent}  `)]);
}

/** Problems shown for a scenario the stack does not promise; a promised one shows them all. */
export const UNPROMISED_PROBLEMS_SHOWN = 3;

/** `ok`, `FAIL` (a promised scenario) or `no` (a scenario the stack does not promise). */
export function verdictMark(s: ScenarioPlan): string {
    return s.ok ? "ok" : s.promised ? "FAIL" : "no";
}

function scenarioLines(s: ScenarioPlan): string[] {
    const lines = [`  ${verdictMark(s).padEnd(4)} ${s.scenario.padEnd(14)} ${s.promised ? "(promised) " : ""}${s.description}`];
    const shown = s.promised ? s.problems : s.problems.slice(0, UNPROMISED_PROBLEMS_SHOWN);
    for (const problem of shown) lines.push(`         - ${problem}`);
    if (shown.length < s.problems.length) lines.push(`         ... ${s.problems.length - shown.length} more (a scenario this stack does not promise)`);
    return lines;
}

/** The report as text, one section after another. */
export function formatPlanReport(report: PlanReport): string {
    const lines: string[] = [];
    lines.push(`Stack ${report.stack} (${report.file}): ${report.location}, Kubernetes ${report.kubernetesVersion}`);
    if (report.manifests.length > 0) lines.push(`Manifests: ${report.manifests.join(", ")}`);
    lines.push("");

    lines.push(`Resources: ${report.resources.total} declared by the program`);
    lines.push(table([["type", "count"], ...Object.entries(report.resources.byType).map(([t, n]) => [t, String(n)])]).replace(/^/gm, "  "));
    lines.push("  Component tree:");
    lines.push(...treeLines(report.resources.tree, "    "));
    lines.push("");

    lines.push("Node pools:");
    const poolRows = report.pools.map((p) => [
        p.spot ? `${p.name} (spot)` : p.name,
        p.mode,
        p.vmSize,
        p.minNodes === p.maxNodes ? String(p.minNodes) : `${p.minNodes}-${p.maxNodes}`,
        p.zones.length === 0 ? "regional" : p.zones.join(","),
        quantities(p.allocatablePerNode),
    ]);
    lines.push(table([["pool", "mode", "vm size", "nodes", "zones", "allocatable per node"], ...poolRows]).replace(/^/gm, "  "));
    lines.push("");

    lines.push("Placement at the pools' maximum size:");
    if (report.placement.workloads.length === 0) lines.push("  (no workloads)");
    for (const w of report.placement.workloads) {
        const from = w.source === "program" ? "" : ` [${w.source}]`;
        lines.push(`  ${w.workload}${from}: ${w.placed}/${w.replicas} placed${w.placed > 0 ? ` on ${placedText(w.byPool)}` : ""}; requests per pod ${quantities(w.podRequests)}`);
        for (const reason of w.reasons) lines.push(`      ${reason}`);
    }
    const capacityRows = report.placement.pools.map((p) => [p.pool, `${p.nodesNeeded}/${p.max}`, quantities(p.headroom), p.podsBeyondMax === 0 ? "" : `${p.podsBeyondMax} pod(s) beyond max`]);
    lines.push(table([["pool", "nodes needed/max", "headroom at max size", ""], ...capacityRows]).replace(/^/gm, "  "));
    lines.push("");

    lines.push(`Scenarios (promised: ${report.placement.promised.length === 0 ? "none" : report.placement.promised.join(", ")}):`);
    for (const s of report.placement.scenarios) lines.push(...scenarioLines(s));
    lines.push("");

    const p = report.policies;
    const mandatory = p.results.filter((r) => r.enforcement === "mandatory").length;
    lines.push(`Policies: ${p.evaluated} run${p.configFile === undefined ? " at the pack's defaults" : ` with ${p.configFile}`}, ${p.disabled.length} disabled; ${mandatory} mandatory and ${p.results.length - mandatory} other violation(s)`);
    for (const r of p.results) {
        lines.push(`  ${r.enforcement.padEnd(9)} ${r.code.padEnd(7)} ${r.id} (${r.severity}): ${r.message}`);
        if (r.resource !== undefined) lines.push(`            on ${r.resource}`);
    }
    lines.push("");

    if (report.exit.code === 0) lines.push(`Verdict: ${report.stack} passes (every mandatory policy, every promised scenario).`);
    else {
        lines.push(`Verdict: ${report.stack} FAILS:`);
        for (const reason of report.exit.reasons) lines.push(`  - ${reason}`);
    }
    return lines.join("\n");
}

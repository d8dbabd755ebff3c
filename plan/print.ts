/**
 * A {@link PlanReport} as terminal text: the change impact (with `--base`, destructive lines marked `!!`), then
 * sections Resources, Node pools, Placement, Scenarios, Policies (grouped by
 * policy, with the objects under each; every violation with `--verbose`), then the verdict; and a one-line summary
 * per stack for the end of a run. Words never depend on colour: a {@link Style} only emphasises them (plain in a
 * file, a CI log, or with NO_COLOR), and there is no cursor control.
 */
import { amountFor, parseQuantity } from "../scheduling/model/quantity";
import { PLAIN, type Style } from "./cli/terminal";
import { impactText } from "./impact-report";
import type { PlanReport, PolicyResult, Quantities, ResourceNode, ScenarioPlan, SourceLocation } from "./report-types";

/** How the text is written. */
export interface TextOptions {
    /** Emphasis; plain by default. */
    style?: Style;
    /** Every policy violation on its own lines, with its message (by default, grouped by policy). Defaults to false. */
    verbose?: boolean;
}

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
export function verdictMark(s: Pick<ScenarioPlan, "ok" | "promised">): string {
    return s.ok ? "ok" : s.promised ? "FAIL" : "no";
}

function styledMark(s: ScenarioPlan, style: Style): string {
    const mark = verdictMark(s).padEnd(4);
    return s.ok ? style.good(mark) : s.promised ? style.bad(mark) : style.warn(mark);
}

/** `Pulumi.dev.yaml:42` (`chart.yaml:12` for a manifest). */
export function locationText(location: SourceLocation | undefined): string {
    return location === undefined ? "" : `${location.file}:${location.line}`;
}

function scenarioLines(s: ScenarioPlan, style: Style): string[] {
    const lines = [`  ${styledMark(s, style)} ${s.scenario.padEnd(14)} ${s.promised ? "(promised) " : ""}${s.description}`];
    const shown = s.promised ? s.problems : s.problems.slice(0, UNPROMISED_PROBLEMS_SHOWN);
    for (const problem of shown) lines.push(`         - ${problem}`);
    if (shown.length < s.problems.length) lines.push(`         ... ${s.problems.length - shown.length} more (a scenario this stack does not promise)`);
    for (const note of s.notes ?? []) lines.push(`         note: ${note}`);
    return lines;
}

/** Objects listed under a policy before the rest are counted (`--verbose` lists them all). */
export const OBJECTS_SHOWN = 6;

/** The resource a violation is on, short: `AgentPool platform-pool-general-agentpool`, or a manifest object's ref. */
export function resourceText(urn: string | undefined): string {
    if (urn === undefined) return "the stack";
    const parts = urn.split("::");
    if (parts.length >= 4 && urn.startsWith("urn:pulumi:")) return `${parts[2].split("$").pop()!.split(":").pop()} ${parts[3]}`;
    // A manifest object's URN is "<file> (document <n>) <Kind/namespace/name>".
    return urn.slice(urn.lastIndexOf(" ") + 1);
}

/** The policy results grouped by policy, mandatory first, in order of first appearance. */
export function groupByPolicy(results: readonly PolicyResult[]): PolicyResult[][] {
    const groups = new Map<string, PolicyResult[]>();
    for (const r of results) {
        const key = `${r.enforcement}/${r.id}`;
        const group = groups.get(key);
        if (group === undefined) groups.set(key, [r]);
        else group.push(r);
    }
    return [...groups.values()];
}

function policyLines(results: readonly PolicyResult[], options: Required<TextOptions>): string[] {
    const { style, verbose } = options;
    const lines: string[] = [];
    for (const group of groupByPolicy(results)) {
        const r = group[0];
        const level = r.enforcement === "mandatory" ? style.bad(r.enforcement.padEnd(9)) : style.warn(r.enforcement.padEnd(9));
        lines.push(`  ${level} ${r.code.padEnd(7)} ${style.bold(r.id)} (${r.severity}): ${group.length} violation(s)${group.length === 1 || verbose ? "" : `, e.g. ${r.message}`}`);
        if (verbose || group.length === 1) {
            for (const v of group) {
                if (group.length > 1) lines.push(`      - ${v.message}`);
                else lines.push(`      ${v.message}`);
                const where = locationText(v.location);
                lines.push(style.dim(`        on ${resourceText(v.resource)}${where === "" ? "" : ` (${where})`}`));
            }
            continue;
        }
        const objects = group.map((v) => {
            const where = locationText(v.location);
            return `${resourceText(v.resource)}${where === "" ? "" : ` (${where})`}`;
        });
        const distinct = [...new Set(objects)];
        const shown = distinct.slice(0, OBJECTS_SHOWN).join(", ");
        const more = distinct.length > OBJECTS_SHOWN ? `, … and ${distinct.length - OBJECTS_SHOWN} more (--verbose lists every one)` : "";
        lines.push(style.dim(`      on ${shown}${more}`));
    }
    return lines;
}

function skippedLines(report: PlanReport, verbose: boolean): string[] {
    if (report.skipped.length === 0) return [];
    const byKind = new Map<string, number>();
    for (const s of report.skipped) byKind.set(s.kind, (byKind.get(s.kind) ?? 0) + 1);
    const counts = [...byKind].map(([kind, n]) => `${kind} ×${n}`).join(", ");
    const lines = [`Skipped from the manifests (kinds the plan does not read): ${report.skipped.length} object(s): ${counts}${verbose ? "" : " (--verbose lists them)"}`];
    if (verbose) for (const s of report.skipped) lines.push(`  ${s.ref} (${s.source})`);
    return lines;
}

/** The report as text, one section after another. */
export function formatPlanReport(report: PlanReport, textOptions: TextOptions = {}): string {
    const options: Required<TextOptions> = { style: textOptions.style ?? PLAIN, verbose: textOptions.verbose ?? false };
    const { style } = options;
    const lines: string[] = [];
    lines.push(style.bold(`Stack ${report.stack} (${report.file}): ${report.location}, Kubernetes ${report.kubernetesVersion}`));
    if (report.manifests.length > 0) lines.push(`Manifests: ${report.manifests.join(", ")}`);
    lines.push(...skippedLines(report, options.verbose));
    lines.push("");
    // What the change does to the deployed resources comes first: it is what a reviewer decides on.
    if (report.impact !== undefined) {
        const [summary, ...rest] = impactText(report.impact);
        lines.push(style.bold(summary), ...rest.map((l) => (l.startsWith("  !!") ? style.bad(l) : l)), "");
    }

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
    for (const s of report.placement.scenarios) lines.push(...scenarioLines(s, style));
    lines.push("");

    const p = report.policies;
    const mandatory = p.results.filter((r) => r.enforcement === "mandatory").length;
    lines.push(
        style.bold(`Policies: ${p.evaluated} run${p.configFile === undefined ? " at the pack's defaults" : ` with ${p.configFile}`}, ${p.disabled.length} disabled; ${mandatory} mandatory and ${p.results.length - mandatory} other violation(s) of ${groupByPolicy(p.results).length} polic${groupByPolicy(p.results).length === 1 ? "y" : "ies"}`),
    );
    lines.push(...policyLines(p.results, options));
    for (const e of p.exemptions ?? []) {
        const where = e.matches === undefined ? "names no resource of this stack" : `on ${e.matches}`;
        lines.push(`  exemption ${e.status === "expired" ? style.bad("EXPIRED") : "active"} from ${e.policy} for ${e.resource} until ${e.expires} (${where}): ${e.reason}`);
    }
    lines.push("");

    if (report.exit.code === 0) lines.push(`Verdict: ${report.stack} ${style.good("passes")} (every mandatory policy, every promised scenario).`);
    else {
        lines.push(`Verdict: ${report.stack} ${style.bad("FAILS")}:`);
        for (const reason of report.exit.reasons) lines.push(`  - ${reason}`);
    }
    return lines.join("\n");
}

/**
 * One line for a stack, for the end of a run: its verdict, its workloads placed at the pools' maximum size, its
 * scenarios (the promised ones by name) and its policy violations.
 */
export function summaryLine(report: PlanReport, style: Style = PLAIN): string {
    const placed = report.placement.workloads.reduce((a, w) => a + w.placed, 0);
    const wanted = report.placement.workloads.reduce((a, w) => a + w.replicas, 0);
    const scenarios = report.placement.scenarios;
    const promised = scenarios.filter((s) => s.promised);
    const promisedText = promised.length === 0 ? "none promised" : promised.map((s) => `${s.scenario} ${verdictMark(s)}`).join(", ");
    const mandatory = report.policies.results.filter((r) => r.enforcement === "mandatory").length;
    const verdict = report.exit.code === 0 ? style.good("passes") : style.bad("FAILS");
    return `${style.bold(report.stack)} ${verdict}: ${report.placement.workloads.length} workload(s), ${placed}/${wanted} replicas placed at max size; scenarios ${scenarios.filter((s) => s.ok).length}/${scenarios.length} ok (${promisedText}); ${mandatory} mandatory and ${report.policies.results.length - mandatory} advisory violation(s)`;
}

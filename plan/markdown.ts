/**
 * A plan run as a pull-request comment (GitHub-flavoured markdown): a summary table with one row per stack,
 * then per stack its change impact (with `--base`), its scenario verdicts, its workloads that do not fully place, and its failing policies. Kept
 * under GitHub's comment limit (65,536 characters): details that would pass it are left out, saying so.
 * See https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/organizing-information-with-tables
 */
import { impactMarkdown } from "./impact-report";
import { verdictMark } from "./print";
import type { PlanReport, PlanRun } from "./report-types";

/** GitHub's limit on an issue or pull-request comment body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** Room kept for the closing note when details are left out. */
const RESERVE = 512;

/** Policy violations listed per stack before the rest are counted. */
export const POLICY_ROWS_SHOWN = 30;

/** Escapes the characters that would break a table cell or start markup. */
export function cell(text: string): string {
    return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ").replace(/</g, "&lt;");
}

function summaryRow(r: PlanReport): string {
    const placed = r.placement.workloads.reduce((a, w) => a + w.placed, 0);
    const wanted = r.placement.workloads.reduce((a, w) => a + w.replicas, 0);
    const scenarios = r.placement.scenarios.map((s) => `${s.scenario} ${verdictMark(s)}`).join(", ");
    const mandatory = r.policies.results.filter((p) => p.enforcement === "mandatory").length;
    const other = r.policies.results.length - mandatory;
    const verdict = r.exit.code === 0 ? "pass" : "**FAIL**";
    return `| ${cell(r.stack)} | ${r.resources.total} | ${r.pools.length} | ${r.placement.workloads.length} (${placed}/${wanted} replicas) | ${cell(scenarios)} | ${mandatory} mandatory, ${other} advisory | ${verdict} |`;
}

function details(r: PlanReport): string {
    const lines = [`### ${r.stack}`, ""];
    if (r.exit.code !== 0) {
        lines.push("Why it fails:", "");
        for (const reason of r.exit.reasons) lines.push(`- ${cell(reason)}`);
        lines.push("");
    }
    if (r.impact !== undefined) lines.push(...impactMarkdown(r.impact));
    lines.push("| scenario | promised | verdict | problems |", "| --- | --- | --- | --- |");
    for (const s of r.placement.scenarios) {
        lines.push(`| ${s.scenario} | ${s.promised ? "yes" : "no"} | ${verdictMark(s)} | ${s.problems.length === 0 ? "" : cell(s.problems.join("; "))} |`);
    }
    const short = r.placement.workloads.filter((w) => w.placed < w.replicas);
    if (short.length > 0) {
        lines.push("", "Workloads not fully placed at the pools' maximum size:", "");
        for (const w of short) lines.push(`- \`${w.workload}\` (${w.source}): ${w.placed}/${w.replicas}${w.reasons.length === 0 ? "" : `: ${cell(w.reasons[0])}`}`);
    }
    if (r.policies.results.length > 0) {
        lines.push("", "| level | policy | severity | message |", "| --- | --- | --- | --- |");
        for (const p of r.policies.results.slice(0, POLICY_ROWS_SHOWN)) {
            lines.push(`| ${p.enforcement} | ${p.code} \`${p.id}\` | ${p.severity} | ${cell(p.message)} |`);
        }
        if (r.policies.results.length > POLICY_ROWS_SHOWN) lines.push("", `… and ${r.policies.results.length - POLICY_ROWS_SHOWN} more violation(s); run the plan for all of them.`);
    }
    lines.push("");
    return lines.join("\n");
}

/** The comment for a run; never longer than {@link GITHUB_COMMENT_LIMIT} (or `limit`). */
export function formatMarkdown(run: PlanRun, limit = GITHUB_COMMENT_LIMIT): string {
    const head = [
        `## Offline plan: ${run.exit.code === 0 ? "every stack passes" : "**some stacks fail**"}`,
        "",
        "| stack | resources | pools | workloads (placed at max size) | scenarios | policy violations | verdict |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        ...run.reports.map(summaryRow),
        "",
    ].join("\n");
    let body = head;
    const left: string[] = [];
    for (const r of run.reports) {
        const section = details(r);
        if (body.length + section.length + RESERVE <= limit) body += `\n${section}`;
        else left.push(r.stack);
    }
    if (left.length > 0) body += `\n_Details of ${left.join(", ")} left out to stay under GitHub's ${limit}-character comment limit; see the plan's log._\n`;
    return body.length <= limit ? body : `${body.slice(0, limit - 40)}\n\n_(truncated at the comment limit)_\n`;
}

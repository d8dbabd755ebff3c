/**
 * The html report's change-impact section: the summary, then one row per change, destructive ones first with
 * a red mark, each with what it does (placement windows, gates, failures). Every text is escaped.
 */
import { ACTION_MARKS, changeSubject, listedChanges, summaryLine } from "../../impact";
import { changeDetails, newStackNote } from "../impact-report";
import type { PlanReport } from "../report-types";
import { escapeHtml } from "./escape";

/** The section, or "" when the report has no impact (no `--base`). */
export function impactHtml(report: PlanReport): string {
    const impact = report.impact;
    if (impact === undefined) return "";
    const note = newStackNote(impact);
    const rows = listedChanges(impact).map((change) => {
        const mark = ACTION_MARKS[change.action];
        const kind = change.destructive ? "fail" : change.action === "update" ? "warn" : "info";
        const details = changeDetails(impact, change);
        return `<tr><td class="name"><span class="badge ${kind}">${escapeHtml(mark === "" ? change.action : `${mark} ${change.action}`)}</span></td><td><code>${escapeHtml(changeSubject(change))}</code></td><td>${details.map(escapeHtml).join("<br>")}</td></tr>`;
    });
    const table =
        rows.length === 0
            ? "<p>No resource changes.</p>"
            : `<div class="table"><table><thead><tr><th class="name">Change</th><th>Resource and paths</th><th>What it does</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
    return `<h3>Change impact</h3><p class="meta">${escapeHtml(summaryLine(impact, impact.base.label))}</p>${note === undefined ? "" : `<p class="meta">${escapeHtml(note)}</p>`}${table}`;
}

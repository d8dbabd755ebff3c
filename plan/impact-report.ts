/**
 * The report's impact section in text and markdown, from the lines `impact/format.ts` makes (so every format
 * says the same): the summary, then one row per change, destructive ones first and marked `!!`.
 */
import { ACTION_MARKS, changeSubject, detailLines, followers, followersLine, impactLines, listedChanges, summaryLine } from "../impact";
import type { ResourceChange } from "../impact/types";
import type { ImpactSection } from "./report-types";

/** A change's detail lines with its folded followers (the changes that only follow it). */
export function changeDetails(impact: ImpactSection, change: ResourceChange): string[] {
    const folded = followersLine(followers(impact, change));
    return [...detailLines(change, impact.gates), ...(folded === undefined ? [] : [folded])];
}

/** The note for a stack that has no stack file at the base, or undefined. */
export function newStackNote(impact: ImpactSection): string | undefined {
    return impact.base.stackExisted ? undefined : `the stack has no stack file at ${impact.base.label}: every resource is created`;
}

/** The impact as text lines (printed first by the terminal report). */
export function impactText(impact: ImpactSection): string[] {
    const [summary, ...rest] = impactLines(impact, impact.base.label);
    const note = newStackNote(impact);
    return [summary, ...(note === undefined ? [] : [`  (${note})`]), ...rest];
}

/** Escapes a markdown table cell. */
function cell(text: string): string {
    return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ").replace(/</g, "&lt;");
}

/** The impact as markdown lines: the summary, then a table of the changes (destructive rows marked in bold). */
export function impactMarkdown(impact: ImpactSection): string[] {
    const note = newStackNote(impact);
    const lines = [`**${cell(summaryLine(impact, impact.base.label))}**`, "", ...(note === undefined ? [] : [`_${cell(note)}_`, ""])];
    const listed = listedChanges(impact);
    if (listed.length === 0) return [...lines, "No resource changes.", ""];
    lines.push("| | action | resource and paths | what it does |", "| --- | --- | --- | --- |");
    for (const change of listed) {
        const mark = change.destructive ? `**${ACTION_MARKS[change.action]}**` : cell(ACTION_MARKS[change.action]);
        lines.push(`| ${mark} | ${change.action} | ${cell(changeSubject(change))} | ${changeDetails(impact, change).map(cell).join("<br>")} |`);
    }
    lines.push("");
    return lines;
}

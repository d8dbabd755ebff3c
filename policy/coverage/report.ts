/**
 * The pack's coverage of its peers, computed from the policies' `covers` claims and the peers' catalogue
 * (`./index`): per peer check the policies that stand for it and how, the counts per peer, and the Markdown that
 * docs/policies.md carries between its coverage markers. `npm run coverage:policy` prints the counts;
 * `npm run coverage:policy -- --write` rewrites the docs section. tests/policy/coverage.test.ts fails when the docs
 * and the claims disagree, a claim names no catalogued check, or a counted check is neither covered nor explained.
 */
import * as fs from "fs";
import * as path from "path";
import { findProjectRoot } from "../../plan/project-root";
import type { PeerClaim, PeerId, Relation } from "../common/coverage";
import type { PackPolicy } from "../common/define";
import { allPolicies, policyGroups } from "../pack";
import { PEER_CHECKS, PEER_SOURCES, type PeerCheck } from "./index";

/** One policy's claim on one peer check. */
export interface CoverageClaim extends PeerClaim {
    code: string;
    policy: string;
}

/** A peer check with the claims on it. */
export interface CheckCoverage {
    check: PeerCheck;
    claims: CoverageClaim[];
    /** covered: some claim is equivalent or stricter; weaker: only weaker claims; n/a: explained; uncovered: neither. */
    status: "covered" | "weaker" | "not applicable" | "uncovered";
}

/** The counts for one peer's counted checks. */
export interface PeerCounts {
    peer: PeerId;
    title: string;
    files: string;
    total: number;
    covered: number;
    weaker: number;
    notApplicable: number;
    uncovered: number;
}

/** Every claim of every policy. */
export function claimsOf(policies: readonly PackPolicy[]): CoverageClaim[] {
    return policies.flatMap((p) => p.doc.covers.map((c) => ({ ...c, code: p.doc.code, policy: p.name })));
}

const STRENGTH: Record<Relation, number> = { stricter: 2, equivalent: 2, weaker: 1 };

/** Each catalogued check with its claims and status. */
export function coverageOf(policies: readonly PackPolicy[], checks: readonly PeerCheck[] = PEER_CHECKS): CheckCoverage[] {
    const claims = claimsOf(policies);
    return checks.map((check) => {
        const mine = claims.filter((c) => c.peer === check.peer && c.check === check.id);
        const best = Math.max(0, ...mine.map((c) => STRENGTH[c.relation]));
        const status = best === 2 ? "covered" : best === 1 ? "weaker" : check.notApplicable !== undefined ? "not applicable" : "uncovered";
        return { check, claims: mine, status };
    });
}

/** Problems between the claims and the catalogue, each a sentence naming the policy or check. */
export function coverageProblems(policies: readonly PackPolicy[], checks: readonly PeerCheck[] = PEER_CHECKS): string[] {
    const problems: string[] = [];
    const key = (peer: string, id: string) => `${peer} ${id}`;
    const catalogued = new Map(checks.map((c) => [key(c.peer, c.id), c]));
    const seen = new Set<string>();
    for (const c of checks) {
        if (seen.has(key(c.peer, c.id))) problems.push(`${c.peer} ${c.id} is catalogued twice`);
        seen.add(key(c.peer, c.id));
    }
    const claims = claimsOf(policies);
    for (const c of claims) {
        if (!catalogued.has(key(c.peer, c.check))) problems.push(`${c.policy} claims ${c.peer} ${c.check}, which the peer catalogue (policy/coverage/) does not list`);
        if (c.relation === "weaker" && (c.note ?? "").trim() === "") problems.push(`${c.policy} is weaker than ${c.peer} ${c.check} without a note saying what it passes and why`);
        if (claims.filter((d) => d.policy === c.policy && d.peer === c.peer && d.check === c.check).length > 1) problems.push(`${c.policy} claims ${c.peer} ${c.check} twice`);
    }
    for (const row of coverageOf(policies, checks)) {
        const { check } = row;
        if (row.claims.length > 0 && check.notApplicable !== undefined) problems.push(`${check.peer} ${check.id} is claimed by ${row.claims.map((c) => c.policy).join(", ")} and also marked not applicable`);
        if (check.counted && row.status === "uncovered") problems.push(`${check.peer} ${check.id} (${check.title}) is neither covered by a policy nor marked not applicable with a reason`);
        if (!check.counted && row.claims.length === 0) problems.push(`${check.peer} ${check.id} is listed as claimed, but no policy claims it`);
    }
    return [...new Set(problems)];
}

/** The counts per peer, over the counted checks. */
export function countsPerPeer(policies: readonly PackPolicy[], checks: readonly PeerCheck[] = PEER_CHECKS): PeerCounts[] {
    const rows = coverageOf(policies, checks).filter((r) => r.check.counted);
    return PEER_SOURCES.map((source) => {
        const mine = rows.filter((r) => r.check.peer === source.peer);
        const count = (status: CheckCoverage["status"]) => mine.filter((r) => r.status === status).length;
        return {
            peer: source.peer,
            title: source.title,
            files: `${source.repository} ${source.snapshot}`,
            total: mine.length,
            covered: count("covered"),
            weaker: count("weaker"),
            notApplicable: count("not applicable"),
            uncovered: count("uncovered"),
        };
    });
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function claimText(c: CoverageClaim): string {
    return `${c.code} ${c.relation}${c.note === undefined ? "" : ` (${c.note})`}`;
}

/** The Markdown of docs/policies.md's coverage section. */
export function renderCoverage(policies: readonly PackPolicy[], checks: readonly PeerCheck[] = PEER_CHECKS): string {
    const lines: string[] = [];
    lines.push("### Counts per peer", "");
    lines.push("Counted: every check of the set named (rule files and snapshot in the second column). Covered: a policy is equivalent to it or stricter, judged with prod's settings. Weaker: the policy passes something the check fails; the row below says what and why.", "");
    lines.push("| Peer | Rule files read | Checks | Covered | Weaker | Not applicable | Uncovered |", "|---|---|---|---|---|---|---|");
    for (const c of countsPerPeer(policies, checks)) lines.push(`| ${c.title} | ${cell(c.files)} | ${c.total} | ${c.covered} | ${c.weaker} | ${c.notApplicable} | ${c.uncovered} |`);
    lines.push("");
    const rows = coverageOf(policies, checks);
    for (const source of PEER_SOURCES) {
        lines.push(`### ${source.title}`, "", `Read in ${source.repository} at ${source.snapshot}.`, "");
        lines.push("| Check | What it checks | Rule file | Covered by | Why not applicable |", "|---|---|---|---|---|");
        for (const r of rows.filter((x) => x.check.peer === source.peer)) {
            const by = r.claims.length === 0 ? "–" : r.claims.map(claimText).join("; ");
            lines.push(`| ${cell(r.check.id)}${r.check.counted ? "" : " (claimed, not counted)"} | ${cell(r.check.title)} | \`${cell(r.check.file)}\` | ${cell(by)} | ${cell(r.check.notApplicable ?? "–")} |`);
        }
        lines.push("");
    }
    lines.push("### Coverage by policy", "");
    lines.push("| Code | ID | Peer checks (relation) |", "|---|---|---|");
    for (const p of policies) {
        const claims = p.doc.covers.map((c) => `${c.peer} ${c.check} ${c.relation}`).join("; ");
        lines.push(`| ${p.doc.code} | \`${p.name}\` | ${cell(claims === "" ? "–" : claims)} |`);
    }
    return lines.join("\n");
}

/** The claims docs/policies.md lists in its "Coverage by policy" table, as `<policy> <peer> <check> <relation>`. */
export function claimsInDocs(markdown: string): string[] {
    const start = markdown.indexOf("### Coverage by policy");
    if (start < 0) return [];
    const out: string[] = [];
    for (const line of markdown.slice(start).split("\n")) {
        const m = /^\| [A-Z]+-\d{3} \| `([^`]+)` \| (.*) \|$/.exec(line);
        if (m === null || m[2] === "–") continue;
        for (const claim of m[2].split("; ")) out.push(`${m[1]} ${claim}`);
    }
    return out.sort();
}

/** The generated sections of docs/policies.md, by name: between `<!-- <name>:begin … -->` and `<!-- <name>:end -->`. */
export type GeneratedSection = "policies" | "coverage";

/** The opening marker of a generated section. */
export function beginMarker(section: GeneratedSection): string {
    return `<!-- ${section}:begin (generated by npm run coverage:policy -- --write; do not edit) -->`;
}

/** The closing marker of a generated section. */
export function endMarker(section: GeneratedSection): string {
    return `<!-- ${section}:end -->`;
}

/** The text between a section's markers, or undefined when they are missing. */
export function sectionOf(markdown: string, section: GeneratedSection): string | undefined {
    const begin = markdown.indexOf(beginMarker(section));
    const end = markdown.indexOf(endMarker(section));
    return begin < 0 || end < begin ? undefined : markdown.slice(begin + beginMarker(section).length + 1, end - 1);
}

/** docs/policies.md with one generated section replaced. */
export function withSection(markdown: string, section: GeneratedSection, text: string): string {
    const begin = markdown.indexOf(beginMarker(section));
    const end = markdown.indexOf(endMarker(section));
    if (begin < 0 || end < begin) throw new Error(`docs/policies.md: the markers ${beginMarker(section)} and ${endMarker(section)} are missing`);
    return `${markdown.slice(0, begin + beginMarker(section).length)}\n${text}\n${markdown.slice(end)}`;
}

function settingsText(policy: PackPolicy): string {
    const props = Object.entries(policy.configSchema?.properties ?? {}).filter(([k]) => k !== "exemptions" && k !== "asOf");
    return props.length === 0 ? "–" : props.map(([k, v]) => `\`${k}\` (${JSON.stringify((v as { default?: unknown }).default)})`).join(", ");
}

function appliesTo(policy: PackPolicy): string {
    if (policy.types === undefined) return "stack";
    return [...new Set(policy.types.map((t) => t.slice(t.lastIndexOf(":") + 1)))].join(", ");
}

/** The Markdown tables of every policy, one per group: code, ID, severity, what it applies to, what it checks, remediation, settings, doc link. */
export function renderPolicyTables(groups: Readonly<Record<string, readonly PackPolicy[]>>): string {
    const lines: string[] = [];
    for (const [group, policies] of Object.entries(groups)) {
        lines.push(`### ${group}`, "", "| Code | ID (policy name) | Severity | Applies to | What it checks | Remediation | Settings (default) | Doc |", "|---|---|---|---|---|---|---|---|");
        for (const p of policies) {
            lines.push(`| ${p.doc.code} | \`${p.name}\` | ${p.doc.severity} | ${cell(appliesTo(p))} | ${cell(p.doc.description)} | ${cell(p.doc.remediation)} | ${cell(settingsText(p))} | [doc](${p.doc.url}) |`);
        }
        lines.push("");
    }
    return lines.join("\n").trimEnd();
}

if (require.main === module) {
    const problems = coverageProblems(allPolicies);
    for (const c of countsPerPeer(allPolicies)) {
        process.stdout.write(`${c.title}: ${c.total} checks, ${c.covered} covered (equivalent or stricter), ${c.weaker} weaker, ${c.notApplicable} not applicable, ${c.uncovered} uncovered\n`);
    }
    if (process.argv.includes("--write")) {
        const file = path.join(findProjectRoot(__dirname), "docs", "policies.md");
        const text = withSection(withSection(fs.readFileSync(file, "utf8"), "policies", renderPolicyTables(policyGroups)), "coverage", renderCoverage(allPolicies));
        fs.writeFileSync(file, text);
        process.stdout.write(`wrote the policy tables and the coverage section of ${path.relative(process.cwd(), file)}\n`);
    }
    if (problems.length > 0) {
        process.stderr.write(`${problems.join("\n")}\n`);
        process.exitCode = 1;
    }
}

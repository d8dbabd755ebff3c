/**
 * `--html FILE`: the plan of one or more stacks as ONE self-contained html page (inline CSS and SVG; no script,
 * font, image or other file needed to read it). Per stack: a header with its verdicts, the change impact (with
 * `--base`), the node pools, a
 * picture per pool (allocatable against the requests of each workload at minimum and maximum size), the
 * placement of each workload, the scenario verdicts and the policy results. Every text is escaped.
 */
import type { PlanReport, PoolFacts, PolicyResult, ResourceNode, ScenarioPlan, WorkloadPlan } from "../report-types";
import { humanQuantities, quantitiesText } from "./amounts";
import { impactHtml } from "./impact";
import { anchorId, escapeHtml } from "./escape";
import { poolPictureSvg, SYSTEM_SEGMENT } from "./pool-picture";
import { colorScale, CSS } from "./styles";

type Html = string;

function badge(kind: "ok" | "fail" | "warn" | "info", text: string): Html {
    return `<span class="badge ${kind}">${escapeHtml(text)}</span>`;
}

function list(items: readonly string[], className?: string): Html {
    if (items.length === 0) return "";
    return `<ul${className === undefined ? "" : ` class="${className}"`}>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`;
}

function table(headers: readonly string[], rows: readonly Html[][], numeric: readonly number[] = [], unbroken: readonly number[] = []): Html {
    const cls = (i: number): string => (numeric.includes(i) ? ' class="num"' : i === 0 || unbroken.includes(i) ? ' class="name"' : "");
    const head = `<tr>${headers.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join("")}</tr>`;
    const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join("")}</tr>`).join("");
    return `<div class="table"><table><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

/** Items one per line, so that a narrow column does not break an item apart. */
function lines(items: readonly string[]): Html {
    return items.map(escapeHtml).join("<br>");
}

function byPoolText(byPool: Record<string, Record<string, number>>): string[] {
    return Object.entries(byPool).map(([pool, zones]) => {
        const perZone = Object.entries(zones).map(([zone, n]) => `${zone === "" ? "no zone" : zone}: ${n}`);
        return `${pool}: ${perZone.join(", ")}`;
    });
}

/** Several clusters in one stack are rare: their name prefixes pools and workloads only then. */
function qualifier(report: PlanReport): (cluster: string, name: string) => string {
    const clusters = new Set(report.pools.map((p) => p.cluster));
    return clusters.size > 1 ? (cluster, name) => `${cluster}/${name}` : (_cluster, name) => name;
}

function stackHeader(report: PlanReport): Html {
    const ok = report.exit.code === 0;
    const promised = report.placement.scenarios.filter((s) => s.promised);
    const mandatory = report.policies.results.filter((r) => r.enforcement === "mandatory").length;
    const advisory = report.policies.results.length - mandatory;
    const verdicts = [
        badge(ok ? "ok" : "fail", ok ? "PASS" : `FAIL (exit ${report.exit.code})`),
        ...promised.map((s) => badge(s.ok ? "ok" : "fail", `${s.scenario} ${s.ok ? "ok" : "fails"}`)),
        badge(mandatory === 0 ? "ok" : "fail", `${mandatory} mandatory violation${mandatory === 1 ? "" : "s"}`),
        badge(advisory === 0 ? "ok" : "warn", `${advisory} advisory`),
    ];
    const meta = [
        `${report.file}`,
        `${report.location}`,
        `Kubernetes ${report.kubernetesVersion}`,
        `${report.resources.total} resources`,
        ...(report.manifests.length > 0 ? [`manifests: ${report.manifests.join(", ")}`] : []),
    ];
    return [
        `<h2>Stack ${escapeHtml(report.stack)}</h2>`,
        `<p class="meta">${meta.map(escapeHtml).join(" · ")}</p>`,
        `<div class="verdicts">${verdicts.join("")}</div>`,
        list(report.exit.reasons, "reasons"),
    ].join("");
}

function poolsTable(report: PlanReport): Html {
    const name = qualifier(report);
    const rows = report.pools.map((p: PoolFacts) => {
        const plan = report.placement.pools.find((q) => q.cluster === p.cluster && q.pool === p.name);
        const alloc = p.allocatablePerNode;
        return [
            `<strong>${escapeHtml(name(p.cluster, p.name))}</strong>`,
            escapeHtml(p.mode) + (p.spot ? ` ${badge("warn", "spot")}` : ""),
            `<code>${escapeHtml(p.vmSize)}</code>`,
            p.zones.length === 0 ? "regional" : p.zones.map(escapeHtml).join("<br>"),
            escapeHtml(`${p.minNodes}–${p.maxNodes}`),
            lines(humanQuantities(Object.fromEntries(["cpu", "memory", "pods", "nvidia.com/gpu"].filter((r) => alloc[r] !== undefined).map((r) => [r, alloc[r]])))),
            p.taints.length === 0 ? "" : p.taints.map((t) => `<code>${escapeHtml(t)}</code>`).join("<br>"),
            escapeHtml(plan === undefined ? "" : String(plan.nodesNeeded)),
            plan === undefined ? "" : lines(humanQuantities(plan.headroom)),
            plan === undefined || plan.podsBeyondMax === 0 ? "" : badge("fail", `${plan.podsBeyondMax} pod${plan.podsBeyondMax === 1 ? "" : "s"} beyond max`),
        ];
    });
    return `<h3>Node pools</h3>${table(["Pool", "Mode", "VM size", "Zones", "Nodes min–max", "Allocatable per node", "Taints", "Nodes needed", "Headroom at max", ""], rows, [4, 7], [2, 3, 5, 8])}`;
}

function legend(keys: readonly string[], colorOf: (key: string) => string): Html {
    const items = keys.map((k) => `<li><i style="background:${colorOf(k)}"></i>${escapeHtml(k === SYSTEM_SEGMENT ? "AKS system pods (kube-system, DaemonSets)" : k)}</li>`);
    return `<ul class="legend">${items.join("")}</ul>`;
}

function poolPictures(report: PlanReport): Html {
    const name = qualifier(report);
    const workloads = report.placement.workloads.map((w) => w.workload);
    for (const load of report.poolLoads) for (const w of load.workloads) if (!workloads.includes(w.workload)) workloads.push(w.workload);
    const colorOf = colorScale(workloads);
    const figures = report.pools.map((p) => {
        const loads = report.poolLoads.filter((l) => l.cluster === p.cluster && l.pool === p.name);
        if (loads.length === 0) return "";
        const keys = [SYSTEM_SEGMENT, ...workloads.filter((w) => loads.some((l) => l.workloads.some((x) => x.workload === w)))];
        return `<figure class="pool" id="${anchorId("pool", report.stack, name(p.cluster, p.name))}"><figcaption>${escapeHtml(`${name(p.cluster, p.name)} (${p.vmSize})`)}</figcaption>${poolPictureSvg(loads, colorOf)}${legend(keys, colorOf)}</figure>`;
    });
    return `<h3>Capacity per pool</h3><p class="meta">Each bar is the pool's whole allocatable; filled: the requests of the pods placed on it.</p>${figures.join("")}`;
}

function workloadsTable(report: PlanReport): Html {
    const name = qualifier(report);
    const rows = report.placement.workloads.map((w: WorkloadPlan) => [
        `<strong>${escapeHtml(name(w.cluster, w.workload))}</strong><br><span class="meta">${escapeHtml(w.source)}</span>`,
        escapeHtml(quantitiesText(w.podRequests)),
        `${badge(w.placed === w.replicas ? "ok" : "fail", `${w.placed}/${w.replicas}`)}`,
        list(byPoolText(w.byPool)),
        list(w.reasons, "reasons"),
    ]);
    return `<h3>Placement at the pools' maximum size</h3>${table(["Workload", "Requests per pod", "Placed", "Per pool and zone", "Why not placed"], rows, [2])}`;
}

function scenariosTable(report: PlanReport): Html {
    const name = qualifier(report);
    const clusters = new Set(report.placement.scenarios.map((s) => s.cluster)).size;
    const rows = report.placement.scenarios.map((s: ScenarioPlan) => [
        `<strong>${escapeHtml(clusters > 1 ? name(s.cluster, s.scenario) : s.scenario)}</strong>`,
        s.promised ? badge("info", "promised") : "",
        badge(s.ok ? "ok" : s.promised ? "fail" : "warn", s.ok ? "ok" : "fails"),
        escapeHtml(s.description),
        list(s.problems),
    ]);
    return `<h3>Scenarios</h3>${table(["Scenario", "", "Verdict", "What it does", "Problems"], rows)}`;
}

function policiesSection(report: PlanReport): Html {
    const { policies } = report;
    const meta = [
        policies.configFile === undefined ? "no policy config file (pack defaults)" : `config ${policies.configFile}`,
        `${policies.evaluated} polic${policies.evaluated === 1 ? "y" : "ies"} evaluated`,
        ...(policies.disabled.length > 0 ? [`disabled: ${policies.disabled.join(", ")}`] : []),
    ];
    const rows = policies.results.map((r: PolicyResult) => [
        badge(r.enforcement === "mandatory" ? "fail" : "warn", r.enforcement),
        escapeHtml(r.severity),
        `<code>${escapeHtml(r.code)}</code>`,
        `${escapeHtml(r.name)}<br><code>${escapeHtml(r.id)}</code>`,
        escapeHtml(r.message),
        r.resource === undefined ? "" : `<code>${escapeHtml(r.resource)}</code>`,
    ]);
    const body = rows.length === 0 ? `<p>${badge("ok", "no violations")}</p>` : table(["Enforcement", "Severity", "Code", "Policy", "Message", "Resource"], rows);
    return `<h3>Policies</h3><p class="meta">${meta.map(escapeHtml).join(" · ")}</p>${body}`;
}

function treeItems(nodes: readonly ResourceNode[]): Html {
    if (nodes.length === 0) return "";
    return `<ul class="tree">${nodes.map((n) => `<li><code>${escapeHtml(n.type)}</code> ${escapeHtml(n.name)}${treeItems(n.children)}</li>`).join("")}</ul>`;
}

function resourcesSection(report: PlanReport): Html {
    const rows = Object.entries(report.resources.byType).map(([type, count]) => [`<code>${escapeHtml(type)}</code>`, escapeHtml(String(count))]);
    return [
        `<h3>Resources the program declares</h3>`,
        `<details><summary>${escapeHtml(`${report.resources.total} registrations, ${rows.length} types`)}</summary>${table(["Type", "Count"], rows, [1])}</details>`,
        `<details><summary>Component tree</summary>${treeItems(report.resources.tree)}</details>`,
    ].join("");
}

function stackSection(report: PlanReport): Html {
    return `<section class="stack" id="${anchorId("stack", report.stack)}">${[
        stackHeader(report),
        impactHtml(report),
        poolsTable(report),
        poolPictures(report),
        workloadsTable(report),
        scenariosTable(report),
        policiesSection(report),
        resourcesSection(report),
    ].join("")}</section>`;
}

/**
 * The html report of a run: one page, a header linking each stack with its verdict, then a section per stack.
 * Self-contained (no script, stylesheet link, font or image to fetch); every text from the reports is escaped.
 *
 * @param reports The stacks' plans, in the order to show them (`buildPlanReport`'s results).
 */
export function renderHtmlReport(reports: PlanReport[]): string {
    const title = `Offline plan: ${reports.map((r) => r.stack).join(", ")}`;
    const links = reports.map((r) => `<li><a href="#${anchorId("stack", r.stack)}">${escapeHtml(r.stack)}</a> ${badge(r.exit.code === 0 ? "ok" : "fail", r.exit.code === 0 ? "PASS" : "FAIL")}</li>`);
    return [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        `<title>${escapeHtml(title)}</title>`,
        `<style>${CSS}</style></head><body>`,
        `<header class="run"><h1>${escapeHtml(title)}</h1><ul>${links.join("")}</ul></header>`,
        `<main>${reports.length === 0 ? "<p>No stack was planned.</p>" : reports.map(stackSection).join("")}</main>`,
        "</body></html>",
        "",
    ].join("\n");
}

/**
 * The impact as lines of text, shared by every report format: a summary, then one line per change (the
 * destructive ones first, marked `!!`), each followed by indented detail lines (placement windows, gates,
 * failures). Pure.
 */
import { parseUrn } from "./match";
import type { ChangePlacement, GateFinding, ImpactAction, ImpactAnalysis, ResourceChange, WorkloadWindow } from "./types";

/** A type token without its package when that is azure-native or kubernetes (`containerservice:AgentPool`). */
export function shortType(type: string): string {
    return /^(azure-native|kubernetes):/.test(type) ? type.slice(type.indexOf(":") + 1) : type;
}

/** The mark of an action: `!!` destructive, `~` update, `+` create, blank for same. */
export const ACTION_MARKS: Readonly<Record<ImpactAction, string>> = { replace: "!!", delete: "!!", update: "~", create: "+", same: "" };

/** The order changes are listed in: destructive first. */
const ORDER: readonly ImpactAction[] = ["replace", "delete", "update", "create"];

/** `Change impact against <base>: 1 to replace, 0 to delete, 2 to update, 1 to create, 40 unchanged`. */
export function summaryLine(analysis: ImpactAnalysis, baseLabel: string): string {
    const c = analysis.counts;
    return `Change impact against ${baseLabel}: ${c.replace} to replace, ${c.delete} to delete, ${c.update} to update, ${c.create} to create, ${c.same} unchanged`;
}

/** A change without its mark and action: `containerservice:AgentPool platform-pool-general-agentpool: vmSize (delete-first)`. */
export function changeSubject(change: ResourceChange): string {
    const head = `${shortType(change.type)} ${change.name}`;
    if (change.action === "replace") {
        const cause = change.causedBy === undefined ? "" : `; follows ${shortType(parseUrn(change.causedBy).qualifiedType.split("$").pop() ?? "")} ${parseUrn(change.causedBy).name}`;
        return `${head}: ${change.paths.join(", ")} (${change.deleteFirst ? "delete-first" : "create-first"}${cause})`;
    }
    if (change.action === "update") return `${head}: ${change.paths.join(", ")}`;
    return head;
}

/** The one line of a change (without indentation), e.g. `!! replace containerservice:AgentPool platform-pool-general-agentpool: vmSize (delete-first)`. */
export function changeLine(change: ResourceChange): string {
    return `${ACTION_MARKS[change.action].padEnd(2)} ${change.action.padEnd(7)} ${changeSubject(change)}`;
}

function windowList(workloads: readonly WorkloadWindow[]): string {
    return workloads.map((w) => `${w.workload} ${w.placed} of ${w.replicas}`).join("; ");
}

function placementLines(placement: ChangePlacement, action: ImpactAction): string[] {
    switch (placement.kind) {
        case "pool": {
            const lines: string[] = [];
            if (placement.during !== undefined) {
                lines.push(
                    placement.during.ok
                        ? `while pool ${placement.pool} is gone: every workload keeps its replicas`
                        : `while pool ${placement.pool} is gone: ${placement.during.workloads.map((w) => `${w.workload} keeps ${w.placed} of ${w.before} replicas`).join("; ")}`,
                );
            }
            const label = action === "delete" ? `without pool ${placement.pool}` : `with the new pool ${placement.pool}`;
            if (placement.after.workloads.length === 0) lines.push(`${label}: no workload ran on it`);
            else lines.push(placement.after.ok ? `${label}: every workload fits (${windowList(placement.after.workloads)})` : `${label}: does not fit: ${windowList(placement.after.workloads.filter((w) => w.placed < w.replicas))}`);
            if (action === "delete" && placement.targetedBy.length > 0) lines.push(`still targeted by ${placement.targetedBy.join(", ")}`);
            return lines;
        }
        case "cluster": {
            const list = (items: readonly string[]) => (items.length === 0 ? "" : ` (${items.join(", ")})`);
            return [`destroys everything on cluster ${placement.cluster}: ${placement.workloads.length} workload(s)${list(placement.workloads)} and ${placement.volumes.length} volume(s)${list(placement.volumes)}`];
        }
        case "rolling":
            return placement.ok
                ? [`rolls the nodes of pool ${placement.pool} (${placement.rollingPaths.join(", ")}): upgrade-drain ok`]
                : [`rolls the nodes of pool ${placement.pool} (${placement.rollingPaths.join(", ")}): upgrade-drain FAILS`, ...placement.problems.map((p) => `  ${p}`)];
    }
}

function gateLine(finding: GateFinding): string {
    switch (finding.verdict) {
        case "refused":
            return `REFUSED by the change gates (${finding.change}): allow it with aks-platform:changeImpact.allow and a reason`;
        case "allowed":
            return `allowed (${finding.change}): ${finding.reason ?? ""}`;
        case "advisory":
            return `gated change (${finding.change}): advisory here, refused where the gates are mandatory`;
    }
}

/** The detail lines of a change (without indentation). */
export function detailLines(change: ResourceChange, gates: readonly GateFinding[]): string[] {
    const lines: string[] = [];
    if (change.aliasOf !== undefined) lines.push(`continues ${change.aliasOf} (alias)`);
    if (change.placement !== undefined) lines.push(...placementLines(change.placement, change.action));
    for (const finding of gates.filter((g) => g.urn === change.urn)) lines.push(gateLine(finding));
    if (change.protectedFailure) lines.push("FAILS in pulumi up: the resource is protected (protect: true)");
    if (change.refusedPaths.length > 0) lines.push(`FAILS in pulumi up: the API refuses changing ${change.refusedPaths.join(", ")} in place`);
    if (change.ignoredPaths.length > 0) lines.push(`not applied: ignoreChanges keeps ${change.ignoredPaths.join(", ")} as deployed`);
    if (change.untabled) lines.push(`no force-new table for ${change.type}: a replacement cannot be predicted offline; check with pulumi preview`);
    return lines;
}

/** The change a caused change comes from, following `causedBy` to a change that has no cause. */
function rootOf(change: ResourceChange, byUrn: Map<string, ResourceChange>): ResourceChange {
    let at = change;
    for (let hops = 0; at.causedBy !== undefined && byUrn.has(at.causedBy) && hops < byUrn.size; hops++) at = byUrn.get(at.causedBy)!;
    return at;
}

/**
 * The changes caused by `root` (directly or through others), which the listings fold under it, unless they
 * carry a failure or a gate of their own.
 */
export function followers(analysis: ImpactAnalysis, root: ResourceChange): ResourceChange[] {
    const byUrn = new Map(analysis.changes.map((c) => [c.urn, c]));
    return analysis.changes.filter((c) => c !== root && c.causedBy !== undefined && !standsAlone(c, analysis) && rootOf(c, byUrn) === root);
}

function standsAlone(change: ResourceChange, analysis: ImpactAnalysis): boolean {
    return change.protectedFailure || change.refusedPaths.length > 0 || analysis.gates.some((g) => g.urn === change.urn);
}

/**
 * The changes to list, destructive first: every action but `same` (and `same` resources whose ignored paths
 * differ), except the changes that only follow another one (folded into its details).
 */
export function listedChanges(analysis: ImpactAnalysis): ResourceChange[] {
    const shown = analysis.changes.filter((c) => (c.action !== "same" || c.ignoredPaths.length > 0) && (c.causedBy === undefined || standsAlone(c, analysis)));
    return [...ORDER, "same" as const].flatMap((action) => shown.filter((c) => c.action === action));
}

/** `with it: 28 replaced (apps/v1:Deployment 3, core/v1:Service 3, …)`: the folded followers of a change. */
export function followersLine(list: readonly ResourceChange[]): string | undefined {
    if (list.length === 0) return undefined;
    const byAction = new Map<string, Map<string, number>>();
    for (const c of list) {
        const types = byAction.get(c.action) ?? new Map<string, number>();
        types.set(shortType(c.type), (types.get(shortType(c.type)) ?? 0) + 1);
        byAction.set(c.action, types);
    }
    const parts = [...byAction].map(([action, types]) => `${[...types.values()].reduce((a, b) => a + b, 0)} ${action === "replace" ? "replaced" : `${action}d`} (${[...types].map(([t, n]) => `${t} ${n}`).join(", ")})`);
    return `with it: ${parts.join("; ")}`;
}

/** The whole impact as text lines: the summary, then each change and its details (indented). */
export function impactLines(analysis: ImpactAnalysis, baseLabel: string): string[] {
    const lines = [summaryLine(analysis, baseLabel)];
    for (const change of listedChanges(analysis)) {
        lines.push(`  ${changeLine(change)}`);
        const folded = followersLine(followers(analysis, change));
        for (const detail of [...detailLines(change, analysis.gates), ...(folded === undefined ? [] : [folded])]) lines.push(`        ${detail}`);
    }
    return lines;
}

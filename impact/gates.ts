/**
 * The change gates: a replacement of the cluster, a replacement of a System pool, or the deletion of a pool that
 * workloads still target. A stack whose settings make the gates mandatory (staging and prod) refuses them unless
 * its `aks-platform:changeImpact.allow` lists the change with a reason; an advisory stack (dev) reports them.
 * Pure.
 */
import { AGENT_POOL, MANAGED_CLUSTER } from "./replacement-cost";
import type { GateFinding, GateSettings, GatedChange, ImpactResource, ResourceChange } from "./types";

function stringInput(resource: ImpactResource | undefined, key: string): string | undefined {
    const value = resource?.inputs[key];
    return typeof value === "string" ? value : undefined;
}

/** The gated change a resource change is, with its target and sentence; undefined for any other change. */
function gated(change: ResourceChange, base: ImpactResource | undefined, head: ImpactResource | undefined): { change: GatedChange; target: string; message: string } | undefined {
    if (change.type === MANAGED_CLUSTER && change.action === "replace") {
        const target = stringInput(base, "resourceName") ?? change.name;
        return { change: "replace-cluster", target, message: `replaces cluster ${target} (${change.paths.join(", ")}): every workload and volume on it is destroyed` };
    }
    if (change.type !== AGENT_POOL) return undefined;
    const pool = stringInput(base, "agentPoolName") ?? change.name;
    if (change.action === "replace" && (stringInput(base, "mode") === "System" || stringInput(head, "mode") === "System")) {
        return { change: "replace-system-pool", target: pool, message: `replaces System pool ${pool} (${change.paths.join(", ")})` };
    }
    const targetedBy = change.placement?.kind === "pool" ? change.placement.targetedBy : [];
    if (change.action === "delete" && targetedBy.length > 0) {
        return { change: "delete-targeted-pool", target: pool, message: `deletes pool ${pool}, which ${targetedBy.join(", ")} still ${targetedBy.length === 1 ? "targets" : "target"}` };
    }
    return undefined;
}

/** The gate findings of a comparison under a stack's settings, in change order. */
export function evaluateGates(changes: readonly ResourceChange[], base: readonly ImpactResource[], head: readonly ImpactResource[], settings: GateSettings): GateFinding[] {
    const baseByUrn = new Map(base.map((r) => [r.urn, r]));
    const headByUrn = new Map(head.map((r) => [r.urn, r]));
    const findings: GateFinding[] = [];
    for (const change of changes) {
        const found = gated(change, baseByUrn.get(change.aliasOf ?? change.urn), headByUrn.get(change.urn));
        if (found === undefined) continue;
        const allowance = settings.allow.find((a) => a.change === found.change && a.target === found.target);
        const verdict = settings.gates === "advisory" ? "advisory" : allowance === undefined ? "refused" : "allowed";
        findings.push({ ...found, urn: change.urn, verdict, ...(verdict === "allowed" ? { reason: allowance!.reason } : {}) });
    }
    return findings;
}

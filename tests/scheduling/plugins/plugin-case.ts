/**
 * Shared runner for the plugin fixture tables: each case is one pod, one node (plus the pods already on it)
 * and the wanted PreFilter and Filter statuses, re-expressed from kube-scheduler's own unit tests.
 */
import { createCycleState } from "../../../scheduling/framework/cycle-state";
import type { CycleContext, FilterPlugin, Status } from "../../../scheduling/framework/interfaces";
import { createPodInfo } from "../../../scheduling/framework/node-info";
import { createSnapshot } from "../../../scheduling/framework/snapshot";
import type { V1Node, V1Pod } from "../../../scheduling/model/types";

/** A wanted status: null means Success (no status). */
export type WantStatus = { code: Status["code"]; reasons: string[] } | null;

/** One fixture case. */
export interface PluginCase {
    name: string;
    pod: V1Pod;
    node: V1Node;
    existingPods?: V1Pod[];
    featureGates?: Record<string, boolean>;
    /** The wanted PreFilter status; absent means Success (or no PreFilter). */
    wantPreFilter?: WantStatus;
    /** The wanted PreFilter node names; absent means all nodes. */
    wantPreFilterNodeNames?: string[];
    /** The wanted Filter status; Filter runs even after a PreFilter rejection or Skip, as upstream's tables do. */
    want?: WantStatus;
    /** Whether PreFilter runs before Filter. Defaults to true. */
    runPreFilter?: boolean;
    /** False for cases we added beside the upstream ones. Defaults to true. */
    upstream?: boolean;
}

/** A fixture file: where its cases come from, and the cases. */
export interface PluginFixture {
    source: string;
    cases: PluginCase[];
}

/** What running one case produced. */
export interface CaseOutcome {
    preFilter: WantStatus;
    preFilterNodeNames?: string[];
    filter: WantStatus;
}

function plain(status: Status | undefined): WantStatus {
    return status === undefined || status.code === "Success" ? null : { code: status.code, reasons: [...status.reasons] };
}

/** Runs the plugin's PreFilter (if any and wanted), then its Filter on the case's node. */
export function runPluginCase(plugin: FilterPlugin, c: PluginCase): CaseOutcome {
    const existing = (c.existingPods ?? []).map((p) => ({ ...p, spec: { ...p.spec, containers: p.spec?.containers ?? [], nodeName: c.node.metadata?.name } }));
    const snapshot = createSnapshot({ nodes: [c.node], existingPods: existing });
    const ctx: CycleContext = { state: createCycleState(), pod: c.pod, podInfo: createPodInfo(c.pod), snapshot, featureGates: c.featureGates ?? {} };
    const result = c.runPreFilter === false ? undefined : plugin.preFilter?.(ctx);
    const outcome: CaseOutcome = { preFilter: plain(result?.status), filter: null };
    if (result?.nodeNames !== undefined) outcome.preFilterNodeNames = [...result.nodeNames].sort();
    outcome.filter = plain(plugin.filter(ctx, snapshot.nodeInfos[0]));
    return outcome;
}

/** What the case wants, in the shape {@link runPluginCase} returns. */
export function wanted(c: PluginCase): CaseOutcome {
    const outcome: CaseOutcome = { preFilter: c.wantPreFilter ?? null, filter: c.want ?? null };
    if (c.wantPreFilterNodeNames !== undefined) outcome.preFilterNodeNames = [...c.wantPreFilterNodeNames].sort();
    return outcome;
}

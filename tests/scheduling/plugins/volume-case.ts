/**
 * Runner for the volume plugins' fixture tables: each case is one pod, one or more nodes (with the pods already on
 * them), the storage objects, and the wanted PreFilter result and Filter status per node, re-expressed from
 * kube-scheduler's own unit tests. Upstream's tables differ in when they call Filter: always (VolumeZone), only
 * after a successful PreFilter (VolumeRestrictions, VolumeBinding), or unless PreFilter skipped (NodeVolumeLimits);
 * `filterWhen` says which.
 */
import { createCycleState } from "../../../scheduling/framework/cycle-state";
import type { CycleContext, FilterPlugin } from "../../../scheduling/framework/interfaces";
import { createPodInfo } from "../../../scheduling/framework/node-info";
import { createSnapshot } from "../../../scheduling/framework/snapshot";
import type { StorageInput } from "../../../scheduling/framework/storage";
import type { V1Node, V1Pod } from "../../../scheduling/model/types";
import type { WantStatus } from "./plugin-case";

/** One case. */
export interface VolumeCase {
    name: string;
    pod: V1Pod;
    nodes: V1Node[];
    /** Pods on the nodes, each naming its node by `spec.nodeName` (the first node when unset). */
    existingPods?: V1Pod[];
    /** The storage objects, or the name of a fixture-level set (`storages`). */
    storage?: StorageInput | string;
    /** More storage objects, added to `storage`'s lists. */
    extraStorage?: StorageInput;
    /** Absent: Success. */
    wantPreFilter?: WantStatus;
    wantPreFilterNodeNames?: string[];
    /** The Filter status of every node, or per node name; absent: Success everywhere. */
    want?: WantStatus | Record<string, WantStatus>;
    /** Why our expectation words something differently from upstream's table. */
    note?: string;
}

/** A fixture file. */
export interface VolumeFixture {
    source: string;
    filterWhen: "always" | "success" | "notSkip";
    storages?: Record<string, StorageInput>;
    cases: VolumeCase[];
}

/** What a case produced: the PreFilter outcome and each node's Filter status (absent nodes: Filter not run). */
export interface VolumeOutcome {
    preFilter: WantStatus;
    preFilterNodeNames?: string[];
    filter: Record<string, WantStatus>;
}

function plain(status: { code: string; reasons: string[] } | undefined): WantStatus {
    return status === undefined || status.code === "Success" ? null : ({ code: status.code, reasons: [...status.reasons] } as WantStatus);
}

/** Runs the plugin's PreFilter, then its Filter on every node as the fixture's `filterWhen` says. */
export function runVolumeCase(plugin: FilterPlugin, fixture: VolumeFixture, c: VolumeCase): VolumeOutcome {
    const base = typeof c.storage === "string" ? fixture.storages![c.storage] : (c.storage ?? {});
    const extra = c.extraStorage ?? {};
    const storage: StorageInput = {
        persistentVolumeClaims: [...(base.persistentVolumeClaims ?? []), ...(extra.persistentVolumeClaims ?? [])],
        persistentVolumes: [...(base.persistentVolumes ?? []), ...(extra.persistentVolumes ?? [])],
        storageClasses: [...(base.storageClasses ?? []), ...(extra.storageClasses ?? [])],
        csiNodes: [...(base.csiNodes ?? []), ...(extra.csiNodes ?? [])],
    };
    const existing = (c.existingPods ?? []).map((p) => ({ ...p, spec: { ...p.spec, containers: p.spec?.containers ?? [], nodeName: p.spec?.nodeName ?? c.nodes[0].metadata?.name } }));
    const snapshot = createSnapshot({ nodes: c.nodes, existingPods: existing, storage });
    const ctx: CycleContext = { state: createCycleState(), pod: c.pod, podInfo: createPodInfo(c.pod), snapshot, featureGates: {} };
    const result = plugin.preFilter?.(ctx);
    const outcome: VolumeOutcome = { preFilter: plain(result?.status), filter: {} };
    if (result?.nodeNames !== undefined) outcome.preFilterNodeNames = [...result.nodeNames].sort();
    const code = result?.status?.code;
    const run = fixture.filterWhen === "always" || (fixture.filterWhen === "notSkip" ? code !== "Skip" : code === undefined || code === "Success");
    if (run) for (const nodeInfo of snapshot.nodeInfos) outcome.filter[nodeInfo.name] = plain(plugin.filter(ctx, nodeInfo));
    return outcome;
}

/** What the case wants, in the shape {@link runVolumeCase} returns. */
export function wantedVolume(fixture: VolumeFixture, c: VolumeCase): VolumeOutcome {
    const preFilter = c.wantPreFilter ?? null;
    const outcome: VolumeOutcome = { preFilter, filter: {} };
    if (c.wantPreFilterNodeNames !== undefined) outcome.preFilterNodeNames = [...c.wantPreFilterNodeNames].sort();
    const code = preFilter?.code;
    const run = fixture.filterWhen === "always" || (fixture.filterWhen === "notSkip" ? code !== "Skip" : preFilter === null);
    if (!run) return outcome;
    const perNode = c.want !== undefined && c.want !== null && !("code" in c.want);
    for (const node of c.nodes) {
        const name = node.metadata!.name!;
        outcome.filter[name] = perNode ? ((c.want as Record<string, WantStatus>)[name] ?? null) : ((c.want as WantStatus | undefined) ?? null);
    }
    return outcome;
}

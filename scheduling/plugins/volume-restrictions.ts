/**
 * VolumeRestrictions: volumes that two pods may not share on one node (kubernetes/kubernetes
 * `pkg/scheduler/framework/plugins/volumerestrictions/volume_restrictions.go`, v1.35):
 * - inline disks: the same GCE PD (unless both read-only), the same AWS EBS volume ID, the same iSCSI IQN
 *   (unless both read-only), the same Ceph RBD image (a shared monitor, pool and image, unless both read-only)
 *   conflict with a pod on the node: "node(s) had no available disk" (Unschedulable);
 * - a claim with the `ReadWriteOncePod` access mode already used by any pod of the cluster rejects every node:
 *   "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode" (Unschedulable,
 *   so preemption can free it);
 * - PreFilter reads the pod's claims (a missing claim is UnschedulableAndUnresolvable with the API's not-found
 *   text) and returns Skip when the pod has neither an inline disk nor a used ReadWriteOncePod claim;
 * - `addPod` / `removePod` keep the count of pods using the pod's ReadWriteOncePod claims.
 * See https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
 */
import type { CycleContext, FilterPlugin, NodeInfo, PodInfo, PreFilterExtensions, PreFilterResult, Snapshot, Status } from "../framework/interfaces";
import { VolumeRestrictions } from "../framework/names";
import { isStatus, readPreFilterState } from "../framework/pre-filter-state";
import { ErrReasonDiskConflict, ErrReasonReadWriteOncePodConflict } from "../framework/reasons";
import { sharedStatus, SKIP } from "../framework/status";
import { claimNotFound } from "../framework/storage";
import { hasAccessMode, podClaimRefs, podNamespace } from "../model/volumes";
import type { V1Pod, V1Volume } from "../model/types";

export { ErrReasonDiskConflict, ErrReasonReadWriteOncePodConflict } from "../framework/reasons";

/** The plugin's name. */
export const Name = VolumeRestrictions;

/** The cycle-state key PreFilter writes. */
export const PRE_FILTER_STATE_KEY = "PreFilter" + Name;

/** What PreFilter computes: the pod's ReadWriteOncePod claims and how many pods use them. */
export interface VolumeRestrictionsState {
    readonly readWriteOncePodClaims: ReadonlySet<string>;
    conflictingClaimRefCount: number;
    clone(): VolumeRestrictionsState;
}

function createState(claims: ReadonlySet<string>, count: number): VolumeRestrictionsState {
    return {
        readWriteOncePodClaims: claims,
        conflictingClaimRefCount: count,
        clone() {
            return createState(claims, this.conflictingClaimRefCount);
        },
    };
}

const DISK_CONFLICT = sharedStatus("Unschedulable", ErrReasonDiskConflict, Name);
const RWOP_CONFLICT = sharedStatus("Unschedulable", ErrReasonReadWriteOncePodConflict, Name);

/** Whether the volume is of a kind this plugin checks for sharing (upstream `needsRestrictionsCheck`). */
export function needsRestrictionsCheck(v: V1Volume): boolean {
    return v.gcePersistentDisk != null || v.awsElasticBlockStore != null || v.rbd != null || v.iscsi != null;
}

function overlap(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
    const set = new Set(a ?? []);
    return (b ?? []).some((x) => set.has(x));
}

/** Whether `volume` conflicts with any volume of `existing` (upstream `isVolumeConflict`). */
export function isVolumeConflict(volume: V1Volume, existing: V1Pod): boolean {
    for (const other of existing.spec?.volumes ?? []) {
        const gce = volume.gcePersistentDisk;
        const otherGce = other.gcePersistentDisk;
        if (gce != null && otherGce != null && gce.pdName === otherGce.pdName && !(gce.readOnly === true && otherGce.readOnly === true)) return true;
        if (volume.awsElasticBlockStore != null && other.awsElasticBlockStore != null && volume.awsElasticBlockStore.volumeID === other.awsElasticBlockStore.volumeID) return true;
        const iscsi = volume.iscsi;
        const otherIscsi = other.iscsi;
        if (iscsi != null && otherIscsi != null && iscsi.iqn === otherIscsi.iqn && !(iscsi.readOnly === true && otherIscsi.readOnly === true)) return true;
        const rbd = volume.rbd;
        const otherRbd = other.rbd;
        if (rbd != null && otherRbd != null && overlap(rbd.monitors, otherRbd.monitors) && rbd.pool === otherRbd.pool && rbd.image === otherRbd.image && !(rbd.readOnly === true && otherRbd.readOnly === true)) {
            return true;
        }
    }
    return false;
}

function claimsUsedBy(pod: V1Pod, claims: ReadonlySet<string>): number {
    let n = 0;
    for (const volume of pod.spec?.volumes ?? []) {
        if (volume.persistentVolumeClaim != null && claims.has(volume.persistentVolumeClaim.claimName)) n++;
    }
    return n;
}

/** Whether any pod of the snapshot in `namespace` uses the claim (upstream `StorageInfos().IsPVCUsedByPods`). */
function claimUsedByPods(snapshot: Snapshot, namespace: string, claimName: string): boolean {
    for (const nodeInfo of snapshot.nodeInfos) {
        for (const podInfo of nodeInfo.pods) {
            if (podNamespace(podInfo.pod) !== namespace) continue;
            if (podClaimRefs(podInfo.pod).some((ref) => ref.claimName === claimName)) return true;
        }
    }
    return false;
}

function update(ctx: { state: CycleContext["state"] }, changed: PodInfo, delta: 1 | -1): Status | undefined {
    const s = readPreFilterState<VolumeRestrictionsState>(ctx.state, PRE_FILTER_STATE_KEY);
    if (isStatus(s)) return s;
    s.conflictingClaimRefCount += delta * claimsUsedBy(changed.pod, s.readWriteOncePodClaims);
    return undefined;
}

/** The VolumeRestrictions plugin, with upstream's PreFilterExtensions. */
export const volumeRestrictionsPlugin = {
    name: Name,
    preFilter(ctx: CycleContext): PreFilterResult | undefined {
        const pod = ctx.pod;
        const needsCheck = (pod.spec?.volumes ?? []).some(needsRestrictionsCheck);
        const namespace = podNamespace(pod);
        const readWriteOncePod = new Set<string>();
        for (const volume of pod.spec?.volumes ?? []) {
            if (volume.persistentVolumeClaim == null) continue;
            const claim = ctx.snapshot.storage.claim(namespace, volume.persistentVolumeClaim.claimName);
            if (claim === undefined) return { status: { code: "UnschedulableAndUnresolvable", reasons: [claimNotFound(volume.persistentVolumeClaim.claimName)] } };
            if (hasAccessMode(claim.spec?.accessModes, "ReadWriteOncePod")) readWriteOncePod.add(claim.metadata!.name!);
        }
        let conflicts = 0;
        for (const claimName of readWriteOncePod) if (claimUsedByPods(ctx.snapshot, namespace, claimName)) conflicts++;
        if (!needsCheck && conflicts === 0) return { status: SKIP };
        ctx.state.write(PRE_FILTER_STATE_KEY, createState(readWriteOncePod, conflicts));
        return undefined;
    },
    filter(ctx: CycleContext, nodeInfo: NodeInfo): Status | undefined {
        for (const volume of ctx.pod.spec?.volumes ?? []) {
            if (!needsRestrictionsCheck(volume)) continue;
            for (const existing of nodeInfo.pods) if (isVolumeConflict(volume, existing.pod)) return DISK_CONFLICT;
        }
        const s = readPreFilterState<VolumeRestrictionsState>(ctx.state, PRE_FILTER_STATE_KEY);
        if (isStatus(s)) return s;
        return s.conflictingClaimRefCount > 0 ? RWOP_CONFLICT : undefined;
    },
    addPod: (state, _podToSchedule, added) => update({ state }, added, 1),
    removePod: (state, _podToSchedule, removed) => update({ state }, removed, -1),
} satisfies FilterPlugin & PreFilterExtensions;

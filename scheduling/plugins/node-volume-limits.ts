/**
 * NodeVolumeLimits: the CSI volumes attached to a node must stay within each driver's attach limit
 * (kubernetes/kubernetes `pkg/scheduler/framework/plugins/nodevolumelimits/csi.go`, v1.35):
 * - a volume counts once per node however many pods mount it, under its driver: a bound claim's volume by its
 *   `spec.csi.driver` and `volumeHandle`; a claim that is not bound yet (or whose volume is missing) by its
 *   class's provisioner, as a volume of its own;
 * - the limit of a driver is the CSINode's `spec.drivers[].allocatable.count` for the node (else the node's
 *   `status.allocatable["attachable-volumes-csi-<driver>"]`); a driver without a limit is not limited;
 * - Filter: if the node's attached volumes plus the pod's new ones exceed a limit, "node(s) exceed max volume
 *   count" (Unschedulable); a claim of the pod that does not exist is UnschedulableAndUnresolvable
 *   (`looking up PVC <ns>/<name>: …`), a generic ephemeral volume's claim not owned by the pod an Error;
 * - PreFilter returns Skip for pods without `persistentVolumeClaim` or `ephemeral` volumes.
 * Not modelled: in-tree volumes migrated to CSI (the csi-translation-lib), and VolumeAttachment objects, which
 * v1.35 also counts (an offline plan has none besides the pods' own volumes).
 * See https://kubernetes.io/docs/concepts/storage/storage-limits/
 */
import type { CycleContext, FilterPlugin, NodeInfo, PodInfo, PreFilterResult, ResourceAmounts, Status } from "../framework/interfaces";
import { NodeVolumeLimits } from "../framework/names";
import { ErrReasonMaxVolumeCountExceeded } from "../framework/reasons";
import { sharedStatus, SKIP } from "../framework/status";
import { claimNotFound, type StorageLister } from "../framework/storage";
import { claimClassName, ephemeralClaimProblem, podClaimRefs, podHasClaims, podNamespace } from "../model/volumes";
import type { V1CSINode, V1PersistentVolumeClaim, V1Pod } from "../model/types";

export { ErrReasonMaxVolumeCountExceeded } from "../framework/reasons";

/** The plugin's name. */
export const Name = NodeVolumeLimits;

/** The node allocatable resource that carries a CSI driver's limit when no CSINode does (`attachable-volumes-csi-<driver>`). */
export function attachLimitKey(driver: string): string {
    return `attachable-volumes-csi-${driver}`;
}

const EXCEEDED = sharedStatus("Unschedulable", ErrReasonMaxVolumeCountExceeded, Name);

/** A volume as the plugin counts it: `<driver>/<volume handle>` → driver. */
type Attachable = Map<string, string>;

/** The driver and volume handle of a claim (upstream `getCSIDriverInfo`), or undefined when it does not count. */
function driverInfo(storage: StorageLister, claim: V1PersistentVolumeClaim): { driver: string; handle: string } | undefined {
    const volumeName = claim.spec?.volumeName ?? "";
    if (volumeName !== "") {
        const pv = storage.volume(volumeName);
        if (pv !== undefined) {
            const csi = pv.spec?.csi;
            return csi === undefined || csi === null ? undefined : { driver: csi.driver, handle: csi.volumeHandle };
        }
    }
    // Not bound yet, or its volume is gone: counted by its class's provisioner as a volume of its own.
    const className = claimClassName(claim);
    if (className === "") return undefined;
    const storageClass = storage.storageClass(className);
    if (storageClass === undefined) return undefined;
    return { driver: storageClass.provisioner, handle: `unbound-${claim.metadata?.namespace || "default"}/${claim.metadata?.name ?? ""}` };
}

/** A failure reading the pod's claims: the status to return. */
class ClaimProblem {
    constructor(readonly status: Status) {}
}

/** The pod's attachable volumes (upstream `filterAttachableVolumes`). For a new pod a missing claim is a problem; for an existing one it is skipped. */
function attachableVolumes(storage: StorageLister, pod: V1Pod, newPod: boolean, into: Attachable): ClaimProblem | undefined {
    const namespace = podNamespace(pod);
    for (const ref of podClaimRefs(pod)) {
        if (ref.claimName === "") return new ClaimProblem({ code: "Error", reasons: ["PersistentVolumeClaim had no name"] });
        const claim = storage.claim(namespace, ref.claimName);
        if (claim === undefined) {
            if (newPod) return new ClaimProblem({ code: "UnschedulableAndUnresolvable", reasons: [`looking up PVC ${namespace}/${ref.claimName}: ${claimNotFound(ref.claimName)}`] });
            continue;
        }
        if (ref.ephemeral) {
            const problem = ephemeralClaimProblem(pod, claim);
            if (problem !== undefined) return new ClaimProblem({ code: "Error", reasons: [problem] });
        }
        const info = driverInfo(storage, claim);
        if (info === undefined || info.driver === "" || info.handle === "") continue;
        into.set(`${info.driver}/${info.handle}`, info.driver);
    }
    return undefined;
}

/** Attach limits by driver: the node's `attachable-volumes-csi-*` allocatable, overridden by its CSINode (upstream `getVolumeLimits`). */
export function nodeAttachLimits(allocatable: ResourceAmounts, csiNode: V1CSINode | undefined): Map<string, number> {
    const limits = new Map<string, number>();
    const prefix = "attachable-volumes-csi-";
    for (const name in allocatable) if (name.startsWith(prefix)) limits.set(name.slice(prefix.length), allocatable[name]);
    for (const driver of csiNode?.spec?.drivers ?? []) {
        const count = driver.allocatable?.count;
        if (count !== undefined && count !== null) limits.set(driver.name, count);
    }
    return limits;
}

/** Each bound pod's attachable volumes, read once per pod (its claims are bound by the time it is on a node). */
const podCache = new WeakMap<PodInfo, { storage: StorageLister; volumes: Attachable | ClaimProblem }>();

function podAttachable(storage: StorageLister, podInfo: PodInfo): Attachable | ClaimProblem {
    const cached = podCache.get(podInfo);
    if (cached !== undefined && cached.storage === storage) return cached.volumes;
    const volumes: Attachable = new Map();
    const result = attachableVolumes(storage, podInfo.pod, false, volumes) ?? volumes;
    podCache.set(podInfo, { storage, volumes: result });
    return result;
}

/** The volumes the node's pods attach into the entry, and the room each limited driver has left. */
function readAttached(entry: NodeEntry, nodeInfo: NodeInfo): void {
    entry.generation = nodeInfo.generation;
    entry.problem = undefined;
    const volumes: Attachable = new Map();
    for (const podInfo of nodeInfo.pods) {
        if ((podInfo.pod.spec?.volumes?.length ?? 0) === 0) continue;
        const own = podAttachable(entry.storage, podInfo);
        if (own instanceof ClaimProblem) {
            entry.problem = own;
            return;
        }
        for (const [key, driver] of own) volumes.set(key, driver);
    }
    // In place: the list stays where the entry was made, beside it in memory.
    const room = entry.room;
    for (let at = 0; at < room.length; at++) room[at] = entry.limits[at];
    for (const driver of volumes.values()) {
        const at = entry.drivers.indexOf(driver);
        if (at >= 0) room[at]--;
    }
    entry.volumes = volumes;
}

/**
 * What the plugin keeps per node, on the node itself (`NodeInfo.volumeLimits`) so that Filter, which runs on
 * hundreds of nodes for every pod with claims, reads one object per node without a lookup:
 * - the attach limits, per storage lister (CSINodes are read-only: a lister never changes them; the allocatable is
 *   the node's own), as two lists, drivers and limits, since a node has one or two limited drivers;
 * - the volumes its pods attach, until its pods change (its generation), and the room they leave per driver. Storage
 *   objects change under a simulation too, but a claim is only ever bound when a pod that uses it is bound to a
 *   node, which changes that node; elsewhere the claim still counts as one volume of the same driver (only its name
 *   in the set changes). For the same reason each pod's own volumes are read once.
 */
interface NodeEntry {
    storage: StorageLister;
    /** The drivers with a limit on the node. */
    drivers: string[];
    /** Their limits, in the same order. */
    limits: number[];
    /** The node generation the attached volumes were read at; -1 before they are read. */
    generation: number;
    /** The volumes the node's pods attach. */
    volumes: Attachable;
    /** Per driver of {@link NodeEntry.drivers}: its limit less its attached volumes (negative when over). */
    room: number[];
    /** The problem reading a claim of a pod of the node, if any (then `volumes` and `room` are not read). */
    problem: ClaimProblem | undefined;
}

const NO_VOLUMES: Attachable = new Map();

/** The node's entry for this storage lister, its attached volumes read at the node's generation. */
function nodeEntry(nodeInfo: NodeInfo, storage: StorageLister): NodeEntry {
    let entry = nodeInfo.volumeLimits as NodeEntry | undefined;
    if (entry === undefined || entry.storage !== storage) {
        const limits = nodeAttachLimits(nodeInfo.allocatable, storage.csiNode(nodeInfo.name));
        const values = [...limits.values()];
        entry = { storage, drivers: [...limits.keys()], limits: values, generation: -1, volumes: NO_VOLUMES, room: [...values], problem: undefined };
        nodeInfo.volumeLimits = entry;
    }
    if (entry.drivers.length > 0 && entry.generation !== nodeInfo.generation) readAttached(entry, nodeInfo);
    return entry;
}

/** The cycle-state key PreFilter writes: the pod's own attachable volumes, read once per cycle. */
export const PRE_FILTER_STATE_KEY = "PreFilter" + Name;

/** The pod's new volumes, flattened for the per-node check: unique names, their drivers, and the distinct drivers. */
interface PodVolumes {
    keys: string[];
    drivers: string[];
    distinctDrivers: string[];
    /** How many new volumes each of `distinctDrivers` has. */
    countByDriver: number[];
}

function flatten(fresh: Attachable): PodVolumes {
    const keys = [...fresh.keys()];
    const drivers = [...fresh.values()];
    const distinctDrivers = [...new Set(drivers)];
    return { keys, drivers, distinctDrivers, countByDriver: distinctDrivers.map((d) => drivers.filter((x) => x === d).length) };
}

/** The pod's new volumes, or the problem reading its claims (returned by Filter on every node, as upstream does). */
function podVolumes(ctx: CycleContext): PodVolumes | ClaimProblem {
    const stored = ctx.state.read<PodVolumes | ClaimProblem>(PRE_FILTER_STATE_KEY);
    if (stored !== undefined) return stored;
    const fresh: Attachable = new Map();
    return attachableVolumes(ctx.snapshot.storage, ctx.pod, true, fresh) ?? flatten(fresh);
}

/** The NodeVolumeLimits (CSI) PreFilter/Filter plugin. */
export const nodeVolumeLimitsPlugin = {
    name: Name,
    preFilter(ctx: CycleContext): PreFilterResult | undefined {
        if (!podHasClaims(ctx.pod)) return { status: SKIP };
        const fresh: Attachable = new Map();
        ctx.state.write(PRE_FILTER_STATE_KEY, attachableVolumes(ctx.snapshot.storage, ctx.pod, true, fresh) ?? flatten(fresh));
        return undefined;
    },
    filter(ctx: CycleContext, nodeInfo: NodeInfo): Status | undefined {
        if ((ctx.pod.spec?.volumes?.length ?? 0) === 0) return undefined;
        const storage = ctx.snapshot.storage;
        const fresh = podVolumes(ctx);
        if (fresh instanceof ClaimProblem) return fresh.status;
        if (fresh.keys.length === 0) return undefined;
        const entry = nodeEntry(nodeInfo, storage);
        const drivers = entry.drivers;
        if (drivers.length === 0) return undefined;
        if (entry.problem !== undefined) return entry.problem.status;
        // Per driver of the pod's new volumes: those already attached, plus the new ones not attached yet (a volume
        // some pod of the node already mounts is not attached a second time), against the limit; that is, the new
        // ones not attached yet against the room left. When all of them fit in the room, which of them are attached
        // does not matter.
        for (let j = 0; j < fresh.distinctDrivers.length; j++) {
            const driver = fresh.distinctDrivers[j];
            const at = drivers.indexOf(driver);
            if (at < 0) continue;
            const room = entry.room[at];
            if (fresh.countByDriver[j] <= room) continue;
            let count = 0;
            for (let i = 0; i < fresh.keys.length; i++) if (fresh.drivers[i] === driver && !entry.volumes.has(fresh.keys[i])) count++;
            if (count > room) return EXCEEDED;
        }
        return undefined;
    },
} satisfies FilterPlugin;

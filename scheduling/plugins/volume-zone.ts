/**
 * VolumeZone: a bound volume's zone and region labels must match the node's (kubernetes/kubernetes
 * `pkg/scheduler/framework/plugins/volumezone/volume_zone.go`, v1.35):
 * - PreFilter reads the bound volume of each claim the pod mounts by `persistentVolumeClaim`: a claim with an
 *   empty name, a missing claim, class or volume, or an unbound claim of a class that does not delay binding is
 *   UnschedulableAndUnresolvable with upstream's words; unbound `WaitForFirstConsumer` claims are skipped (their
 *   volume does not exist yet). It returns Skip when no bound volume carries a topology label;
 * - the labels read are `topology.kubernetes.io/zone`, `topology.kubernetes.io/region` and their beta
 *   `failure-domain.beta.kubernetes.io/...` forms; a value may list several zones joined by `__`;
 * - Filter: a node with none of the four labels passes (a single-zone cluster); otherwise each volume label must
 *   be on the node (a beta key also matches the node's GA key) with one of the volume's values, else
 *   "node(s) had no available volume zone" (UnschedulableAndUnresolvable).
 * A volume's `spec.nodeAffinity` is VolumeBinding's concern, not this plugin's.
 * See https://kubernetes.io/docs/reference/labels-annotations-taints/#topologykubernetesiozone
 */
import type { CycleContext, FilterPlugin, NodeInfo, PreFilterResult, Status } from "../framework/interfaces";
import { VolumeZone } from "../framework/names";
import {
    ErrReasonClaimNoName,
    ErrReasonClaimNoVolumeNoClass,
    ErrReasonVolumeNoName,
    ErrReasonVolumeZoneConflict,
    volumeBindingModeNotSet,
} from "../framework/reasons";
import { sharedStatus, SKIP } from "../framework/status";
import { claimNotFound, storageClassNotFound, volumeNotFound } from "../framework/storage";
import { claimClassName, podNamespace } from "../model/volumes";
import type { V1PersistentVolume } from "../model/types";

export { ErrReasonVolumeZoneConflict } from "../framework/reasons";

/** The plugin's name. */
export const Name = VolumeZone;

/** The cycle-state key PreFilter writes. */
export const PRE_FILTER_STATE_KEY = "PreFilter" + Name;

/** The GA zone label. */
export const LABEL_TOPOLOGY_ZONE = "topology.kubernetes.io/zone";
/** The GA region label. */
export const LABEL_TOPOLOGY_REGION = "topology.kubernetes.io/region";
/** The deprecated beta zone label. */
export const LABEL_BETA_ZONE = "failure-domain.beta.kubernetes.io/zone";
/** The deprecated beta region label. */
export const LABEL_BETA_REGION = "failure-domain.beta.kubernetes.io/region";

/** The labels read, in upstream's order. */
export const TOPOLOGY_LABELS: readonly string[] = [LABEL_BETA_ZONE, LABEL_BETA_REGION, LABEL_TOPOLOGY_ZONE, LABEL_TOPOLOGY_REGION];

/** One volume label the node must match. */
export interface VolumeTopology {
    volume: string;
    key: string;
    values: ReadonlySet<string>;
}

const REJECTED = sharedStatus("UnschedulableAndUnresolvable", ErrReasonVolumeZoneConflict, Name);

function translateToGALabel(label: string): string {
    if (label === LABEL_BETA_REGION) return LABEL_TOPOLOGY_REGION;
    if (label === LABEL_BETA_ZONE) return LABEL_TOPOLOGY_ZONE;
    return label;
}

/**
 * A volume's topology labels (upstream `getPVTopologies`). A value lists zones joined by `__`
 * (cloud-provider `LabelZonesToSet`); a value that does not parse (an empty zone) is ignored, as upstream ignores it.
 */
export function volumeTopologies(volume: V1PersistentVolume): VolumeTopology[] {
    const out: VolumeTopology[] = [];
    const labels = volume.metadata?.labels ?? {};
    for (const key of TOPOLOGY_LABELS) {
        if (!Object.prototype.hasOwnProperty.call(labels, key)) continue;
        const zones = labels[key].split("__");
        if (zones.some((z) => z.trim() === "")) continue;
        out.push({ volume: volume.metadata?.name ?? "", key, values: new Set(zones.map((z) => z.trim())) });
    }
    return out;
}

function unresolvable(reason: string): Status {
    return { code: "UnschedulableAndUnresolvable", reasons: [reason] };
}

/** The topologies of the pod's bound volumes, or the status that rejects the pod (upstream `getPVbyPod`). */
function podVolumeTopologies(ctx: CycleContext): VolumeTopology[] | Status {
    const out: VolumeTopology[] = [];
    const storage = ctx.snapshot.storage;
    const namespace = podNamespace(ctx.pod);
    for (const volume of ctx.pod.spec?.volumes ?? []) {
        if (volume.persistentVolumeClaim == null) continue;
        const claimName = volume.persistentVolumeClaim.claimName;
        if (claimName === "") return unresolvable(ErrReasonClaimNoName);
        const claim = storage.claim(namespace, claimName);
        if (claim === undefined) return unresolvable(claimNotFound(claimName));
        const volumeName = claim.spec?.volumeName ?? "";
        if (volumeName === "") {
            const className = claimClassName(claim);
            if (className === "") return unresolvable(ErrReasonClaimNoVolumeNoClass);
            const storageClass = storage.storageClass(className);
            if (storageClass === undefined) return unresolvable(storageClassNotFound(className));
            if (storageClass.volumeBindingMode === undefined) return unresolvable(volumeBindingModeNotSet(className));
            if (storageClass.volumeBindingMode === "WaitForFirstConsumer") continue;
            return unresolvable(ErrReasonVolumeNoName);
        }
        const pv = storage.volume(volumeName);
        if (pv === undefined) return unresolvable(volumeNotFound(volumeName));
        out.push(...volumeTopologies(pv));
    }
    return out;
}

function isStatusResult(value: VolumeTopology[] | Status): value is Status {
    return !Array.isArray(value);
}

/** The VolumeZone PreFilter/Filter plugin. */
export const volumeZonePlugin = {
    name: Name,
    preFilter(ctx: CycleContext): PreFilterResult | undefined {
        const topologies = podVolumeTopologies(ctx);
        if (isStatusResult(topologies)) return { status: topologies };
        if (topologies.length === 0) return { status: SKIP };
        ctx.state.write(PRE_FILTER_STATE_KEY, topologies);
        return undefined;
    },
    filter(ctx: CycleContext, nodeInfo: NodeInfo): Status | undefined {
        if ((ctx.pod.spec?.volumes?.length ?? 0) === 0) return undefined;
        let topologies = ctx.state.read<VolumeTopology[]>(PRE_FILTER_STATE_KEY);
        if (topologies === undefined) {
            // Upstream computes the volumes again when PreFilter did not run.
            const computed = podVolumeTopologies(ctx);
            if (isStatusResult(computed)) return computed;
            topologies = computed;
        }
        const labels = nodeInfo.node.metadata?.labels ?? {};
        const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(labels, key);
        if (!TOPOLOGY_LABELS.some(has)) return undefined;
        for (const t of topologies) {
            const value = has(t.key) ? labels[t.key] : has(translateToGALabel(t.key)) ? labels[translateToGALabel(t.key)] : undefined;
            if (value === undefined || !t.values.has(value)) return REJECTED;
        }
        return undefined;
    },
} satisfies FilterPlugin;

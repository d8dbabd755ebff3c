/**
 * What the volume plugins read from pods, claims and volumes, after the helpers kube-scheduler uses
 * (kubernetes/kubernetes v1.35: `component-helpers/storage/volume` `GetPersistentVolumeClaimClass`,
 * `GetPersistentVolumeClass`, `CheckNodeAffinity`; `component-helpers/storage/ephemeral` `VolumeClaimName`,
 * `VolumeIsForPod`; `pkg/apis/core/v1/helper` `ContainsAccessMode`).
 * See https://kubernetes.io/docs/concepts/storage/ephemeral-volumes/#generic-ephemeral-volumes
 */
import { compileNodeSelectorTerms, type CompiledNodeSelector } from "./node-selector";
import type { V1Node, V1PersistentVolume, V1PersistentVolumeClaim, V1Pod } from "./types";

/** The legacy annotation that names a claim's or volume's class; read before `storageClassName`, as upstream does. */
export const BETA_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";
/** Set by the PV controller on a claim whose binding is complete (`pv.kubernetes.io/bind-completed`). */
export const ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
/** Set by the scheduler on a delayed-binding claim it provisions for a node (`volume.kubernetes.io/selected-node`). */
export const ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node";
/** The provisioner name of classes that never provision (`kubernetes.io/no-provisioner`, local volumes). */
export const NO_PROVISIONER = "kubernetes.io/no-provisioner";
/** The annotation marking the default StorageClass. See https://kubernetes.io/docs/concepts/storage/storage-classes/#default-storageclass */
export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

/** One claim a pod uses: by a `persistentVolumeClaim` volume, or made for it by a generic ephemeral volume. */
export interface PodClaimRef {
    /** The pod's volume name. */
    volume: string;
    /** The claim's name (for an ephemeral volume: `<pod name>-<volume name>`). */
    claimName: string;
    ephemeral: boolean;
}

/** The pod's namespace, `default` when unset. */
export function podNamespace(pod: V1Pod): string {
    return pod.metadata?.namespace || "default";
}

/** The claims a pod uses, in volume order (upstream reads `persistentVolumeClaim` and `ephemeral` volumes). */
export function podClaimRefs(pod: V1Pod): PodClaimRef[] {
    const out: PodClaimRef[] = [];
    for (const volume of pod.spec?.volumes ?? []) {
        if (volume.persistentVolumeClaim !== undefined && volume.persistentVolumeClaim !== null) {
            out.push({ volume: volume.name, claimName: volume.persistentVolumeClaim.claimName, ephemeral: false });
        } else if (volume.ephemeral !== undefined && volume.ephemeral !== null) {
            out.push({ volume: volume.name, claimName: `${pod.metadata?.name ?? ""}-${volume.name}`, ephemeral: true });
        }
    }
    return out;
}

/** Whether the pod has a claim-backed volume (VolumeBinding's and NodeVolumeLimits' PreFilter test). */
export function podHasClaims(pod: V1Pod): boolean {
    return (pod.spec?.volumes ?? []).some((v) => (v.persistentVolumeClaim ?? v.ephemeral) != null);
}

/** A claim's class: the beta annotation, else `spec.storageClassName`, else "" (upstream `GetPersistentVolumeClaimClass`). */
export function claimClassName(claim: V1PersistentVolumeClaim): string {
    const annotated = claim.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION];
    if (annotated !== undefined) return annotated;
    return claim.spec?.storageClassName ?? "";
}

/** A volume's class: the beta annotation, else `spec.storageClassName`, else "" (upstream `GetPersistentVolumeClass`). */
export function volumeClassName(volume: V1PersistentVolume): string {
    const annotated = volume.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION];
    if (annotated !== undefined) return annotated;
    return volume.spec?.storageClassName ?? "";
}

/** Whether the access modes list the mode. */
export function hasAccessMode(modes: readonly string[] | undefined, mode: string): boolean {
    return (modes ?? []).includes(mode);
}

const compiledAffinity = new WeakMap<V1PersistentVolume, CompiledNodeSelector | null>();

/**
 * Whether a volume's required node affinity admits the node (upstream `CheckNodeAffinity`; no affinity admits all).
 * The terms are compiled once per volume object.
 * @throws InvalidObjectError naming the volume and field for malformed terms.
 */
export function volumeNodeAffinityMatches(volume: V1PersistentVolume, node: V1Node): boolean {
    let selector = compiledAffinity.get(volume);
    if (selector === undefined) {
        const required = volume.spec?.nodeAffinity?.required;
        selector =
            required === undefined || required === null
                ? null
                : compileNodeSelectorTerms(required.nodeSelectorTerms, { object: `PersistentVolume/${volume.metadata?.name ?? "<unnamed>"}`, field: "spec.nodeAffinity.required.nodeSelectorTerms" });
        compiledAffinity.set(volume, selector);
    }
    return selector === null || selector.matches(node);
}

/**
 * Whether an ephemeral volume's claim was made for the pod (upstream `VolumeIsForPod`): the claim is controlled
 * by the pod. Pods checked before they exist have no UID, so the owner's kind and name are compared when the pod
 * has none.
 * @returns undefined when it is, else upstream's error text.
 */
export function ephemeralClaimProblem(pod: V1Pod, claim: V1PersistentVolumeClaim): string | undefined {
    const owner = (claim.metadata?.ownerReferences ?? []).find((o) => o.controller === true);
    const uid = pod.metadata?.uid;
    const owned = owner !== undefined && (uid !== undefined && uid !== "" ? owner.uid === uid : owner.kind === "Pod" && owner.name === pod.metadata?.name);
    if (owned) return undefined;
    const namespace = podNamespace(pod);
    return `PVC ${namespace}/${claim.metadata?.name ?? ""} was not created for pod ${namespace}/${pod.metadata?.name ?? ""} (pod is not owner)`;
}

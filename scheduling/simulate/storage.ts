/**
 * The simulation's storage: the claims, volumes, classes and CSINodes it starts from, settled as the API server and
 * the PV controller would settle them before any pod is scheduled, and changed as pods are bound.
 *
 * Before scheduling (what the cluster does without the scheduler):
 * - a StorageClass without `volumeBindingMode` gets `Immediate` (API defaulting);
 * - a claim without `storageClassName` gets the default class, the class annotated
 *   `storageclass.kubernetes.io/is-default-class: "true"` (the DefaultStorageClass admission plugin; with several
 *   defaults the one declared last, standing for upstream's newest);
 * - claims the workloads create are added: StatefulSet `volumeClaimTemplates` claims, and the claim
 *   `<pod>-<volume>` of each generic ephemeral volume, owned by its pod (the ephemeral volume controller);
 * - a volume without `status.phase` is Available; a claim naming a volume, or a volume whose `claimRef` names a
 *   claim, is bound to it (the PV controller's pre-bound binding);
 * - an unbound claim of an `Immediate` class (or without a class) is bound to the smallest matching Available
 *   volume, else provisioned when its class has a provisioner: the volume's node affinity is the class's
 *   `allowedTopologies` (any of their values: where in them the provisioner puts it is its own choice), else none.
 *   A claim left unbound keeps its pod Pending ("pod has unbound immediate PersistentVolumeClaims").
 *
 * When a pod is bound to a node (VolumeBinding's PreBind): the claims VolumeBinding matched to volumes on that node
 * are bound to them; the others (`WaitForFirstConsumer` claims to provision) get a volume `pvc-<hash>` of the
 * class's driver, of the requested size, whose node affinity is where the provisioner makes it for that node
 * (`provisionedVolumeTopology`; by default the node's values for the topology keys its CSINode lists for the
 * driver). The claim is pinned from then on: later pods, and later runs given `SimulationResult.storage`, must
 * land where the volume is.
 * See https://kubernetes.io/docs/concepts/storage/persistent-volumes/#lifecycle-of-a-volume-and-claim
 */
import { createStorageLister, type StorageInput, type StorageLister } from "../framework/storage";
import { InvalidObjectError, objectRef } from "../model/errors";
import type { V1Node, V1NodeSelectorTerm, V1PersistentVolume, V1PersistentVolumeClaim, V1Pod, V1StorageClass } from "../model/types";
import { ANN_BIND_COMPLETED, claimClassName, DEFAULT_CLASS_ANNOTATION, NO_PROVISIONER, podNamespace } from "../model/volumes";
import { findMatchingVolume, type PodVolumes } from "../plugins/volume-binding";
import { fnv32a } from "./pod-names";
import { expandWorkloads, type WorkloadStorage } from "./workloads";

const BETA_DEFAULT_CLASS_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class";

/**
 * Where a provisioner makes a volume for a claim whose pod goes to `node`: the node selector term the volume's node
 * affinity gets, or undefined for a volume every node reaches.
 */
export type ProvisionedVolumeTopology = (claim: V1PersistentVolumeClaim, storageClass: V1StorageClass, node: V1Node) => V1NodeSelectorTerm | undefined;

const isDefaultClass = (c: V1StorageClass): boolean => c.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION] === "true" || c.metadata?.annotations?.[BETA_DEFAULT_CLASS_ANNOTATION] === "true";

const claimKey = (claim: V1PersistentVolumeClaim): string => `${claim.metadata?.namespace || "default"}/${claim.metadata?.name ?? ""}`;

/** The claim of each generic ephemeral volume of the pod, as the ephemeral volume controller creates it. */
export function ephemeralClaims(pod: V1Pod): V1PersistentVolumeClaim[] {
    const out: V1PersistentVolumeClaim[] = [];
    (pod.spec?.volumes ?? []).forEach((volume, i) => {
        const template = volume.ephemeral?.volumeClaimTemplate;
        if (volume.ephemeral == null) return;
        if (template?.spec === undefined) throw new InvalidObjectError(objectRef(pod, "Pod"), `spec.volumes[${i}].ephemeral.volumeClaimTemplate.spec`, "a generic ephemeral volume needs a claim template spec");
        out.push({
            apiVersion: "v1",
            kind: "PersistentVolumeClaim",
            metadata: {
                name: `${pod.metadata?.name ?? ""}-${volume.name}`,
                namespace: podNamespace(pod),
                labels: { ...(template.metadata?.labels ?? {}) },
                ownerReferences: [{ apiVersion: "v1", kind: "Pod", name: pod.metadata?.name ?? "", uid: pod.metadata?.uid ?? "", controller: true, blockOwnerDeletion: true }],
            },
            spec: structuredClone(template.spec),
        });
    });
    return out;
}

function bindPair(claim: V1PersistentVolumeClaim, volume: V1PersistentVolume): { claim: V1PersistentVolumeClaim; volume: V1PersistentVolume } {
    const boundClaim: V1PersistentVolumeClaim = {
        ...claim,
        metadata: { ...claim.metadata, annotations: { ...(claim.metadata?.annotations ?? {}), [ANN_BIND_COMPLETED]: "yes" } },
        spec: { ...claim.spec, volumeName: volume.metadata!.name! },
        status: { ...claim.status, phase: "Bound", capacity: volume.spec?.capacity, accessModes: volume.spec?.accessModes },
    };
    const boundVolume: V1PersistentVolume = {
        ...volume,
        spec: { ...volume.spec, claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: claim.metadata?.namespace || "default", name: claim.metadata?.name ?? "" } },
        status: { ...volume.status, phase: "Bound" },
    };
    return { claim: boundClaim, volume: boundVolume };
}

/** A provisioned volume for a claim: named after it, of its class and size, with the given node affinity term. */
function provisionedVolume(claim: V1PersistentVolumeClaim, storageClass: V1StorageClass, term: V1NodeSelectorTerm | undefined): V1PersistentVolume {
    const name = `pvc-${fnv32a(claimKey(claim)).toString(16).padStart(8, "0")}`;
    return {
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name, annotations: { "pv.kubernetes.io/provisioned-by": storageClass.provisioner } },
        spec: {
            capacity: { storage: claim.spec?.resources?.requests?.storage ?? "0" },
            accessModes: claim.spec?.accessModes,
            volumeMode: claim.spec?.volumeMode ?? "Filesystem",
            storageClassName: storageClass.metadata?.name,
            persistentVolumeReclaimPolicy: storageClass.reclaimPolicy ?? "Delete",
            csi: { driver: storageClass.provisioner, volumeHandle: name },
            ...(term === undefined ? {} : { nodeAffinity: { required: { nodeSelectorTerms: [term] } } }),
        },
        status: { phase: "Available" },
    };
}

/** The node affinity a provisioner gives a volume without a node: the class's allowed topologies, if any. */
function immediateTopology(storageClass: V1StorageClass): V1NodeSelectorTerm | undefined {
    const terms = storageClass.allowedTopologies ?? [];
    if (terms.length === 0) return undefined;
    return { matchExpressions: (terms[0].matchLabelExpressions ?? []).map((e) => ({ key: e.key, operator: "In", values: [...e.values] })) };
}

/**
 * Builds the simulation's storage: the given objects, those in the workload list and those the workloads create,
 * settled (see the file comment).
 * @throws InvalidObjectError for a duplicate or malformed object.
 */
export function settleStorage(given: StorageInput | undefined, listed: WorkloadStorage, created: readonly V1PersistentVolumeClaim[]): StorageLister {
    const storageClasses = [...(given?.storageClasses ?? []), ...listed.storageClasses].map((c) => (c.volumeBindingMode === undefined ? { ...c, volumeBindingMode: "Immediate" } : c));
    const defaults = storageClasses.filter(isDefaultClass);
    const defaultClass = defaults[defaults.length - 1]?.metadata?.name;
    const givenClaims = [...(given?.persistentVolumeClaims ?? []), ...listed.persistentVolumeClaims];
    const known = new Set(givenClaims.map(claimKey));
    // A claim the workloads would create but that already exists is the existing one (the controllers reuse it).
    const claims = [...givenClaims, ...created.filter((c) => !known.has(claimKey(c)))].map((c) =>
        c.spec?.storageClassName === undefined && defaultClass !== undefined && c.metadata?.annotations?.["volume.beta.kubernetes.io/storage-class"] === undefined
            ? { ...c, spec: { ...c.spec, storageClassName: defaultClass } }
            : c,
    );
    const volumes = [...(given?.persistentVolumes ?? []), ...listed.persistentVolumes].map((v) => (v.status?.phase === undefined ? { ...v, status: { ...v.status, phase: "Available" } } : v));
    const storage = createStorageLister({ storageClasses, persistentVolumeClaims: claims, persistentVolumes: volumes, csiNodes: [...(given?.csiNodes ?? []), ...listed.csiNodes] });
    bindPreBound(storage);
    bindImmediate(storage);
    return storage;
}

function bindPreBound(storage: StorageLister): void {
    for (const claim of storage.claims()) {
        if ((claim.metadata?.annotations ?? {})[ANN_BIND_COMPLETED] !== undefined && claim.status?.phase === "Bound") continue;
        const named = claim.spec?.volumeName;
        let volume = named !== undefined && named !== "" ? storage.volume(named) : undefined;
        if (volume === undefined) {
            volume = storage.volumes().find((v) => v.spec?.claimRef?.name === claim.metadata?.name && (v.spec?.claimRef?.namespace || "default") === (claim.metadata?.namespace || "default"));
        }
        if (volume === undefined) continue;
        const bound = bindPair(claim, volume);
        storage.putClaim(bound.claim);
        storage.putVolume(bound.volume);
    }
}

function bindImmediate(storage: StorageLister): void {
    for (const claim of storage.claims()) {
        if (claim.status?.phase === "Bound" || (claim.spec?.volumeName ?? "") !== "") continue;
        const className = claimClassName(claim);
        const storageClass = className === "" ? undefined : storage.storageClass(className);
        if (storageClass?.volumeBindingMode === "WaitForFirstConsumer") continue;
        const anyNode: V1Node = { metadata: { labels: {} } };
        const candidates = storage.unboundVolumesOfClass(className).filter((v) => v.spec?.nodeAffinity == null);
        const volume = findMatchingVolume(claim, candidates, anyNode, new Set());
        if (volume !== undefined) {
            const bound = bindPair(claim, volume);
            storage.putClaim(bound.claim);
            storage.putVolume(bound.volume);
            continue;
        }
        if (storageClass === undefined || storageClass.provisioner === NO_PROVISIONER) continue;
        const bound = bindPair(claim, provisionedVolume(claim, storageClass, immediateTopology(storageClass)));
        storage.putClaim(bound.claim);
        storage.putVolume(bound.volume);
    }
}

/** The default provisioning topology: the node's values for the topology keys its CSINode lists for the driver. */
export function csiNodeTopology(storage: StorageLister): ProvisionedVolumeTopology {
    return (_claim, storageClass, node) => {
        const driver = storage.csiNode(node.metadata?.name ?? "")?.spec?.drivers?.find((d) => d.name === storageClass.provisioner);
        const keys = driver?.topologyKeys ?? [];
        if (keys.length === 0) return undefined;
        const labels = node.metadata?.labels ?? {};
        return { matchExpressions: keys.map((key) => ({ key, operator: "In", values: [labels[key] ?? ""] })) };
    };
}

/**
 * VolumeBinding's PreBind for a pod bound to `node`: binds the claims VolumeBinding matched to volumes, provisions
 * the others. Returns the volumes it made.
 */
export function bindPodVolumes(storage: StorageLister, podVolumes: PodVolumes, node: V1Node, topology: ProvisionedVolumeTopology): V1PersistentVolume[] {
    const made: V1PersistentVolume[] = [];
    for (const { claim, volume } of podVolumes.staticBindings) {
        const bound = bindPair(storage.claim(claim.metadata?.namespace || "default", claim.metadata!.name!) ?? claim, storage.volume(volume.metadata!.name!) ?? volume);
        storage.putClaim(bound.claim);
        storage.putVolume(bound.volume);
    }
    for (const claim of podVolumes.dynamicProvisions) {
        const current = storage.claim(claim.metadata?.namespace || "default", claim.metadata!.name!) ?? claim;
        const storageClass = storage.storageClass(claimClassName(current))!;
        const volume = provisionedVolume(current, storageClass, topology(current, storageClass, node));
        const bound = bindPair(current, volume);
        storage.putClaim(bound.claim);
        storage.putVolume(bound.volume);
        made.push(bound.volume);
    }
    return made;
}

/** The storage as plain objects: classes, claims and volumes (CSINodes describe nodes, which a later run gives anew). */
export function storageSnapshot(storage: StorageLister): { storageClasses: V1StorageClass[]; persistentVolumeClaims: V1PersistentVolumeClaim[]; persistentVolumes: V1PersistentVolume[] } {
    return { storageClasses: storage.storageClasses(), persistentVolumeClaims: storage.claims(), persistentVolumes: storage.volumes() };
}

/**
 * The storage a list of workloads starts with, settled as `simulate` settles it (the StatefulSets' and ephemeral
 * volumes' claims made, defaults applied, pre-bound and Immediate claims bound): for one-pod checks of those
 * workloads with `evaluatePod`, which takes storage as it is.
 * @param workloads - As `simulate` takes them (storage objects among them are read too).
 * @param given - Storage the cluster has besides (built-in classes, CSINodes).
 * @throws InvalidObjectError for malformed workloads or storage objects.
 */
export function workloadStorage(workloads: readonly object[], given?: StorageInput): StorageInput {
    const parsed = expandWorkloads(workloads);
    const created = [...parsed.sources.flatMap((s) => s.claims ?? []), ...parsed.sources.flatMap((s) => s.pods).flatMap(ephemeralClaims)];
    const storage = settleStorage(given, parsed.storage, created);
    return { ...storageSnapshot(storage), csiNodes: [...(given?.csiNodes ?? []), ...parsed.storage.csiNodes] };
}

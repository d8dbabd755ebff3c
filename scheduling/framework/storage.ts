/**
 * The storage objects the volume plugins read: PersistentVolumeClaims, PersistentVolumes, StorageClasses and
 * CSINodes. kube-scheduler reads them through informer listers (kubernetes/kubernetes
 * `pkg/scheduler/framework/plugins/{volumebinding,volumezone,volumerestrictions,nodevolumelimits}`, v1.35);
 * this is the offline engine's lister. A claim or volume a lister does not find is reported with the API
 * server's not-found text, which the plugins put in their statuses (`persistentvolumeclaim "data" not found`).
 *
 * The simulation changes claims and volumes as the PV controller and a CSI provisioner would (binding a claim,
 * provisioning a volume), through `putClaim` / `putVolume`.
 * See https://kubernetes.io/docs/concepts/storage/persistent-volumes/
 */
import { InvalidObjectError, objectRef } from "../model/errors";
import type { V1CSINode, V1PersistentVolume, V1PersistentVolumeClaim, V1StorageClass } from "../model/types";
import { volumeClassName } from "../model/volumes";

/** The storage objects of a cluster, as plain API objects. Every list defaults to none. */
export interface StorageInput {
    /** Claims, namespaced (namespace `default` when unset). See https://kubernetes.io/docs/concepts/storage/persistent-volumes/#persistentvolumeclaims */
    persistentVolumeClaims?: V1PersistentVolumeClaim[];
    /** Volumes (cluster-scoped). See https://kubernetes.io/docs/concepts/storage/persistent-volumes/ */
    persistentVolumes?: V1PersistentVolume[];
    /** Storage classes (cluster-scoped). See https://kubernetes.io/docs/concepts/storage/storage-classes/ */
    storageClasses?: V1StorageClass[];
    /** CSINode objects, named after their node: the CSI drivers of each node and their attach limits. See https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/csi-node-v1/ */
    csiNodes?: V1CSINode[];
}

/** Read access to the storage objects, as the plugins' listers give it, and the writes a simulation makes. */
export interface StorageLister {
    claim(namespace: string, name: string): V1PersistentVolumeClaim | undefined;
    volume(name: string): V1PersistentVolume | undefined;
    storageClass(name: string): V1StorageClass | undefined;
    csiNode(nodeName: string): V1CSINode | undefined;
    /** Volumes of the class (`GetPersistentVolumeClass`: the beta annotation, else `spec.storageClassName`; "" for none), in input order. */
    volumesOfClass(className: string): readonly V1PersistentVolume[];
    /**
     * The volumes of the class not in phase Bound: those a claim can still be matched to (a volume bound to a claim
     * is only ever matched to that claim, which is then bound too). Kept current as volumes are put.
     */
    unboundVolumesOfClass(className: string): readonly V1PersistentVolume[];
    /** Every claim, every volume. */
    claims(): V1PersistentVolumeClaim[];
    volumes(): V1PersistentVolume[];
    storageClasses(): V1StorageClass[];
    /** Adds or replaces a claim (by namespace and name). */
    putClaim(claim: V1PersistentVolumeClaim): void;
    /** Adds or replaces a volume (by name). */
    putVolume(volume: V1PersistentVolume): void;
    /** Adds or replaces a CSINode (by name: a node that joins a live cluster brings its own). */
    putCSINode(csiNode: V1CSINode): void;
    /** Whether the lister holds no object at all. */
    readonly empty: boolean;
    /** Incremented on every write, so caches built from claims and volumes can tell they changed. */
    readonly version: number;
}

/** The API server's not-found text for a claim (`persistentvolumeclaim "data" not found`, as the generated lister words it). */
export function claimNotFound(name: string): string {
    return `persistentvolumeclaim ${JSON.stringify(name)} not found`;
}

/** The API server's not-found text for a volume. */
export function volumeNotFound(name: string): string {
    return `persistentvolume ${JSON.stringify(name)} not found`;
}

/** The API server's not-found text for a storage class. */
export function storageClassNotFound(name: string): string {
    return `storageclass.storage.k8s.io ${JSON.stringify(name)} not found`;
}

const namespaceOf = (obj: { metadata?: { namespace?: string } }): string => obj.metadata?.namespace || "default";

function requireName(obj: { kind?: string; metadata?: { name?: string; namespace?: string } }, kind: string): string {
    const name = obj.metadata?.name;
    if (typeof name !== "string" || name === "") throw new InvalidObjectError(objectRef(obj, kind), "metadata.name", `a ${kind} needs a non-empty name`);
    return name;
}

class Lister implements StorageLister {
    private readonly claimsByKey = new Map<string, V1PersistentVolumeClaim>();
    private readonly volumesByName = new Map<string, V1PersistentVolume>();
    private readonly classesByName = new Map<string, V1StorageClass>();
    private readonly csiNodesByName = new Map<string, V1CSINode>();
    private byClass?: Map<string, V1PersistentVolume[]>;
    private unboundByClass?: Map<string, V1PersistentVolume[]>;
    version = 0;

    constructor(input: StorageInput) {
        for (const claim of input.persistentVolumeClaims ?? []) {
            const key = `${namespaceOf(claim)}/${requireName(claim, "PersistentVolumeClaim")}`;
            if (this.claimsByKey.has(key)) throw new InvalidObjectError(objectRef(claim, "PersistentVolumeClaim"), "metadata.name", `duplicate PersistentVolumeClaim ${key}`);
            this.claimsByKey.set(key, claim);
        }
        for (const volume of input.persistentVolumes ?? []) {
            const name = requireName(volume, "PersistentVolume");
            if (this.volumesByName.has(name)) throw new InvalidObjectError(objectRef(volume, "PersistentVolume"), "metadata.name", `duplicate PersistentVolume ${name}`);
            this.volumesByName.set(name, volume);
        }
        for (const storageClass of input.storageClasses ?? []) {
            const name = requireName(storageClass, "StorageClass");
            if (this.classesByName.has(name)) throw new InvalidObjectError(objectRef(storageClass, "StorageClass"), "metadata.name", `duplicate StorageClass ${name}`);
            if (typeof storageClass.provisioner !== "string" || storageClass.provisioner === "") {
                throw new InvalidObjectError(objectRef(storageClass, "StorageClass"), "provisioner", "a StorageClass needs a provisioner (e.g. disk.csi.azure.com, or kubernetes.io/no-provisioner)");
            }
            const mode = storageClass.volumeBindingMode;
            if (mode !== undefined && mode !== "Immediate" && mode !== "WaitForFirstConsumer") {
                throw new InvalidObjectError(objectRef(storageClass, "StorageClass"), "volumeBindingMode", `${JSON.stringify(mode)} is not valid; valid values are Immediate, WaitForFirstConsumer`);
            }
            this.classesByName.set(name, storageClass);
        }
        for (const csiNode of input.csiNodes ?? []) {
            const name = requireName(csiNode, "CSINode");
            if (this.csiNodesByName.has(name)) throw new InvalidObjectError(objectRef(csiNode, "CSINode"), "metadata.name", `duplicate CSINode ${name}`);
            this.csiNodesByName.set(name, csiNode);
        }
    }

    get empty(): boolean {
        return this.claimsByKey.size + this.volumesByName.size + this.classesByName.size + this.csiNodesByName.size === 0;
    }

    claim(namespace: string, name: string): V1PersistentVolumeClaim | undefined {
        return this.claimsByKey.get(`${namespace}/${name}`);
    }
    volume(name: string): V1PersistentVolume | undefined {
        return this.volumesByName.get(name);
    }
    storageClass(name: string): V1StorageClass | undefined {
        return this.classesByName.get(name);
    }
    csiNode(nodeName: string): V1CSINode | undefined {
        return this.csiNodesByName.get(nodeName);
    }
    volumesOfClass(className: string): readonly V1PersistentVolume[] {
        return this.classIndex(false).get(className) ?? [];
    }
    unboundVolumesOfClass(className: string): readonly V1PersistentVolume[] {
        return this.classIndex(true).get(className) ?? [];
    }
    private classIndex(unboundOnly: boolean): Map<string, V1PersistentVolume[]> {
        let index = unboundOnly ? this.unboundByClass : this.byClass;
        if (index === undefined) {
            index = new Map();
            for (const volume of this.volumesByName.values()) {
                if (unboundOnly && volume.status?.phase === "Bound") continue;
                const key = volumeClassName(volume);
                const list = index.get(key) ?? [];
                list.push(volume);
                index.set(key, list);
            }
            if (unboundOnly) this.unboundByClass = index;
            else this.byClass = index;
        }
        return index;
    }
    claims(): V1PersistentVolumeClaim[] {
        return [...this.claimsByKey.values()];
    }
    volumes(): V1PersistentVolume[] {
        return [...this.volumesByName.values()];
    }
    storageClasses(): V1StorageClass[] {
        return [...this.classesByName.values()];
    }
    putClaim(claim: V1PersistentVolumeClaim): void {
        this.claimsByKey.set(`${namespaceOf(claim)}/${requireName(claim, "PersistentVolumeClaim")}`, claim);
        this.version++;
    }
    putCSINode(csiNode: V1CSINode): void {
        this.csiNodesByName.set(requireName(csiNode, "CSINode"), csiNode);
        this.version++;
    }
    putVolume(volume: V1PersistentVolume): void {
        const name = requireName(volume, "PersistentVolume");
        const previous = this.volumesByName.get(name);
        this.volumesByName.set(name, volume);
        // Keep the class indexes current rather than rebuilding them: a simulation binds volumes one by one.
        const update = (index: Map<string, V1PersistentVolume[]> | undefined, keep: boolean): void => {
            if (index === undefined) return;
            if (previous !== undefined) {
                const list = index.get(volumeClassName(previous));
                const at = list?.indexOf(previous) ?? -1;
                if (at >= 0) list!.splice(at, 1);
            }
            if (!keep) return;
            const key = volumeClassName(volume);
            const list = index.get(key) ?? [];
            list.push(volume);
            index.set(key, list);
        };
        update(this.byClass, true);
        update(this.unboundByClass, volume.status?.phase !== "Bound");
        this.version++;
    }
}

/**
 * Indexes storage objects for the plugins.
 * @throws InvalidObjectError for an object without a name, a duplicate, a StorageClass without a provisioner or
 *   with an unknown `volumeBindingMode`.
 */
export function createStorageLister(input: StorageInput = {}): StorageLister {
    return new Lister(input);
}

/**
 * VolumeBinding, Filter side: whether the pod's claims can be bound on the node (kubernetes/kubernetes
 * `pkg/scheduler/framework/plugins/volumebinding/volume_binding.go` and `binder.go`, v1.35; the matching of
 * `component-helpers/storage/volume/pv_helpers.go` `FindMatchingVolume`):
 * - PreFilter: Skip without claims. A missing claim, a claim whose phase is Lost or that is being deleted, or an
 *   ephemeral claim not made for the pod is UnschedulableAndUnresolvable with upstream's words. Claims are bound
 *   (`volumeName` set and `pv.kubernetes.io/bind-completed`), unbound with delayed binding (their class is
 *   `WaitForFirstConsumer`), or unbound immediate (any other; a class missing or without a binding mode counts as
 *   immediate, or is an error, as upstream): one unbound immediate claim rejects the pod, "pod has unbound
 *   immediate PersistentVolumeClaims". Bound volumes pinned to hosts by `kubernetes.io/hostname In` narrow the
 *   nodes (a PreFilter result);
 * - Filter, all reasons of a node in one UnschedulableAndUnresolvable status, in upstream's order:
 *   a bound volume whose node affinity the node's labels fail, "node(s) had volume node affinity conflict"; a
 *   delayed claim that no unbound volume of its class matches (capacity, access modes, volume mode, selector,
 *   phase Available, node affinity; the smallest wins) and that cannot be provisioned on the node (no
 *   provisioner, or the class's `allowedTopologies` exclude the node), "node(s) didn't find available persistent
 *   volumes to bind"; a bound claim naming a missing volume, "node(s) unavailable due to one or more pvc(s)
 *   bound to non-existent pv(s)";
 * - the decision per node (which volumes bind statically, which claims provision) is kept in the state, for the
 *   simulation's bind step.
 * Not modelled: CSIStorageCapacity ("node(s) did not have enough free storage" is never produced; without
 * capacity objects upstream finds the capacity sufficient too), in-tree volumes translated to CSI, and the Score
 * (StorageCapacityScoring, off by default in v1.35).
 * See https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode
 */
import type { CycleContext, FilterPlugin, NodeInfo, PreFilterResult, Status } from "../framework/interfaces";
import { VolumeBinding } from "../framework/names";
import { isStatus, readPreFilterState } from "../framework/pre-filter-state";
import { ErrReasonBindConflict, ErrReasonNodeConflict, ErrReasonPVNotExist, ErrReasonUnboundImmediatePVC, volumeBindingModeNotSet } from "../framework/reasons";
import { SKIP } from "../framework/status";
import { claimNotFound, type StorageLister } from "../framework/storage";
import { compileLabelSelector } from "../model/label-selector";
import { parseQuantity, toValue } from "../model/quantity";
import type { V1Node, V1PersistentVolume, V1PersistentVolumeClaim, V1TopologySelectorTerm } from "../model/types";
import {
    ANN_BIND_COMPLETED,
    ANN_SELECTED_NODE,
    claimClassName,
    ephemeralClaimProblem,
    NO_PROVISIONER,
    podClaimRefs,
    podNamespace,
    volumeClassName,
    volumeNodeAffinityMatches,
} from "../model/volumes";

export { ErrReasonBindConflict, ErrReasonNodeConflict, ErrReasonPVNotExist, ErrReasonUnboundImmediatePVC } from "../framework/reasons";

/** The plugin's name. */
export const Name = VolumeBinding;

/** The cycle-state key PreFilter writes. */
export const PRE_FILTER_STATE_KEY = "PreFilter" + Name;

/** The hostname label local volumes are pinned by. */
const LABEL_HOSTNAME = "kubernetes.io/hostname";

/** The pod's claims, sorted as upstream's `GetPodVolumeClaims` sorts them. */
export interface PodVolumeClaims {
    bound: V1PersistentVolumeClaim[];
    unboundDelayBinding: V1PersistentVolumeClaim[];
    unboundImmediate: V1PersistentVolumeClaim[];
}

/** What binding the pod on one node takes: volumes bound as they are, claims to provision. */
export interface PodVolumes {
    staticBindings: { claim: V1PersistentVolumeClaim; volume: V1PersistentVolume }[];
    dynamicProvisions: V1PersistentVolumeClaim[];
}

/** PreFilter's state: the claims, and each node's decision once Filter ran on it. */
export interface VolumeBindingState {
    readonly claims: PodVolumeClaims;
    readonly podVolumesByNode: Map<string, PodVolumes>;
    clone(): VolumeBindingState;
}

function createState(claims: PodVolumeClaims, byNode = new Map<string, PodVolumes>()): VolumeBindingState {
    return { claims, podVolumesByNode: byNode, clone: () => createState(claims, new Map(byNode)) };
}

function unresolvable(reason: string): Status {
    return { code: "UnschedulableAndUnresolvable", reasons: [reason] };
}

/** Upstream `isPVCFullyBound`: a volume name and the bind-completed annotation. */
export function isClaimBound(claim: V1PersistentVolumeClaim): boolean {
    return (claim.spec?.volumeName ?? "") !== "" && Object.prototype.hasOwnProperty.call(claim.metadata?.annotations ?? {}, ANN_BIND_COMPLETED);
}

/** Upstream `IsDelayBindingMode`: true for a `WaitForFirstConsumer` class; a missing class is not delayed; a class without a mode is an error. */
function isDelayBinding(storage: StorageLister, claim: V1PersistentVolumeClaim): boolean | Status {
    const className = claimClassName(claim);
    if (className === "") return false;
    const storageClass = storage.storageClass(className);
    if (storageClass === undefined) return false;
    if (storageClass.volumeBindingMode === undefined) return { code: "Error", reasons: [volumeBindingModeNotSet(className)] };
    return storageClass.volumeBindingMode === "WaitForFirstConsumer";
}

/**
 * Reads and sorts the pod's claims (upstream `podHasPVCs` and `GetPodVolumeClaims`).
 * @returns undefined when the pod has no claim, the claims, or the status that rejects the pod.
 */
export function podVolumeClaims(ctx: CycleContext): PodVolumeClaims | Status | undefined {
    const refs = podClaimRefs(ctx.pod);
    if (refs.length === 0) return undefined;
    const storage = ctx.snapshot.storage;
    const namespace = podNamespace(ctx.pod);
    const claims: PodVolumeClaims = { bound: [], unboundDelayBinding: [], unboundImmediate: [] };
    for (const ref of refs) {
        const claim = storage.claim(namespace, ref.claimName);
        if (claim === undefined) {
            return unresolvable(ref.ephemeral ? `waiting for ephemeral volume controller to create the persistentvolumeclaim ${JSON.stringify(ref.claimName)}` : claimNotFound(ref.claimName));
        }
        if (claim.status?.phase === "Lost") {
            return unresolvable(`persistentvolumeclaim ${JSON.stringify(ref.claimName)} bound to non-existent persistentvolume ${JSON.stringify(claim.spec?.volumeName ?? "")}`);
        }
        if (claim.metadata?.deletionTimestamp !== undefined && claim.metadata.deletionTimestamp !== null) {
            return unresolvable(`persistentvolumeclaim ${JSON.stringify(ref.claimName)} is being deleted`);
        }
        if (ref.ephemeral) {
            const problem = ephemeralClaimProblem(ctx.pod, claim);
            if (problem !== undefined) return unresolvable(problem);
        }
    }
    for (const ref of refs) {
        const claim = storage.claim(namespace, ref.claimName)!;
        if (isClaimBound(claim)) {
            claims.bound.push(claim);
            continue;
        }
        const delay = isDelayBinding(storage, claim);
        if (typeof delay !== "boolean") return delay;
        if (delay && (claim.spec?.volumeName ?? "") === "") claims.unboundDelayBinding.push(claim);
        else claims.unboundImmediate.push(claim);
    }
    return claims;
}

/** The hosts a local volume is pinned to (upstream `GetLocalPersistentVolumeNodeNames`), or undefined when it is not. */
export function localVolumeNodeNames(volume: V1PersistentVolume): Set<string> | undefined {
    let result: Set<string> | undefined;
    for (const term of volume.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? []) {
        let nodes: Set<string> | undefined;
        for (const expr of term.matchExpressions ?? []) {
            if (expr.key !== LABEL_HOSTNAME || expr.operator !== "In") continue;
            const values = new Set(expr.values ?? []);
            nodes = nodes === undefined ? values : new Set([...nodes].filter((n) => values.has(n)));
        }
        if (nodes === undefined) continue;
        result ??= new Set();
        for (const n of nodes) result.add(n);
    }
    return result === undefined || result.size === 0 ? undefined : result;
}

/** Upstream `GetEligibleNodes`: the intersection of the hosts of the bound local volumes; undefined when unknown. */
function eligibleNodes(storage: StorageLister, bound: readonly V1PersistentVolumeClaim[]): Set<string> | undefined {
    let eligible: Set<string> | undefined;
    for (const claim of bound) {
        const volume = storage.volume(claim.spec!.volumeName!);
        if (volume === undefined) return undefined;
        const names = localVolumeNodeNames(volume);
        if (names === undefined) continue;
        eligible = eligible === undefined ? names : new Set([...eligible].filter((n) => names.has(n)));
    }
    return eligible;
}

/** CheckNodeAffinity reads the node's labels only (upstream builds a node from them). */
function labelsOnly(node: V1Node): V1Node {
    return { metadata: { labels: node.metadata?.labels ?? {} } };
}

const sizes = new WeakMap<object, number>();

/** A quantity of an object, parsed once per object. */
function sizeOf(object: object, raw: string | undefined): number {
    let size = sizes.get(object);
    if (size === undefined) {
        size = raw === undefined ? 0 : toValue(parseQuantity(raw));
        sizes.set(object, size);
    }
    return size;
}

function storageRequest(claim: V1PersistentVolumeClaim): number {
    return sizeOf(claim, claim.spec?.resources?.requests?.storage);
}

function volumeCapacity(volume: V1PersistentVolume): number {
    return sizeOf(volume, volume.spec?.capacity?.storage);
}

function isVolumeBoundToClaim(volume: V1PersistentVolume, claim: V1PersistentVolumeClaim): boolean {
    const ref = volume.spec?.claimRef;
    if (ref === undefined || ref === null) return false;
    if (claim.metadata?.name !== ref.name || (claim.metadata?.namespace || "default") !== (ref.namespace || "default")) return false;
    return !(ref.uid !== undefined && ref.uid !== "" && claim.metadata?.uid !== ref.uid);
}

function accessModesFit(claim: V1PersistentVolumeClaim, volume: V1PersistentVolume): boolean {
    const offered = new Set(volume.spec?.accessModes ?? []);
    return (claim.spec?.accessModes ?? []).every((mode) => offered.has(mode));
}

/**
 * The volume to bind a delayed claim to on the node (upstream `FindMatchingVolume` on the scheduler path): a volume
 * pre-bound to the claim if its node affinity admits the node, else the smallest Available volume of the claim's
 * class that is big enough, of the same volume mode and access modes, matching the claim's selector and admitting
 * the node.
 */
export function findMatchingVolume(claim: V1PersistentVolumeClaim, volumes: readonly V1PersistentVolume[], node: V1Node, excluded: ReadonlySet<string>): V1PersistentVolume | undefined {
    const requested = storageRequest(claim);
    const requestedClass = claimClassName(claim);
    const selector = claim.spec?.selector == null ? undefined : compileLabelSelector(claim.spec.selector, { object: `PersistentVolumeClaim/${claim.metadata?.name ?? ""}`, field: "spec.selector" });
    const claimMode = claim.spec?.volumeMode ?? "Filesystem";
    let smallest: V1PersistentVolume | undefined;
    let smallestSize = 0;
    for (const volume of volumes) {
        if (excluded.has(volume.metadata?.name ?? "")) continue;
        if (volume.spec?.claimRef != null && !isVolumeBoundToClaim(volume, claim)) continue;
        const size = volumeCapacity(volume);
        if (size < requested) continue;
        if ((volume.spec?.volumeMode ?? "Filesystem") !== claimMode) continue;
        if (volume.metadata?.deletionTimestamp != null) continue;
        const affinityOk = volumeNodeAffinityMatches(volume, labelsOnly(node));
        if (isVolumeBoundToClaim(volume, claim)) return affinityOk ? volume : undefined;
        if (volume.status?.phase !== "Available") continue;
        if (selector !== undefined && !selector.matches(volume.metadata?.labels)) continue;
        if (volumeClassName(volume) !== requestedClass) continue;
        if (!affinityOk || !accessModesFit(claim, volume)) continue;
        if (smallest === undefined || smallestSize > size) {
            smallest = volume;
            smallestSize = size;
        }
    }
    return smallest;
}

/** Upstream `MatchTopologySelectorTerms`: no terms match every node; an empty term matches none. */
export function matchTopologySelectorTerms(terms: readonly V1TopologySelectorTerm[] | undefined, labels: Readonly<Record<string, string>>): boolean {
    if (terms === undefined || terms.length === 0) return true;
    return terms.some((term) => {
        const exprs = term.matchLabelExpressions ?? [];
        if (exprs.length === 0) return false;
        return exprs.every((e) => Object.prototype.hasOwnProperty.call(labels, e.key) && e.values.includes(labels[e.key]));
    });
}

/** Whether a delayed claim can be provisioned for the node (upstream `checkVolumeProvisions`, one claim). */
function canProvision(storage: StorageLister, claim: V1PersistentVolumeClaim, node: V1Node): boolean | Status {
    const className = claimClassName(claim);
    if (className === "") return { code: "Error", reasons: [`no class for claim ${JSON.stringify(`${claim.metadata?.namespace || "default"}/${claim.metadata?.name ?? ""}`)}`] };
    const storageClass = storage.storageClass(className);
    if (storageClass === undefined) return { code: "Error", reasons: [`failed to find storage class ${JSON.stringify(className)}`] };
    const provisioner = storageClass.provisioner ?? "";
    if (provisioner === "" || provisioner === NO_PROVISIONER) return false;
    const terms = storageClass.allowedTopologies;
    // Without terms every node matches: the node's labels are not read (Filter runs this on hundreds of nodes per pod).
    return terms === undefined || terms.length === 0 || matchTopologySelectorTerms(terms, node.metadata?.labels ?? {});
}

const NO_REASONS: string[] = Object.freeze([]) as unknown as string[];
const NONE_CHOSEN: ReadonlySet<string> = new Set();

/** The node's verdict and, when it passes, what binding would take (upstream `FindPodVolumes`). */
export function findPodVolumes(storage: StorageLister, claims: PodVolumeClaims, node: V1Node): { reasons: string[]; podVolumes?: PodVolumes } | Status {
    let boundSatisfied = true;
    let boundFound = true;
    let unboundSatisfied = true;
    const podVolumes: PodVolumes = { staticBindings: [], dynamicProvisions: [] };
    for (const claim of claims.bound) {
        const volume = storage.volume(claim.spec!.volumeName!);
        if (volume === undefined) {
            boundFound = false;
            break;
        }
        if (!volumeNodeAffinityMatches(volume, labelsOnly(node))) {
            boundSatisfied = false;
            break;
        }
    }
    if (claims.unboundDelayBinding.length > 0) {
        const toMatch: V1PersistentVolumeClaim[] = [];
        const toProvision: V1PersistentVolumeClaim[] = [];
        let skippedNode = false;
        for (const claim of claims.unboundDelayBinding) {
            const selected = claim.metadata?.annotations?.[ANN_SELECTED_NODE];
            if (selected !== undefined) {
                if (selected !== node.metadata?.name) {
                    skippedNode = true;
                    break;
                }
                toProvision.push(claim);
            } else {
                toMatch.push(claim);
            }
        }
        if (skippedNode) {
            unboundSatisfied = false;
        } else {
            // Smallest request first, so the smallest volumes go to the smallest claims (upstream `byPVCSize`).
            const sorted = toMatch.length > 1 ? [...toMatch].sort((a, b) => storageRequest(a) - storageRequest(b)) : toMatch;
            // The volumes chosen for the claims before: made on the first choice (most pods provision every claim).
            let chosen: Set<string> | undefined;
            for (const claim of sorted) {
                const candidates = storage.unboundVolumesOfClass(claimClassName(claim));
                const volume = candidates.length === 0 ? undefined : findMatchingVolume(claim, candidates, node, chosen ?? NONE_CHOSEN);
                if (volume === undefined) {
                    unboundSatisfied = false;
                    toProvision.push(claim);
                    continue;
                }
                (chosen ??= new Set()).add(volume.metadata!.name!);
                podVolumes.staticBindings.push({ claim, volume });
            }
            if (toProvision.length > 0) {
                unboundSatisfied = true;
                for (const claim of toProvision) {
                    const ok = canProvision(storage, claim, node);
                    if (typeof ok !== "boolean") return ok;
                    if (!ok) {
                        unboundSatisfied = false;
                        break;
                    }
                    podVolumes.dynamicProvisions.push(claim);
                }
            }
        }
    }
    if (boundSatisfied && unboundSatisfied && boundFound) return { reasons: NO_REASONS, podVolumes };
    const reasons: string[] = [];
    if (!boundSatisfied) reasons.push(ErrReasonNodeConflict);
    if (!unboundSatisfied) reasons.push(ErrReasonBindConflict);
    if (!boundFound) reasons.push(ErrReasonPVNotExist);
    return { reasons };
}

/** The VolumeBinding PreFilter/Filter plugin. */
export const volumeBindingPlugin = {
    name: Name,
    preFilter(ctx: CycleContext): PreFilterResult | undefined {
        const claims = podVolumeClaims(ctx);
        if (claims === undefined) return { status: SKIP };
        if (isStatus(claims)) return { status: claims };
        if (claims.unboundImmediate.length > 0) return { status: unresolvable(ErrReasonUnboundImmediatePVC) };
        ctx.state.write(PRE_FILTER_STATE_KEY, createState(claims));
        const nodeNames = eligibleNodes(ctx.snapshot.storage, claims.bound);
        return nodeNames === undefined ? undefined : { nodeNames };
    },
    filter(ctx: CycleContext, nodeInfo: NodeInfo): Status | undefined {
        const s = readPreFilterState<VolumeBindingState>(ctx.state, PRE_FILTER_STATE_KEY);
        if (isStatus(s)) return s;
        const outcome = findPodVolumes(ctx.snapshot.storage, s.claims, nodeInfo.node);
        if (isStatus(outcome)) return outcome;
        if (outcome.reasons.length > 0) return { code: "UnschedulableAndUnresolvable", reasons: outcome.reasons };
        s.podVolumesByNode.set(nodeInfo.name, outcome.podVolumes!);
        return undefined;
    },
} satisfies FilterPlugin;

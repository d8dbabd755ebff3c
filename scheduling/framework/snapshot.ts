/**
 * The cluster as one scheduling cycle sees it (kube-scheduler `pkg/scheduler/backend/cache/snapshot.go`, v1.35):
 * every node with the pods bound to it by `spec.nodeName`.
 */
import { InvalidObjectError, objectRef } from "../model/errors";
import { podRef } from "../model/pod-requests";
import type { V1Namespace, V1Node, V1Pod } from "../model/types";
import type { NodeChangeLog, NodeInfo, Snapshot } from "./interfaces";
import { addPodToNode, createNodeInfo, createPodInfo } from "./node-info";
import { createStorageLister, type StorageInput, type StorageLister } from "./storage";

/** What a snapshot is built from. */
export interface SnapshotInput {
    /** Every node of the cluster; names must be unique. */
    nodes: readonly V1Node[];
    /** Pods already running; each must name a node in `nodes` by `spec.nodeName`. Defaults to none. */
    existingPods?: readonly V1Pod[];
    /** Namespaces, for pod affinity `namespaceSelector`. Defaults to none. */
    namespaces?: readonly V1Namespace[];
    /** Claims, volumes, storage classes and CSINodes (or a lister over them). Defaults to none. */
    storage?: StorageInput | StorageLister;
}

function isLister(storage: StorageInput | StorageLister): storage is StorageLister {
    return typeof (storage as StorageLister).claim === "function";
}

/**
 * A snapshot a long simulation changes between scheduling cycles (a drain adds, cordons and removes nodes):
 * kube-scheduler's cache applies node events to its snapshot the same way. Pods are added to and removed from
 * a node's NodeInfo directly (`addPodToNode`, `removePodFromNode`).
 */
export interface MutableSnapshot extends Snapshot {
    /**
     * Adds a node at the end of `nodeInfos`.
     * @throws InvalidObjectError for a name already in the snapshot.
     */
    addNodeInfo(nodeInfo: NodeInfo): void;
    /**
     * Removes a node and the pods on it. The last node takes its place in `nodeInfos` (the order of
     * `nodeInfos` carries no meaning; the plugins' per-snapshot indexes then re-read only the moved node).
     */
    removeNodeInfo(nodeInfo: NodeInfo): void;
}

/**
 * Builds a snapshot.
 * @throws InvalidObjectError for a duplicate node name, a pod without `spec.nodeName` or naming an unknown node,
 * and malformed quantities.
 */
export function createSnapshot(input: SnapshotInput): MutableSnapshot {
    const byName = new Map<string, NodeInfo>();
    const nodeInfos: NodeInfo[] = [];
    for (const node of input.nodes) {
        const nodeInfo = createNodeInfo(node);
        if (byName.has(nodeInfo.name)) throw new InvalidObjectError(objectRef(node, "Node"), "metadata.name", `duplicate node name ${JSON.stringify(nodeInfo.name)}`);
        byName.set(nodeInfo.name, nodeInfo);
        nodeInfos.push(nodeInfo);
    }
    for (const pod of input.existingPods ?? []) {
        const nodeName = pod.spec?.nodeName;
        if (nodeName === undefined || nodeName === "") {
            throw new InvalidObjectError(podRef(pod), "spec.nodeName", "an existing pod must be bound to a node");
        }
        const nodeInfo = byName.get(nodeName);
        if (nodeInfo === undefined) {
            throw new InvalidObjectError(podRef(pod), "spec.nodeName", `unknown node ${JSON.stringify(nodeName)}; known nodes: ${[...byName.keys()].join(", ") || "(none)"}`);
        }
        addPodToNode(nodeInfo, createPodInfo(pod));
    }
    // Changes from here on are logged (the existing pods are part of the starting point).
    const changeLog: NodeChangeLog = { changed: [], layout: 0 };
    nodeInfos.forEach((nodeInfo, i) => {
        nodeInfo.index = i;
        nodeInfo.changeLog = changeLog;
    });
    const namespaces = new Map<string, V1Namespace>();
    for (const namespace of input.namespaces ?? []) {
        const name = namespace.metadata?.name;
        if (typeof name !== "string" || name === "") throw new InvalidObjectError(objectRef(namespace, "Namespace"), "metadata.name", "a namespace needs a non-empty name");
        namespaces.set(name, namespace);
    }
    return {
        nodeInfos,
        get: (nodeName) => byName.get(nodeName),
        addNodeInfo(nodeInfo) {
            if (byName.has(nodeInfo.name)) throw new InvalidObjectError(objectRef(nodeInfo.node, "Node"), "metadata.name", `duplicate node name ${JSON.stringify(nodeInfo.name)}`);
            byName.set(nodeInfo.name, nodeInfo);
            nodeInfo.index = nodeInfos.length;
            nodeInfo.changeLog = changeLog;
            nodeInfos.push(nodeInfo);
            changeLog.layout++;
        },
        removeNodeInfo(nodeInfo) {
            const at = nodeInfos.indexOf(nodeInfo);
            if (at < 0) return;
            byName.delete(nodeInfo.name);
            const last = nodeInfos.pop()!;
            if (last !== nodeInfo) {
                nodeInfos[at] = last;
                last.index = at;
            }
            // The node is no longer the snapshot's: its later changes (pods dropped with it) are not logged.
            nodeInfo.changeLog = undefined;
            changeLog.layout++;
        },
        havePodsWithAffinity: () => nodeInfos.filter((n) => n.podsWithAffinity.length > 0),
        havePodsWithRequiredAntiAffinity: () => nodeInfos.filter((n) => n.podsWithRequiredAntiAffinity.length > 0),
        namespaces,
        storage: input.storage !== undefined && isLister(input.storage) ? input.storage : createStorageLister(input.storage),
        changeLog,
    };
}

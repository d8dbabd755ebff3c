/**
 * PodInfo and NodeInfo: what the engine derives from pods and nodes once, so Filter plugins read numbers,
 * not quantity strings (kube-scheduler `pkg/scheduler/framework/types.go`, v1.35: `NewPodInfo`,
 * `NodeInfo.AddPod`/`RemovePod` with `NonZeroRequested`, `updateUsedPorts`; host ports after `pkg/scheduler/util` `GetHostPorts`:
 * regular containers and restartable init containers, ports with `hostPort > 0`, empty protocol read as TCP
 * and empty host IP as 0.0.0.0).
 */
import { InvalidObjectError, objectRef } from "../model/errors";
import { computeNonZeroRequests, computePodRequests, parseResourceList } from "../model/pod-requests";
import type { V1Container, V1Node, V1Pod } from "../model/types";
import type { HostPort, NodeInfo, PodInfo, ResourceAmounts } from "./interfaces";

/** The host IP that means "every address". */
export const DEFAULT_HOST_IP = "0.0.0.0";
/** The protocol of a port that names none. */
export const DEFAULT_PROTOCOL = "TCP";

function containerHostPorts(containers: readonly V1Container[] | undefined, out: HostPort[]): void {
    for (const container of containers ?? []) {
        for (const port of container.ports ?? []) {
            if (port.hostPort === undefined || port.hostPort <= 0) continue;
            out.push({ protocol: port.protocol || DEFAULT_PROTOCOL, hostIP: port.hostIP || DEFAULT_HOST_IP, port: port.hostPort });
        }
    }
}

/** The host ports a pod asks for: its restartable init containers' (sidecars), then its containers'. */
export function podHostPorts(pod: V1Pod): HostPort[] {
    const out: HostPort[] = [];
    containerHostPorts(
        pod.spec?.initContainers?.filter((c) => c.restartPolicy === "Always"),
        out,
    );
    containerHostPorts(pod.spec?.containers, out);
    return out;
}

/**
 * Derives a pod's requests, host ports and pod-affinity flags once.
 * @throws InvalidObjectError naming `Pod/<namespace>/<name>` and the field of a malformed quantity.
 */
export function createPodInfo(pod: V1Pod): PodInfo {
    const affinity = pod.spec?.affinity;
    return {
        pod,
        requests: computePodRequests(pod),
        nonZero: computeNonZeroRequests(pod),
        hostPorts: podHostPorts(pod),
        hasAffinity: affinity?.podAffinity != null || affinity?.podAntiAffinity != null,
        hasRequiredAntiAffinity: (affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0,
    };
}

/**
 * Builds a node's NodeInfo: parses `status.allocatable` and adds the given pods.
 * @throws InvalidObjectError naming `Node/<name>` when the name is missing or allocatable is malformed.
 */
export function createNodeInfo(node: V1Node, pods: readonly PodInfo[] = []): NodeInfo {
    const object = objectRef(node, "Node");
    const name = node.metadata?.name;
    if (typeof name !== "string" || name === "") throw new InvalidObjectError(object, "metadata.name", "a node needs a non-empty name");
    const nodeInfo: NodeInfo = {
        node,
        name,
        allocatable: parseResourceList(node.status?.allocatable as Record<string, unknown> | undefined, object, "status.allocatable"),
        requested: {},
        nonZeroRequested: { cpu: 0, memory: 0 },
        pods: [],
        usedPorts: [],
        podsWithAffinity: [],
        podsWithRequiredAntiAffinity: [],
        generation: 0,
        volumeLimits: undefined,
    };
    for (const podInfo of pods) addPodToNode(nodeInfo, podInfo);
    return nodeInfo;
}

/**
 * A copy of a node's NodeInfo that pods can be added to and removed from without touching the original (upstream
 * `NodeInfo.Snapshot`): lists and sums are copied, the node and the PodInfos shared.
 */
export function cloneNodeInfo(nodeInfo: NodeInfo): NodeInfo {
    return {
        ...nodeInfo,
        requested: { ...nodeInfo.requested },
        nonZeroRequested: { ...nodeInfo.nonZeroRequested },
        pods: [...nodeInfo.pods],
        usedPorts: [...nodeInfo.usedPorts],
        podsWithAffinity: [...nodeInfo.podsWithAffinity],
        podsWithRequiredAntiAffinity: [...nodeInfo.podsWithRequiredAntiAffinity],
        // A copy's changes are its own: they are not the snapshot's.
        changeLog: undefined,
        // So are its attached volumes: NodeVolumeLimits reads them afresh for the copy.
        volumeLimits: undefined,
    };
}

function addAmounts(into: ResourceAmounts, from: ResourceAmounts, sign: 1 | -1): void {
    for (const name in from) {
        const value = (into[name] ?? 0) + sign * from[name];
        into[name] = value;
    }
}

/** Adds a pod to a node: its requests, host ports and affinity lists; bumps the generation. */
export function addPodToNode(nodeInfo: NodeInfo, podInfo: PodInfo): void {
    nodeInfo.pods.push(podInfo);
    addAmounts(nodeInfo.requested, podInfo.requests, 1);
    nodeInfo.nonZeroRequested.cpu += podInfo.nonZero.cpu;
    nodeInfo.nonZeroRequested.memory += podInfo.nonZero.memory;
    for (const port of podInfo.hostPorts) nodeInfo.usedPorts.push(port);
    if (podInfo.hasAffinity) nodeInfo.podsWithAffinity.push(podInfo);
    if (podInfo.hasRequiredAntiAffinity) nodeInfo.podsWithRequiredAntiAffinity.push(podInfo);
    nodeInfo.generation += 1;
    nodeInfo.changeLog?.changed.push(nodeInfo.index!);
}

function removeOnce<T>(list: T[], item: T): boolean {
    const index = list.indexOf(item);
    if (index < 0) return false;
    list.splice(index, 1);
    return true;
}

/**
 * Removes a pod added earlier (the same PodInfo object) from a node, undoing {@link addPodToNode}.
 * @throws Error when the pod is not on the node.
 */
export function removePodFromNode(nodeInfo: NodeInfo, podInfo: PodInfo): void {
    if (!removeOnce(nodeInfo.pods, podInfo)) {
        throw new Error(`${objectRef(podInfo.pod, "Pod")} is not on Node/${nodeInfo.name}`);
    }
    addAmounts(nodeInfo.requested, podInfo.requests, -1);
    nodeInfo.nonZeroRequested.cpu -= podInfo.nonZero.cpu;
    nodeInfo.nonZeroRequested.memory -= podInfo.nonZero.memory;
    for (const port of podInfo.hostPorts) removeOnce(nodeInfo.usedPorts, port);
    if (podInfo.hasAffinity) removeOnce(nodeInfo.podsWithAffinity, podInfo);
    if (podInfo.hasRequiredAntiAffinity) removeOnce(nodeInfo.podsWithRequiredAntiAffinity, podInfo);
    nodeInfo.generation += 1;
    nodeInfo.changeLog?.changed.push(nodeInfo.index!);
}

/**
 * Whether a wanted host port conflicts with the ports in use (upstream `HostPortInfo.CheckConflict`):
 * same protocol and port, and either host IP is 0.0.0.0 or both are equal.
 */
export function hostPortConflicts(used: readonly HostPort[], wanted: HostPort): boolean {
    for (const port of used) {
        if (port.port !== wanted.port || port.protocol !== wanted.protocol) continue;
        if (wanted.hostIP === DEFAULT_HOST_IP || port.hostIP === DEFAULT_HOST_IP || port.hostIP === wanted.hostIP) return true;
    }
    return false;
}

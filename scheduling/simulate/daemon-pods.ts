/**
 * DaemonSet pods, made as the DaemonSet controller makes them (kubernetes/kubernetes
 * `pkg/controller/daemon/daemon_controller.go` `NodeShouldRunDaemonPod` and
 * `pkg/controller/daemon/util/daemonset_util.go`, v1.35):
 * - every daemon pod tolerates `node.kubernetes.io/not-ready` and `unreachable` (NoExecute) and
 *   `disk-pressure`, `memory-pressure`, `pid-pressure`, `unschedulable` (NoSchedule), plus
 *   `network-unavailable` (NoSchedule) with `hostNetwork` (`AddOrUpdateDaemonPodTolerations`);
 * - the controller makes a pod for a node when the template's `nodeName` (if any) is that node, its node
 *   selector and required node affinity match the node, and every NoSchedule/NoExecute taint is tolerated;
 * - the pod's required node affinity is replaced by one term `matchFields metadata.name In [<node>]`
 *   (`ReplaceDaemonSetPodNodeNameNodeAffinity`), and the scheduler then runs the normal filters on it.
 */
import { findUntoleratedTaint } from "../model/taints";
import { compileRequiredNodeAffinity } from "../model/node-selector";
import type { V1Node, V1Pod, V1Toleration } from "../model/types";
import { isDoNotScheduleTaint } from "../plugins/taint-toleration";
import { podSuffixes } from "./pod-names";
import type { PodSource } from "./workloads";

/** The tolerations every daemon pod gets. */
export const DAEMON_POD_TOLERATIONS: readonly V1Toleration[] = [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
];

/** The extra toleration of host-network daemon pods. */
export const DAEMON_HOST_NETWORK_TOLERATION: V1Toleration = { key: "node.kubernetes.io/network-unavailable", operator: "Exists", effect: "NoSchedule" };

/** The template's tolerations with the daemon tolerations added (an existing toleration of the same key and effect is replaced). */
export function daemonTolerations(pod: V1Pod): V1Toleration[] {
    const added = [...DAEMON_POD_TOLERATIONS, ...(pod.spec?.hostNetwork === true ? [DAEMON_HOST_NETWORK_TOLERATION] : [])];
    const kept = (pod.spec?.tolerations ?? []).filter((t) => !added.some((a) => a.key === t.key && a.effect === t.effect));
    return [...kept, ...added.map((t) => ({ ...t }))];
}

/**
 * The daemon pods of a DaemonSet source, one per node it should run on, in node order.
 * @param source - A DaemonSet source with its `daemonTemplate`.
 * @param nodes - Every node.
 */
export function daemonPods(source: PodSource, nodes: readonly V1Node[]): V1Pod[] {
    const template = source.daemonTemplate;
    if (template === undefined) return [];
    const tolerations = daemonTolerations(template);
    const withTolerations: V1Pod = { ...template, spec: { ...template.spec!, tolerations } };
    const affinity = compileRequiredNodeAffinity(withTolerations);
    const wantedNode = template.spec?.nodeName;
    const eligible = nodes.filter((node) => {
        if (wantedNode !== undefined && wantedNode !== "" && wantedNode !== node.metadata?.name) return false;
        if (!affinity.matches(node)) return false;
        return findUntoleratedTaint(node.spec?.taints, tolerations, isDoNotScheduleTaint) === undefined;
    });
    const suffixes = podSuffixes(`${source.namespace}/${source.name}`, eligible.length);
    return eligible.map((node, i) => {
        const nodeName = node.metadata!.name!;
        const nodeAffinity = { ...template.spec?.affinity?.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [nodeName] }] }] } };
        return {
            ...template,
            metadata: { ...template.metadata, name: `${source.name}-${suffixes[i]}` },
            spec: { ...withTolerations.spec!, affinity: { ...template.spec?.affinity, nodeAffinity } },
        };
    });
}

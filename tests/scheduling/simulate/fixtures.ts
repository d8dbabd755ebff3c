/** Builders for simulation tests: nodes from the AKS node model, and workloads in API shape. */
import { buildPoolNodes } from "../../../scheduling/aks/node-model";
import type { NodePoolSpec } from "../../../scheduling/aks/node-pool-spec";
import type { V1Node, V1Pod, V1PodSpec } from "../../../scheduling/model/types";
import { daemonPods } from "../../../scheduling/simulate/daemon-pods";
import { expandWorkloads } from "../../../scheduling/simulate/workloads";
import { cluster, pool } from "../aks/fixtures";

export { cluster, pool };

/** `count` nodes of a Standard_D4ds_v5 pool (3860m cpu, ~14.6Gi memory, 30 pods allocatable) over zones 1–3. */
export function poolNodes(name: string, count: number, overrides: Partial<NodePoolSpec> = {}): V1Node[] {
    return buildPoolNodes(pool({ name, count, ...overrides }), cluster(), { count });
}

/** A pod spec with one container requesting `cpu` and `memory`. */
export function podSpec(cpu: string, memory = "128Mi", extra: Partial<V1PodSpec> = {}): V1PodSpec {
    return { containers: [{ name: "app", image: "app:1", resources: { requests: { cpu, memory } } }], ...extra };
}

/** A Deployment of `replicas` pods labelled `app: <name>`. */
export function deployment(name: string, replicas: number, spec: V1PodSpec, namespace = "default"): object {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace },
        spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } },
    };
}

/** A DaemonSet labelled `app: <name>` in kube-system. */
export function daemonSet(name: string, spec: V1PodSpec): object {
    return {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name, namespace: "kube-system" },
        spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } },
    };
}

/** A bare Pod. */
export function barePod(name: string, spec: V1PodSpec, namespace = "default"): object {
    return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace, labels: { app: name } }, spec };
}

/** A PriorityClass. */
export function priorityClass(name: string, value: number, globalDefault = false): object {
    return { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value, globalDefault };
}

/** The zone label AKS puts on nodes. */
export const ZONE = "topology.kubernetes.io/zone";

/** Every pod `simulate` makes from `workloads` on `nodes`, by `namespace/name` (expansion is deterministic). */
export function podsByName(workloads: object[], nodes: V1Node[]): Map<string, V1Pod> {
    const out = new Map<string, V1Pod>();
    for (const source of expandWorkloads(workloads).sources) {
        const pods = source.kind === "DaemonSet" ? daemonPods(source, nodes) : source.pods;
        for (const pod of pods) out.set(`${source.namespace}/${pod.metadata!.name}`, pod);
    }
    return out;
}

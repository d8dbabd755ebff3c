/**
 * A StatefulSet's replicas differ in their identity labels (`statefulset.kubernetes.io/pod-name`,
 * `apps.kubernetes.io/pod-index`), so each is scheduled on its own: a selector that names one replica (a per-pod
 * Service, an anti-affinity term) must not be applied to its siblings.
 */
import { simulate } from "../../../scheduling/simulate";
import { podSpec, poolNodes } from "./fixtures";

const nodes = poolNodes("general", 1);
const node = nodes[0].metadata!.name!;

/** A pod bound to the node that keeps the pods its selector picks off that node (required anti-affinity). */
function guard(selects: Record<string, string>): object {
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "guard", namespace: "default", labels: { app: "guard" } },
        spec: {
            ...podSpec("100m"),
            nodeName: node,
            affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: selects }, topologyKey: "kubernetes.io/hostname" }] } },
        },
    };
}

const db = {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "db", namespace: "default" },
    spec: { replicas: 2, podManagementPolicy: "Parallel", serviceName: "db", selector: { matchLabels: { app: "db" } }, template: { metadata: { labels: { app: "db" } }, spec: podSpec("100m") } },
};

const where = (result: ReturnType<typeof simulate>) => Object.fromEntries(result.pods.filter((p) => p.workload === "StatefulSet/default/db").map((p) => [p.pod, p.node ?? "nowhere"]));

test("an existing pod's anti-affinity against db-0 by name keeps db-0 off its node, and only db-0", () => {
    const result = simulate({ nodes, workloads: [guard({ "statefulset.kubernetes.io/pod-name": "db-0" }), db] });
    expect(where(result)).toEqual({ "default/db-0": "nowhere", "default/db-1": node });
});

test("anti-affinity against the whole StatefulSet keeps every replica off", () => {
    const result = simulate({ nodes, workloads: [guard({ app: "db" }), db] });
    expect(where(result)).toEqual({ "default/db-0": "nowhere", "default/db-1": "nowhere" });
});

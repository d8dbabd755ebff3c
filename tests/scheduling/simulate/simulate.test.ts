/** simulate(): mixed scenarios on nodes from the AKS node model, with kube-scheduler's exact FitError text. */
import type { V1Node, V1Pod } from "../../../scheduling/model/types";
import { simulate } from "../../../scheduling/simulate";
import type { SimulationResult } from "../../../scheduling/simulate";
import { barePod, daemonSet, deployment, podSpec, poolNodes, priorityClass, ZONE } from "./fixtures";

const GPU_TAINT = { key: "sku", value: "gpu", effect: "NoSchedule" as const };

/** Node name → zone label. */
function zones(nodes: V1Node[]): Map<string, string> {
    return new Map(nodes.map((n) => [n.metadata!.name!, n.metadata!.labels![ZONE]]));
}

/** Placed pods per zone, as `{ "westeurope-1": 3, … }`. */
function perZone(result: SimulationResult, nodes: V1Node[], workload: string): Record<string, number> {
    const zoneOf = zones(nodes);
    const out: Record<string, number> = {};
    for (const p of result.pods) if (p.workload === workload && p.node !== undefined) out[zoneOf.get(p.node)!] = (out[zoneOf.get(p.node)!] ?? 0) + 1;
    return out;
}

const spread = podSpec("100m", "128Mi", {
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "web" } } }],
});

describe("simulate: zone topology spread", () => {
    test("nine replicas spread 3/3/3 over three zones", () => {
        const nodes = poolNodes("user1", 6);
        const result = simulate({ nodes, workloads: [deployment("web", 9, spread)] });
        expect(result.unschedulable).toBe(0);
        expect(perZone(result, nodes, "Deployment/default/web")).toEqual({ "westeurope-1": 3, "westeurope-2": 3, "westeurope-3": 3 });
    });

    test("a zone whose nodes the pods cannot use still counts, so the third replica is blocked by maxSkew", () => {
        const nodes = [...poolNodes("ab", 4, { zones: ["2", "3"] }), ...poolNodes("c", 2, { zones: ["1"], taints: [GPU_TAINT] })];
        const result = simulate({ nodes, workloads: [deployment("web", 4, spread)] });
        expect(result.pods.map((p) => p.node !== undefined)).toEqual([true, true, false, false]);
        expect(result.pods[2].message).toBe("0/6 nodes are available: 2 node(s) had untolerated taint(s), 4 node(s) didn't match pod topology spread constraints.");
        expect(result.workloads).toEqual([{ workload: "Deployment/default/web", placed: 2, total: 4 }]);
    });
});

describe("simulate: taints and resources on different pools", () => {
    const nodes = [...poolNodes("user1", 3), ...poolNodes("gpu", 3, { taints: [GPU_TAINT] })];

    test("a pod too big for the untainted pool gets the exact histogram and the detail per pool", () => {
        const result = simulate({ nodes, workloads: [deployment("big", 1, podSpec("5", "1Gi"))] });
        const [pod] = result.pods;
        expect(pod.node).toBeUndefined();
        expect(pod.message).toBe("0/6 nodes are available: 3 Insufficient cpu, 3 node(s) had untolerated taint(s).");
        expect(pod.detail).toEqual({
            reasonsByPool: { user1: { "Insufficient cpu": 3 }, gpu: { "node(s) had untolerated taint(s)": 3 } },
            untoleratedTaints: [{ pool: "gpu", nodes: 3, taints: ["sku=gpu:NoSchedule"] }],
            insufficientResources: [{ resource: "cpu", nodes: 3, requested: "5", mostFree: "3860m", mostFreeNode: nodes[0].metadata!.name }],
            nodeSelectorMismatches: [],
        });
    });

    test("the same pod at 1 cpu lands on the untainted pool", () => {
        const result = simulate({ nodes, workloads: [deployment("small", 3, podSpec("1", "1Gi"))] });
        expect(result.unschedulable).toBe(0);
        expect(new Set(result.pods.map((p) => p.node))).toEqual(new Set(nodes.slice(0, 3).map((n) => n.metadata!.name)));
    });

    test("a node selector no node matches names the keys it wanted and the pools' values", () => {
        const result = simulate({ nodes, workloads: [deployment("db", 1, podSpec("100m", "128Mi", { nodeSelector: { workload: "db" } }))] });
        // TaintToleration runs before NodeAffinity, so the gpu nodes report their taint.
        expect(result.pods[0].message).toBe("0/6 nodes are available: 3 node(s) didn't match Pod's node affinity/selector, 3 node(s) had untolerated taint(s).");
        expect(result.pods[0].detail!.wantedNodeSelector).toEqual(["workload=db"]);
        expect(result.pods[0].detail!.nodeSelectorMismatches).toEqual([{ pool: "user1", nodes: 3, nodeLabels: { workload: "<absent>" } }]);
    });

    test("a node selector the gpu pool matches, with the toleration, places the pod there", () => {
        const gpuNodes = [...poolNodes("user1", 3), ...poolNodes("gpu", 3, { taints: [GPU_TAINT], labels: { workload: "db" } })];
        const spec = podSpec("100m", "128Mi", { nodeSelector: { workload: "db" }, tolerations: [{ key: "sku", operator: "Equal", value: "gpu", effect: "NoSchedule" }] });
        const result = simulate({ nodes: gpuNodes, workloads: [deployment("db", 1, spec)] });
        expect(result.pods[0].node).toMatch(/^aks-gpu-/);
    });

    test("too many pods is reported against pod slots", () => {
        const result = simulate({ nodes: poolNodes("user1", 1), workloads: [deployment("many", 31, podSpec("10m", "16Mi"))] });
        expect(result.unschedulable).toBe(1);
        expect(result.pods[30].message).toBe("0/1 nodes are available: 1 Too many pods.");
        expect(result.pods[30].detail!.insufficientResources).toEqual([{ resource: "pods", nodes: 1, requested: "1", mostFree: "0", mostFreeNode: "aks-user1-00070366-vmss000000" }]);
    });
});

describe("simulate: DaemonSets", () => {
    const nodes = [...poolNodes("user1", 3), ...poolNodes("gpu", 2, { taints: [GPU_TAINT] })];
    const names = nodes.map((n) => n.metadata!.name);

    test("a DaemonSet that tolerates every taint runs on every node, tainted ones included", () => {
        const result = simulate({ nodes, workloads: [daemonSet("agent", podSpec("50m", "64Mi", { tolerations: [{ operator: "Exists" }] }))] });
        expect(result.pods.map((p) => p.node)).toEqual(names);
        expect(result.pods.every((p) => /^kube-system\/agent-[a-z0-9]{5}$/.test(p.pod))).toBe(true);
    });

    test("a DaemonSet without the toleration gets no pod on the tainted pool", () => {
        const result = simulate({ nodes, workloads: [daemonSet("agent", podSpec("50m"))] });
        expect(result.pods.map((p) => p.node)).toEqual(names.slice(0, 3));
    });

    test("a cordoned node still gets its daemon pod, which tolerates node.kubernetes.io/unschedulable", () => {
        const cordoned = nodes.map((n, i) => (i === 0 ? { ...n, spec: { ...n.spec, unschedulable: true } } : n));
        const result = simulate({ nodes: cordoned, workloads: [daemonSet("agent", podSpec("50m")), deployment("web", 1, podSpec("100m"))] });
        expect(result.pods.filter((p) => p.workload === "DaemonSet/kube-system/agent").map((p) => p.node)).toEqual(names.slice(0, 3));
        expect(result.pods.find((p) => p.workload === "Deployment/default/web")!.node).not.toBe(names[0]);
    });

    test("a daemon pod that does not fit its node is reported against that node only", () => {
        const result = simulate({ nodes: poolNodes("user1", 2), workloads: [daemonSet("huge", podSpec("5"))] });
        expect(result.pods.map((p) => p.message)).toEqual([
            "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't satisfy plugin(s) [NodeAffinity].",
            "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't satisfy plugin(s) [NodeAffinity].",
        ]);
    });
});

describe("simulate: scheduling order", () => {
    const one = poolNodes("user1", 1);

    test("a higher priority pod declared later takes the room first", () => {
        const result = simulate({ nodes: one, workloads: [priorityClass("high", 1000), deployment("low", 1, podSpec("3")), deployment("high", 1, podSpec("3", "128Mi", { priorityClassName: "high" }))] });
        expect(result.pods.map((p) => [p.workload, p.node !== undefined])).toEqual([
            ["Deployment/default/high", true],
            ["Deployment/default/low", false],
        ]);
        expect(result.pods[1].message).toBe("0/1 nodes are available: 1 Insufficient cpu.");
    });

    test("at equal priority the first declared workload takes the room", () => {
        const result = simulate({ nodes: one, workloads: [deployment("first", 1, podSpec("3")), deployment("second", 1, podSpec("3"))] });
        expect(result.pods.map((p) => [p.workload, p.node !== undefined])).toEqual([
            ["Deployment/default/first", true],
            ["Deployment/default/second", false],
        ]);
    });

    test("at equal priority DaemonSet pods go before pods declared earlier", () => {
        const result = simulate({ nodes: one, workloads: [deployment("web", 1, podSpec("3500m")), daemonSet("agent", podSpec("500m"))] });
        expect(result.pods.map((p) => [p.workload, p.node !== undefined])).toEqual([
            ["DaemonSet/kube-system/agent", true],
            ["Deployment/default/web", false],
        ]);
    });
});

describe("simulate: controllers and context", () => {
    const nodes = poolNodes("user1", 3);

    test("StatefulSet, Job and CronJob pods are placed and counted per workload", () => {
        const result = simulate({
            nodes,
            workloads: [
                { kind: "StatefulSet", metadata: { name: "db", namespace: "data" }, spec: { replicas: 3, template: { metadata: { labels: { app: "db" } }, spec: podSpec("500m") } } },
                { kind: "Job", metadata: { name: "migrate" }, spec: { parallelism: 2, completions: 4, template: { spec: podSpec("200m") } } },
                { kind: "CronJob", metadata: { name: "report" }, spec: { schedule: "@daily", jobTemplate: { spec: { template: { spec: podSpec("200m") } } } } },
            ],
        });
        expect(result.workloads).toEqual([
            { workload: "StatefulSet/data/db", placed: 3, total: 3 },
            { workload: "Job/default/migrate", placed: 2, total: 2 },
            { workload: "CronJob/default/report", placed: 1, total: 1 },
        ]);
        expect(result.pods.slice(0, 3).map((p) => p.pod)).toEqual(["data/db-0", "data/db-1", "data/db-2"]);
    });

    test("required hostname anti-affinity places one replica per node and reports the rest", () => {
        const spec = podSpec("100m", "128Mi", { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { app: "web" } } }] } } });
        const result = simulate({ nodes, workloads: [deployment("web", 4, spec)] });
        expect(new Set(result.pods.slice(0, 3).map((p) => p.node)).size).toBe(3);
        expect(result.pods[3].message).toBe("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.");
    });

    test("keepPods returns every pod made, by the name the placements use; without it, none", () => {
        const workloads = [deployment("web", 2, podSpec("100m")), daemonSet("agent", podSpec("10m"))];
        const kept = simulate({ nodes, workloads, keepPods: true });
        expect([...kept.podObjects!.keys()].sort()).toEqual(kept.pods.map((p) => p.pod).sort());
        expect(kept.podObjects!.get(kept.pods.find((p) => p.workload === "Deployment/default/web")!.pod)?.metadata?.labels?.app).toBe("web");
        expect(simulate({ nodes, workloads }).podObjects).toBeUndefined();
    });

    test("existing pods take room before the workloads are placed", () => {
        const existing: V1Pod = { metadata: { name: "old", namespace: "default" }, spec: { nodeName: nodes[0].metadata!.name, containers: [{ name: "c", resources: { requests: { cpu: "3" } } }] } };
        const result = simulate({ nodes: nodes.slice(0, 1), existingPods: [existing], workloads: [barePod("new", podSpec("1"))] });
        expect(result.pods[0].message).toBe("0/1 nodes are available: 1 Insufficient cpu.");
        expect(result.nodes[0].pods).toBe(1);
    });

    test("usage per node and per pool sums what was placed", () => {
        const result = simulate({ nodes: nodes.slice(0, 1), workloads: [deployment("web", 2, podSpec("500m", "1Gi"))] });
        expect(result.nodes[0]).toMatchObject({ pool: "user1", pods: 2, podCapacity: 30, resources: { cpu: { requested: "1", allocatable: "3860m" }, memory: { requested: "2Gi" } } });
        expect(result.pools).toEqual([{ pool: "user1", nodes: 1, pods: 2, podCapacity: 30, resources: result.nodes[0].resources }]);
    });

    test.each([
        ["a cluster without nodes places nothing, with kube-scheduler's message", [], "no nodes available to schedule pods"],
        ["a cluster with a node places the pod", nodes.slice(0, 1), undefined],
    ])("%s", (_name, clusterNodes, message) => {
        const result = simulate({ nodes: clusterNodes, workloads: [barePod("solo", podSpec("100m"))] });
        expect(result.pods[0].message).toBe(message);
    });

    test("an unknown plugin name is an error listing the valid ones", () => {
        expect(() => simulate({ nodes, workloads: [], plugins: ["NodeResourcesFit", "Bogus"] })).toThrow(/^unknown Filter plugin "Bogus"; valid plugins: .*NodeResourcesFit/);
    });

    test("a malformed workload is an error naming it and the field", () => {
        expect(() => simulate({ nodes, workloads: [{ kind: "Deployment", metadata: { name: "web" }, spec: {} }] })).toThrow(
            "Deployment/default/web: spec.template: a Deployment needs spec.template (a pod template with metadata.labels and spec.containers)",
        );
    });
});

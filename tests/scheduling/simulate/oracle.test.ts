/**
 * The simulation's caches (runs, static verdicts, node-local verdicts, reused failures) checked against the
 * plain one-pod evaluation: replaying the simulation's order, every placed pod must fit its node and every
 * unplaced pod must get the same FitError text from `evaluatePod` on the cluster as it stood at its turn.
 */
import { evaluatePod } from "../../../scheduling/evaluate";
import { createCycleState } from "../../../scheduling/framework/cycle-state";
import { fitErrorMessage } from "../../../scheduling/framework/fit-error";
import type { Status } from "../../../scheduling/framework/interfaces";
import { createPodInfo } from "../../../scheduling/framework/node-info";
import { runFilterPlugins, runPreFilterPlugins } from "../../../scheduling/framework/run-filters";
import { createSnapshot } from "../../../scheduling/framework/snapshot";
import { resolveSimulationPlugins } from "../../../scheduling/simulate/plugins";
import type { V1Node, V1Pod } from "../../../scheduling/model/types";
import { simulate } from "../../../scheduling/simulate";
import { daemonSet, deployment, podSpec, podsByName, poolNodes } from "./fixtures";

const PLUGINS = ["NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit"];

describe("simulate agrees with evaluatePod, pod by pod", () => {
    const nodes = [
        ...poolNodes("user1", 6),
        ...poolNodes("dedic", 3, { taints: [{ key: "team", value: "data", effect: "NoSchedule" }], labels: { team: "data" } }),
        ...poolNodes("spare", 2, { maxPods: 10 }),
    ];
    const toData = { nodeSelector: { team: "data" }, tolerations: [{ key: "team", operator: "Equal", value: "data", effect: "NoSchedule" }] };
    const hostPort = { containers: [{ name: "proxy", ports: [{ containerPort: 80, hostPort: 8080 }], resources: { requests: { cpu: "100m" } } }] };
    const workloads = [
        daemonSet("agent", podSpec("150m", "200Mi", { tolerations: [{ operator: "Exists" }] })),
        deployment("web", 24, podSpec("700m", "1Gi")),
        deployment("data", 10, podSpec("1500m", "4Gi", toData)),
        deployment("proxy", 14, hostPort),
        deployment("cache", 20, podSpec("300m", "3Gi")),
        deployment("huge", 2, podSpec("8", "1Gi")),
        deployment("tiny", 60, podSpec("10m", "16Mi")),
    ];

    test.each([
        ["with the default node-local plugins", PLUGINS],
        ["with NodeResourcesFit first", ["NodeResourcesFit", "NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts"]],
    ])("%s", (_name, plugins) => {
        const result = simulate({ nodes, workloads, plugins });
        const pods = podsByName(workloads, nodes);
        expect(result.unschedulable).toBeGreaterThan(0);
        expect(result.pods.length - result.unschedulable).toBeGreaterThan(0);
        const placed: V1Pod[] = [];
        for (const placement of result.pods) {
            const pod = pods.get(placement.pod)!;
            const verdict = evaluatePod({ pod, nodes, existingPods: placed, plugins });
            if (placement.node !== undefined) {
                expect([placement.pod, verdict.nodes[placement.node]]).toEqual([placement.pod, { fits: true, reasons: [] }]);
                placed.push({ ...pod, spec: { ...pod.spec!, nodeName: placement.node } });
            } else {
                expect([placement.pod, placement.message]).toEqual([placement.pod, verdict.message]);
            }
        }
    });
});

/**
 * The same replay with the topology plugins, which the framework registry does not list yet: one full
 * PreFilter and Filter over a fresh snapshot per pod, with no state carried between pods.
 */
function freshEvaluation(pod: V1Pod, nodes: V1Node[], existingPods: V1Pod[]): { fits: Set<string>; message?: string } {
    const plugins = resolveSimulationPlugins();
    const snapshot = createSnapshot({ nodes, existingPods });
    const ctx = { state: createCycleState(), pod, podInfo: createPodInfo(pod), snapshot, featureGates: {} };
    const pre = runPreFilterPlugins(plugins, ctx);
    if (pre.status !== undefined) return { fits: new Set(), message: fitErrorMessage({ numAllNodes: nodes.length, preFilterMessage: pre.status.reasons.join(", "), nodeStatuses: new Map() }) };
    const fits = new Set<string>();
    const statuses = new Map<string, Status>();
    let filteredOut = 0;
    for (const nodeInfo of snapshot.nodeInfos) {
        if (pre.nodeNames !== undefined && !pre.nodeNames.has(nodeInfo.name)) {
            filteredOut++;
            continue;
        }
        const status = runFilterPlugins(plugins, ctx, nodeInfo, pre.skipped);
        if (status === undefined) fits.add(nodeInfo.name);
        else statuses.set(nodeInfo.name, status);
    }
    if (fits.size > 0) return { fits };
    return { fits, message: fitErrorMessage({ numAllNodes: nodes.length, nodeStatuses: statuses, filteredByPreFilterResult: filteredOut > 0 ? { count: filteredOut, plugins: pre.pluginsWithNodes } : undefined }) };
}

describe("simulate agrees with a fresh PreFilter and Filter per pod, topology plugins included", () => {
    test("zone spread, hostname anti-affinity and DaemonSets on a cluster that fills up", () => {
        const nodes = [...poolNodes("user1", 6, { maxPods: 12 }), ...poolNodes("zonal", 2, { zones: ["1"], taints: [{ key: "team", value: "data", effect: "NoSchedule" }] })];
        const labels = (app: string) => ({ matchLabels: { app } });
        const zone = "topology.kubernetes.io/zone";
        const workloads = [
            daemonSet("agent", podSpec("100m", "128Mi", { tolerations: [{ operator: "Exists" }] })),
            deployment("spread", 14, podSpec("300m", "512Mi", { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: "DoNotSchedule", labelSelector: labels("spread") }] })),
            deployment("anti", 9, podSpec("200m", "256Mi", { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname", labelSelector: labels("anti") }] } } })),
            deployment("plain", 30, podSpec("250m", "256Mi")),
            deployment("spread2", 12, podSpec("400m", "512Mi", { topologySpreadConstraints: [{ maxSkew: 2, topologyKey: zone, whenUnsatisfiable: "DoNotSchedule", labelSelector: labels("spread2") }] })),
            deployment("zone1-filler", 30, podSpec("10m", "16Mi", { nodeSelector: { "kubernetes.azure.com/agentpool": "user1", [zone]: "westeurope-1" } })),
            deployment("spread3", 24, podSpec("100m", "64Mi", { nodeSelector: { "kubernetes.azure.com/agentpool": "user1" }, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: "DoNotSchedule", labelSelector: labels("spread3") }] })),
            deployment("late-anti", 4, podSpec("100m", "128Mi", { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: zone, labelSelector: labels("spread") }] } } })),
        ];
        const result = simulate({ nodes, workloads });
        const pods = podsByName(workloads, nodes);
        expect(result.unschedulable).toBeGreaterThan(0);
        const placed: V1Pod[] = [];
        for (const placement of result.pods) {
            const pod = pods.get(placement.pod)!;
            const fresh = freshEvaluation(pod, nodes, placed);
            if (placement.node !== undefined) {
                expect([placement.pod, fresh.fits.has(placement.node)]).toEqual([placement.pod, true]);
                placed.push({ ...pod, spec: { ...pod.spec!, nodeName: placement.node } });
            } else {
                expect([placement.pod, placement.message]).toEqual([placement.pod, fresh.message]);
            }
        }
    });
});

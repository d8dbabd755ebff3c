/** workloadManifests: each placement intent becomes exactly the Kubernetes fields kube-scheduler reads. */
import type { WorkloadSpec } from "../../config/platform-spec";
import { tolerationsFor, workloadFacts, workloadManifests } from "../../components/workload-manifests";
import type { NodePoolSpec } from "../../scheduling/aks/node-pool-spec";
import { spotPool, stackSpec, userPool } from "./fixtures";

const LABELS = { "app.kubernetes.io/name": "web", "app.kubernetes.io/instance": "web" };
const general = userPool();
const spot = spotPool();
const gpu = (): NodePoolSpec => {
    const pool = stackSpec("prod").cluster.nodePools.find((p) => p.name === "gpu");
    if (pool === undefined) {
        throw new Error("test fixture: Pulumi.prod.yaml has no gpu pool");
    }
    return pool;
};
const system = stackSpec("staging").cluster.systemPool;
const POOLS: NodePoolSpec[] = [system, general, spot, gpu(), userPool({ name: "soft", taints: [{ key: "example.com/soft", value: "yes", effect: "PreferNoSchedule" }] })];

function web(overrides: Partial<WorkloadSpec> = {}): WorkloadSpec {
    return {
        name: "web",
        namespace: "shop",
        kind: "Deployment",
        image: "ghcr.io/example/web:1.4.2",
        replicas: 3,
        pools: ["general"],
        resources: { requests: { cpu: "250m", memory: "256Mi" } },
        serviceAccountToken: false,
        egress: [],
        ...overrides,
    };
}

const podOf = (spec: WorkloadSpec) => {
    const pod = workloadManifests(spec, POOLS).workload.spec.template.spec;
    if (pod === undefined) {
        throw new Error("the workload has no pod spec");
    }
    return pod;
};

describe("pools become a node selection on kubernetes.azure.com/agentpool", () => {
    test("one pool is a nodeSelector, with no node affinity", () => {
        const pod = podOf(web());
        expect({ nodeSelector: pod.nodeSelector, affinity: pod.affinity }).toEqual({ nodeSelector: { "kubernetes.azure.com/agentpool": "general" }, affinity: undefined });
    });

    test("several pools are one required node-affinity term with In, and no nodeSelector", () => {
        const pod = podOf(web({ pools: ["general", "spot"] }));
        expect({ nodeSelector: pod.nodeSelector, affinity: pod.affinity }).toEqual({
            nodeSelector: undefined,
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.azure.com/agentpool", operator: "In", values: ["general", "spot"] }] }] } } },
        });
    });

    test("a pool the cluster does not have is an error naming the workload", () => {
        expect(() => workloadManifests(web({ pools: ["generl"] }), POOLS)).toThrow(`workload "web": pool "generl" is not among the cluster's pools (system, general, spot, gpu, soft)`);
    });
});

describe("tolerations are exactly what the pools' taints need", () => {
    test.each<[string, string[], unknown]>([
        ["an untainted pool needs none", ["general"], undefined],
        ["the spot pool needs the spot taint's toleration", ["spot"], [{ key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" }]],
        ["the GPU pool needs its sku=gpu toleration", ["gpu"], [{ key: "sku", operator: "Equal", value: "gpu", effect: "NoSchedule" }]],
        ["the tainted System pool needs CriticalAddonsOnly", ["system"], [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }]],
        ["several pools need the union, once each", ["spot", "general", "gpu", "spot"], [
            { key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" },
            { key: "sku", operator: "Equal", value: "gpu", effect: "NoSchedule" },
        ]],
        ["a PreferNoSchedule taint keeps no pod off, so it needs none", ["soft"], undefined],
    ])("%s", (_name, pools, want) => {
        expect(podOf(web({ pools })).tolerations).toEqual(want);
    });

    test("a taint without a value is tolerated with Exists; a NoExecute taint with its effect", () => {
        const pool = userPool({ name: "edge", taints: [{ key: "example.com/edge", effect: "NoExecute" }] });
        expect(tolerationsFor([pool])).toEqual([{ key: "example.com/edge", operator: "Exists", effect: "NoExecute" }]);
    });

    test("a spot pool whose spec lacks the spot taint still gets its toleration, as AKS adds the taint", () => {
        expect(tolerationsFor([spotPool({ taints: [] })])).toEqual([{ key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" }]);
    });
});

describe("spread and anti-affinity", () => {
    const zone = (how: string) => ({ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: how, labelSelector: { matchLabels: LABELS } });
    const host = (how: string) => ({ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: how, labelSelector: { matchLabels: LABELS } });
    test.each<[string, WorkloadSpec["spread"], unknown]>([
        ["no spread, no constraint", undefined, undefined],
        ["required zones is DoNotSchedule on the zone label", { zones: "required" }, [zone("DoNotSchedule")]],
        ["preferred zones is ScheduleAnyway", { zones: "preferred" }, [zone("ScheduleAnyway")]],
        ["zones and hosts give one constraint each, zones first", { zones: "required", hosts: "preferred" }, [zone("DoNotSchedule"), host("ScheduleAnyway")]],
        ["required hosts is DoNotSchedule on the hostname label", { hosts: "required" }, [host("DoNotSchedule")]],
    ])("%s", (_name, spread, want) => {
        expect(podOf(web({ spread })).topologySpreadConstraints).toEqual(want);
    });

    const term = { labelSelector: { matchLabels: LABELS }, topologyKey: "kubernetes.io/hostname" };
    test.each<[string, WorkloadSpec["antiAffinity"], unknown]>([
        ["no anti-affinity, no pod affinity", undefined, undefined],
        ["required anti-affinity is one required term per host", "required", { requiredDuringSchedulingIgnoredDuringExecution: [term] }],
        ["preferred anti-affinity is one weighted term per host", "preferred", { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] }],
    ])("%s", (_name, antiAffinity, want) => {
        expect(podOf(web({ antiAffinity })).affinity?.podAntiAffinity).toEqual(want);
    });
});

describe("the pod and its container", () => {
    test("the pod is secure by default: non-root, RuntimeDefault seccomp, no token, read-only, no escalation, no capabilities", () => {
        const pod = podOf(web());
        expect({ automount: pod.automountServiceAccountToken, securityContext: pod.securityContext, container: pod.containers[0].securityContext }).toEqual({
            automount: false,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            container: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        });
    });

    test("a workload that asks for its service-account token gets it mounted", () => {
        expect(podOf(web({ serviceAccountToken: true })).automountServiceAccountToken).toBe(true);
    });

    test("resources, port, probes and priority class are rendered as declared", () => {
        const pod = podOf(web({ port: 8080, probes: { path: "/healthz" }, priorityClassName: "shop-critical", resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } } }));
        expect({ priorityClassName: pod.priorityClassName, container: pod.containers[0] }).toMatchObject({
            priorityClassName: "shop-critical",
            container: {
                name: "web",
                image: "ghcr.io/example/web:1.4.2",
                ports: [{ name: "http", containerPort: 8080 }],
                resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } },
                readinessProbe: { httpGet: { path: "/healthz", port: 8080 } },
                livenessProbe: { httpGet: { path: "/healthz", port: 8080 } },
            },
        });
    });

    test("without a port there are no ports, probes or priority class", () => {
        const pod = podOf(web());
        expect([pod.priorityClassName, pod.containers[0].ports, pod.containers[0].readinessProbe, pod.containers[0].livenessProbe, pod.containers[0].resources?.limits]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    });
});

describe("the objects around the pods", () => {
    test("a Deployment is labelled and selects its pods by the recommended labels", () => {
        const { workload } = workloadManifests(web(), POOLS);
        expect(workload).toMatchObject({
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "web", namespace: "shop", labels: LABELS },
            spec: { replicas: 3, selector: { matchLabels: LABELS }, template: { metadata: { labels: LABELS } } },
        });
    });

    test("with autoscaling, the controller leaves replicas to the HPA, whose minimum is the declared replicas", () => {
        const { workload, horizontalPodAutoscaler } = workloadManifests(web({ autoscaling: { maxReplicas: 6, targetCpuUtilization: 70 } }), POOLS);
        expect({ replicas: workload.spec.replicas, min: horizontalPodAutoscaler?.spec.minReplicas }).toEqual({ replicas: undefined, min: 3 });
    });

    test("a Deployment without a port, PDB or autoscaling has no other object", () => {
        expect(Object.keys(workloadManifests(web(), POOLS))).toEqual(["workload"]);
    });

    test("a Deployment with a port gets a ClusterIP Service on it", () => {
        expect(workloadManifests(web({ port: 8080 }), POOLS).service).toEqual({
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "web", namespace: "shop", labels: LABELS },
            spec: { selector: LABELS, ports: [{ name: "http", port: 8080, targetPort: 8080 }] },
        });
    });

    test("a StatefulSet names its headless Service, which exists even without a port", () => {
        const { workload, service } = workloadManifests(web({ kind: "StatefulSet" }), POOLS);
        expect({ kind: workload.kind, serviceName: workload.kind === "StatefulSet" ? workload.spec.serviceName : undefined, service: service?.spec }).toEqual({
            kind: "StatefulSet",
            serviceName: "web",
            service: { clusterIP: "None", selector: LABELS },
        });
    });

    test.each<[string, WorkloadSpec["disruptionBudget"], Record<string, unknown>]>([
        ["a minAvailable count", { minAvailable: 2 }, { minAvailable: 2 }],
        ["a maxUnavailable percentage", { maxUnavailable: "34%" }, { maxUnavailable: "34%" }],
    ])("a PodDisruptionBudget with %s selects the pods", (_name, disruptionBudget, bound) => {
        expect(workloadManifests(web({ disruptionBudget }), POOLS).podDisruptionBudget).toEqual({
            apiVersion: "policy/v1",
            kind: "PodDisruptionBudget",
            metadata: { name: "web", namespace: "shop", labels: LABELS },
            spec: { selector: { matchLabels: LABELS }, ...bound },
        });
    });

    test("autoscaling is an autoscaling/v2 HPA on CPU, from the replicas to maxReplicas", () => {
        expect(workloadManifests(web({ kind: "StatefulSet", autoscaling: { maxReplicas: 9, targetCpuUtilization: 65 } }), POOLS).horizontalPodAutoscaler).toEqual({
            apiVersion: "autoscaling/v2",
            kind: "HorizontalPodAutoscaler",
            metadata: { name: "web", namespace: "shop", labels: LABELS },
            spec: {
                scaleTargetRef: { apiVersion: "apps/v1", kind: "StatefulSet", name: "web" },
                minReplicas: 3,
                maxReplicas: 9,
                metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 65 } } }],
            },
        });
    });
});

describe("workloadFacts", () => {
    test.each<[string, WorkloadSpec, NodePoolSpec[], unknown]>([
        ["a fixed-size workload on an untainted pool has a count and no tolerations", web(), POOLS,
            { name: "web", namespace: "shop", kind: "Deployment", replicas: { count: 3 }, pools: ["general"], tolerations: [] }],
        ["an autoscaled workload on spot and an Exists-tainted pool has bounds and both tolerations", web({ pools: ["spot", "edge"], autoscaling: { maxReplicas: 9, targetCpuUtilization: 70 } }),
            [...POOLS, userPool({ name: "edge", taints: [{ key: "example.com/edge", effect: "NoExecute" }] })],
            { name: "web", namespace: "shop", kind: "Deployment", replicas: { min: 3, max: 9 }, pools: ["spot", "edge"], tolerations: ["kubernetes.azure.com/scalesetpriority=spot:NoSchedule", "example.com/edge:NoExecute"] }],
    ])("%s", (_name, spec, pools, want) => {
        expect(workloadFacts(spec, workloadManifests(spec, pools))).toEqual(want);
    });
});


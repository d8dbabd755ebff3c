/** workloadRuleViolations: each workload rule, with a workload it accepts and one it rejects (exact message). */
import type { ClusterSpec, WorkloadSpec } from "../../../config/platform-spec";
import { workloadRuleViolations } from "../../../config/rules/workload-rules";
import { capacityOf, validCluster, validPool } from "../fixtures";

/** The minimal cluster with three User pools: general (D4ds_v5), gpu (one T4, device plugin on) and t4raw (no plugin). */
function cluster(): ClusterSpec {
    const base = validCluster();
    const t4 = { vmSize: "Standard_NC4as_T4_v3", capacity: capacityOf("Standard_NC4as_T4_v3"), osDiskSizeGB: 128 };
    return {
        ...base,
        nodePools: [
            validPool({ name: "general" }),
            validPool({ name: "gpu", ...t4, gpuDevicePlugin: true, taints: [{ key: "sku", value: "gpu", effect: "NoSchedule" }] }),
            validPool({ name: "t4raw", ...t4, gpuDevicePlugin: false }),
        ],
    };
}

/** A workload every rule accepts, on the general pool. */
function web(overrides: Partial<WorkloadSpec> = {}): WorkloadSpec {
    return {
        name: "web",
        namespace: "shop",
        kind: "Deployment",
        image: "ghcr.io/example/web:1.4.2",
        replicas: 3,
        pools: ["general"],
        resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } },
        port: 8080,
        probes: { path: "/healthz" },
        disruptionBudget: { minAvailable: 1 },
        autoscaling: { maxReplicas: 6, targetCpuUtilization: 70 },
        serviceAccountToken: false,
        egress: [],
        ...overrides,
    };
}

const requests = (values: Record<string, string>, limits?: Record<string, string>): Partial<WorkloadSpec> => ({ resources: { requests: values, ...(limits === undefined ? {} : { limits }) } });
const inference = (overrides: Partial<WorkloadSpec> = {}): WorkloadSpec =>
    web({ name: "inference", pools: ["gpu"], ...requests({ cpu: "2", memory: "8Gi", "nvidia.com/gpu": "1" }, { "nvidia.com/gpu": "1" }), ...overrides });

describe("workloadRuleViolations accepts", () => {
    test.each<[string, WorkloadSpec[]]>([
        ["a web workload on the general pool", [web()]],
        ["an image pinned by digest", [web({ image: "ghcr.io/example/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" })]],
        ["an image on a registry with a port, tagged", [web({ image: "registry.example.com:5000/web:2.0" })]],
        ["a PDB given as a percentage", [web({ disruptionBudget: { maxUnavailable: "50%" } })]],
        ["one name in two namespaces", [web(), web({ namespace: "shop-canary" })]],
        ["a limit equal to its request, written differently", [web(requests({ cpu: "500m", memory: "1Gi" }, { cpu: "0.5", memory: "1024Mi" }))]],
        ["a GPU workload on a GPU pool with the device plugin", [inference()]],
        ["several pools, the System pool among them", [web({ pools: ["system", "general"] })]],
        ["autoscaling that may stay at its replicas", [web({ replicas: 3, autoscaling: { maxReplicas: 3, targetCpuUtilization: 80 } })]],
        ["requests exactly what a node has left after AKS's DaemonSets", [web(requests({ cpu: "3240m", memory: "256Mi" }))]],
        ["no port and no probes", [web({ port: undefined, probes: undefined })]],
    ])("%s", (_name, workloads) => {
        expect(workloadRuleViolations(workloads, cluster())).toEqual([]);
    });
});

describe("workloadRuleViolations rejects", () => {
    test.each<[string, WorkloadSpec[], string, string]>([
        ["a pool the cluster does not have, with a suggestion", [web({ pools: ["generl"] })],
            "workloads[0].pools[0]", `"web" names pool "generl", which cluster "aks-test" does not have (did you mean "general"?); pools: system, general, gpu, t4raw`],
        ["a name that is not a DNS-1123 label", [web({ name: "Web_App" })],
            "workloads[0].name", `"Web_App" is not a DNS-1123 label: 1–63 lowercase letters, digits or "-", starting and ending with a letter or digit`],
        ["a namespace that is not a DNS-1123 label", [web({ namespace: "Shop" })],
            "workloads[0].namespace", `"web": "Shop" is not a DNS-1123 label: 1–63 lowercase letters, digits or "-", starting and ending with a letter or digit`],
        ["one name twice in a namespace, even as another kind", [web(), web({ kind: "StatefulSet" })],
            "workloads[1].name", `"web" is declared twice in namespace "shop" (first at workloads[0]); a workload's name is unique in its namespace, as its Service, PodDisruptionBudget and HorizontalPodAutoscaler take it`],
        ["no cpu request", [web(requests({ memory: "256Mi" }))],
            "workloads[0].resources.requests.cpu", `"web" must request cpu (e.g. "250m"): the scheduler places pods by their requests`],
        ["no memory request", [web(requests({ cpu: "250m" }))],
            "workloads[0].resources.requests.memory", `"web" must request memory (e.g. "256Mi"): the scheduler places pods by their requests`],
        ["a quantity Kubernetes cannot read", [web(requests({ cpu: "250m", memory: "1GB" }))],
            "workloads[0].resources.requests.memory", `"web": invalid quantity "1GB": expected a number with an optional sign and suffix, e.g. "1", "1.5", "100m", "2k", "500M", "1Gi", "1e3"; suffixes: n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei, or e<exponent>`],
        ["a negative quantity", [web(requests({ cpu: "-1", memory: "256Mi" }))],
            "workloads[0].resources.requests.cpu", `"web": "-1" is negative; a request is zero or more`],
        ["a limit below its request", [web(requests({ cpu: "500m", memory: "1Gi" }, { memory: "512Mi" }))],
            "workloads[0].resources.limits.memory", `"web" limits memory to 512Mi, below its request of 1Gi; a limit must be at least the request`],
        ["an image without a tag", [web({ image: "nginx" })],
            "workloads[0].image", `"web" uses image "nginx" with no tag or digest: pin a version ("nginx:1.2.3") or a digest ("nginx@sha256:…")`],
        ["an image on the latest tag", [web({ image: "registry.example.com:5000/web:latest" })],
            "workloads[0].image", `"web" uses image "registry.example.com:5000/web:latest": the "latest" tag moves under the cluster; pin a version ("registry.example.com:5000/web:1.2.3") or a digest`],
        ["a PDB with both bounds", [web({ disruptionBudget: { minAvailable: 1, maxUnavailable: 1 } })],
            "workloads[0].disruptionBudget", `"web" sets both of minAvailable and maxUnavailable; a PodDisruptionBudget takes exactly one (a count such as 1 or a percentage such as "50%")`],
        ["a PDB with neither bound", [web({ disruptionBudget: {} })],
            "workloads[0].disruptionBudget", `"web" sets neither of minAvailable and maxUnavailable; a PodDisruptionBudget takes exactly one (a count such as 1 or a percentage such as "50%")`],
        ["a PDB percentage over 100%", [web({ disruptionBudget: { minAvailable: "150%" } })],
            "workloads[0].disruptionBudget.minAvailable", `"web": "150%" is neither a count (1) nor a percentage ("0%"–"100%")`],
        ["autoscaling below the replicas", [web({ replicas: 4, autoscaling: { maxReplicas: 2, targetCpuUtilization: 70 } })],
            "workloads[0].autoscaling.maxReplicas", `"web" scales to at most 2 replicas, fewer than its 4 replicas; maxReplicas must be at least replicas`],
        ["probes without a port", [web({ port: undefined })],
            "workloads[0].probes", `"web" declares HTTP probes but no port; set port to the container port the probes call`],
        ["a GPU request on a pool without GPUs", [inference({ pools: ["general"] })],
            `workloads[0].resources.requests["nvidia.com/gpu"]`, `"inference" requests 1 nvidia.com/gpu but pool "general" (Standard_D4ds_v5) has no GPU; run it on a GPU pool`],
        ["a GPU request on a GPU pool without the device plugin", [inference({ pools: ["t4raw"] })],
            `workloads[0].resources.requests["nvidia.com/gpu"]`, `"inference" requests 1 nvidia.com/gpu but pool "t4raw" (Standard_NC4as_T4_v3) does not advertise nvidia.com/gpu: set gpuDevicePlugin: true on the pool`],
        ["more cpu than a node of the pool has", [web(), web({ name: "api" }), inference(requests({ cpu: "6", memory: "8Gi", "nvidia.com/gpu": "1" }, { "nvidia.com/gpu": "1" }))],
            "workloads[2].resources.requests.cpu", `"inference" requests 6 cpu but a node of pool "gpu" (Standard_NC4as_T4_v3) has 3860m allocatable, 3240m after AKS's DaemonSets`],
        ["more cpu than a node has left after AKS's DaemonSets", [web(requests({ cpu: "3241m", memory: "256Mi" }))],
            "workloads[0].resources.requests.cpu", `"web" requests 3241m cpu but a node of pool "general" (Standard_D4ds_v5) has 3860m allocatable, 3240m after AKS's DaemonSets`],
        ["more memory than a node of the pool has", [web(requests({ cpu: "1", memory: "12Gi" }))],
            "workloads[0].resources.requests.memory", `"web" requests 12Gi memory but a node of pool "general" (Standard_D4ds_v5) has 11.2Gi allocatable, 9.9Gi after AKS's DaemonSets`],
        ["more GPUs than a node has", [inference(requests({ cpu: "2", memory: "8Gi", "nvidia.com/gpu": "2" }))],
            `workloads[0].resources.requests["nvidia.com/gpu"]`, `"inference" requests 2 nvidia.com/gpu but a node of pool "gpu" (Standard_NC4as_T4_v3) has 1 allocatable, 1 after AKS's DaemonSets`],
    ])("%s", (_name, workloads, path, message) => {
        expect(workloadRuleViolations(workloads, cluster())).toEqual([{ path, message }]);
    });

    test("a workload too large for one of its pools is reported for that pool only", () => {
        const pools = { ...web(requests({ cpu: "3", memory: "4Gi" })), pools: ["general", "system"] };
        const small = { ...cluster(), systemPool: validPool({ name: "system", mode: "System", vmSize: "Standard_D2ds_v5", capacity: capacityOf("Standard_D2ds_v5"), osDiskSizeGB: 64 }) };
        expect(workloadRuleViolations([pools], small).map((v) => v.message)).toEqual([
            `"web" requests 3 cpu but a node of pool "system" (Standard_D2ds_v5) has 1900m allocatable, 1280m after AKS's DaemonSets`,
        ]);
    });
});

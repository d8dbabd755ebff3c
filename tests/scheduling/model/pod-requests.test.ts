import { InvalidObjectError } from "../../../scheduling/model/errors";
import { computePodRequests, podRequests } from "../../../scheduling/model/pod-requests";
import type { V1Container, V1Pod } from "../../../scheduling/model/types";

type Req = Record<string, string>;
const c = (name: string, requests: Req, extra: Partial<V1Container> = {}): V1Container => ({ name, resources: { requests }, ...extra });
const sidecar = (name: string, requests: Req): V1Container => c(name, requests, { restartPolicy: "Always" });
const pod = (spec: Partial<NonNullable<V1Pod["spec"]>>): V1Pod => ({ metadata: { name: "web-0", namespace: "shop" }, spec: { containers: [], ...spec } });

// Semantics of component-helpers resource.PodRequests (kubernetes/kubernetes
// staging/src/k8s.io/component-helpers/resource/helpers.go, v1.35); the first case is the worked example in
// the comment of computePodResourceRequest in pkg/scheduler/framework/plugins/noderesources/fit.go.
describe("computePodRequests follows kube-scheduler's effective requests", () => {
    test.each<[string, V1Pod, Record<string, number>]>([
        ["init containers count by their max, regular containers by their sum (fit.go's example)",
            pod({ initContainers: [c("ic1", { cpu: "2", memory: "1G" }), c("ic2", { cpu: "2", memory: "3G" })], containers: [c("c1", { cpu: "2", memory: "1G" }), c("c2", { cpu: "1", memory: "1G" })] }),
            { cpu: 3000, memory: 3000000000 }],
        ["regular containers are summed", pod({ containers: [c("a", { cpu: "250m", memory: "256Mi" }), c("b", { cpu: "250m", memory: "256Mi" })] }), { cpu: 500, memory: 536870912 }],
        ["a pod without requests requests nothing (pods: 1 is not included)", pod({ containers: [{ name: "a" }] }), {}],
        ["a sidecar's requests are added to the containers'", pod({ initContainers: [sidecar("proxy", { cpu: "500m" })], containers: [c("a", { cpu: "1" })] }), { cpu: 1500 }],
        ["an init container after a sidecar peaks at its own request plus the sidecar's",
            pod({ initContainers: [sidecar("proxy", { cpu: "1" }), c("migrate", { cpu: "2" })], containers: [c("a", { cpu: "1" })] }), { cpu: 3000 }],
        ["an init container before a sidecar does not add the sidecar",
            pod({ initContainers: [c("migrate", { cpu: "2" }), sidecar("proxy", { cpu: "1" })], containers: [c("a", { cpu: "1" })] }), { cpu: 2000 }],
        ["two sidecars both run beside the containers",
            pod({ initContainers: [sidecar("s1", { memory: "64Mi" }), sidecar("s2", { memory: "64Mi" })], containers: [c("a", { memory: "128Mi" })] }), { memory: 268435456 }],
        ["spec.overhead is added", pod({ overhead: { cpu: "100m", memory: "64Mi" }, containers: [c("a", { cpu: "1", memory: "64Mi" })] }), { cpu: 1100, memory: 134217728 }],
        ["unset requests default to the limits, as the API server defaults them",
            pod({ containers: [{ name: "a", resources: { limits: { cpu: "2", memory: "1Gi" }, requests: { cpu: "500m" } } }] }), { cpu: 500, memory: 1073741824 }],
        ["pod-level requests replace the container totals for the resources they name, overhead still added",
            { ...pod({ overhead: { cpu: "100m" }, containers: [c("a", { cpu: "1", memory: "1Gi", "nvidia.com/gpu": "1" })] }), spec: { overhead: { cpu: "100m" }, containers: [c("a", { cpu: "1", memory: "1Gi", "nvidia.com/gpu": "1" })], resources: { requests: { cpu: "3" } } } } as V1Pod,
            { cpu: 3100, memory: 1073741824, "nvidia.com/gpu": 1 }],
        ["pod-level limits stand in for unset pod-level requests",
            { ...pod({}), spec: { containers: [c("a", { memory: "1Gi" })], resources: { limits: { memory: "4Gi" } } } } as V1Pod, { memory: 4294967296 }],
        ["extended resources and hugepages are counted", pod({ containers: [c("a", { "nvidia.com/gpu": "1", "hugepages-2Mi": "4Mi" })] }), { "nvidia.com/gpu": 1, "hugepages-2Mi": 4194304 }],
    ])("%s", (_name, p, want) => {
        expect(computePodRequests(p)).toEqual(want);
    });
});

// Cases after TestPodInfoCalculateResources in kubernetes/kubernetes pkg/scheduler/framework/types_test.go (v1.35),
// requests only (the non-zero defaults there are for scoring).
describe("computePodRequests agrees with kube-scheduler's PodInfo resources", () => {
    const r = (cpu: string, memory: string): Req => ({ cpu, memory });
    const withPodLevel = (p: V1Pod, requests: Req): V1Pod => ({ ...p, spec: { ...p.spec, containers: p.spec?.containers ?? [], resources: { requests } } as V1Pod["spec"] });
    test.each<[string, V1Pod, Record<string, number>]>([
        ["requestless container", pod({ containers: [{ name: "c" }] }), {}],
        ["1X container with requests", pod({ containers: [c("c", r("500m", "500Mi"))] }), { cpu: 500, memory: 524288000 }],
        ["2X container with requests", pod({ containers: [c("a", r("500m", "500Mi")), c("b", r("700m", "800Mi"))] }), { cpu: 1200, memory: 1363148800 }],
        ["1X container and 1X init container with pod-level requests",
            withPodLevel(pod({ initContainers: [c("i", r("500m", "500Mi"))], containers: [c("c", r("500m", "500Mi"))] }), r("1200m", "1200Mi")), { cpu: 1200, memory: 1258291200 }],
        ["1X container and 1X sidecar container with pod-level requests",
            withPodLevel(pod({ initContainers: [sidecar("s", r("500m", "500Mi"))], containers: [c("c", r("500m", "500Mi"))] }), r("1200m", "1200Mi")), { cpu: 1200, memory: 1258291200 }],
        ["1X container with pod-level memory requests", withPodLevel(pod({ initContainers: [{ name: "i" }], containers: [{ name: "c" }] }), { memory: "1200Mi" }), { memory: 1258291200 }],
        ["1X container with pod-level cpu requests", withPodLevel(pod({ initContainers: [{ name: "i" }], containers: [{ name: "c" }] }), { cpu: "500m" }), { cpu: 500 }],
        ["1X container unsupported resources and pod-level supported resources",
            withPodLevel(pod({ initContainers: [c("i", { "ephemeral-storage": "500Mi" })], containers: [c("c", { "ephemeral-storage": "800Mi" })] }), { cpu: "500m" }), { cpu: 500, "ephemeral-storage": 838860800 }],
    ])("%s", (_name, p, want) => {
        expect(computePodRequests(p)).toEqual(want);
    });
});

describe("podRequests gives the effective requests as quantity strings", () => {
    test("cpu in millicores or cores, memory with an exact binary suffix", () => {
        expect(podRequests(pod({ initContainers: [sidecar("proxy", { cpu: "500m", memory: "256Mi" })], containers: [c("a", { cpu: "1500m", memory: "256Mi" })] }))).toEqual({ cpu: "2", memory: "512Mi" });
    });
    test("a memory amount that is not a whole binary unit stays in bytes", () => {
        expect(podRequests(pod({ containers: [c("a", { cpu: "250m", memory: "500M" })] }))).toEqual({ cpu: "250m", memory: "500000000" });
    });
});

describe("computePodRequests names the pod and the field of malformed input", () => {
    test.each<[string, V1Pod, string]>([
        ["a malformed container request", pod({ containers: [c("a", { cpu: "1", memory: "lots" })] }), "Pod/shop/web-0: spec.containers[0].resources.requests.memory: invalid quantity \"lots\""],
        ["a malformed init container limit", pod({ initContainers: [{ name: "i", resources: { limits: { cpu: "1 core" } } }] }), "Pod/shop/web-0: spec.initContainers[0].resources.limits.cpu: invalid quantity \"1 core\""],
        ["a negative request", pod({ containers: [c("a", { cpu: "-1" })] }), "Pod/shop/web-0: spec.containers[0].resources.requests.cpu: must be non-negative, got \"-1\""],
        ["a malformed overhead", pod({ overhead: { memory: "1GB" } }), "Pod/shop/web-0: spec.overhead.memory: invalid quantity \"1GB\""],
        ["an unsupported pod-level resource", { ...pod({}), spec: { containers: [], resources: { requests: { "ephemeral-storage": "1Gi" } } } } as V1Pod, "Pod/shop/web-0: spec.resources.requests.ephemeral-storage: unsupported pod-level resource; pod-level resources may be cpu, memory or hugepages-<size>"],
        ["a malformed pod-level limit", { ...pod({}), spec: { containers: [], resources: { limits: { memory: "2 Gi" } } } } as V1Pod, "Pod/shop/web-0: spec.resources.limits.memory: invalid quantity \"2 Gi\""],
    ])("%s", (_name, p, message) => {
        expect(() => computePodRequests(p)).toThrow(InvalidObjectError);
        expect(() => computePodRequests(p)).toThrow(message);
    });

    test("a pod without a namespace is named in the default namespace", () => {
        expect(() => computePodRequests({ metadata: { name: "solo" }, spec: { containers: [c("a", { cpu: "x" })] } })).toThrow("Pod/default/solo: spec.containers[0].resources.requests.cpu");
    });
});

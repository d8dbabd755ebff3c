/** The Workload component under Pulumi mocks: what it registers, where, and what it refuses before registering. */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import type { WorkloadSpec } from "../../config/platform-spec";
import { WORKLOAD_TYPE, Workload, workloadArgumentViolations, type WorkloadArgs } from "../../components/workload";
import { workloadManifests } from "../../components/workload-manifests";
import { installMocks, outputValue, settle, type MockRecorder } from "../helpers/pulumi-mocks";
import { stackSpec } from "./fixtures";

// The workloads are built once, on prod's pools; the tests read the recording.

const prod = stackSpec("prod");
const POOLS = [prod.cluster.systemPool, ...prod.cluster.nodePools];

function spec(overrides: Partial<WorkloadSpec> = {}): WorkloadSpec {
    return {
        name: "web",
        namespace: "shop",
        kind: "Deployment",
        image: "ghcr.io/example/web:1.4.2",
        replicas: 3,
        pools: ["general"],
        resources: { requests: { cpu: "500m", memory: "512Mi" } },
        port: 8080,
        disruptionBudget: { minAvailable: 2 },
        autoscaling: { maxReplicas: 6, targetCpuUtilization: 70 },
        serviceAccountToken: false,
        egress: [],
        ...overrides,
    };
}

describe("Workload", () => {
    let recorder: MockRecorder;
    let provider: Provider;
    let args: (s: WorkloadSpec) => WorkloadArgs;
    let web: Workload;
    let ledger: Workload;
    beforeAll(async () => {
        recorder = await installMocks(pulumi);
        provider = new Provider("t-k8s", { kubeconfig: "apiVersion: v1\nkind: Config\n" });
        args = (s) => ({ spec: s, pools: POOLS, cluster: prod.cluster, provider });
        web = new Workload("t-web", args(spec()));
        ledger = new Workload("t-ledger", args(spec({ name: "ledger", kind: "StatefulSet", port: undefined, autoscaling: undefined, disruptionBudget: { maxUnavailable: 1 } })));
        await outputValue(pulumi.all([provider.urn, web.urn, ledger.urn]));
        await settle(pulumi);
    });

    const childrenOf = (component: string) => recorder.registrations.filter((r) => r.parents[0] === WORKLOAD_TYPE && r.name.startsWith(`${component}-`));

    test.each<[string, string, string[]]>([
        ["a Deployment with a port, a PDB and autoscaling registers all four objects", "t-web", [
            "kubernetes:apps/v1:Deployment t-web-deployment",
            "kubernetes:core/v1:Service t-web-service",
            "kubernetes:policy/v1:PodDisruptionBudget t-web-pdb",
            "kubernetes:autoscaling/v2:HorizontalPodAutoscaler t-web-hpa",
        ]],
        ["a StatefulSet without a port registers its headless Service and its PDB, no HPA", "t-ledger", [
            "kubernetes:apps/v1:StatefulSet t-ledger-statefulset",
            "kubernetes:core/v1:Service t-ledger-service",
            "kubernetes:policy/v1:PodDisruptionBudget t-ledger-pdb",
        ]],
    ])("%s, parented under the component", (_name, component, want) => {
        expect(recorder.ofType(WORKLOAD_TYPE).map((r) => r.name)).toEqual(["t-web", "t-ledger"]);
        expect(childrenOf(component).map((r) => `${r.type} ${r.name}`).sort()).toEqual([...want].sort());
    });

    test("every child is registered on the given Kubernetes provider", async () => {
        const urn = await outputValue(provider.urn);
        const providers = [...childrenOf("t-web"), ...childrenOf("t-ledger")].map((r) => r.provider?.split("::").slice(0, -1).join("::"));
        expect(new Set(providers)).toEqual(new Set([urn]));
    });

    test("the registered inputs are the plain manifests the component exposes", () => {
        expect(web.manifests).toEqual(workloadManifests(spec(), POOLS));
        expect(recorder.get("kubernetes:apps/v1:Deployment", "t-web-deployment").inputs).toMatchObject(JSON.parse(JSON.stringify(web.manifests.workload)) as Record<string, unknown>);
        expect(recorder.get("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "t-web-hpa").inputs).toMatchObject({ spec: { minReplicas: 3, maxReplicas: 6 } });
    });

    test("invalid arguments throw one InputPropertiesError with every path, and nothing is registered", async () => {
        const before = recorder.registrations.length;
        let thrown: unknown;
        try {
            new Workload("t-bad", args(spec({ pools: ["general", "gpu"], image: "nginx", resources: { requests: { cpu: "6", memory: "1Gi", "nvidia.com/gpu": "1" } } })));
        } catch (error) {
            thrown = error;
        }
        expect(pulumi.InputPropertiesError.isInstance(thrown)).toBe(true);
        const error = thrown as pulumi.InputPropertiesError;
        expect(error.message).toBe(`Workload "t-bad" has 3 invalid arguments; no resource was created`);
        expect(error.errors.map((e) => [e.propertyPath, e.reason])).toEqual([
            ["spec.image", `"web" uses image "nginx" with no tag or digest: pin a version ("nginx:1.2.3") or a digest ("nginx@sha256:…")`],
            [`spec.resources.requests["nvidia.com/gpu"]`, `"web" requests 1 nvidia.com/gpu but pool "general" (Standard_D8ds_v5) has no GPU; run it on a GPU pool`],
            ["spec.resources.requests.cpu", `"web" requests 6 cpu but a node of pool "gpu" (Standard_NC4as_T4_v3) has 3860m allocatable, 3240m after AKS's DaemonSets`],
        ]);
        await settle(pulumi);
        expect(recorder.registrations.length).toBe(before);
    });

    test("a valid workload has no argument violations", () => {
        expect(workloadArgumentViolations(args(spec()))).toEqual([]);
    });
});

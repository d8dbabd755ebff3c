import type { PackPolicy } from "../../../policy/common/define";
import * as cp from "../../../policy/workloads/container-policies";
import { DEPLOYMENT, JOB } from "../../../policy/workloads/pod-templates";
import { goodDeployment, goodJob } from "../fixtures";
import { evaluateResource, evaluateStack, mutate, urnOf, type StackEntry } from "../harness";
import { WORKLOADS } from "./workload-types";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const W = 'Deployment "shop/web"';
const spec = (d: Props) => d.spec.template.spec;
const app = (d: Props) => spec(d).containers[0];

describe("every container policy accepts every happy-path workload", () => {
    const rows = cp.containerPolicies.flatMap((p) =>
        WORKLOADS.filter(([type]) => p.types?.includes(type)).map(([type, make]) => [`${p.name} on ${type}`, p, type, make] as const),
    );
    test.each(rows)("%s", async (_name, policy, type, make) => {
        expect(await evaluateResource(policy, type, make())).toEqual({ violations: [] });
    });
});

interface Case {
    policy: PackPolicy;
    change: (d: Props) => void;
    violations: string[];
    config?: Record<string, unknown>;
}

const cases: Record<string, Case> = {
    "a container without requests and memory limit": {
        policy: cp.containerResources,
        change: (d) => delete app(d).resources,
        violations: [`${W}: container "app" must set resources requests.cpu, requests.memory, limits.memory`],
    },
    "an init container without a memory limit": {
        policy: cp.containerResources,
        change: (d) => (spec(d).initContainers = [{ name: "migrate", image: "contoso.azurecr.io/m:1", resources: { requests: { cpu: "100m", memory: "64Mi" } } }]),
        violations: [`${W}: initContainer "migrate" must set resources limits.memory`],
    },
    "a CPU limit is required with requireCpuLimit (staging and prod)": {
        policy: cp.containerResources,
        change: (d) => delete app(d).resources.limits.cpu,
        config: { requireCpuLimit: true },
        violations: [`${W}: container "app" must set resources limits.cpu`],
    },
    "no CPU limit passes without requireCpuLimit (dev)": {
        policy: cp.containerResources,
        change: (d) => delete app(d).resources.limits.cpu,
        violations: [],
    },
    "a container without probes": {
        policy: cp.containerProbes,
        change: (d) => {
            delete app(d).readinessProbe;
            delete app(d).livenessProbe;
        },
        violations: [`${W}: container "app" must declare readinessProbe and livenessProbe`],
    },
    "a container with only a readiness probe": {
        policy: cp.containerProbes,
        change: (d) => delete app(d).livenessProbe,
        violations: [`${W}: container "app" must declare livenessProbe`],
    },
    "identical readiness and liveness probes (same path and port, kube-score's rule)": {
        policy: cp.containerProbes,
        change: (d) => (app(d).livenessProbe = { httpGet: { path: "/ready", port: 8080 }, periodSeconds: 30 }),
        violations: [`${W}: container "app" has identical readiness and liveness probes; a container that is busy gets restarted instead of taken out of traffic`],
    },
    "an HTTP readiness probe and a TCP liveness probe on the same port differ": {
        policy: cp.containerProbes,
        change: (d) => (app(d).livenessProbe = { tcpSocket: { port: 8080 } }),
        violations: [],
    },
    "the default pull policy (IfNotPresent for a tagged image)": {
        policy: cp.imagePullPolicyAlways,
        change: (d) => delete app(d).imagePullPolicy,
        violations: [`${W}: container "app" must set imagePullPolicy Always (found unset)`],
    },
    "no ephemeral-storage limit": {
        policy: cp.ephemeralStorageBounded,
        change: (d) => delete app(d).resources.limits["ephemeral-storage"],
        violations: [`${W}: container "app" must set resources limits.ephemeral-storage`],
    },
    "an environment variable declared twice": {
        policy: cp.envVarsUnique,
        change: (d) => (app(d).env = [{ name: "MODE", value: "a" }, { name: "PORT", value: "1" }, { name: "MODE", value: "b" }]),
        violations: [`${W}: container "app" declares environment variable(s) MODE more than once`],
    },
    "an image with the latest tag": {
        policy: cp.imageTagPinned,
        change: (d) => (app(d).image = "contoso.azurecr.io/web:latest"),
        violations: [`${W}: container "app" image "contoso.azurecr.io/web:latest" uses the latest tag; pin a version tag or a digest`],
    },
    "an untagged image": {
        policy: cp.imageTagPinned,
        change: (d) => (app(d).image = "contoso.azurecr.io/web"),
        violations: [`${W}: container "app" image "contoso.azurecr.io/web" has no tag, which pulls latest; pin a version tag or a digest`],
    },
    "a registry port is not mistaken for a tag": {
        policy: cp.imageTagPinned,
        change: (d) => (app(d).image = "registry.local:5000/web"),
        violations: [`${W}: container "app" image "registry.local:5000/web" has no tag, which pulls latest; pin a version tag or a digest`],
    },
    "a digest pins the image even with latest": {
        policy: cp.imageTagPinned,
        change: (d) => (app(d).image = "contoso.azurecr.io/web:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
        violations: [],
    },
    "a container without an image": {
        policy: cp.imageTagPinned,
        change: (d) => delete app(d).image,
        violations: [`${W}: container "app" must name an image`],
    },
};

describe("container policy mutations", () => {
    test.each(Object.entries(cases))("%s", async (_sentence, { policy, change, violations, config }) => {
        expect(await evaluateResource(policy, DEPLOYMENT, mutate(goodDeployment(), change), { config })).toEqual({ violations });
    });
});

describe("allowed registries: the stack's own registries, named exactly", () => {
    const ACR_SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso";
    const stack = (image: string, extra: StackEntry[] = []): StackEntry[] => [
        { type: "azure-native:authorization:RoleAssignment", name: "acr-pull", props: { scope: ACR_SCOPE, roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d" } },
        { type: DEPLOYMENT, name: "web", props: mutate(goodDeployment(), (d: Props) => (app(d).image = image)) },
        ...extra,
    ];
    const deploymentUrn = urnOf({ type: DEPLOYMENT, name: "web" });
    test.each([
        ["an image of the registry the stack declares passes", "contoso.azurecr.io/web:1.4.2", {}, [], []],
        [
            "a stranger's Azure Container Registry fails (no *.azurecr.io default)",
            "stranger.azurecr.io/web:1",
            {},
            [],
            [`${W}: container "app" image "stranger.azurecr.io/web:1" comes from stranger.azurecr.io, which is not an allowed registry (contoso.azurecr.io)`],
        ],
        [
            "a look-alike host fails",
            "contoso.azurecr.io.evil.example/web:1",
            {},
            [],
            [`${W}: container "app" image "contoso.azurecr.io.evil.example/web:1" comes from contoso.azurecr.io.evil.example, which is not an allowed registry (contoso.azurecr.io)`],
        ],
        [
            "an image from Docker Hub fails",
            "nginx:1.27",
            {},
            [],
            [`${W}: container "app" image "nginx:1.27" comes from docker.io, which is not an allowed registry (contoso.azurecr.io)`],
        ],
        ["an exact host in the registries setting passes", "ghcr.io/contoso/web:1", { registries: ["ghcr.io"] }, [], []],
        [
            "a Registry resource of the stack counts",
            "platformacr.azurecr.io/web:1",
            {},
            [{ type: "azure-native:containerregistry:Registry", name: "acr", props: { registryName: "platformacr" } }],
            [],
        ],
        [
            "without the stack's registries only the setting counts",
            "contoso.azurecr.io/web:1",
            { includeStackRegistries: false, registries: ["mcr.microsoft.com"] },
            [],
            [`${W}: container "app" image "contoso.azurecr.io/web:1" comes from contoso.azurecr.io, which is not an allowed registry (mcr.microsoft.com)`],
        ],
    ] as const)("%s", async (_name, image, config, extra, violations) => {
        const outcome = await evaluateStack(cp.allowedRegistries, stack(image, [...extra]), { config });
        expect(outcome.violations).toEqual(violations);
        expect(outcome.urns).toEqual(violations.map(() => deploymentUrn));
    });
});

test("probes are not required of Jobs, which run to completion", async () => {
    const job = mutate(goodJob(), (j: Props) => {
        delete j.spec.template.spec.containers[0].readinessProbe;
        delete j.spec.template.spec.containers[0].livenessProbe;
    });
    expect(await evaluateResource(cp.containerProbes, JOB, job)).toEqual({ notApplicable: expect.stringContaining("Policy only applies to resources of type") });
});

describe("image references", () => {
    test.each([
        ["nginx", { registry: "docker.io", repository: "nginx" }],
        ["library/nginx:1.27", { registry: "docker.io", repository: "library/nginx", tag: "1.27" }],
        ["localhost/app:2", { registry: "localhost", repository: "app", tag: "2" }],
        ["Contoso.azurecr.io/team/web:1.0", { registry: "contoso.azurecr.io", repository: "team/web", tag: "1.0" }],
        ["mcr.microsoft.com/oss/nginx@sha256:abc", { registry: "mcr.microsoft.com", repository: "oss/nginx", digest: "sha256:abc" }],
    ])("%s", (image, expected) => {
        expect(cp.parseImageReference(image)).toEqual(expected);
    });
});

import type { PackPolicy } from "../../../policy/common/define";
import * as cp from "../../../policy/workloads/container-policies";
import { DEPLOYMENT, JOB } from "../../../policy/workloads/pod-templates";
import { goodDeployment, goodJob } from "../fixtures";
import { evaluateResource, mutate } from "../harness";
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
    "a CPU limit is required only with requireCpuLimit": {
        policy: cp.containerResources,
        change: () => undefined,
        config: { requireCpuLimit: true },
        violations: [`${W}: container "app" must set resources limits.cpu`],
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
    "an image from Docker Hub": {
        policy: cp.allowedRegistries,
        change: (d) => (app(d).image = "nginx:1.27"),
        violations: [`${W}: container "app" image "nginx:1.27" comes from docker.io, which is not an allowed registry (*.azurecr.io, mcr.microsoft.com)`],
    },
    "a look-alike registry does not match *.azurecr.io": {
        policy: cp.allowedRegistries,
        change: (d) => (app(d).image = "azurecr.io.evil.example/web:1"),
        violations: [`${W}: container "app" image "azurecr.io.evil.example/web:1" comes from azurecr.io.evil.example, which is not an allowed registry (*.azurecr.io, mcr.microsoft.com)`],
    },
    "the allowed registries are a setting": {
        policy: cp.allowedRegistries,
        change: (d) => (app(d).image = "ghcr.io/contoso/web:1"),
        config: { registries: ["ghcr.io"] },
        violations: [],
    },
};

describe("container policy mutations", () => {
    test.each(Object.entries(cases))("%s", async (_sentence, { policy, change, violations, config }) => {
        expect(await evaluateResource(policy, DEPLOYMENT, mutate(goodDeployment(), change), { config })).toEqual({ violations });
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

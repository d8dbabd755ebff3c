/**
 * Container hygiene policies: resource requests and limits, probes, pinned image tags, allowed
 * registries. They apply to Deployments, StatefulSets, DaemonSets, Jobs, CronJobs and Pods.
 */
import type { PackPolicy } from "../common/define";
import { asRecord, asString, at } from "../common/read";
import { booleanSetting, stringListSetting } from "../common/settings";
import { containersOf, LONG_RUNNING_TYPES } from "./pod-templates";
import { workloadPolicy } from "./workload-policy";

/** WL-001: requests and limits. */
export const containerResources = workloadPolicy<{ requireCpuLimit: boolean }>(
    {
        name: "k8s-container-resources-set",
        code: "WL-001",
        title: "Containers declare requests and limits",
        severity: "high",
        description: "Checks that every container and init container requests CPU and memory and limits memory (and CPU, with setting requireCpuLimit).",
        remediation: "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory on each container; the scheduler places pods by their requests.",
        url: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
        covers: {
            checkov: ["CKV_K8S_10", "CKV_K8S_11", "CKV_K8S_12", "CKV_K8S_13"],
            trivy: ["KSV-0011", "KSV-0015", "KSV-0016", "KSV-0018"],
            azurePolicy: ["ContainerResourceLimits.json", "ContainerResourceRequests.json"],
            kubeScore: ["container-resources"],
        },
    },
    (template, settings) => {
        const { containers, problems } = containersOf(template, ["containers", "initContainers"]);
        const findings = [...problems];
        for (const c of containers) {
            const missing: string[] = [];
            const requests = asRecord(at(c.container, "resources", "requests"));
            const limits = asRecord(at(c.container, "resources", "limits"));
            if (requests?.cpu === undefined) missing.push("requests.cpu");
            if (requests?.memory === undefined) missing.push("requests.memory");
            if (settings.requireCpuLimit && limits?.cpu === undefined) missing.push("limits.cpu");
            if (limits?.memory === undefined) missing.push("limits.memory");
            if (missing.length > 0) findings.push(`${c.label} must set resources ${missing.join(", ")}`);
        }
        return findings;
    },
    {
        configSchema: { properties: { requireCpuLimit: { type: "boolean", default: false } } },
        settings: (raw, name) => ({ requireCpuLimit: booleanSetting(raw, name, "requireCpuLimit", false) }),
    },
);

/** WL-002: readiness and liveness probes on long-running workloads. */
export const containerProbes = workloadPolicy(
    {
        name: "k8s-container-probes-set",
        code: "WL-002",
        title: "Long-running containers declare probes",
        severity: "medium",
        description: "Checks that every container of a Deployment, StatefulSet, DaemonSet or Pod declares a readiness probe and a liveness probe (Jobs and CronJobs run to completion and are not checked).",
        remediation: "Add readinessProbe (gates traffic and rollouts) and livenessProbe (restarts a hung process) to each container; do not make them identical.",
        url: "https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/",
        covers: { checkov: ["CKV_K8S_8", "CKV_K8S_9"], azurePolicy: ["ContainerEnforceProbes.json"], kubeScore: ["pod-probes"] },
    },
    (template) => {
        const { containers, problems } = containersOf(template, ["containers"]);
        const findings = [...problems];
        for (const c of containers) {
            const missing = ["readinessProbe", "livenessProbe"].filter((p) => asRecord(c.container[p]) === undefined);
            if (missing.length > 0) findings.push(`${c.label} must declare ${missing.join(" and ")}`);
        }
        return findings;
    },
    { types: LONG_RUNNING_TYPES },
);

/** An image reference split into registry, repository, tag and digest (Docker's reference grammar). */
export interface ImageReference {
    /** Registry host (`docker.io` when the reference names none). */
    registry: string;
    repository: string;
    tag?: string;
    digest?: string;
}

/**
 * Parses an image reference. The first path component is a registry when it contains `.` or `:` or is
 * `localhost`; otherwise the image comes from Docker Hub (`docker.io`), as the container runtime reads it.
 * See https://github.com/distribution/reference (reference.go) and
 * https://kubernetes.io/docs/concepts/containers/images/#image-names
 */
export function parseImageReference(image: string): ImageReference {
    let rest = image;
    let digest: string | undefined;
    const atSign = rest.indexOf("@");
    if (atSign >= 0) {
        digest = rest.slice(atSign + 1);
        rest = rest.slice(0, atSign);
    }
    const slash = rest.indexOf("/");
    let registry = "docker.io";
    if (slash >= 0) {
        const first = rest.slice(0, slash);
        if (first.includes(".") || first.includes(":") || first === "localhost") {
            registry = first;
            rest = rest.slice(slash + 1);
        }
    }
    const colon = rest.lastIndexOf(":");
    const tag = colon >= 0 ? rest.slice(colon + 1) : undefined;
    const repository = colon >= 0 ? rest.slice(0, colon) : rest;
    return { registry: registry.toLowerCase(), repository, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/** WL-003: pinned image tags. */
export const imageTagPinned = workloadPolicy(
    {
        name: "k8s-image-tag-pinned",
        code: "WL-003",
        title: "Images use a fixed tag or digest",
        severity: "high",
        description: "Checks that every container image names a tag other than latest, or a digest, so a rollout runs the image that was reviewed.",
        remediation: "Reference images as registry/repository:version or registry/repository@sha256:<digest>.",
        url: "https://kubernetes.io/docs/concepts/containers/images/#image-names",
        covers: { checkov: ["CKV_K8S_14"], trivy: ["KSV-0013"], azurePolicy: ["ImagesDoNotUseLatest.json"], kubeScore: ["container-image-tag"] },
    },
    (template) => {
        const { containers, problems } = containersOf(template, ["containers", "initContainers", "ephemeralContainers"]);
        const findings = [...problems];
        for (const c of containers) {
            const image = asString(c.container.image);
            if (image === undefined || image === "") {
                findings.push(`${c.label} must name an image`);
                continue;
            }
            const ref = parseImageReference(image);
            if (ref.digest !== undefined) continue;
            if (ref.tag === undefined) findings.push(`${c.label} image "${image}" has no tag, which pulls latest; pin a version tag or a digest`);
            else if (ref.tag === "latest") findings.push(`${c.label} image "${image}" uses the latest tag; pin a version tag or a digest`);
        }
        return findings;
    },
);

const DEFAULT_REGISTRIES = ["*.azurecr.io", "mcr.microsoft.com"];

/** Whether a registry host matches an allowed entry (`*.azurecr.io` matches any subdomain). */
export function registryAllowed(registry: string, allowed: readonly string[]): boolean {
    return allowed.some((entry) => {
        const pattern = entry.toLowerCase();
        return pattern.startsWith("*.") ? registry.endsWith(pattern.slice(1)) : registry === pattern;
    });
}

/** WL-004: allowed registries. */
export const allowedRegistries = workloadPolicy<{ registries: readonly string[] }>(
    {
        name: "k8s-allowed-registries",
        code: "WL-004",
        title: "Images come from allowed registries",
        severity: "high",
        description: "Checks that every container image comes from an allowed registry (setting registries; default *.azurecr.io and mcr.microsoft.com).",
        remediation: "Import the image into the team's Azure Container Registry, or add its registry to the registries setting of k8s-allowed-registries.",
        url: "https://learn.microsoft.com/azure/container-registry/container-registry-import-images",
        covers: { trivy: ["KSV-0032", "KSV-0034"], azurePolicy: ["ContainerAllowedImages.json"] },
    },
    (template, settings) => {
        const { containers, problems } = containersOf(template, ["containers", "initContainers", "ephemeralContainers"]);
        const findings = [...problems];
        for (const c of containers) {
            const image = asString(c.container.image);
            if (image === undefined || image === "") continue;
            const ref = parseImageReference(image);
            if (!registryAllowed(ref.registry, settings.registries)) {
                findings.push(`${c.label} image "${image}" comes from ${ref.registry}, which is not an allowed registry (${settings.registries.join(", ")})`);
            }
        }
        return findings;
    },
    {
        configSchema: { properties: { registries: { type: "array", items: { type: "string" }, default: DEFAULT_REGISTRIES } } },
        settings: (raw, name) => ({ registries: stringListSetting(raw, name, "registries", DEFAULT_REGISTRIES) }),
    },
);

/** The container policies, in code order. */
export const containerPolicies: readonly PackPolicy[] = [containerResources, containerProbes, imageTagPinned, allowedRegistries];

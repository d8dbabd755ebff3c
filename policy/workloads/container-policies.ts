/**
 * Container hygiene policies: resource requests and limits (ephemeral storage included), probes, pinned image
 * tags, allowed registries, pull policy and unique environment variables. They apply to every workload kind
 * with a pod template (Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, Jobs,
 * CronJobs, Pods) and to their Patch kinds.
 */
import type { PolicyResource } from "@pulumi/policy";
import { equivalent, stricter } from "../common/coverage";
import { stackPolicy, type PackPolicy, type StackFinding } from "../common/define";
import { asArray, asRecord, asString, at, describe } from "../common/read";
import { booleanSetting, stringListSetting } from "../common/settings";
import { resourceKindOf } from "../resource-types/resource-kinds";
import { baseType, containersOf, LONG_RUNNING_TYPES, WORKLOAD_TYPES, workloadLabel, workloadSubjects, type PodTemplate } from "./pod-templates";
import { workloadPolicy } from "./workload-policy";

/** WL-001: requests and limits. */
export const containerResources = workloadPolicy<{ requireCpuLimit: boolean }>(
    {
        name: "k8s-container-resources-set",
        code: "WL-001",
        title: "Containers declare requests and limits",
        severity: "high",
        description: "Checks that every container and init container requests CPU and memory and limits memory, and CPU too with setting requireCpuLimit (default false; true in staging and prod).",
        remediation: "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory on each container; the scheduler places pods by their requests.",
        url: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
        covers: [
            equivalent("checkov", "CKV_K8S_10"),
            equivalent("checkov", "CKV_K8S_11"),
            equivalent("checkov", "CKV_K8S_12"),
            equivalent("checkov", "CKV_K8S_13"),
            equivalent("trivy", "KSV-0011"),
            equivalent("trivy", "KSV-0015"),
            equivalent("trivy", "KSV-0016"),
            equivalent("trivy", "KSV-0018"),
            equivalent("kubeScore", "container-resources"),
            equivalent("polaris", "cpuRequestsMissing"),
            equivalent("polaris", "cpuLimitsMissing"),
            equivalent("polaris", "memoryRequestsMissing"),
            equivalent("polaris", "memoryLimitsMissing"),
            equivalent("kubeLinter", "unset-cpu-requirements"),
            equivalent("kubeLinter", "unset-memory-requirements"),
        ],
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
        description:
            "Checks that every container of a long-running workload (not Jobs or CronJobs) declares a readiness probe and a liveness probe, and that the two differ (the same HTTP path and port, TCP port or command makes a busy container restart when it should only stop taking traffic).",
        remediation: "Add readinessProbe (gates traffic and rollouts) and livenessProbe (restarts a hung process) to each container, checking different things (e.g. readiness on the HTTP health path, liveness on the TCP port).",
        url: "https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/",
        covers: [
            equivalent("checkov", "CKV_K8S_8"),
            equivalent("checkov", "CKV_K8S_9"),
            stricter("kubeScore", "pod-probes"),
            equivalent("kubeScore", "pod-probes-identical"),
            equivalent("polaris", "readinessProbeMissing"),
            equivalent("polaris", "livenessProbeMissing"),
        ],
    },
    (template) => {
        const { containers, problems } = containersOf(template, ["containers"]);
        const findings = [...problems];
        for (const c of containers) {
            const missing = ["readinessProbe", "livenessProbe"].filter((p) => asRecord(c.container[p]) === undefined);
            if (missing.length > 0) findings.push(`${c.label} must declare ${missing.join(" and ")}`);
            else if (probesIdentical(c.container.readinessProbe, c.container.livenessProbe)) {
                findings.push(`${c.label} has identical readiness and liveness probes; a container that is busy gets restarted instead of taken out of traffic`);
            }
        }
        return findings;
    },
    { types: LONG_RUNNING_TYPES },
);

/**
 * Whether two probes check the same thing, as kube-score compares them (`score/probes/probes.go`,
 * `areProbesIdentical`): the same HTTP path and port, the same TCP port, or the same exec command.
 */
export function probesIdentical(readiness: unknown, liveness: unknown): boolean {
    const http = (p: unknown) => asRecord(at(p, "httpGet"));
    if (http(readiness) !== undefined && http(liveness) !== undefined) {
        return at(readiness, "httpGet", "path") === at(liveness, "httpGet", "path") && String(at(readiness, "httpGet", "port")) === String(at(liveness, "httpGet", "port"));
    }
    if (asRecord(at(readiness, "tcpSocket")) !== undefined && asRecord(at(liveness, "tcpSocket")) !== undefined) {
        return String(at(readiness, "tcpSocket", "port")) === String(at(liveness, "tcpSocket", "port"));
    }
    const r = asArray(at(readiness, "exec", "command"));
    const l = asArray(at(liveness, "exec", "command"));
    return r !== undefined && l !== undefined && r.length === l.length && r.every((v, i) => v === l[i]);
}

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
        covers: [
            equivalent("checkov", "CKV_K8S_14"),
            stricter("trivy", "KSV-0013"),
            equivalent("azurePolicy", "ImagesDoNotUseLatest"),
            equivalent("kubeScore", "container-image-tag"),
            equivalent("polaris", "tagNotSpecified"),
            equivalent("kubeLinter", "latest-tag"),
        ],
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

/** Whether a registry host matches an allowed entry: the exact host (case-insensitive), or `*.suffix` when an entry says so. */
export function registryAllowed(registry: string, allowed: readonly string[]): boolean {
    return allowed.some((entry) => {
        const pattern = entry.toLowerCase();
        return pattern.startsWith("*.") ? registry.endsWith(pattern.slice(1)) : registry === pattern;
    });
}

const REGISTRY = "azure-native:containerregistry:Registry";
const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";

/**
 * The Azure Container Registries the stack declares: each Registry resource (`<name>.azurecr.io`) and each
 * registry a role assignment is scoped to (`aks-platform:registries` gives the kubelet AcrPull on them).
 */
export function stackRegistries(resources: readonly PolicyResource[]): string[] {
    const names = new Set<string>();
    for (const r of resources) {
        const kind = resourceKindOf(r.type)?.canonical;
        if (kind === REGISTRY) {
            const name = asString(at(r.props, "registryName")) ?? asString(at(r.props, "name"));
            if (name !== undefined) names.add(`${name.toLowerCase()}.azurecr.io`);
        } else if (kind === ROLE_ASSIGNMENT) {
            const name = /\/providers\/Microsoft\.ContainerRegistry\/registries\/([^/]+)$/i.exec(asString(at(r.props, "scope")) ?? "")?.[1];
            if (name !== undefined) names.add(`${name.toLowerCase()}.azurecr.io`);
            for (const source of r.propertyDependencies.scope ?? []) {
                if (resourceKindOf(source.type)?.canonical !== REGISTRY) continue;
                const n = asString(at(source.props, "registryName")) ?? asString(at(source.props, "name"));
                if (n !== undefined) names.add(`${n.toLowerCase()}.azurecr.io`);
            }
        }
    }
    return [...names].sort();
}

interface RegistrySettings {
    registries: readonly string[];
    includeStackRegistries: boolean;
}

/** WL-004: allowed registries. */
export const allowedRegistries = stackPolicy<RegistrySettings>({
    doc: {
        name: "k8s-allowed-registries",
        code: "WL-004",
        title: "Images come from allowed registries",
        severity: "high",
        description:
            "Checks that every container image (outside the system namespaces) comes from an allowed registry, named exactly: the Azure Container Registries the stack declares (setting includeStackRegistries, default true) and the hosts of setting registries (default none; an entry `*.example.com` allows subdomains only when written so). No default trusts every *.azurecr.io, which anyone can create.",
        remediation: "Declare the registry in aks-platform:registries (or import the image into one), or name its host in the registries setting of k8s-allowed-registries.",
        url: "https://learn.microsoft.com/azure/container-registry/container-registry-import-images",
        covers: [stricter("trivy", "KSV-0032"), equivalent("azurePolicy", "ContainerAllowedImages")],
    },
    configSchema: {
        properties: {
            registries: { type: "array", items: { type: "string" }, default: [] },
            includeStackRegistries: { type: "boolean", default: true },
        },
    },
    settings: (raw, name) => ({ registries: stringListSetting(raw, name, "registries", []), includeStackRegistries: booleanSetting(raw, name, "includeStackRegistries", true) }),
    check: (resources, settings, ledger) => {
        const allowed = [...settings.registries.map((r) => r.toLowerCase()), ...(settings.includeStackRegistries ? stackRegistries(resources) : [])];
        const findings: StackFinding[] = [];
        for (const r of resources.filter((x) => WORKLOAD_TYPES.includes(baseType(x.type)))) {
            ledger.guard(() => {
                const subjects = workloadSubjects(r);
                const template = subjects[0]?.value as PodTemplate | undefined;
                if (template === undefined) return;
                const { containers } = containersOf(template, ["containers", "initContainers", "ephemeralContainers"]);
                for (const c of containers) {
                    const image = asString(c.container.image);
                    if (image === undefined || image === "") continue;
                    const ref = parseImageReference(image);
                    if (!registryAllowed(ref.registry, allowed)) {
                        findings.push({
                            urn: r.urn,
                            message: `${workloadLabel(r.type, r.props, r.name)}: ${c.label} image "${image}" comes from ${ref.registry}, which is not an allowed registry (${allowed.length === 0 ? "none: the stack declares no registry and the registries setting is empty" : allowed.join(", ")})`,
                        });
                    }
                }
            });
        }
        return findings;
    },
});

/** WL-005: images pulled on every start. */
export const imagePullPolicyAlways = workloadPolicy(
    {
        name: "k8s-image-pull-policy-always",
        code: "WL-005",
        title: "Images pulled with policy Always",
        severity: "low",
        description: "Checks that every container sets imagePullPolicy Always, so that each pod start checks the kubelet may still pull the image instead of reusing one a node cached for another pod.",
        remediation: "Set imagePullPolicy: Always on each container (the Workload component does); with a pinned tag or digest the registry answers from its cache.",
        url: "https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy",
        covers: [stricter("checkov", "CKV_K8S_15"), equivalent("kubeScore", "container-image-pull-policy"), equivalent("polaris", "pullPolicyNotAlways")],
    },
    (template) => {
        const { containers, problems } = containersOf(template, ["containers", "initContainers"]);
        return [...problems, ...containers.filter((c) => c.container.imagePullPolicy !== "Always").map((c) => `${c.label} must set imagePullPolicy Always (found ${describe(c.container.imagePullPolicy)})`)];
    },
);

/** WL-006: ephemeral storage requested and limited. */
export const ephemeralStorageBounded = workloadPolicy(
    {
        name: "k8s-ephemeral-storage-bounded",
        code: "WL-006",
        title: "Containers request and limit ephemeral storage",
        severity: "low",
        description: "Checks that every container and init container requests and limits ephemeral-storage, so that the scheduler places pods by their disk use and one pod's logs or emptyDir cannot fill a node's disk and get every pod on it evicted.",
        remediation: "Set resources.requests[\"ephemeral-storage\"] and resources.limits[\"ephemeral-storage\"] on each container (the workloads' resources in the stack file).",
        url: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage",
        covers: [equivalent("kubeScore", "container-ephemeral-storage-request-and-limit")],
    },
    (template) => {
        const { containers, problems } = containersOf(template, ["containers", "initContainers"]);
        const findings = [...problems];
        for (const c of containers) {
            const missing = ["requests", "limits"].filter((kind) => at(c.container, "resources", kind, "ephemeral-storage") === undefined);
            if (missing.length > 0) findings.push(`${c.label} must set resources ${missing.map((m) => `${m}.ephemeral-storage`).join(", ")}`);
        }
        return findings;
    },
);

/** WL-007: no duplicate environment variables. */
export const envVarsUnique = workloadPolicy(
    {
        name: "k8s-env-vars-unique",
        code: "WL-007",
        title: "Environment variables named once",
        severity: "low",
        description: "Checks that no container declares the same environment variable name twice; only the last value takes effect, and server-side apply rejects the duplicate key.",
        remediation: "Remove the duplicate env entries, keeping the value the container needs.",
        url: "https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/",
        covers: [equivalent("kubeScore", "environment-variable-key-duplication"), equivalent("kubeLinter", "duplicate-env-var")],
    },
    (template) => {
        const { containers, problems } = containersOf(template, ["containers", "initContainers", "ephemeralContainers"]);
        const findings = [...problems];
        for (const c of containers) {
            const names = (asArray(c.container.env) ?? []).map((e) => asString(at(e, "name"))).filter((n): n is string => n !== undefined);
            const twice = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
            if (twice.length > 0) findings.push(`${c.label} declares environment variable(s) ${twice.join(", ")} more than once`);
        }
        return findings;
    },
);

/** The container policies, in code order. */
export const containerPolicies: readonly PackPolicy[] = [containerResources, containerProbes, imageTagPinned, allowedRegistries, imagePullPolicyAlways, ephemeralStorageBounded, envVarsUnique];

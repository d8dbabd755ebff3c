/**
 * Images and registries: every workload image must come from a registry the kubelet can pull from — an Azure
 * Container Registry the stack declares (the kubelet identity gets AcrPull on it), a public registry the stack
 * declares, or Microsoft's registry, from which AKS itself pulls. Pure.
 * See https://learn.microsoft.com/azure/aks/cluster-container-registry-integration
 */
import type { RegistrySpec, WorkloadSpec } from "../platform-spec";
import { appendPath } from "./field-path";
import type { RuleViolation } from "./rule-violation";

/** Registries every cluster pulls from without a role: AKS's own images come from here. */
export const ALWAYS_PULLABLE_REGISTRIES: readonly string[] = ["mcr.microsoft.com"];

/** The login server of an Azure Container Registry (public Azure cloud). */
export function acrLoginServer(name: string): string {
    return `${name.toLowerCase()}.azurecr.io`;
}

/**
 * The registry host of an image reference, as Docker reads it: the first path component when it has a "." or
 * ":" or is `localhost`, else Docker Hub (`docker.io`).
 * See https://github.com/distribution/reference (`reference.go`, ParseNormalizedNamed).
 */
export function imageRegistry(image: string): string {
    const slash = image.indexOf("/");
    if (slash < 0) return "docker.io";
    const first = image.slice(0, slash);
    return first.includes(".") || first.includes(":") || first === "localhost" ? first.toLowerCase() : "docker.io";
}

/** Every host the stack's kubelet can pull from. */
export function pullableRegistries(registries: readonly RegistrySpec[]): string[] {
    return [...ALWAYS_PULLABLE_REGISTRIES, ...registries.map((r) => (r.kind === "acr" ? acrLoginServer(r.name) : r.server.toLowerCase()))];
}

/** Registries declared twice; workloads whose image comes from an undeclared registry. */
export function registryRuleViolations(registries: readonly RegistrySpec[], workloads: readonly WorkloadSpec[]): RuleViolation[] {
    const out: RuleViolation[] = [];
    const hosts = pullableRegistries(registries);
    registries.forEach((_registry, i) => {
        const host = hosts[ALWAYS_PULLABLE_REGISTRIES.length + i];
        if (hosts.indexOf(host) < ALWAYS_PULLABLE_REGISTRIES.length + i) out.push({ path: `registries[${i}]`, message: `${host} is declared twice (or is always pullable)` });
    });
    workloads.forEach((w, i) => {
        const host = imageRegistry(w.image);
        if (!hosts.includes(host)) {
            const hint = host.endsWith(".azurecr.io") ? `{ acr: ${host.split(".")[0]}, id: <its resource ID> }` : `{ public: ${host} }`;
            out.push({
                path: appendPath(`workloads[${i}]`, "image"),
                message: `"${w.name}" pulls "${w.image}" from ${host}, which the stack does not declare: add ${hint} to registries, so that the kubelet can pull it (declared: ${hosts.join(", ")})`,
            });
        }
    });
    return out;
}

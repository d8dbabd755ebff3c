/**
 * The Kubernetes version a pool's nodes run, read from the AKS API's version strings.
 *
 * AKS takes `kubernetesVersion` (cluster) and `orchestratorVersion` (pool) as `<major>.<minor>` or
 * `<major>.<minor>.<patch>` (https://learn.microsoft.com/azure/aks/supported-kubernetes-versions); a pool
 * without its own version runs the control plane's.
 */
import { InvalidObjectError } from "../model/errors";
import type { ClusterNodeContext, NodePoolSpec } from "./node-pool-spec";

/** A parsed Kubernetes version. */
export interface KubernetesVersion {
    /** Major version (1). */
    major: number;
    /** Minor version (33 in "1.33.2"); decides the memory reservation rule. */
    minor: number;
    /** Absent when the string named only `<major>.<minor>`. */
    patch?: number;
    /** The string as given, e.g. `"1.33"` or `"1.33.2"`. */
    text: string;
}

const VERSION_PATTERN = /^(\d+)\.(\d+)(?:\.(\d+))?$/;

/**
 * Parses `"1.33"` or `"1.33.2"`.
 *
 * @param text - The version string.
 * @param object - The object it belongs to, for the error (e.g. `NodePool/user1`).
 * @param field - The field it came from, for the error (e.g. `orchestratorVersion`).
 * @throws InvalidObjectError when the string is not `<major>.<minor>[.<patch>]`.
 */
export function parseKubernetesVersion(text: string, object: string, field: string): KubernetesVersion {
    const match = VERSION_PATTERN.exec(text);
    if (match === null) {
        throw new InvalidObjectError(
            object,
            field,
            `${JSON.stringify(text)} is not a Kubernetes version; expected "<major>.<minor>" or "<major>.<minor>.<patch>", e.g. "1.33" or "1.33.2"`,
        );
    }
    return {
        major: Number(match[1]),
        minor: Number(match[2]),
        patch: match[3] === undefined ? undefined : Number(match[3]),
        text,
    };
}

/**
 * The version a pool's nodes run: the pool's `orchestratorVersion` when set, else the cluster's
 * `kubernetesVersion`. The error names whichever field the version came from.
 *
 * @param pool - The node pool.
 * @param clusterVersion - The control plane's version (`ClusterNodeContext.kubernetesVersion`).
 */
export function poolKubernetesVersion(pool: NodePoolSpec, clusterVersion: ClusterNodeContext["kubernetesVersion"]): KubernetesVersion {
    return pool.orchestratorVersion !== undefined
        ? parseKubernetesVersion(pool.orchestratorVersion, `NodePool/${pool.name}`, "orchestratorVersion")
        : parseKubernetesVersion(clusterVersion, `NodePool/${pool.name}`, "kubernetesVersion (the cluster's, as the pool sets no orchestratorVersion)");
}

/** Whether `version` is at least `<major>.<minor>`. */
export function isAtLeast(version: KubernetesVersion, major: number, minor: number): boolean {
    return version.major > major || (version.major === major && version.minor >= minor);
}

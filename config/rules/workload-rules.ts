/**
 * The rules a stack's workloads follow before anything is sent to the cluster. Pure: no zod, no Pulumi.
 * The stack loader (`config/load.ts`) and the `Workload` component both call {@link workloadRuleViolations}.
 *
 * Sources: DNS-1123 labels (kubernetes/kubernetes `staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go`,
 * `IsDNS1123Label`, v1.35); limits ≥ requests (`pkg/apis/core/validation/validation.go`, `ValidateResourceRequirements`);
 * PDB fields (https://kubernetes.io/docs/tasks/run-application/configure-pdb/#specifying-a-poddisruptionbudget);
 * node allocatable and AKS's DaemonSets (`scheduling/aks/reservations.ts`, `scheduling/aks/kube-system.ts`).
 */
import type { ClusterSpec, WorkloadSpec } from "../platform-spec";
import type { NodePoolSpec } from "../../scheduling/aks/node-pool-spec";
import { nodeResources } from "../../scheduling/aks/reservations";
import { daemonSetRequestsPerNode } from "../../scheduling/aks/kube-system";
import { amountFor, formatAmount, parseQuantity, QuantityFormatError, type Quantity } from "../../scheduling/model/quantity";
import { didYouMean } from "../did-you-mean";
import { appendPath } from "./field-path";
import type { RuleViolation } from "./rule-violation";

/**
 * The cluster facts the workload rules read: its name (for messages), the pools (System pool included) and
 * what sizes a node. A {@link ClusterSpec} is one; the `Workload` component passes its `pools` as `nodePools`.
 */
export type WorkloadRuleCluster = Pick<ClusterSpec, "name" | "kubernetesVersion" | "network" | "addons"> & {
    /** The System pool, when it is not already in `nodePools`. */
    systemPool?: NodePoolSpec;
    /** The other pools (or every pool, System pool included, when `systemPool` is absent). */
    nodePools: readonly NodePoolSpec[];
};

/** DNS-1123 label: what Kubernetes accepts as an object or namespace name here. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL_MAX = 63;
/** The extended resource the NVIDIA device plugin advertises (https://learn.microsoft.com/azure/aks/use-nvidia-gpu). */
export const GPU_RESOURCE = "nvidia.com/gpu";
/** A PDB percentage: "0%" to "100%". */
const PERCENT = /^(100|[1-9]?[0-9])%$/;

function dnsLabelProblem(value: string): string | undefined {
    if (value.length <= DNS1123_LABEL_MAX && DNS1123_LABEL.test(value)) {
        return undefined;
    }
    return `${JSON.stringify(value)} is not a DNS-1123 label: 1–63 lowercase letters, digits or "-", starting and ending with a letter or digit`;
}

/** The tag of an image reference, "" when it has none; undefined when it is pinned by digest. */
function imageTag(image: string): string | undefined {
    if (image.includes("@")) {
        return undefined;
    }
    const lastSlash = image.lastIndexOf("/");
    const colon = image.indexOf(":", lastSlash + 1);
    return colon < 0 ? "" : image.slice(colon + 1);
}

function imageViolations(w: WorkloadSpec, at: string): RuleViolation[] {
    const tag = imageTag(w.image);
    const path = appendPath(at, "image");
    if (tag === "") {
        return [{ path, message: `"${w.name}" uses image "${w.image}" with no tag or digest: pin a version ("${w.image}:1.2.3") or a digest ("${w.image}@sha256:…")` }];
    }
    if (tag === "latest") {
        const repository = w.image.slice(0, -":latest".length);
        return [{ path, message: `"${w.name}" uses image "${w.image}": the "latest" tag moves under the cluster; pin a version ("${repository}:1.2.3") or a digest` }];
    }
    return [];
}

/** The requests and limits, parsed; each malformed quantity is reported and left out of the later checks. */
function parsedResources(w: WorkloadSpec, at: string, out: RuleViolation[]): { requests: Map<string, Quantity>; limits: Map<string, Quantity> } {
    const parse = (values: Record<string, string>, section: string): Map<string, Quantity> => {
        const parsed = new Map<string, Quantity>();
        for (const [resource, text] of Object.entries(values)) {
            const path = appendPath(appendPath(appendPath(at, "resources"), section), resource);
            try {
                const q = parseQuantity(text);
                if (q.numerator < 0n) {
                    out.push({ path, message: `"${w.name}": ${JSON.stringify(text)} is negative; a ${section === "requests" ? "request" : "limit"} is zero or more` });
                } else {
                    parsed.set(resource, q);
                }
            } catch (error) {
                if (!(error instanceof QuantityFormatError)) {
                    throw error;
                }
                out.push({ path, message: `"${w.name}": ${error.message}` });
            }
        }
        return parsed;
    };
    return { requests: parse(w.resources.requests, "requests"), limits: parse(w.resources.limits ?? {}, "limits") };
}

function compare(a: Quantity, b: Quantity): number {
    const scale = Math.max(a.scale, b.scale);
    const x = a.numerator * 10n ** BigInt(scale - a.scale);
    const y = b.numerator * 10n ** BigInt(scale - b.scale);
    return x < y ? -1 : x > y ? 1 : 0;
}

function resourceViolations(w: WorkloadSpec, at: string, requests: Map<string, Quantity>, limits: Map<string, Quantity>): RuleViolation[] {
    const out: RuleViolation[] = [];
    const requestsPath = appendPath(appendPath(at, "resources"), "requests");
    const examples: Record<string, string> = { cpu: `"250m"`, memory: `"256Mi"` };
    for (const resource of ["cpu", "memory"]) {
        if (!(resource in w.resources.requests)) {
            out.push({ path: appendPath(requestsPath, resource), message: `"${w.name}" must request ${resource} (e.g. ${examples[resource]}): the scheduler places pods by their requests` });
        }
    }
    for (const [resource, limit] of limits) {
        const request = requests.get(resource);
        if (request !== undefined && compare(limit, request) < 0) {
            out.push({
                path: appendPath(appendPath(appendPath(at, "resources"), "limits"), resource),
                message: `"${w.name}" limits ${resource} to ${w.resources.limits?.[resource]}, below its request of ${w.resources.requests[resource]}; a limit must be at least the request`,
            });
        }
    }
    return out;
}

function budgetViolations(w: WorkloadSpec, at: string): RuleViolation[] {
    const budget = w.disruptionBudget;
    if (budget === undefined) {
        return [];
    }
    const path = appendPath(at, "disruptionBudget");
    const set = (["minAvailable", "maxUnavailable"] as const).filter((key) => budget[key] !== undefined);
    if (set.length !== 1) {
        const found = set.length === 0 ? "neither" : "both";
        return [{ path, message: `"${w.name}" sets ${found} of minAvailable and maxUnavailable; a PodDisruptionBudget takes exactly one (a count such as 1 or a percentage such as "50%")` }];
    }
    const value = budget[set[0]];
    if (typeof value === "string" && !PERCENT.test(value)) {
        return [{ path: appendPath(path, set[0]), message: `"${w.name}": ${JSON.stringify(value)} is neither a count (1) nor a percentage ("0%"–"100%")` }];
    }
    return [];
}

/** What a node of `pool` offers one pod: allocatable, and allocatable less AKS's DaemonSets (engine amounts). */
function poolRoom(pool: NodePoolSpec, cluster: WorkloadRuleCluster): { allocatable: Record<string, number>; free: Record<string, number> } | undefined {
    let allocatableText: Record<string, string>;
    try {
        allocatableText = nodeResources(pool, cluster.kubernetesVersion).allocatable;
    } catch {
        // A pool the node model rejects is reported by the node-pool rules; there is no node to compare with.
        return undefined;
    }
    const daemonSets = daemonSetRequestsPerNode({ location: "", kubernetesVersion: cluster.kubernetesVersion, network: cluster.network, addons: cluster.addons }, pool);
    const allocatable: Record<string, number> = {};
    const free: Record<string, number> = {};
    for (const [resource, text] of Object.entries(allocatableText)) {
        allocatable[resource] = amountFor(resource, parseQuantity(text));
        const used = daemonSets[resource] === undefined ? 0 : amountFor(resource, parseQuantity(daemonSets[resource]));
        free[resource] = Math.max(0, allocatable[resource] - used);
    }
    return { allocatable, free };
}

/** A byte amount in the largest binary unit that keeps it readable (`"13.9Gi"`, `"512Mi"`); other resources as quantities. */
function readable(resource: string, amount: number): string {
    if (resource === "memory" || resource === "ephemeral-storage") {
        const mi = amount / 2 ** 20;
        return mi >= 1024 ? `${Math.floor((mi / 1024) * 10) / 10}Gi` : `${Math.floor(mi)}Mi`;
    }
    return formatAmount(resource, amount);
}

function poolViolations(w: WorkloadSpec, at: string, cluster: WorkloadRuleCluster, requests: Map<string, Quantity>): RuleViolation[] {
    const pools = cluster.systemPool === undefined ? [...cluster.nodePools] : [cluster.systemPool, ...cluster.nodePools];
    const names = pools.map((p) => p.name);
    const out: RuleViolation[] = [];
    w.pools.forEach((name, j) => {
        const pool = pools.find((p) => p.name === name);
        if (pool === undefined) {
            out.push({
                path: appendPath(appendPath(at, "pools"), j),
                message: `"${w.name}" names pool "${name}", which cluster "${cluster.name}" does not have${didYouMean(name, names)}; pools: ${names.join(", ")}`,
            });
            return;
        }
        const gpus = requests.get(GPU_RESOURCE);
        const gpuPath = appendPath(appendPath(appendPath(at, "resources"), "requests"), GPU_RESOURCE);
        if (gpus !== undefined && gpus.numerator > 0n && pool.capacity.gpu === undefined) {
            out.push({ path: gpuPath, message: `"${w.name}" requests ${w.resources.requests[GPU_RESOURCE]} ${GPU_RESOURCE} but pool "${pool.name}" (${pool.vmSize}) has no GPU; run it on a GPU pool` });
            return;
        }
        if (gpus !== undefined && gpus.numerator > 0n && !pool.gpuDevicePlugin) {
            out.push({
                path: gpuPath,
                message: `"${w.name}" requests ${w.resources.requests[GPU_RESOURCE]} ${GPU_RESOURCE} but pool "${pool.name}" (${pool.vmSize}) does not advertise ${GPU_RESOURCE}: set gpuDevicePlugin: true on the pool`,
            });
            return;
        }
        const room = poolRoom(pool, cluster);
        if (room === undefined) {
            return;
        }
        for (const [resource, q] of requests) {
            const wanted = amountFor(resource, q);
            const free = room.free[resource] ?? 0;
            if (wanted > free && !(resource === GPU_RESOURCE && pool.capacity.gpu === undefined)) {
                out.push({
                    path: appendPath(appendPath(appendPath(at, "resources"), "requests"), resource),
                    message:
                        `"${w.name}" requests ${w.resources.requests[resource]} ${resource} but a node of pool "${pool.name}" (${pool.vmSize}) has ` +
                        `${readable(resource, room.allocatable[resource] ?? 0)} allocatable, ${readable(resource, free)} after AKS's DaemonSets`,
                });
            }
        }
    });
    return out;
}

/**
 * Every broken rule of a stack's workloads, paths as in the stack file (`workloads[2].resources.requests.cpu`),
 * each message naming the workload (and the pool when one is involved) and what would be valid.
 *
 * @param workloads - the stack's workloads, defaults applied.
 * @param cluster - the resolved cluster: its pools (the System pool included) and the facts that size a node.
 */
export function workloadRuleViolations(workloads: readonly WorkloadSpec[], cluster: WorkloadRuleCluster): RuleViolation[] {
    const out: RuleViolation[] = [];
    const seen = new Map<string, number>();
    workloads.forEach((w, i) => {
        const at = `workloads[${i}]`;
        const nameProblem = dnsLabelProblem(w.name);
        if (nameProblem !== undefined) {
            out.push({ path: appendPath(at, "name"), message: nameProblem });
        }
        const namespaceProblem = dnsLabelProblem(w.namespace);
        if (namespaceProblem !== undefined) {
            out.push({ path: appendPath(at, "namespace"), message: `"${w.name}": ${namespaceProblem}` });
        }
        // Unique per namespace, not only per kind: a Deployment and a StatefulSet of one name would both own the
        // Service, PodDisruptionBudget and HorizontalPodAutoscaler of that name.
        const key = `${w.namespace}/${w.name}`;
        const first = seen.get(key);
        if (first === undefined) {
            seen.set(key, i);
        } else {
            out.push({
                path: appendPath(at, "name"),
                message: `"${w.name}" is declared twice in namespace "${w.namespace}" (first at workloads[${first}]); a workload's name is unique in its namespace, as its Service, PodDisruptionBudget and HorizontalPodAutoscaler take it`,
            });
        }
        out.push(...imageViolations(w, at));
        const { requests, limits } = parsedResources(w, at, out);
        out.push(...resourceViolations(w, at, requests, limits));
        out.push(...budgetViolations(w, at));
        if (w.autoscaling !== undefined && w.autoscaling.maxReplicas < w.replicas) {
            out.push({
                path: appendPath(appendPath(at, "autoscaling"), "maxReplicas"),
                message: `"${w.name}" scales to at most ${w.autoscaling.maxReplicas} replicas, fewer than its ${w.replicas} replicas; maxReplicas must be at least replicas`,
            });
        }
        if (w.probes !== undefined && w.port === undefined) {
            out.push({ path: appendPath(at, "probes"), message: `"${w.name}" declares HTTP probes but no port; set port to the container port the probes call` });
        }
        out.push(...poolViolations(w, at, cluster, requests));
    });
    return out;
}

/**
 * A pod's effective resource requests, as kube-scheduler's NodeResourcesFit computes them with
 * component-helpers' `resource.PodRequests` (kubernetes/kubernetes
 * `staging/src/k8s.io/component-helpers/resource/helpers.go`, v1.35):
 * - regular containers are summed;
 * - init containers run one at a time, so they count by their maximum;
 * - restartable init containers (sidecars, `restartPolicy: Always`) keep running: each is added to the sum,
 *   and every later init container's peak includes the sidecars started before it;
 * - `spec.overhead` is added;
 * - `pods: 1` is not included (NodeResourcesFit counts pods separately).
 * Before that, a container's unset requests default to its limits, as the API server's defaulting does
 * (`pkg/apis/core/v1/defaults.go`, `SetDefaults_Pod`), since manifests checked before deploy are not yet defaulted.
 * Pod-level `spec.resources` (feature PodLevelResources, beta and on by default in v1.35) replaces the container
 * totals for the resources it names (cpu, memory, hugepages-*), its unset requests defaulting to its limits;
 * overhead is still added. In-place resize status (`status.containerStatuses[].allocatedResources`) is not read:
 * pods are checked before they exist.
 * See https://kubernetes.io/docs/tasks/configure-pod-container/assign-pod-level-resources/
 * See https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#resource-sharing-within-containers
 */
import type { ResourceAmounts } from "../framework/interfaces";
import { InvalidObjectError, objectRef } from "./errors";
import { amountFor, formatAmount, parseQuantity, QuantityFormatError } from "./quantity";
import type { V1Container, V1Pod } from "./types";

/** `Pod/<namespace>/<name>`, the namespace defaulting to `default` as the API server does. */
export function podRef(pod: V1Pod): string {
    return objectRef({ kind: "Pod", metadata: { name: pod.metadata?.name, namespace: pod.metadata?.namespace || "default" } }, "Pod");
}

/**
 * Parses a resource list (`requests`, `allocatable`, `overhead`) into engine amounts.
 *
 * @param list - The list, or undefined.
 * @param object - The owning object's reference, for errors.
 * @param field - The list's field path, for errors.
 * @throws InvalidObjectError naming `field.<resource>` when a quantity is malformed or negative.
 */
export function parseResourceList(list: Record<string, unknown> | undefined, object: string, field: string): ResourceAmounts {
    const out: ResourceAmounts = {};
    if (list === undefined || list === null) return out;
    if (typeof list !== "object" || Array.isArray(list)) {
        throw new InvalidObjectError(object, field, "expected a map of resource name to quantity");
    }
    for (const [name, raw] of Object.entries(list)) {
        let amount: number;
        try {
            amount = amountFor(name, parseQuantity(raw as string | number));
        } catch (error) {
            if (error instanceof QuantityFormatError) throw new InvalidObjectError(object, `${field}.${name}`, error.message);
            throw error;
        }
        if (amount < 0) throw new InvalidObjectError(object, `${field}.${name}`, `must be non-negative, got ${JSON.stringify(raw)}`);
        out[name] = amount;
    }
    return out;
}

function add(into: ResourceAmounts, from: ResourceAmounts): void {
    for (const name in from) into[name] = (into[name] ?? 0) + from[name];
}

function max(into: ResourceAmounts, from: ResourceAmounts): void {
    for (const name in from) if (!(name in into) || from[name] > into[name]) into[name] = from[name];
}

function containerRequests(container: V1Container, object: string, field: string, defaults?: ResourceAmounts): ResourceAmounts {
    const requests = parseResourceList(container.resources?.requests as Record<string, unknown> | undefined, object, `${field}.resources.requests`);
    const limits = parseResourceList(container.resources?.limits as Record<string, unknown> | undefined, object, `${field}.resources.limits`);
    for (const name in limits) if (!(name in requests)) requests[name] = limits[name];
    if (defaults !== undefined) for (const name in defaults) if (!(name in requests)) requests[name] = defaults[name];
    return requests;
}

/** `spec.resources`, which `kubernetes-types` 1.30 predates. */
interface PodSpecWithResources {
    resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

/** Whether a resource may be set at pod level (component-helpers `IsSupportedPodLevelResource`). */
export function isSupportedPodLevelResource(name: string): boolean {
    return name === "cpu" || name === "memory" || name.startsWith("hugepages-");
}

function podLevelRequests(spec: PodSpecWithResources | undefined, object: string): ResourceAmounts {
    const resources = spec?.resources;
    if (resources === undefined || resources === null) return {};
    const requests = parseResourceList(resources.requests, object, "spec.resources.requests");
    const limits = parseResourceList(resources.limits, object, "spec.resources.limits");
    for (const [field, list] of [["requests", requests], ["limits", limits]] as const) {
        for (const name in list) {
            if (!isSupportedPodLevelResource(name)) {
                throw new InvalidObjectError(object, `spec.resources.${field}.${name}`, "unsupported pod-level resource; pod-level resources may be cpu, memory or hugepages-<size>");
            }
        }
    }
    for (const name in limits) if (!(name in requests)) requests[name] = limits[name];
    return requests;
}

/**
 * The pod's effective requests in engine units (cpu in millicores, the rest as integer values).
 *
 * @param pod - The pod.
 * @param where - The object reference used in errors; defaults to `Pod/<namespace>/<name>`.
 * @param defaults - Amounts given to every container that requests none of a resource (upstream
 *   `NonMissingContainerRequests`); defaults to none.
 * @throws InvalidObjectError naming the pod and the field path of a malformed quantity.
 */
export function computePodRequests(pod: V1Pod, where?: string, defaults?: ResourceAmounts): ResourceAmounts {
    const object = where ?? podRef(pod);
    const spec = pod.spec;
    const requests: ResourceAmounts = {};
    (spec?.containers ?? []).forEach((container, i) => add(requests, containerRequests(container, object, `spec.containers[${i}]`, defaults)));
    const sidecars: ResourceAmounts = {};
    const initPeak: ResourceAmounts = {};
    (spec?.initContainers ?? []).forEach((container, i) => {
        const own = containerRequests(container, object, `spec.initContainers[${i}]`, defaults);
        const peak: ResourceAmounts = {};
        if (container.restartPolicy === "Always") {
            add(requests, own);
            add(sidecars, own);
            add(peak, sidecars);
        } else {
            add(peak, own);
            add(peak, sidecars);
        }
        max(initPeak, peak);
    });
    max(requests, initPeak);
    const podLevel = podLevelRequests(spec as PodSpecWithResources | undefined, object);
    for (const name in podLevel) requests[name] = podLevel[name];
    add(requests, parseResourceList(spec?.overhead as Record<string, unknown> | undefined, object, "spec.overhead"));
    return requests;
}

/** The cpu a container without a cpu request counts for in scoring: 100 millicores (`schedutil.DefaultMilliCPURequest`). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** The memory a container without a memory request counts for in scoring: 200 MiB (`schedutil.DefaultMemoryRequest`). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/**
 * The pod's cpu and memory as the Score plugins that read "non-zero" requests count them (upstream
 * `PodRequests` with `NonMissingContainerRequests`, `pkg/scheduler/util/pod_resources.go`): every container that
 * requests no cpu counts 100m, no memory 200Mi, so best-effort pods still weigh on a node.
 * @throws InvalidObjectError as {@link computePodRequests}.
 */
export function computeNonZeroRequests(pod: V1Pod, where?: string): { cpu: number; memory: number } {
    const requests = computePodRequests(pod, where, { cpu: DEFAULT_MILLI_CPU_REQUEST, memory: DEFAULT_MEMORY_REQUEST });
    return { cpu: requests.cpu ?? 0, memory: requests.memory ?? 0 };
}

/**
 * The pod's effective requests as quantity strings (`{ cpu: "250m", memory: "512Mi" }`), the public form of
 * {@link computePodRequests}.
 */
export function podRequests(pod: V1Pod): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, amount] of Object.entries(computePodRequests(pod))) out[name] = formatAmount(name, amount);
    return out;
}

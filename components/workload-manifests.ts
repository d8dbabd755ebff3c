/**
 * The one translator from a {@link WorkloadSpec} to the Kubernetes objects that run it. Pure (no Pulumi), so
 * the `Workload` component, the placement checks and the tests all read the very objects that are deployed.
 *
 * Placement intent becomes fields as kube-scheduler reads them (https://kubernetes.io/docs/concepts/scheduling-eviction/):
 * pools → a nodeSelector or required node affinity on `kubernetes.azure.com/agentpool`, plus exactly the
 * tolerations the pools' NoSchedule/NoExecute taints need; spread → topologySpreadConstraints (maxSkew 1);
 * antiAffinity → pod anti-affinity per host. Pods are secure by default
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted).
 */
import type { Service as V1Service } from "kubernetes-types/core/v1";
import type { HorizontalPodAutoscaler as V2HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2";
import type { WorkloadSpec } from "../config/platform-spec";
import type { NodePoolSpec } from "../scheduling/aks/node-pool-spec";
import { nodeTaints } from "../scheduling/aks/node-labels";
import type { V1Affinity, V1Container, V1Deployment, V1PodDisruptionBudget, V1PodSpec, V1StatefulSet, V1Toleration, V1TopologySpreadConstraint } from "../scheduling/model/types";

/** The node label AKS sets to the pool's name (https://learn.microsoft.com/azure/aks/use-labels). */
export const AGENT_POOL_LABEL = "kubernetes.azure.com/agentpool";
/** Well-known topology keys (https://kubernetes.io/docs/reference/labels-annotations-taints/). */
export const ZONE_TOPOLOGY_KEY = "topology.kubernetes.io/zone";
export const HOST_TOPOLOGY_KEY = "kubernetes.io/hostname";
/** The recommended labels the pods carry and are selected by (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */
export const NAME_LABEL = "app.kubernetes.io/name";
export const INSTANCE_LABEL = "app.kubernetes.io/instance";
/** Weight of the preferred anti-affinity term (1–100). */
export const PREFERRED_ANTI_AFFINITY_WEIGHT = 100;

/** A Kubernetes object whose `kind`, `metadata` and `spec` are always set. */
export type Rendered<T extends { kind?: string; metadata?: object; spec?: object }, K extends string> = T & { kind: K; metadata: NonNullable<T["metadata"]>; spec: NonNullable<T["spec"]> };

/** The Kubernetes objects of one workload, as plain API objects with `apiVersion` and `kind` set. */
export interface WorkloadManifests {
    /** The controller: `apps/v1` Deployment or StatefulSet. */
    workload: Rendered<V1Deployment, "Deployment"> | Rendered<V1StatefulSet, "StatefulSet">;
    /** `v1` Service: on `port` for a Deployment with a port; headless (`clusterIP: None`) for a StatefulSet. */
    service?: Rendered<V1Service, "Service">;
    /** `policy/v1` PodDisruptionBudget, when the spec has a `disruptionBudget`. */
    podDisruptionBudget?: Rendered<V1PodDisruptionBudget, "PodDisruptionBudget">;
    /** `autoscaling/v2` HorizontalPodAutoscaler on CPU, when the spec has `autoscaling`. */
    horizontalPodAutoscaler?: Rendered<V2HorizontalPodAutoscaler, "HorizontalPodAutoscaler">;
}

/** The labels of a workload's pods, which its selectors, spread constraints and PDB match. */
export function workloadPodLabels(spec: Pick<WorkloadSpec, "name">): Record<string, string> {
    return { [NAME_LABEL]: spec.name, [INSTANCE_LABEL]: spec.name };
}

/** The pools the spec names, in its order; throws naming the workload and the missing pool. */
function namedPools(spec: WorkloadSpec, pools: readonly NodePoolSpec[]): NodePoolSpec[] {
    return spec.pools.map((name) => {
        const pool = pools.find((p) => p.name === name);
        if (pool === undefined) {
            throw new Error(`workload "${spec.name}": pool "${name}" is not among the cluster's pools (${pools.map((p) => p.name).join(", ")})`);
        }
        return pool;
    });
}

/**
 * The tolerations pods need to run on every one of `pools`: one per distinct NoSchedule or NoExecute taint
 * (the spot taint included), `Equal` on the value, or `Exists` for a taint without one. PreferNoSchedule
 * taints do not keep pods off, so they get none; pools without taints give an empty list.
 */
export function tolerationsFor(pools: readonly NodePoolSpec[]): V1Toleration[] {
    const out: V1Toleration[] = [];
    const seen = new Set<string>();
    for (const taint of pools.flatMap((pool) => nodeTaints(pool))) {
        const key = `${taint.key}=${taint.value ?? ""}:${taint.effect}`;
        if (taint.effect === "PreferNoSchedule" || seen.has(key)) {
            continue;
        }
        seen.add(key);
        out.push(taint.value === undefined ? { key: taint.key, operator: "Exists", effect: taint.effect } : { key: taint.key, operator: "Equal", value: taint.value, effect: taint.effect });
    }
    return out;
}

function spreadConstraints(spec: WorkloadSpec, labels: Record<string, string>): V1TopologySpreadConstraint[] {
    const entries: [string, "required" | "preferred" | undefined][] = [
        [ZONE_TOPOLOGY_KEY, spec.spread?.zones],
        [HOST_TOPOLOGY_KEY, spec.spread?.hosts],
    ];
    return entries
        .filter((entry): entry is [string, "required" | "preferred"] => entry[1] !== undefined)
        .map(([topologyKey, how]) => ({
            maxSkew: 1,
            topologyKey,
            whenUnsatisfiable: how === "required" ? "DoNotSchedule" : "ScheduleAnyway",
            labelSelector: { matchLabels: { ...labels } },
        }));
}

function affinity(spec: WorkloadSpec, pools: readonly NodePoolSpec[], labels: Record<string, string>): V1Affinity | undefined {
    const out: V1Affinity = {};
    if (pools.length > 1) {
        out.nodeAffinity = {
            requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: AGENT_POOL_LABEL, operator: "In", values: pools.map((p) => p.name) }] }],
            },
        };
    }
    const term = { labelSelector: { matchLabels: { ...labels } }, topologyKey: HOST_TOPOLOGY_KEY };
    if (spec.antiAffinity === "required") {
        out.podAntiAffinity = { requiredDuringSchedulingIgnoredDuringExecution: [term] };
    } else if (spec.antiAffinity === "preferred") {
        out.podAntiAffinity = { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: PREFERRED_ANTI_AFFINITY_WEIGHT, podAffinityTerm: term }] };
    }
    return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * The probes of a container with a port and a health path: readiness on the HTTP path (it gates traffic), liveness
 * on the TCP port (the process answers at all). Identical probes would restart a container that is only busy
 * (kube-score `pod-probes-identical`; https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/).
 */
function probes(spec: WorkloadSpec): Pick<V1Container, "readinessProbe" | "livenessProbe"> {
    if (spec.probes === undefined || spec.port === undefined) return {};
    return {
        readinessProbe: { httpGet: { path: spec.probes.path, port: spec.port }, periodSeconds: 10 },
        livenessProbe: { tcpSocket: { port: spec.port }, periodSeconds: 20, failureThreshold: 3 },
    };
}

function container(spec: WorkloadSpec): V1Container {
    return {
        name: spec.name,
        image: spec.image,
        // Every start checks the kubelet may still pull the image (https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy).
        imagePullPolicy: "Always",
        ...(spec.port === undefined ? {} : { ports: [{ name: "http", containerPort: spec.port }] }),
        resources: { requests: { ...spec.resources.requests }, ...(spec.resources.limits === undefined ? {} : { limits: { ...spec.resources.limits } }) },
        ...probes(spec),
        securityContext: {
            runAsNonRoot: true,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
        },
    };
}

function podSpec(spec: WorkloadSpec, pools: readonly NodePoolSpec[], labels: Record<string, string>): V1PodSpec {
    const tolerations = tolerationsFor(pools);
    const spread = spreadConstraints(spec, labels);
    const podAffinity = affinity(spec, pools, labels);
    return {
        ...(pools.length === 1 ? { nodeSelector: { [AGENT_POOL_LABEL]: pools[0].name } } : {}),
        ...(podAffinity === undefined ? {} : { affinity: podAffinity }),
        ...(tolerations.length === 0 ? {} : { tolerations }),
        ...(spread.length === 0 ? {} : { topologySpreadConstraints: spread }),
        ...(spec.priorityClassName === undefined ? {} : { priorityClassName: spec.priorityClassName }),
        automountServiceAccountToken: spec.serviceAccountToken,
        securityContext: { runAsNonRoot: true, runAsUser: spec.runAs.user, runAsGroup: spec.runAs.group, fsGroup: spec.runAs.group, seccompProfile: { type: "RuntimeDefault" } },
        containers: [container(spec)],
    };
}

/**
 * The Kubernetes objects for one workload.
 *
 * @param spec - the workload, defaults applied (as `config/` resolves it).
 * @param pools - the cluster's pools (the System pool included); the spec's `pools` are looked up here.
 * @throws Error naming the workload when it names a pool that is not in `pools`.
 */
export function workloadManifests(spec: WorkloadSpec, pools: readonly NodePoolSpec[]): WorkloadManifests {
    const targets = namedPools(spec, pools);
    const labels = workloadPodLabels(spec);
    const metadata = { name: spec.name, namespace: spec.namespace, labels: { ...labels } };
    const template = { metadata: { labels: { ...labels } }, spec: podSpec(spec, targets, labels) };
    const selector = { matchLabels: { ...labels } };
    // With an HPA, `replicas` is left out so that each `pulumi up` does not reset what the HPA scaled to; the
    // HPA's minReplicas is the floor (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling).
    const replicas = spec.autoscaling === undefined ? { replicas: spec.replicas } : {};
    const workload: WorkloadManifests["workload"] =
        spec.kind === "Deployment"
            ? { apiVersion: "apps/v1", kind: "Deployment", metadata, spec: { ...replicas, selector, template } }
            : { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { ...metadata }, spec: { ...replicas, serviceName: spec.name, selector, template } };
    const ports = spec.port === undefined ? undefined : [{ name: "http", port: spec.port, targetPort: spec.port }];
    const out: WorkloadManifests = { workload };
    if (spec.kind === "StatefulSet") {
        out.service = { apiVersion: "v1", kind: "Service", metadata: { ...metadata }, spec: { clusterIP: "None", selector: { ...labels }, ...(ports === undefined ? {} : { ports }) } };
    } else if (ports !== undefined) {
        out.service = { apiVersion: "v1", kind: "Service", metadata: { ...metadata }, spec: { selector: { ...labels }, ports } };
    }
    if (spec.disruptionBudget !== undefined) {
        const { minAvailable, maxUnavailable } = spec.disruptionBudget;
        out.podDisruptionBudget = {
            apiVersion: "policy/v1",
            kind: "PodDisruptionBudget",
            metadata: { ...metadata },
            spec: {
                selector: { matchLabels: { ...labels } },
                ...(minAvailable === undefined ? {} : { minAvailable }),
                ...(maxUnavailable === undefined ? {} : { maxUnavailable }),
                // A pod that never turns ready must not block node drains (https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy).
                unhealthyPodEvictionPolicy: "AlwaysAllow",
            },
        };
    }
    if (spec.autoscaling !== undefined) {
        out.horizontalPodAutoscaler = {
            apiVersion: "autoscaling/v2",
            kind: "HorizontalPodAutoscaler",
            metadata: { ...metadata },
            spec: {
                scaleTargetRef: { apiVersion: "apps/v1", kind: spec.kind, name: spec.name },
                minReplicas: spec.replicas,
                maxReplicas: spec.autoscaling.maxReplicas,
                metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: spec.autoscaling.targetCpuUtilization } } }],
            },
        };
    }
    return out;
}

/** A workload in one line of facts, for the program's `workloads` stack output. */
export interface WorkloadFacts {
    name: string;
    namespace: string;
    kind: WorkloadSpec["kind"];
    /** A fixed count, or the HPA's bounds. */
    replicas: { count: number } | { min: number; max: number };
    pools: string[];
    /** The pods' tolerations as `key=value:Effect` (`key:Effect` for Exists). */
    tolerations: string[];
}

/** The facts of a workload, read from its spec and from the manifests rendered for it. */
export function workloadFacts(spec: WorkloadSpec, manifests: WorkloadManifests): WorkloadFacts {
    const tolerations = manifests.workload.spec.template.spec?.tolerations ?? [];
    return {
        name: spec.name,
        namespace: spec.namespace,
        kind: spec.kind,
        replicas: spec.autoscaling === undefined ? { count: spec.replicas } : { min: spec.replicas, max: spec.autoscaling.maxReplicas },
        pools: [...spec.pools],
        tolerations: tolerations.map((t) => `${t.key ?? ""}${t.value === undefined ? "" : `=${t.value}`}:${t.effect ?? ""}`),
    };
}


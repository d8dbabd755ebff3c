/** Small synthetic platform models for the placement tests: pools of catalogued sizes and plain API objects. */
import type { ClusterNodeContext, NodePoolSpec } from "../../scheduling/aks/node-pool-spec";
import { findVmSize } from "../../scheduling/aks/vm-sizes";
import type { PlatformModel } from "../../placement/types";

/** A cluster with Azure CNI Overlay and no add-ons (fewest kube-system pods). */
export const CLUSTER: ClusterNodeContext = {
    location: "westeurope",
    kubernetesVersion: "1.33",
    network: { plugin: "azure", pluginMode: "overlay", dataplane: "azure", policy: "none" },
    addons: { monitoring: false, azurePolicy: false, keyVaultSecretsProvider: false, workloadIdentity: false },
};

/** A pool of `Standard_D4ds_v5` (3860m cpu allocatable), fixed at `count` unless overridden. */
export function pool(name: string, overrides: Partial<NodePoolSpec> = {}): NodePoolSpec {
    const vmSize = overrides.vmSize ?? "Standard_D4ds_v5";
    const { name: _n, source: _s, ...capacity } = findVmSize(vmSize)!;
    return {
        name,
        mode: "User",
        vmSize,
        capacity,
        zones: ["1", "2", "3"],
        count: 3,
        maxPods: 110,
        osType: "Linux",
        osSku: "AzureLinux",
        osDiskType: "Ephemeral",
        osDiskSizeGB: 128,
        labels: {},
        taints: [],
        upgrade: { maxSurge: "1", maxUnavailable: "0", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 },
        gpuDevicePlugin: false,
        enableNodePublicIP: false,
        enableEncryptionAtHost: false,
        ...overrides,
    };
}

/** The System pool every model has: 2 nodes, tainted CriticalAddonsOnly as AKS recommends. */
export const SYSTEM_POOL = pool("system", { mode: "System", count: 2, zones: ["1", "2"], taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }] });

/** A model with the System pool, `pools` and `objects`. */
export function model(pools: NodePoolSpec[], objects: object[]): PlatformModel {
    return { clusterName: "aks-test", cluster: CLUSTER, pools: [SYSTEM_POOL, ...pools], objects };
}

/** Pod template fields. */
export interface PodShape {
    cpu?: string;
    memory?: string;
    pool?: string;
    pools?: string[];
    tolerations?: object[];
    zoneSpread?: { minDomains?: number };
}

/** A Deployment in `default` whose pods request `cpu`/`memory` and select `pool` (or any of `pools`). */
export function deployment(name: string, replicas: number, shape: PodShape = {}): object {
    const labels = { app: name };
    const selector = shape.pool !== undefined ? { nodeSelector: { "kubernetes.azure.com/agentpool": shape.pool } } : {};
    const affinity = shape.pools === undefined
        ? {}
        : { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.azure.com/agentpool", operator: "In", values: shape.pools }] }] } } } };
    const spread = shape.zoneSpread === undefined
        ? {}
        : { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: labels }, ...shape.zoneSpread }] };
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace: "default" },
        spec: {
            replicas,
            selector: { matchLabels: labels },
            template: {
                metadata: { labels },
                spec: {
                    ...selector,
                    ...affinity,
                    ...spread,
                    ...(shape.tolerations === undefined ? {} : { tolerations: shape.tolerations }),
                    containers: [{ name, image: "example.com/app:1", resources: { requests: { cpu: shape.cpu ?? "500m", memory: shape.memory ?? "512Mi" } } }],
                },
            },
        },
    };
}

/** A PodDisruptionBudget in `default` on the pods of `app`. */
export function budget(app: string, rule: { minAvailable?: number | string; maxUnavailable?: number | string }): object {
    return { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: app, namespace: "default" }, spec: { selector: { matchLabels: { app } }, ...rule } };
}

/** A HorizontalPodAutoscaler in `default` on Deployment `app`. */
export function autoscaler(app: string, minReplicas: number, maxReplicas: number): object {
    return {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: { name: app, namespace: "default" },
        spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: app }, minReplicas, maxReplicas },
    };
}

/** Tolerates AKS's spot taint. */
export const SPOT_TOLERATION = { key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" };

/**
 * The placement checks' contract: what they take (a platform model built from a stack's resources or specs)
 * and what they report (per workload, per pool, per scenario). Plain data, so the tests, the policy pack and the
 * offline plan print or compare it whole.
 */
import type { ClusterNodeContext, NodePoolSpec } from "../scheduling/aks/node-pool-spec";

/** A resource as a Pulumi program registers it (mock recorder, policy pack `AnalyzeStack`, offline plan). */
export interface RegisteredResource {
    /** Pulumi type token, e.g. `azure-native:containerservice:AgentPool`, `kubernetes:apps/v1:Deployment`. */
    type: string;
    /** Pulumi resource name. */
    name: string;
    /** The resource's inputs, as sent to the provider. */
    inputs: Record<string, unknown>;
    /** URN, when known (used only to name things in messages). */
    urn?: string;
    /**
     * The explicit provider, `<providerUrn>::<providerId>`, when one was passed: attributes Kubernetes objects to
     * their cluster when a program declares several. Defaults to none.
     */
    provider?: string;
}

/** What the placement checks run on: one cluster, its pools and the Kubernetes objects for it. */
export interface PlatformModel {
    /** The cluster's name (for messages and hostnames). */
    clusterName: string;
    cluster: ClusterNodeContext;
    /** Every pool, the System pool(s) included. */
    pools: NodePoolSpec[];
    /**
     * Kubernetes objects as plain API objects: Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, Pods,
     * PodDisruptionBudgets, HorizontalPodAutoscalers, PriorityClasses, Namespaces, Services, StorageClasses,
     * PersistentVolumeClaims, PersistentVolumes, CSINodes (others are ignored).
     */
    objects: object[];
}

/** Scenario names; each is a separate verdict. */
export type ScenarioName = "min-size" | "max-size" | "zone-loss" | "upgrade-drain" | "spot-eviction";

/** One workload in one scenario. */
export interface WorkloadPlacement {
    /** `Kind/namespace/name`. */
    workload: string;
    /** Replicas (pods) wanted. */
    replicas: number;
    /** Replicas placed. */
    placed: number;
    /** Placed replicas per pool, then per zone (`topology.kubernetes.io/zone` value). */
    byPool: Record<string, Record<string, number>>;
    /** For replicas that fit nowhere: kube-scheduler's FitError text, once per distinct message. */
    reasons: string[];
    /** The same, in the words a user needs: which pool, which taint, how much is missing. */
    details: string[];
}

/** One pool in one scenario. */
export interface PoolPlacement {
    pool: string;
    /** Nodes the scenario gave the pool. */
    nodes: number;
    /** Requests of the pods placed on it vs its allocatable, per resource (quantity strings). */
    requested: Record<string, string>;
    allocatable: Record<string, string>;
    /** Nodes the workloads targeting this pool need (binpacking estimate), next to the pool's min and max. */
    nodesNeeded: number;
    lowerBound: number;
    min: number;
    max: number;
    /** Pods targeting the pool that do not fit on `max` nodes (0 when they all fit). */
    podsBeyondMax: number;
}

/** The verdict of one scenario. */
export interface ScenarioVerdict {
    scenario: ScenarioName;
    /** One sentence: what the scenario did ("pools at their minimum size", "zone westeurope-2 lost", …). */
    description: string;
    /** true when every workload in scope kept its promise in this scenario. */
    ok: boolean;
    workloads: WorkloadPlacement[];
    pools: PoolPlacement[];
    /** Problems in plain words, each naming the workload and pool(s) and the reason (empty when ok). */
    problems: string[];
    /**
     * What the scenario did that broke no promise but is worth reading (a drain that fit a pod only by preempting
     * lower-priority pods); absent when nothing.
     */
    notes?: string[];
}

/** The whole report. */
export interface PlacementReport {
    scenarios: ScenarioVerdict[];
    /** true when every scenario is ok. */
    ok: boolean;
}

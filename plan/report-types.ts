/**
 * The offline plan's report: what one stack's Pulumi program registers under the mock runtime, judged by the
 * placement checks (`placement/`) and the policy pack (`policy/`). Plain JSON data: `--json` writes it whole,
 * the terminal, markdown and html renderers read it. Additive changes only (other renderers build on it).
 * See docs/plan.md.
 */
import type { GateFinding, ImpactAction, ResourceChange } from "../impact/types";
import type { ScenarioName, ScenarioVerdict } from "../placement/types";
import type { SourceLocation } from "./locations";
import type { SkippedObject } from "./manifests";

export type { SourceLocation } from "./locations";
export type { SkippedObject } from "./manifests";

/** Resource quantities by resource name (`cpu`, `memory`, `pods`, `nvidia.com/gpu`), as Kubernetes quantity strings. */
export type Quantities = Record<string, string>;

/**
 * 0: all good; 1: a mandatory policy fails or a workload cannot schedule in a promised scenario; 2: bad input;
 * 3: an internal error (a bug, reported by the CLI's process, never part of a report).
 */
export type ExitCode = 0 | 1 | 2 | 3;

/** The verdict of a run: its exit code and why. */
export interface PlanExit {
    code: ExitCode;
    /** One line per reason for a non-zero code (empty when 0), each naming the stack. */
    reasons: string[];
}

/** One node of the component tree: a registered resource and the resources it parents. */
export interface ResourceNode {
    /** Pulumi type token (`aks:index:AksCluster`, `azure-native:containerservice:AgentPool`). */
    type: string;
    /** Pulumi resource name. */
    name: string;
    /** false for component resources. */
    custom: boolean;
    children: ResourceNode[];
}

/** What the program declares. */
export interface ResourcesSection {
    /** Registrations, components included. */
    total: number;
    /** Registrations per type token, sorted by type. */
    byType: Record<string, number>;
    /** Resources without a parent, with their descendants, in registration order. */
    tree: ResourceNode[];
}

/** One node pool, as the registered AKS resources declare it and the AKS node model builds it. */
export interface PoolFacts {
    /** The cluster's name. */
    cluster: string;
    name: string;
    /** `System` or `User`. */
    mode: string;
    vmSize: string;
    /** Availability zones (`westeurope-1` style values, as the node label reads); empty for a regional pool. */
    zones: string[];
    spot: boolean;
    minNodes: number;
    maxNodes: number;
    /** Per node, after AKS's kube and eviction reservations: cpu, memory, pods (and GPUs when advertised). */
    allocatablePerNode: Quantities;
    /** Node labels, as AKS sets them from the pool. */
    labels: Record<string, string>;
    /** Taints, `key=value:Effect`. */
    taints: string[];
}

/** What one workload requests on one pool in one scenario (the html report draws one bar per workload). */
export interface WorkloadLoad {
    /** `Kind/namespace/name`. */
    workload: string;
    /** Its pods placed on the pool. */
    pods: number;
    /** Their summed requests. */
    requests: Quantities;
}

/** One pool at its minimum or maximum size: allocatable against the requests of each workload on it. */
export interface PoolLoad {
    cluster: string;
    pool: string;
    /** Which scenario: pools at their minimum or at their maximum size. */
    size: "min" | "max";
    /** Nodes the pool has in the scenario. */
    nodes: number;
    /** The pool's whole allocatable (all its nodes). */
    allocatable: Quantities;
    /** Every placed pod's requests on the pool, AKS's kube-system and DaemonSet pods included. */
    requested: Quantities;
    /** The stack's (and the manifests') workloads placed on the pool, in declaration order. */
    workloads: WorkloadLoad[];
    /** Requests of the other pods on the pool (AKS's kube-system pods, DaemonSets): `requested` minus `workloads`. */
    system: Quantities;
}

/** One workload of the stack, at the pools' maximum size. */
export interface WorkloadPlan {
    cluster: string;
    /** `Kind/namespace/name`. */
    workload: string;
    /** Where it comes from: the Pulumi program, or the manifest file (and document index) that declared it. */
    source: string;
    /** Requests of one pod (init containers and overhead included, as the scheduler counts them). */
    podRequests: Quantities;
    replicas: number;
    placed: number;
    /** Replicas placed per pool, then per zone. */
    byPool: Record<string, Record<string, number>>;
    /** For replicas that fit nowhere: kube-scheduler's message(s) and the plain-words details. */
    reasons: string[];
}

/** One pool's capacity at its maximum size. */
export interface PoolPlan {
    cluster: string;
    pool: string;
    /** Nodes the workloads targeting the pool need (binpacking estimate). */
    nodesNeeded: number;
    min: number;
    max: number;
    /** Allocatable left at the maximum size once every placed pod's requests are counted. */
    headroom: Quantities;
    /** Pods targeting the pool that do not fit on `max` nodes. */
    podsBeyondMax: number;
}

/** One problem of a scenario and where it is in the user's files. */
export interface ScenarioFinding {
    problem: string;
    location: SourceLocation;
}

/** A scenario's verdict on one cluster, and whether the stack promises it (`aks-platform:placement.promises`). */
export interface ScenarioPlan extends ScenarioVerdict {
    cluster: string;
    promised: boolean;
    /** Each of `problems`, located: the stack file's key or the manifest document it names first. */
    findings: ScenarioFinding[];
}

/** The placement checks' view of the stack. */
export interface PlacementSection {
    /** The scenarios the stack promises. */
    promised: ScenarioName[];
    workloads: WorkloadPlan[];
    pools: PoolPlan[];
    scenarios: ScenarioPlan[];
}

/** How a config file sets a policy (the CLI's four levels). */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** One violation reported by one policy. */
export interface PolicyResult {
    /** The policy's name, its stable ID (`aks-local-accounts-disabled`). */
    id: string;
    /** Its short code (`AKS-003`). */
    code: string;
    /** Its title. */
    name: string;
    severity: "low" | "medium" | "high" | "critical";
    enforcement: Exclude<EnforcementLevel, "disabled">;
    message: string;
    /** URN (or `type::name`) of the resource concerned; absent when a stack policy names none. */
    resource?: string;
    /** Where it is: the key of the stack file that declares (or sets) what the policy checks, or the manifest document. */
    location?: SourceLocation;
}

/** The policy pack run offline on the registered resources. */
export interface PolicySection {
    /** The config file used (`policy/config/<stack>.json`), relative to the project; absent when none exists. */
    configFile?: string;
    /** Policies run (the disabled ones are not). */
    evaluated: number;
    /** Policies the config disables. */
    disabled: string[];
    /** Every violation, mandatory first. */
    results: PolicyResult[];
}

/** What the head was compared with (`--base REF` or `--base-file PATH`). */
export interface ImpactBase {
    /** How the report names it: `main (3f2a1bc)`, or the stack file given. */
    label: string;
    /** The git ref given, and the commit it names. */
    ref?: string;
    commit?: string;
    /** The stack file given with `--base-file`. */
    file?: string;
    /** false when the stack had no stack file at the base: every resource is created. */
    stackExisted: boolean;
}

/** One resource's change, located on the stack-file entry that declares the resource (for SARIF). */
export interface ImpactChange extends ResourceChange {
    location?: SourceLocation;
}

/** What applying the head does to the resources the base deployed (docs/change-impact.md). */
export interface ImpactSection {
    base: ImpactBase;
    /**
     * Every custom resource of the base or the head: `type`, `name`, `urn`, `action` (create, update, replace,
     * delete, same), `paths`, `deleteFirst`, `destructive` and `placement` (the verdict during a replacement
     * window), with the failures and notes the engine would meet, and where the stack file declares it.
     */
    changes: ImpactChange[];
    /** Resources per action. */
    counts: Record<ImpactAction, number>;
    /** The change gates' findings under the stack's `aks-platform:changeImpact`. */
    gates: GateFinding[];
    /** Why the impact fails the plan: refused gated changes, protected replacements, updates the API refuses. */
    failures: string[];
}

/** The whole plan of one stack. */
export interface PlanReport {
    stack: string;
    /** The stack file, relative to the project (`Pulumi.dev.yaml`). */
    file: string;
    location: string;
    kubernetesVersion: string;
    /** Manifest files added with `--manifests`, relative to the working directory (empty without). */
    manifests: string[];
    /** Manifest objects of kinds the plan does not read (Services, ConfigMaps, custom resources…), left out. */
    skipped: SkippedObject[];
    resources: ResourcesSection;
    pools: PoolFacts[];
    /** Per pool, at its minimum and at its maximum size. */
    poolLoads: PoolLoad[];
    placement: PlacementSection;
    policies: PolicySection;
    /** The change impact against `--base`/`--base-file`; absent without them. */
    impact?: ImpactSection;
    /** This stack's verdict. */
    exit: PlanExit;
}

/** A whole run (`--json` writes this): every stack's report and the run's verdict (the highest code). */
export interface PlanRun {
    reports: PlanReport[];
    exit: PlanExit;
}

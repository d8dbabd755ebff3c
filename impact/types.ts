/**
 * Change impact's contract: the registered resources of two revisions go in (what the mock runtime records for
 * a base and a head), and one {@link ResourceChange} per resource comes out, the way `pulumi preview` would
 * classify it, with what a replacement costs the workloads. Plain data, so the plan prints it, writes it as
 * JSON and the tests compare it whole. See docs/change-impact.md.
 */
import type { ChangeImpactSpec, GatedChange } from "../config/platform-spec";
import type { RegisteredResource } from "../placement/types";

export type { GateAllowance, GatedChange } from "../config/platform-spec";

/**
 * One alias as the SDK sends it (pulumi/pulumi `proto/pulumi/alias.proto`): a whole URN, or a spec whose empty
 * fields the engine fills from the resource itself (`collapseAliasToUrn` in `pkg/resource/deploy/step_generator.go`).
 */
export type AliasSpec =
    | { urn: string }
    | { name?: string; type?: string; stack?: string; project?: string; parentUrn?: string; noParent?: boolean };

/**
 * A resource as one program run registered it, with the options the engine reads when it diffs (the mock
 * runtime's `Registration` has this shape).
 */
export interface ImpactResource extends RegisteredResource {
    urn: string;
    /** false for component resources, which own no cloud object and are not diffed. */
    custom: boolean;
    /** URN of the parent, absent at the top level. */
    parentUrn?: string;
    /** The `protect` option: a replacement or deletion fails in `pulumi up` while it is set. */
    protect: boolean;
    /** The `deleteBeforeReplace` option (false when unset). */
    deleteBeforeReplace: boolean;
    /** Whether `deleteBeforeReplace` was set at all (an explicit value overrides the provider's choice). */
    deleteBeforeReplaceDefined: boolean;
    /** The `ignoreChanges` option: property paths whose new values the engine drops before the diff. */
    ignoreChanges: string[];
    /** The `replaceOnChanges` option: property paths whose change replaces the resource. */
    replaceOnChanges: string[];
    /** Per input property, the URNs its value comes from. */
    propertyDependencies: Record<string, string[]>;
    /** The `aliases` option. */
    aliases: AliasSpec[];
}

/** What the engine would do to one resource. */
export type ImpactAction = "create" | "update" | "replace" | "delete" | "same";

/** The placement of one workload before and after a pool goes away or comes back. */
export interface WorkloadWindow {
    /** `Kind/namespace/name`. */
    workload: string;
    /** Replicas it asks for. */
    replicas: number;
    /** Replicas placed with every pool present (the base cluster). */
    before: number;
    /** Replicas placed in the situation described (the pool gone, or the new pool in place). */
    placed: number;
    /** kube-scheduler's messages for the replicas that fit nowhere. */
    reasons: string[];
}

/** What a pool replacement or deletion does to the workloads, measured with the placement checks. */
export interface PoolWindowPlacement {
    kind: "pool";
    /** The pool's name in AKS. */
    pool: string;
    /**
     * While the pool is gone: the base cluster without it, pools at their maximum size, for a delete-first
     * replacement (the window between the delete and the new pool's readiness). Absent for a create-first
     * replacement (the old pool serves until the new one exists) and for a deletion (the engine deletes after
     * every update: `after` tells whether the workloads fit without the pool).
     */
    during?: { ok: boolean; workloads: WorkloadWindow[] };
    /** With the change applied: the head cluster (the new pool, or no pool at all), pools at their maximum size. */
    after: { ok: boolean; workloads: WorkloadWindow[] };
    /** Workloads of the head whose required node selection still picks the deleted pool's nodes. */
    targetedBy: string[];
}

/** What replacing a cluster destroys. */
export interface ClusterReplacementPlacement {
    kind: "cluster";
    /** The cluster's name in AKS. */
    cluster: string;
    /** Every pod-making workload running on it (`Kind/namespace/name`), all destroyed with the cluster. */
    workloads: string[];
    /** Every volume claim on it (PersistentVolumeClaims and StatefulSet volumeClaimTemplates), destroyed too. */
    volumes: string[];
}

/** The upgrade-drain verdict of a pool whose in-place update rolls its nodes. */
export interface RollingUpdatePlacement {
    kind: "rolling";
    pool: string;
    /** The changed paths that make AKS reimage or surge-upgrade the nodes. */
    rollingPaths: string[];
    ok: boolean;
    /** The upgrade-drain scenario's problems for this pool (empty when ok). */
    problems: string[];
}

/** The placement verdict attached to a change, when the change affects where pods can run. */
export type ChangePlacement = PoolWindowPlacement | ClusterReplacementPlacement | RollingUpdatePlacement;

/** One resource's change between the base and the head. */
export interface ResourceChange {
    /** Pulumi type token. */
    type: string;
    /** Pulumi resource name (the head's; the base's for a delete). */
    name: string;
    /** URN (the head's; the base's for a delete). */
    urn: string;
    action: ImpactAction;
    /**
     * `update`: the changed input paths; `replace`: the paths that force the replacement (`provider` when the
     * resource's provider is replaced); empty otherwise.
     */
    paths: string[];
    /** For a replacement: whether the old resource is deleted before the new one is created. */
    deleteFirst: boolean;
    /** A replacement or deletion: the cloud object goes away. */
    destructive: boolean;
    /** The resource is protected and replaced or deleted: `pulumi up` fails until `protect` is removed. */
    protectedFailure: boolean;
    /** Paths that differ but that `ignoreChanges` keeps at their old value (not applied by `pulumi up`). */
    ignoredPaths: string[];
    /** Changed paths the cloud API refuses to change in place: the update fails in `pulumi up`. */
    refusedPaths: string[];
    /** No force-new table covers the type: the replacement could not be predicted (`pulumi preview` can). */
    untabled: boolean;
    /** For a change caused by another one (its inputs come from a replaced resource), that resource's URN. */
    causedBy?: string;
    /** The base URN this resource was matched to through an alias. */
    aliasOf?: string;
    /** The placement verdict for pool and cluster changes. */
    placement?: ChangePlacement;
}

/** A stack's gate settings (`aks-platform:changeImpact`), as `config/` parses them. */
export type GateSettings = ChangeImpactSpec;

/** One gated change found, and what the stack's settings make of it. */
export interface GateFinding {
    change: GatedChange;
    /** The cluster's or pool's name in AKS. */
    target: string;
    /** URN of the resource concerned. */
    urn: string;
    /** One sentence naming the change and why it is gated. */
    message: string;
    /** `refused` fails the plan, `allowed` carries the allowance's reason, `advisory` is reported only. */
    verdict: "refused" | "allowed" | "advisory";
    /** The allowance's reason when `allowed`. */
    reason?: string;
}

/** The whole comparison. */
export interface ImpactAnalysis {
    /** Every custom resource of the base or the head, in the head's registration order, deletions last. */
    changes: ResourceChange[];
    /** Count per action. */
    counts: Record<ImpactAction, number>;
    gates: GateFinding[];
}

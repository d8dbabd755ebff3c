/** The estimator's public shapes. */
import type { NodeModelCluster } from "../aks/node-labels";
import type { NodePoolSpec } from "../aks/node-pool-spec";
import type { StorageInput } from "../framework/storage";
import type { V1Pod } from "../model/types";

/** What `estimatePoolNodes` takes. */
export interface PoolEstimateInput {
    /** The pool whose nodes are estimated; its template node comes from `buildPoolNodes(pool, cluster, { count: 1 })`. */
    pool: NodePoolSpec;
    /** The cluster, for the node model (reservations, labels, taints). */
    cluster: NodeModelCluster;
    /** The pods that target the pool (e.g. those a simulation placed there or could place nowhere else). */
    pods: V1Pod[];
    /**
     * The DaemonSet pods every node of the pool runs, one per DaemonSet (see `daemonSetFootprint`). Defaults to
     * none. They are added to every node before any workload pod.
     */
    daemonSetPods?: V1Pod[];
    /**
     * The claims, volumes and classes the pods' volumes resolve against (e.g. a simulation's
     * `SimulationResult.storage`). With them NodeVolumeLimits filters too, against the pool's CSINode (its VM
     * size's data-disk limit), as the autoscaler's simulation does. Defaults to none: volumes are not counted.
     */
    storage?: StorageInput;
}

/** How many nodes a pool needs for its pods. */
export interface PoolEstimate {
    pool: string;
    /** Nodes the pods need (the smaller of first fit and the balanced packing), at most `max`. */
    nodesNeeded: number;
    /** Nodes cluster-autoscaler's first-fit decreasing opens, at most `max`: what a scale-up would likely add. */
    firstFitNodes: number;
    /**
     * The resource lower bound: over cpu, memory, every other requested resource and pod slots, the largest
     * `ceil(total requests / what one node offers after its DaemonSet pods)`.
     */
    lowerBound: number;
    /** The pool's fewest nodes (autoscaler `minCount`, or the fixed count). */
    min: number;
    /** The pool's most nodes (autoscaler `maxCount`, or the fixed count). */
    max: number;
    /** Whether every pod fits on at most `max` nodes. */
    fitsWithinMax: boolean;
    /** Pods (`namespace/name`) that fit on no node: not even on an empty one, or not within `max` nodes. */
    unplaceable: string[];
    /** Why, per entry of `unplaceable`: the Filter reasons on an empty node, or the maximum reached. */
    unplaceableReasons: Record<string, string>;
}

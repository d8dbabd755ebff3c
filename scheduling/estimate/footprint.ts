/**
 * The DaemonSet pods one node of a pool runs: the DaemonSet controller's own choice (see
 * `scheduling/simulate/daemon-pods.ts`) applied to the pool's template node.
 */
import { buildPoolNodes } from "../aks/node-model";
import type { NodeModelCluster } from "../aks/node-labels";
import type { NodePoolSpec } from "../aks/node-pool-spec";
import { InvalidObjectError } from "../model/errors";
import type { V1Pod } from "../model/types";
import { daemonPods } from "../simulate/daemon-pods";
import { expandWorkloads } from "../simulate/workloads";

/**
 * One pod per DaemonSet in `daemonSets` that runs on the pool's nodes (taints tolerated, node selector and
 * affinity matched), e.g. `kubeSystemWorkloads(cluster).daemonSets` plus the stack's own. PriorityClass objects
 * in the list are read as context: a DaemonSet's `priorityClassName` resolves against them.
 * @throws InvalidObjectError naming a malformed DaemonSet and the field, or an object of another kind.
 */
export function daemonSetFootprint(pool: NodePoolSpec, cluster: NodeModelCluster, daemonSets: readonly object[]): V1Pod[] {
    const [template] = buildPoolNodes(pool, cluster, { count: 1 });
    const parsed = expandWorkloads(daemonSets);
    const other = parsed.sources.find((s) => s.kind !== "DaemonSet");
    if (other !== undefined) throw new InvalidObjectError(other.ref, "kind", "daemonSetFootprint takes DaemonSet objects only");
    return parsed.sources.flatMap((source) => daemonPods(source, [template]));
}

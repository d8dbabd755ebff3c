/**
 * Whether one pod of a workload fits some declared node at all: the engine's Filter phase (`evaluatePod`)
 * for the workload's first pod against one empty node of every pool, as AKS builds it (`buildPoolNodes`:
 * allocatable after AKS's reservations, labels, taints). A pod that fits none of them cannot be placed
 * however many nodes the pools get, so the policies report it as a placement problem, not a capacity one.
 * DaemonSet and kube-system pods are left out on purpose: they take room on every node, which the
 * scenarios of `checkPlacement` account for.
 */
import { placementStorage } from "../../placement/context";
import type { PlatformModel } from "../../placement/types";
import { AGENT_POOL_LABEL, buildPoolNodes, CONTEXT_KINDS, evaluatePod, expandWorkloads, POD_WORKLOAD_KINDS, workloadStorage, type StorageInput, type V1Node, type V1Pod } from "../../scheduling";

const KINDS_READ: readonly string[] = [...POD_WORKLOAD_KINDS, ...CONTEXT_KINDS];

/** What the probe found for one workload. */
export interface NodeProbe {
    /** true when the pod fits an empty node of at least one pool. */
    fitsSomePool: boolean;
    /** kube-scheduler's FitError text over one empty node per pool, when it fits none. */
    message?: string;
    /** The pools whose empty node accepts the pod. */
    fittingPools: string[];
    /** Per other pool, the reasons its empty node rejected the pod (`pool "apps": Insufficient cpu`). */
    rejections: string[];
}

/**
 * Probes the workloads of one model. The model's workloads are expanded into pods once, and one empty node
 * per pool is built once, however many workloads are probed. Methods throw the engine's
 * `InvalidObjectError` on a malformed workload or pool.
 */
export class WorkloadProber {
    private pods: Map<string, V1Pod> | undefined;
    private nodes: V1Node[] | undefined;
    private storage: StorageInput | undefined;

    constructor(private readonly model: PlatformModel) {}

    /** The model's objects `simulate` takes: autoscalers and other kinds are left out; priority classes stay. */
    private objects(): object[] {
        return this.model.objects.filter((o) => KINDS_READ.includes(String((o as { kind?: unknown }).kind)));
    }

    /**
     * The first pod the controller of `workloadRef` (`Kind/namespace/name`) makes, as the engine expands it;
     * undefined when the model has no such workload or it makes no pods (a DaemonSet, zero replicas).
     */
    samplePod(workloadRef: string): V1Pod | undefined {
        if (this.pods === undefined) {
            this.pods = new Map();
            for (const source of expandWorkloads(this.objects()).sources) {
                if (source.pods[0] !== undefined) this.pods.set(source.ref, source.pods[0]);
            }
        }
        return this.pods.get(workloadRef);
    }

    /** Probes the first pod of `workloadRef` against one empty node per pool; undefined when it makes no pods. */
    probe(workloadRef: string): NodeProbe | undefined {
        const pod = this.samplePod(workloadRef);
        if (pod === undefined) return undefined;
        const cluster = { ...this.model.cluster, name: this.model.clusterName };
        const nodes = (this.nodes ??= this.model.pools.flatMap((pool) => buildPoolNodes(pool, cluster, { count: 1 })));
        // The workloads' claims as provisioning would find them: a claim is judged against each empty node.
        this.storage ??= workloadStorage(this.objects(), placementStorage(this.model, nodes, this.objects()));
        const result = evaluatePod({ pod, nodes, storage: this.storage });
        const fittingPools: string[] = [];
        const rejections: string[] = [];
        for (const node of this.nodes) {
            const verdict = result.nodes[node.metadata?.name ?? ""];
            const pool = node.metadata?.labels?.[AGENT_POOL_LABEL] ?? "";
            if (verdict === undefined || verdict.fits) fittingPools.push(pool);
            else rejections.push(`pool "${pool}": ${verdict.reasons.join(", ")}`);
        }
        return result.message === undefined
            ? { fitsSomePool: true, fittingPools, rejections }
            : { fitsSomePool: false, message: result.message, fittingPools, rejections };
    }
}

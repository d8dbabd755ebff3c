/**
 * What a change costs the workloads, measured with the placement checks (`placement/`), pools at their
 * maximum size (the cluster autoscaler may grow what is left):
 * - a pool replaced delete-first: the base cluster without the pool (which workloads lose replicas while it is
 *   gone), then the head cluster (whether they fit with the new pool);
 * - a pool deleted: the head cluster without it (whether the workloads that ran on it fit elsewhere; the engine
 *   deletes after every update, so there is no window);
 * - a deleted pool: the head workloads whose required node selection still picks its nodes;
 * - a cluster replaced: every workload and every volume on it is destroyed;
 * - an in-place pool update that rolls its nodes: the upgrade-drain verdict of that pool on the head cluster.
 * Pure.
 */
import { checkPlacement, checkPoolUpgrade, platformModelsFromResources, type PlatformModel, type RegisteredResource, type ScenarioVerdict, type WorkloadPlacement } from "../placement";
import { buildPoolNodes, type V1Pod } from "../scheduling";
import { podMatchesNodeSelectorAndAffinityTerms } from "../scheduling/model/node-selector";
import type { ChangePlacement, PoolWindowPlacement, ResourceChange, WorkloadWindow } from "./types";

export const MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster";
export const AGENT_POOL = "azure-native:containerservice:AgentPool";

/**
 * AgentPool inputs whose in-place change makes AKS surge new nodes and drain the old ones (a Kubernetes version
 * or node image upgrade, a Linux OS SKU migration), and the upgrade settings that govern how (a change of
 * those alone rolls nothing, but the verdict is the next roll's). See the sources `aksNodeImageUpgrade` and
 * `aksWindowsOsSku`.
 */
export const ROLLING_POOL_PATHS: readonly string[] = ["orchestratorVersion", "nodeImageVersion", "osSKU", "upgradeSettings"];

/** Pod-making kinds (https://kubernetes.io/docs/concepts/workloads/). */
const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"];

type Obj = { kind?: string; metadata?: { name?: string; namespace?: string }; spec?: Record<string, unknown> };

const refOf = (obj: Obj) => `${obj.kind}/${obj.metadata?.namespace ?? "default"}/${obj.metadata?.name ?? "<unnamed>"}`;

/** The pod a workload object makes (its template), or the Pod itself. */
function podTemplateOf(obj: Obj): V1Pod | undefined {
    if (obj.kind === "Pod") return obj as V1Pod;
    if (obj.kind === "CronJob") return ((obj.spec?.jobTemplate as Obj | undefined)?.spec?.template ?? undefined) as V1Pod | undefined;
    return obj.spec?.template as V1Pod | undefined;
}

/** Whether a pod asks for particular nodes (a nodeSelector or a required node affinity). */
function selectsNodes(pod: V1Pod): boolean {
    const selector = pod.spec?.nodeSelector ?? {};
    const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    return Object.keys(selector).length > 0 || terms.length > 0;
}

/** The two revisions' platform models, built once and kept; undefined when a revision has no cluster to place on. */
class Models {
    private readonly verdicts = new Map<PlatformModel, ScenarioVerdict>();

    constructor(
        readonly base: PlatformModel[],
        readonly head: PlatformModel[],
    ) {}

    static of(base: readonly RegisteredResource[], head: readonly RegisteredResource[]): Models {
        return new Models(platformModelsFromResources([...base]), platformModelsFromResources([...head]));
    }

    maxSize(model: PlatformModel): ScenarioVerdict {
        let verdict = this.verdicts.get(model);
        if (verdict === undefined) {
            verdict = checkPlacement(model, { scenarios: ["max-size"] }).scenarios[0];
            this.verdicts.set(model, verdict);
        }
        return verdict;
    }
}

const poolTotal = (w: WorkloadPlacement, pool: string) => Object.values(w.byPool[pool] ?? {}).reduce((a, b) => a + b, 0);

function windowOf(workload: string, replicas: number, before: number, now: WorkloadPlacement | undefined): WorkloadWindow {
    return { workload, replicas, before, placed: now?.placed ?? 0, reasons: now?.reasons ?? [] };
}

/** The cost of replacing (delete-first or not) or deleting pool `pool` of cluster `cluster`. */
function poolCost(models: Models, cluster: string, pool: string, window: boolean): PoolWindowPlacement | undefined {
    const base = models.base.find((m) => m.clusterName === cluster);
    if (base === undefined || !base.pools.some((p) => p.name === pool)) return undefined;
    const before = models.maxSize(base);
    let during: PoolWindowPlacement["during"];
    const lost = new Set<string>();
    if (window) {
        const gone = new Map(models.maxSize({ ...base, pools: base.pools.filter((p) => p.name !== pool) }).workloads.map((w) => [w.workload, w]));
        const workloads = before.workloads.filter((w) => (gone.get(w.workload)?.placed ?? 0) < w.placed).map((w) => windowOf(w.workload, w.replicas, w.placed, gone.get(w.workload)));
        for (const w of workloads) lost.add(w.workload);
        during = { ok: workloads.length === 0, workloads };
    }
    const head = models.head.find((m) => m.clusterName === cluster);
    const afterVerdict = head === undefined ? undefined : new Map(models.maxSize(head).workloads.map((w) => [w.workload, w]));
    const deletedPool = base.pools.find((p) => p.name === pool)!;
    const node = buildPoolNodes(deletedPool, { ...base.cluster, name: base.clusterName }, { count: 1 })[0];
    const targetedBy = (head?.objects ?? [])
        .filter((o: Obj) => WORKLOAD_KINDS.includes(o.kind ?? ""))
        .filter((o: Obj) => {
            const pod = podTemplateOf(o);
            return pod !== undefined && selectsNodes(pod) && podMatchesNodeSelectorAndAffinityTerms(pod, node);
        })
        .map(refOf);
    const concerned = [...new Set([...before.workloads.filter((w) => poolTotal(w, pool) > 0 || lost.has(w.workload)).map((w) => w.workload), ...targetedBy])];
    const beforeByRef = new Map(before.workloads.map((w) => [w.workload, w]));
    const after = concerned
        .filter((ref) => afterVerdict?.has(ref) === true)
        .map((ref) => {
            const now = afterVerdict!.get(ref)!;
            return windowOf(ref, now.replicas, beforeByRef.get(ref)?.placed ?? 0, now);
        });
    return { kind: "pool", pool, ...(during === undefined ? {} : { during }), after: { ok: after.every((w) => w.placed === w.replicas), workloads: after }, targetedBy };
}

/** Every workload and volume of a cluster of the base. */
function clusterCost(models: Models, base: readonly RegisteredResource[], cluster: string): ChangePlacement | undefined {
    const model = models.base.find((m) => m.clusterName === cluster);
    if (model === undefined) return undefined;
    const objects = model.objects as Obj[];
    const workloads = objects.filter((o) => WORKLOAD_KINDS.includes(o.kind ?? "")).map(refOf);
    const volumes: string[] = [];
    for (const r of base) {
        if (r.type === "kubernetes:core/v1:PersistentVolumeClaim") volumes.push(refOf({ ...(r.inputs as Obj), kind: "PersistentVolumeClaim" }));
    }
    for (const o of objects.filter((x) => x.kind === "StatefulSet")) {
        const templates = (o.spec?.volumeClaimTemplates ?? []) as Obj[];
        const replicas = typeof o.spec?.replicas === "number" ? o.spec.replicas : 1;
        for (const t of templates) {
            for (let i = 0; i < replicas; i++) volumes.push(`PersistentVolumeClaim/${o.metadata?.namespace ?? "default"}/${t.metadata?.name}-${o.metadata?.name}-${i}`);
        }
    }
    return { kind: "cluster", cluster, workloads, volumes };
}

function inputString(resource: RegisteredResource | undefined, key: string): string | undefined {
    const value = resource?.inputs[key];
    return typeof value === "string" ? value : undefined;
}

/**
 * Attaches the placement verdict to every pool and cluster change that has one (returns new change objects).
 *
 * @throws InvalidObjectError / UnknownValueError from the placement checks when a revision's resources are
 *   malformed for them.
 */
export function withReplacementCosts(changes: readonly ResourceChange[], base: readonly RegisteredResource[], head: readonly RegisteredResource[]): ResourceChange[] {
    const rollingPathsOf = (change: ResourceChange) => change.paths.filter((p) => ROLLING_POOL_PATHS.some((r) => p === r || p.startsWith(`${r}.`)));
    const relevant = changes.some(
        (c) => (c.type === MANAGED_CLUSTER && c.action === "replace") || (c.type === AGENT_POOL && (c.action === "replace" || c.action === "delete" || (c.action === "update" && rollingPathsOf(c).length > 0))),
    );
    // The placement models are built only when a change needs them.
    if (!relevant) return [...changes];
    const models = Models.of(base, head);
    const baseByUrn = new Map(base.map((r) => [r.urn, r]));
    const headByUrn = new Map(head.map((r) => [r.urn, r]));
    return changes.map((change) => {
        const before = baseByUrn.get(change.aliasOf ?? change.urn);
        const after = headByUrn.get(change.urn);
        let placement: ChangePlacement | undefined;
        if (change.type === MANAGED_CLUSTER && change.action === "replace") {
            const cluster = inputString(before, "resourceName") ?? change.name;
            placement = clusterCost(models, base, cluster);
        } else if (change.type === AGENT_POOL && (change.action === "delete" || (change.action === "replace" && change.causedBy === undefined))) {
            // A pool replaced because its cluster is goes with the cluster: the cluster's verdict covers it.
            const cluster = inputString(before, "resourceName");
            const pool = inputString(before, "agentPoolName");
            // Only a delete-first replacement leaves a window: a deletion comes after the workloads' own updates
            // (the engine deletes last), so the head alone says whether they fit without the pool.
            if (cluster !== undefined && pool !== undefined) placement = poolCost(models, cluster, pool, change.action === "replace" && change.deleteFirst);
        } else if (change.type === AGENT_POOL && change.action === "update") {
            const rollingPaths = rollingPathsOf(change);
            const cluster = inputString(after, "resourceName");
            const pool = inputString(after, "agentPoolName");
            const model = models.head.find((m) => m.clusterName === cluster);
            if (rollingPaths.length > 0 && pool !== undefined && model !== undefined) {
                const verdict = checkPoolUpgrade(model, [pool]);
                placement = { kind: "rolling", pool, rollingPaths, ok: verdict.ok, problems: verdict.problems };
            }
        }
        return placement === undefined ? { ...change } : { ...change, placement };
    });
}

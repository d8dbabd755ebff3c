/**
 * `Workload`: one team's Deployment or StatefulSet with its Service, PodDisruptionBudget and
 * HorizontalPodAutoscaler, on the cluster's Kubernetes provider, rendered by {@link workloadManifests} from a
 * {@link WorkloadSpec} whose placement is said as intent (pools, spread, anti-affinity).
 *
 * Shaped like pulumi-eks's node groups (pulumi/pulumi-eks `nodejs/eks/nodes/nodegroup.ts`, 7bf0c1b): a thin
 * class over {@link createWorkload}, every argument validated into one `InputPropertiesError` before any child.
 */
import * as pulumi from "@pulumi/pulumi";
import { Deployment, StatefulSet, type DeploymentArgs, type StatefulSetArgs } from "@pulumi/kubernetes/apps/v1";
import { HorizontalPodAutoscaler, type HorizontalPodAutoscalerArgs } from "@pulumi/kubernetes/autoscaling/v2";
import { Service, type ServiceArgs } from "@pulumi/kubernetes/core/v1";
import { PodDisruptionBudget, type PodDisruptionBudgetArgs } from "@pulumi/kubernetes/policy/v1";
import type { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import type { ClusterSpec, WorkloadSpec } from "../config/platform-spec";
import { workloadRuleViolations } from "../config/rules/workload-rules";
import type { NodePoolSpec } from "../scheduling/aks/node-pool-spec";
import { workloadFacts, workloadManifests, type WorkloadFacts, type WorkloadManifests } from "./workload-manifests";
import { throwIfInvalid, type ArgumentViolation } from "./validation";

/** Type token of {@link Workload}. */
export const WORKLOAD_TYPE = "aks-platform:index:Workload";

/** The cluster facts a workload is checked against: its name (for messages) and what sizes a node. */
export type WorkloadClusterFacts = Pick<ClusterSpec, "name" | "kubernetesVersion" | "network" | "addons"> & Partial<Pick<ClusterSpec, "autoscalerProfile">>;

/**
 * How long `pulumi up` waits for the controller to become ready when one of its pools may have no node yet
 * (a minimum of 0): the cluster autoscaler's `maxNodeProvisionTime` plus 10 minutes to boot the node, start its
 * DaemonSets (the NVIDIA device plugin on GPU nodes) and pull the image. Pulumi's own default is 10 minutes
 * (https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/), less than a GPU node from
 * zero may take. Undefined when every pool keeps nodes.
 */
export function scaleFromZeroTimeout(pools: readonly NodePoolSpec[], maxNodeProvisionTime = "15m"): string | undefined {
    const fromZero = pools.some((p) => (p.autoscaling?.minCount ?? p.count) === 0);
    if (!fromZero) return undefined;
    return `${Number(maxNodeProvisionTime.replace(/m$/, "")) + 10}m`;
}

/** Arguments of {@link Workload}. */
export interface WorkloadArgs {
    /**
     * The workload, defaults applied, as `config/` resolves it from the stack's `workloads` list.
     * See docs/configuration.md ("Workloads") and https://kubernetes.io/docs/concepts/workloads/controllers/
     */
    spec: WorkloadSpec;
    /**
     * Every pool of the cluster, the System pool included (`AksCluster.poolSpecs()`): the spec's `pools` are
     * looked up here, and their taints decide the tolerations. See https://learn.microsoft.com/azure/aks/use-system-pools
     */
    pools: NodePoolSpec[];
    /**
     * The cluster's name, Kubernetes version, network and add-ons: a node's allocatable after AKS's reservations
     * and DaemonSets is computed from them. See https://learn.microsoft.com/azure/aks/node-resource-reservations
     */
    cluster: WorkloadClusterFacts;
    /** The Kubernetes provider of the cluster (`AksCluster.provider`); every child is registered on it. */
    provider: KubernetesProvider;
    /**
     * What the workload's objects wait for: its namespace and NetworkPolicies, the agent pools it targets (so
     * the capacity exists before the pods), the NVIDIA device plugin when it requests GPUs. Every child gets
     * them as `dependsOn` (a component's own `dependsOn` does not reach its children). Defaults to none.
     */
    dependsOn?: pulumi.Resource[];
}

/** The Kubernetes resources {@link createWorkload} registers. */
export interface WorkloadResources {
    workload: Deployment | StatefulSet;
    service?: Service;
    podDisruptionBudget?: PodDisruptionBudget;
    horizontalPodAutoscaler?: HorizontalPodAutoscaler;
}

/** Every broken rule of the arguments, paths under `spec.` (`spec.resources.requests.cpu`). */
export function workloadArgumentViolations(args: Pick<WorkloadArgs, "spec" | "pools" | "cluster">): ArgumentViolation[] {
    return workloadRuleViolations([args.spec], { ...args.cluster, nodePools: args.pools }).map((v) => ({
        path: v.path.replace(/^workloads\[0\]/, "spec"),
        message: v.message,
    }));
}

/**
 * Hands a plain API object to a `@pulumi/kubernetes` resource. The object is the JSON the API server takes;
 * the two type packages disagree only on optionality (kubernetes-types marks fields like `HostAlias.ip`
 * optional that Pulumi's input types require), so the TypeScript view is changed here, in one place, and
 * nothing else.
 */
function asArgs<Args>(object: object): Args {
    return object as Args;
}

/**
 * Validates the arguments and registers the workload's objects under `parent` on `args.provider`, named
 * `${name}-deployment` or `${name}-statefulset`, `${name}-service`, `${name}-pdb` and `${name}-hpa`.
 *
 * @throws pulumi.InputPropertiesError listing every invalid property, before any resource exists.
 */
export function createWorkload(name: string, args: WorkloadArgs, parent: pulumi.Resource): WorkloadResources & { manifests: WorkloadManifests } {
    throwIfInvalid(`Workload "${name}"`, workloadArgumentViolations(args));
    const manifests = workloadManifests(args.spec, args.pools);
    const opts: pulumi.CustomResourceOptions = { parent, provider: args.provider, ...(args.dependsOn === undefined ? {} : { dependsOn: args.dependsOn }) };
    const timeout = scaleFromZeroTimeout(args.pools.filter((p) => args.spec.pools.includes(p.name)), args.cluster.autoscalerProfile?.maxNodeProvisionTime);
    const controllerOpts = timeout === undefined ? opts : { ...opts, customTimeouts: { create: timeout, update: timeout } };
    const workload =
        manifests.workload.kind === "StatefulSet"
            ? new StatefulSet(`${name}-statefulset`, asArgs<StatefulSetArgs>(manifests.workload), controllerOpts)
            : new Deployment(`${name}-deployment`, asArgs<DeploymentArgs>(manifests.workload), controllerOpts);
    const dependsOn = { ...opts, dependsOn: [...(args.dependsOn ?? []), workload] };
    return {
        manifests,
        workload,
        ...(manifests.service === undefined ? {} : { service: new Service(`${name}-service`, asArgs<ServiceArgs>(manifests.service), opts) }),
        ...(manifests.podDisruptionBudget === undefined ? {} : { podDisruptionBudget: new PodDisruptionBudget(`${name}-pdb`, asArgs<PodDisruptionBudgetArgs>(manifests.podDisruptionBudget), opts) }),
        ...(manifests.horizontalPodAutoscaler === undefined
            ? {}
            : { horizontalPodAutoscaler: new HorizontalPodAutoscaler(`${name}-hpa`, asArgs<HorizontalPodAutoscalerArgs>(manifests.horizontalPodAutoscaler), dependsOn) }),
    };
}

/**
 * One workload on an AKS cluster. Placement is intent: `spec.pools` becomes a nodeSelector (one pool) or a
 * required node affinity (several) on `kubernetes.azure.com/agentpool` with exactly the tolerations those pools'
 * taints need; `spec.spread` becomes topologySpreadConstraints; the pod is secure by default.
 * See https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/
 */
export class Workload extends pulumi.ComponentResource {
    /** The objects as plain Kubernetes API objects: what the placement checks and the policies read. */
    public readonly manifests: WorkloadManifests;
    /** The workload in one line of facts (name, namespace, kind, replicas, pools, tolerations). */
    public readonly facts: WorkloadFacts;
    /** The Deployment or StatefulSet. */
    public readonly workload: Deployment | StatefulSet;
    public readonly service?: Service;
    public readonly podDisruptionBudget?: PodDisruptionBudget;
    public readonly horizontalPodAutoscaler?: HorizontalPodAutoscaler;

    /**
     * @param name - Pulumi name; children are `${name}-<role>`.
     * @throws pulumi.InputPropertiesError when the spec breaks a workload rule (a pool that does not exist or
     *   cannot host it, a missing request, …), before anything is registered.
     */
    constructor(name: string, args: WorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfInvalid(`Workload "${name}"`, workloadArgumentViolations(args));
        super(WORKLOAD_TYPE, name, {}, opts);
        const created = createWorkload(name, args, this);
        this.manifests = created.manifests;
        this.facts = workloadFacts(args.spec, created.manifests);
        this.workload = created.workload;
        this.service = created.service;
        this.podDisruptionBudget = created.podDisruptionBudget;
        this.horizontalPodAutoscaler = created.horizontalPodAutoscaler;
        this.registerOutputs({});
    }
}

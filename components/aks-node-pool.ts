/**
 * `AksNodePool`: one AKS User (or extra System) node pool as its own `AgentPool` resource, rendered from the
 * plain {@link NodePoolSpec} that the scheduling model reads too.
 *
 * Shaped like pulumi-eks's `ManagedNodeGroup` (pulumi/pulumi-eks `nodejs/eks/nodes/nodegroup.ts`, 7bf0c1b):
 * a thin class over {@link createAksNodePool}, a small cluster handle instead of the cluster class, and every
 * argument validated into one `InputPropertiesError` before the pool exists.
 */
import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import type { NodePoolSpec } from "../scheduling/aks/node-pool-spec";
import { agentPoolProperties, createOnlyAgentPoolProperties } from "./agent-pool-properties";
import { poolArgumentViolations } from "./pool-validation";
import { throwIfInvalid } from "./validation";

/** Type token of {@link AksNodePool}. */
export const AKS_NODE_POOL_TYPE = "aks-platform:index:AksNodePool";

/**
 * What a node pool needs to know of its cluster. `AksCluster` provides it; a program that manages pools of a
 * cluster made elsewhere can build one from the cluster's resource group and name.
 */
export interface AksClusterHandle {
    /** Resource group of the managed cluster. */
    resourceGroupName: pulumi.Input<string>;
    /** Name of the managed cluster (`resourceName` in the AKS API). */
    clusterName: pulumi.Input<string>;
    /**
     * The control plane's Kubernetes version: the `orchestratorVersion` of pools whose spec sets none. Absent:
     * none is sent, and a minor upgrade of the cluster never reaches the pool (pulumi/pulumi-azure-native#2094).
     */
    kubernetesVersion?: string;
}

/** Arguments of {@link AksNodePool}. */
export interface AksNodePoolArgs {
    /** The cluster the pool joins. */
    cluster: AksClusterHandle;
    /**
     * The pool, resolved (defaults applied), as `config/` produces it. Its `name` becomes the agent pool name
     * (1–12 lowercase letters and digits; at most 6 for Windows). Fields AKS fixes at creation (VM size,
     * zones, OS, OS disk, max pods, spot settings) replace the pool when changed: rotate pools instead
     * (docs/pulumi-workflow.md). See https://learn.microsoft.com/azure/aks/create-node-pools
     */
    spec: NodePoolSpec;
    /**
     * The subnet the nodes take their addresses from (`vnetSubnetID`). Defaults to none: the AKS-managed VNet.
     * See https://learn.microsoft.com/azure/aks/configure-azure-cni-dynamic-ip-allocation
     */
    vnetSubnetId?: pulumi.Input<string>;
    /**
     * Azure tags on the pool's scale set. Defaults to none.
     * See https://learn.microsoft.com/azure/aks/use-tags
     */
    tags?: Record<string, string>;
}

/** What {@link createAksNodePool} creates. */
export interface AksNodePoolResources {
    agentPool: containerservice.AgentPool;
}

/**
 * Validates the arguments and creates the pool's `AgentPool` under `parent`, named `${name}-agentpool`.
 *
 * Autoscaled pools send their initial `count` and ignore later changes to it, so that the cluster
 * autoscaler's scaling shows as no drift (aks-facts §3, "Autoscaled count drift").
 *
 * Replacement: a change to a create-only property ({@link createOnlyAgentPoolProperties}) replaces the pool,
 * and the pool is **deleted before its successor is created** (`deleteBeforeReplace`). The name is fixed —
 * workloads select pools by the `kubernetes.azure.com/agentpool` label — and Azure refuses a second pool of
 * the same name, so Pulumi's default create-first replacement would fail; the engine only deletes first on
 * its own when the provider asks for it, which azure-native does for the properties it forces itself
 * (pulumi/pulumi-azure-native `provider/pkg/provider/provider.go`, Diff: `deleteBeforeReplace := len(replaces) > 0`),
 * not for `replaceOnChanges`. The cost is an outage of every pod that runs only on this pool until the new
 * nodes are ready: rotate instead (a new pool, move the workloads, delete the old one) when that matters
 * (docs/pulumi-workflow.md).
 *
 * @throws pulumi.InputPropertiesError listing every invalid property (paths under `spec.`), before any resource exists.
 */
export function createAksNodePool(name: string, args: AksNodePoolArgs, parent: pulumi.Resource): AksNodePoolResources {
    throwIfInvalid(`AksNodePool "${name}"`, poolArgumentViolations(args.spec, "spec"));
    const agentPool = new containerservice.AgentPool(
        `${name}-agentpool`,
        {
            resourceGroupName: args.cluster.resourceGroupName,
            resourceName: args.cluster.clusterName,
            agentPoolName: args.spec.name,
            ...agentPoolProperties(args.spec, {
                ...(args.cluster.kubernetesVersion === undefined ? {} : { kubernetesVersion: args.cluster.kubernetesVersion }),
                ...(args.vnetSubnetId === undefined ? {} : { vnetSubnetId: args.vnetSubnetId }),
            }),
            ...(args.tags === undefined ? {} : { tags: { ...args.tags } }),
        },
        {
            parent,
            replaceOnChanges: createOnlyAgentPoolProperties(args.spec),
            deleteBeforeReplace: true,
            ...(args.spec.autoscaling === undefined ? {} : { ignoreChanges: ["count"] }),
        },
    );
    return { agentPool };
}

/**
 * One AKS node pool (`azure-native:containerservice:AgentPool`) from a {@link NodePoolSpec}.
 * See https://learn.microsoft.com/azure/aks/create-node-pools
 */
export class AksNodePool extends pulumi.ComponentResource {
    /** The pool as plain data: what the scheduling model and the policies read. */
    public readonly spec: NodePoolSpec;
    /** The AKS agent pool. */
    public readonly agentPool: containerservice.AgentPool;
    /** The agent pool's name in AKS (the spec's name). */
    public readonly name: pulumi.Output<string>;

    /**
     * @param name - Pulumi name; the child is `${name}-agentpool`.
     * @throws pulumi.InputPropertiesError when the spec breaks an AKS rule, before anything is registered.
     */
    constructor(name: string, args: AksNodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfInvalid(`AksNodePool "${name}"`, poolArgumentViolations(args.spec, "spec"));
        super(AKS_NODE_POOL_TYPE, name, {}, opts);
        const { agentPool } = createAksNodePool(name, args, this);
        this.spec = args.spec;
        this.agentPool = agentPool;
        this.name = agentPool.name;
        this.registerOutputs({ name: this.name });
    }
}

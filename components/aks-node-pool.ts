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
import { CREATE_ONLY_AGENT_POOL_PROPERTIES, agentPoolProperties } from "./agent-pool-properties";
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
            ...agentPoolProperties(args.spec),
            ...(args.tags === undefined ? {} : { tags: { ...args.tags } }),
        },
        {
            parent,
            replaceOnChanges: [...CREATE_ONLY_AGENT_POOL_PROPERTIES],
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

/**
 * Who may do what once the cluster exists: the kubelet identity pulls from every declared Azure Container
 * Registry (AcrPull), and the identity running `pulumi up` gets a Kubernetes role on an Azure-RBAC cluster,
 * which the Kubernetes provider waits for before its first request.
 *
 * As the AKS baseline does (mspnp/aks-baseline `workload-team/cluster-stamp.bicep`: AcrPull for
 * `identityProfile.kubeletidentity.objectId` on the registry; "Azure Kubernetes Service RBAC Cluster Admin" on
 * the cluster). The Cluster Admin role is the narrowest built-in one that suffices: "Azure Kubernetes Service
 * RBAC Admin" "doesn't allow write access to resource quota or to the namespace itself", and the program
 * creates namespaces (https://learn.microsoft.com/azure/aks/manage-azure-rbac#aks-built-in-roles).
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import { Sleep } from "@pulumiverse/time";
import type { RegistrySpec } from "../config/platform-spec";
import { roleDefinitionId, subscriptionOf } from "./role-definitions";

/**
 * How long the Kubernetes provider waits after the deployer's role assignment is created: "New role
 * assignments can take up to five minutes to propagate and be updated by the authorization server"
 * (https://learn.microsoft.com/azure/aks/manage-azure-rbac#before-you-begin). The wait runs only when the
 * assignment is created or replaced, not on later updates.
 */
export const ROLE_PROPAGATION_WAIT = "300s";

/** What {@link createRegistryAccess} needs. */
export interface RegistryAccessArgs {
    registries: readonly RegistrySpec[];
    /** Object ID of the kubelet identity (`identityProfile.kubeletidentity.objectId`). */
    kubeletObjectId: pulumi.Input<string>;
    resourceGroupName: pulumi.Input<string>;
    location: string;
    subscriptionId: pulumi.Input<string>;
    tags: Record<string, string>;
}

/** What {@link createRegistryAccess} creates. */
export interface RegistryAccess {
    /** Registries the program creates, by ACR name. */
    created: Record<string, containerregistry.Registry>;
    /** One AcrPull assignment per ACR. */
    acrPull: authorization.RoleAssignment[];
}

/**
 * Creates the registries the stack asks for and gives the kubelet identity AcrPull on every ACR, existing or
 * created. Children: `${name}-registry-<acr>`, `${name}-acrpull-<acr>`.
 */
export function createRegistryAccess(name: string, args: RegistryAccessArgs, parent: pulumi.Resource): RegistryAccess {
    const created: Record<string, containerregistry.Registry> = {};
    const acrPull: authorization.RoleAssignment[] = [];
    for (const registry of args.registries) {
        if (registry.kind !== "acr") continue;
        let scope: pulumi.Input<string>;
        let subscription: pulumi.Input<string>;
        if ("id" in registry) {
            scope = registry.id;
            subscription = subscriptionOf(registry.id) ?? args.subscriptionId;
        } else {
            // Anonymous pull and the admin user stay off: the kubelet pulls with its identity.
            const acr = new containerregistry.Registry(
                `${name}-registry-${registry.name}`,
                { resourceGroupName: args.resourceGroupName, location: args.location, registryName: registry.name, sku: { name: registry.sku }, adminUserEnabled: false, anonymousPullEnabled: false, tags: args.tags },
                { parent },
            );
            created[registry.name] = acr;
            scope = acr.id;
            subscription = args.subscriptionId;
        }
        acrPull.push(
            new authorization.RoleAssignment(
                `${name}-acrpull-${registry.name}`,
                {
                    scope,
                    principalId: args.kubeletObjectId,
                    principalType: "ServicePrincipal",
                    roleDefinitionId: pulumi.output(subscription).apply((s) => roleDefinitionId(s, "acrPull")),
                    description: "The AKS kubelet pulls images from this registry.",
                },
                { parent },
            ),
        );
    }
    return { created, acrPull };
}

/** What {@link createDeployerAccess} needs. */
export interface DeployerAccessArgs {
    clusterId: pulumi.Input<string>;
    /** Object ID of the identity running Pulumi (`authorization.getClientConfig().objectId`). */
    deployerObjectId: pulumi.Input<string>;
    subscriptionId: pulumi.Input<string>;
}

/** The deployer's role assignment and the wait the Kubernetes provider depends on. */
export interface DeployerAccess {
    roleAssignment: authorization.RoleAssignment;
    /** Completes {@link ROLE_PROPAGATION_WAIT} after the assignment is created or replaced. */
    propagation: Sleep;
}

/**
 * Gives the deploying identity "Azure Kubernetes Service RBAC Cluster Admin" on the cluster and waits for it
 * to propagate. Children: `${name}-deployer-role`, `${name}-deployer-role-propagation`.
 *
 * The principal type is left unset: the deployer is a user on a laptop and a service principal in CI, and
 * `getClientConfig` does not say which.
 */
export function createDeployerAccess(name: string, args: DeployerAccessArgs, parent: pulumi.Resource): DeployerAccess {
    const roleAssignment = new authorization.RoleAssignment(
        `${name}-deployer-role`,
        {
            scope: args.clusterId,
            principalId: args.deployerObjectId,
            roleDefinitionId: pulumi.output(args.subscriptionId).apply((s) => roleDefinitionId(s, "aksRbacClusterAdmin")),
            description: "The identity running pulumi up manages the cluster's Kubernetes objects.",
        },
        { parent },
    );
    // `triggers` restarts the wait whenever the assignment is replaced (another deployer, another cluster).
    const propagation = new Sleep(`${name}-deployer-role-propagation`, { createDuration: ROLE_PROPAGATION_WAIT, triggers: { roleAssignmentId: roleAssignment.id } }, { parent, dependsOn: [roleAssignment] });
    return { roleAssignment, propagation };
}

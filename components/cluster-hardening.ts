/**
 * What hardens a cluster beyond its own properties, as separate Azure resources: the control-plane identity's
 * roles on the KMS key vault (they must exist before KMS is turned on), a diagnostic setting sending the control
 * plane's logs (the audit log first) to the cluster's workspace, and the cluster's Fleet membership.
 * See https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption, https://learn.microsoft.com/azure/aks/monitor-aks
 * and https://learn.microsoft.com/azure/kubernetes-fleet/update-orchestration
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as monitor from "@pulumi/azure-native/monitor";
import type { EncryptionSpec, FleetSpec } from "../config/platform-spec";
import { roleDefinitionId, subscriptionOf, type BuiltInRole } from "./role-definitions";

/**
 * The roles the control-plane identity needs on the KMS key vault: Key Vault Crypto User to use the key, and
 * Key Vault Contributor to create the private link when the vault is private (AKS KMS doc, "Assign permissions").
 */
export function kmsVaultRoles(kms: NonNullable<EncryptionSpec["kms"]>): BuiltInRole[] {
    return kms.networkAccess === "Private" ? ["keyVaultCryptoUser", "keyVaultContributor"] : ["keyVaultCryptoUser"];
}

/** Creates `${name}-kms-<role>` role assignments on the key vault for the control-plane identity. */
export function createKmsAccess(
    name: string,
    args: { kms: NonNullable<EncryptionSpec["kms"]>; principalId: pulumi.Input<string>; subscriptionId: pulumi.Input<string> },
    parent: pulumi.Resource,
): authorization.RoleAssignment[] {
    const subscription = subscriptionOf(args.kms.keyVaultId) ?? args.subscriptionId;
    return kmsVaultRoles(args.kms).map(
        (role) =>
            new authorization.RoleAssignment(
                `${name}-kms-${role}`,
                {
                    scope: args.kms.keyVaultId,
                    principalId: args.principalId,
                    principalType: "ServicePrincipal",
                    roleDefinitionId: pulumi.output(subscription).apply((s) => roleDefinitionId(s, role)),
                    description: "The AKS control plane encrypts Kubernetes secrets with this vault's key (KMS).",
                },
                { parent },
            ),
    );
}

/** The diagnostic setting's properties (pure): each category enabled, to the workspace, in resource-specific tables. */
export function controlPlaneDiagnostics(workspaceId: pulumi.Input<string>, categories: readonly string[]) {
    return {
        name: "aks-control-plane",
        workspaceId,
        logAnalyticsDestinationType: "Dedicated",
        logs: categories.map((category) => ({ category, enabled: true })),
    };
}

/** Creates `${name}-diagnostics`, the cluster's diagnostic setting. */
export function createControlPlaneDiagnostics(
    name: string,
    args: { clusterId: pulumi.Input<string>; workspaceId: pulumi.Input<string>; categories: readonly string[] },
    parent: pulumi.Resource,
): monitor.DiagnosticSetting {
    return new monitor.DiagnosticSetting(`${name}-diagnostics`, { resourceUri: args.clusterId, ...controlPlaneDiagnostics(args.workspaceId, args.categories) }, { parent });
}

/** The fleet's resource group and name, from its ARM ID (`…/resourceGroups/<group>/providers/Microsoft.ContainerService/fleets/<name>`). */
export function parseFleetId(id: string): { resourceGroupName: string; fleetName: string } {
    const parts = id.split("/");
    return { resourceGroupName: parts[4], fleetName: parts[8] };
}

/** Creates `${name}-fleet-member`, the cluster's membership of the fleet (named after the cluster). */
export function createFleetMembership(name: string, args: { fleet: FleetSpec; clusterName: string; clusterId: pulumi.Input<string> }, parent: pulumi.Resource): containerservice.FleetMember {
    return new containerservice.FleetMember(
        `${name}-fleet-member`,
        { ...parseFleetId(args.fleet.id), fleetMemberName: args.clusterName, clusterResourceId: args.clusterId, group: args.fleet.group },
        { parent },
    );
}

/**
 * The Azure built-in roles the program assigns, by their fixed IDs (the same in every subscription), and the
 * role-definition resource IDs a `RoleAssignment` takes. Pure.
 * See https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
 */

/** Built-in role IDs. */
export const BUILT_IN_ROLES = {
    /** Pull images from an Azure Container Registry: given to the kubelet identity. */
    acrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
    /** Every Kubernetes action on an Azure-RBAC cluster, namespaces included: given to the deploying identity. */
    aksRbacClusterAdmin: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
    /** Manage networks: given to the cluster's control-plane identity on the subnets it joins. */
    networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
} as const;

/** A built-in role's name, for messages and names. */
export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

/** `/subscriptions/<subscription>/providers/Microsoft.Authorization/roleDefinitions/<role>`. */
export function roleDefinitionId(subscriptionId: string, role: BuiltInRole): string {
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES[role]}`;
}

/** The subscription of an ARM resource ID, or undefined when the text is not one. */
export function subscriptionOf(resourceId: string): string | undefined {
    return /^\/subscriptions\/([^/]+)\//i.exec(resourceId)?.[1];
}

/**
 * The network the nodes join (`VnetSpec`): a VNet the program creates (with its subnets, the NAT gateway or
 * the firewall route table of its egress) or an existing hub-spoke VNet whose subnets are referenced by ID, and
 * the Network Contributor role the cluster's control-plane identity needs on every subnet it uses.
 *
 * Follows the AKS baseline (mspnp/aks-baseline `workload-team/cluster-stamp.bicep`: a spoke VNet given by ID,
 * the control-plane identity granted on it before the cluster) and AVM's WAF-aligned test (Azure/
 * bicep-registry-modules `avm/res/container-service/managed-cluster/tests/e2e/waf-aligned/dependencies.bicep`).
 * Why the identity needs the role: https://learn.microsoft.com/azure/aks/api-server-vnet-integration
 * ("Lack of permissions at the API server subnet can cause a provisioning failure") and
 * https://learn.microsoft.com/azure/aks/configure-azure-cni#prerequisites.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as network from "@pulumi/azure-native/network";
import type { EgressSpec, VnetSpec } from "../config/platform-spec";
import { roleDefinitionId } from "./role-definitions";

/** The delegation AKS requires on an API server subnet. */
export const API_SERVER_DELEGATION = "Microsoft.ContainerService/managedClusters";

/** `networkProfile.outboundType` for the stack's egress (no VNet: AKS's load balancer). See https://learn.microsoft.com/azure/aks/egress-outboundtype */
export function outboundType(egress: EgressSpec | undefined): "loadBalancer" | "userAssignedNATGateway" | "userDefinedRouting" {
    if (egress === undefined || egress.type === "loadBalancer") return "loadBalancer";
    return egress.type === "natGateway" ? "userAssignedNATGateway" : "userDefinedRouting";
}

/** The parts of an existing VNet's ID. */
export function parseVnetId(id: string): { subscriptionId: string; resourceGroupName: string; name: string } {
    const parts = id.split("/");
    return { subscriptionId: parts[2] ?? "", resourceGroupName: parts[4] ?? "", name: parts[8] ?? "" };
}

/** What the cluster takes from its network. */
export interface ClusterNetwork {
    /** Subnet ID by subnet name. */
    subnetIds: Record<string, pulumi.Output<string>>;
    /** The subnet of each pool, by pool name. */
    poolSubnetIds: Record<string, pulumi.Output<string>>;
    /** The API server subnet, when the VNet has one. */
    apiServerSubnetId?: pulumi.Output<string>;
    /** The Network Contributor assignments the cluster must wait for. */
    roleAssignments: authorization.RoleAssignment[];
    /** Every resource created (the VNet, subnets, egress), for tests and outputs. */
    resources: pulumi.CustomResource[];
}

/** What {@link createNetwork} needs. */
export interface NetworkArgs {
    vnet: VnetSpec;
    resourceGroupName: pulumi.Input<string>;
    location: string;
    /** Principal of the control-plane identity, which gets Network Contributor on the cluster's subnets. */
    controlPlanePrincipalId: pulumi.Input<string>;
    /** Subscription of the deployment (for role definition IDs of created resources). */
    subscriptionId: pulumi.Input<string>;
    tags: Record<string, string>;
}

/** The egress resource a created node subnet is attached to. */
function createEgress(name: string, args: NetworkArgs, parent: pulumi.Resource): { natGatewayId?: pulumi.Output<string>; routeTableId?: pulumi.Output<string>; resources: pulumi.CustomResource[] } {
    const { egress } = args.vnet;
    const common = { resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags };
    if (egress.type === "natGateway") {
        // Standard SKU, static: what a NAT gateway takes (https://learn.microsoft.com/azure/nat-gateway/nat-gateway-resource).
        const ip = new network.PublicIPAddress(`${name}-nat-ip`, { ...common, publicIpAddressName: `${args.vnet.name}-nat-ip`, sku: { name: "Standard" }, publicIPAllocationMethod: "Static", publicIPAddressVersion: "IPv4" }, { parent });
        const nat = new network.NatGateway(`${name}-nat`, { ...common, natGatewayName: `${args.vnet.name}-nat`, sku: { name: "Standard" }, idleTimeoutInMinutes: egress.idleTimeoutInMinutes, publicIpAddresses: [{ id: ip.id }] }, { parent });
        return { natGatewayId: nat.id, resources: [ip, nat] };
    }
    if (egress.type === "userDefinedRouting") {
        // The default route to the firewall AKS requires before it creates the cluster (https://learn.microsoft.com/azure/aks/egress-outboundtype#outbound-type-of-userdefinedrouting).
        const table = new network.RouteTable(
            `${name}-routes`,
            { ...common, routeTableName: `${args.vnet.name}-egress`, routes: [{ name: "default-to-firewall", addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopIpAddress: egress.nextHopIp }] },
            { parent },
        );
        return { routeTableId: table.id, resources: [table] };
    }
    return { resources: [] };
}

/**
 * Creates (or references) the VNet and its subnets under `parent` and grants the control-plane identity
 * Network Contributor on every node and API server subnet. Children: `${name}-vnet`, `${name}-subnet-<subnet>`,
 * `${name}-nat-ip`/`${name}-nat` or `${name}-routes`, `${name}-network-role-<subnet>`.
 */
export function createNetwork(name: string, args: NetworkArgs, parent: pulumi.Resource): ClusterNetwork {
    const { vnet } = args;
    const subnetIds: Record<string, pulumi.Output<string>> = {};
    const resources: pulumi.CustomResource[] = [];
    if (vnet.id !== undefined) {
        // An existing VNet: its subnets are referenced, not managed (their route table or NAT gateway is the network team's).
        for (const subnet of vnet.subnets) subnetIds[subnet.name] = pulumi.output(`${vnet.id}/subnets/${subnet.name}`);
    } else {
        const created = new network.VirtualNetwork(
            `${name}-vnet`,
            { resourceGroupName: args.resourceGroupName, location: args.location, virtualNetworkName: vnet.name, addressSpace: { addressPrefixes: [...vnet.addressSpace] }, tags: args.tags },
            { parent, ignoreChanges: ["subnets"] },
        );
        const egress = createEgress(name, args, parent);
        resources.push(created, ...egress.resources);
        let previous: pulumi.Resource | undefined;
        for (const subnet of vnet.subnets) {
            const nodes = subnet.role === "nodes";
            // Subnets of one VNet are created one after the other: Azure serializes them and answers a parallel
            // PUT with AnotherOperationInProgress.
            const resource: network.Subnet = new network.Subnet(
                `${name}-subnet-${subnet.name}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    virtualNetworkName: created.name,
                    subnetName: subnet.name,
                    addressPrefix: subnet.addressPrefix,
                    ...(nodes && egress.natGatewayId !== undefined ? { natGateway: { id: egress.natGatewayId } } : {}),
                    ...(nodes && egress.routeTableId !== undefined ? { routeTable: { id: egress.routeTableId } } : {}),
                    ...(subnet.role === "apiServer" ? { delegations: [{ name: "aks-api-server", serviceName: API_SERVER_DELEGATION }] } : {}),
                },
                { parent, ...(previous === undefined ? {} : { dependsOn: [previous] }) },
            );
            previous = resource;
            subnetIds[subnet.name] = resource.id;
            resources.push(resource);
        }
    }
    const subscription = vnet.id === undefined ? pulumi.output(args.subscriptionId) : pulumi.output(parseVnetId(vnet.id).subscriptionId);
    const roleAssignments = vnet.subnets
        .filter((s) => s.role === "nodes" || s.role === "apiServer")
        .map(
            (subnet) =>
                new authorization.RoleAssignment(
                    `${name}-network-role-${subnet.name}`,
                    {
                        scope: subnetIds[subnet.name],
                        principalId: args.controlPlanePrincipalId,
                        principalType: "ServicePrincipal",
                        roleDefinitionId: subscription.apply((s) => roleDefinitionId(s, "networkContributor")),
                        description: "The AKS control plane joins nodes (and the API server) to this subnet.",
                    },
                    { parent },
                ),
        );
    const poolSubnetIds: Record<string, pulumi.Output<string>> = {};
    for (const subnet of vnet.subnets) for (const pool of subnet.pools) poolSubnetIds[pool] = subnetIds[subnet.name];
    const apiServer = vnet.subnets.find((s) => s.role === "apiServer");
    return { subnetIds, poolSubnetIds, ...(apiServer === undefined ? {} : { apiServerSubnetId: subnetIds[apiServer.name] }), roleAssignments, resources };
}

/**
 * The rules a VNet, its subnets and the API server's reachability must pass before anything is registered.
 * Pure: no zod, no Pulumi. Paths are relative to {@link ClusterSpec} (`vnet.subnets[1].addressPrefix`,
 * `apiServer.deployFrom`); the stack loader maps them onto the stack file's keys.
 *
 * Sources: https://learn.microsoft.com/azure/aks/concepts-network-ip-address-planning (addresses per node),
 * https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq#are-there-any-restrictions-on-using-ip-addresses-within-these-subnets
 * (Azure keeps five addresses of every subnet), https://learn.microsoft.com/azure/aks/api-server-vnet-integration
 * (API server subnet: at least /28, delegated to the cluster), https://learn.microsoft.com/azure/aks/private-clusters.
 */
import type { ClusterSpec, SubnetSpec } from "../platform-spec";
import type { NodePoolSpec } from "../../scheduling/aks/node-pool-spec";
import { didYouMean } from "../did-you-mean";
import { parseIpv4, parseIpv4Cidr, rangeContains, rangesOverlap, type Ipv4Range } from "./ipv4";
import type { RuleViolation } from "./rule-violation";

/** Addresses Azure keeps in every subnet (network, broadcast and three for Azure's own services). */
export const AZURE_RESERVED_ADDRESSES_PER_SUBNET = 5;
/** The smallest API server subnet AKS accepts: a /28. */
export const API_SERVER_SUBNET_MAX_PREFIX = 28;

/** Every pool of the cluster, the System pool first. */
function poolsOf(cluster: ClusterSpec): NodePoolSpec[] {
    return [cluster.systemPool, ...cluster.nodePools];
}

/** Nodes a pool can reach during an upgrade: its maximum plus the surge (a count, or a percentage rounded up). */
export function nodesDuringUpgrade(pool: NodePoolSpec): number {
    const max = pool.autoscaling?.maxCount ?? pool.count;
    const surge = pool.upgrade.maxSurge;
    const extra = surge.endsWith("%") ? Math.ceil((max * Number(surge.slice(0, -1))) / 100) : Number(surge);
    return max + extra;
}

/**
 * Subnet addresses one node takes: one with Azure CNI Overlay and kubenet (pods get their addresses from the pod
 * CIDR), one plus `maxPods` with Azure CNI on the node subnet (every pod takes a subnet address).
 */
export function addressesPerNode(cluster: Pick<ClusterSpec, "network">, pool: NodePoolSpec): number {
    const { plugin, pluginMode } = cluster.network;
    return plugin === "azure" && pluginMode === undefined ? 1 + pool.maxPods : 1;
}

/** Usable addresses of a subnet range. */
export function usableAddresses(range: Ipv4Range): number {
    return 2 ** (32 - range.prefix) - AZURE_RESERVED_ADDRESSES_PER_SUBNET;
}

function parsedSubnets(subnets: readonly SubnetSpec[]): { subnet: SubnetSpec; range: Ipv4Range; at: string }[] {
    return subnets.flatMap((subnet, i) => {
        const range = parseIpv4Cidr(subnet.addressPrefix);
        return range === undefined ? [] : [{ subnet, range, at: `vnet.subnets[${i}]` }];
    });
}

/** Subnets inside the address space, disjoint, uniquely named; one API server subnet of at least /28. */
function layoutViolations(cluster: ClusterSpec): RuleViolation[] {
    const vnet = cluster.vnet!;
    const out: RuleViolation[] = [];
    const space = vnet.addressSpace.map((r) => parseIpv4Cidr(r)).filter((r): r is Ipv4Range => r !== undefined);
    const subnets = parsedSubnets(vnet.subnets);
    const seen = new Set<string>();
    subnets.forEach(({ subnet, range, at }, i) => {
        if (seen.has(subnet.name)) out.push({ path: `${at}.name`, message: `"${subnet.name}" is already the name of another subnet` });
        seen.add(subnet.name);
        const inside = space.some((s) => s.prefix <= range.prefix && rangeContains(s, range.network));
        if (!inside) out.push({ path: `${at}.addressPrefix`, message: `${subnet.addressPrefix} is not inside the VNet's address space (${vnet.addressSpace.join(", ")})` });
        const clash = subnets.slice(0, i).find((other) => rangesOverlap(other.range, range));
        if (clash !== undefined) out.push({ path: `${at}.addressPrefix`, message: `${subnet.addressPrefix} overlaps subnet "${clash.subnet.name}" (${clash.subnet.addressPrefix})` });
    });
    const apiSubnets = subnets.filter((s) => s.subnet.role === "apiServer");
    for (const extra of apiSubnets.slice(1)) out.push({ path: `${extra.at}.role`, message: "a VNet holds at most one apiServer subnet" });
    for (const { subnet, range, at } of apiSubnets) {
        if (range.prefix > API_SERVER_SUBNET_MAX_PREFIX) {
            out.push({ path: `${at}.addressPrefix`, message: `an API server subnet must be at least a /${API_SERVER_SUBNET_MAX_PREFIX} (found ${subnet.addressPrefix}); AKS reserves at least 9 addresses there` });
        }
    }
    return out;
}

/** Every pool in exactly one `nodes` subnet; pools named in subnets exist; only node subnets name pools. */
function poolPlacementViolations(cluster: ClusterSpec): RuleViolation[] {
    const vnet = cluster.vnet!;
    const out: RuleViolation[] = [];
    const names = poolsOf(cluster).map((p) => p.name);
    const home = new Map<string, string>();
    vnet.subnets.forEach((subnet, i) => {
        const at = `vnet.subnets[${i}].pools`;
        if (subnet.role !== "nodes" && subnet.pools.length > 0) {
            out.push({ path: at, message: `only a subnet with role "nodes" holds pools (this one's role is "${subnet.role}")` });
            return;
        }
        subnet.pools.forEach((pool, j) => {
            if (!names.includes(pool)) {
                out.push({ path: `${at}[${j}]`, message: `"${pool}" is not a pool of the cluster${didYouMean(pool, names)}; pools: ${names.join(", ")}` });
            } else if (home.has(pool)) {
                out.push({ path: `${at}[${j}]`, message: `pool "${pool}" is already in subnet "${home.get(pool)}"; a pool's nodes take their addresses from one subnet` });
            } else {
                home.set(pool, subnet.name);
            }
        });
    });
    const homeless = names.filter((n) => !home.has(n));
    if (homeless.length > 0) {
        out.push({ path: "vnet.subnets", message: `pool(s) ${homeless.join(", ")} are in no subnet: list them under the pools of a subnet with role "nodes"` });
    }
    return out;
}

/** Each node subnet holds the addresses of its pools at their maximum plus the upgrade surge. */
function sizingViolations(cluster: ClusterSpec): RuleViolation[] {
    const pools = new Map(poolsOf(cluster).map((p) => [p.name, p]));
    return parsedSubnets(cluster.vnet!.subnets).flatMap(({ subnet, range, at }) => {
        if (subnet.role !== "nodes") return [];
        const members = subnet.pools.map((n) => pools.get(n)).filter((p): p is NodePoolSpec => p !== undefined);
        const needed = members.reduce((sum, p) => sum + nodesDuringUpgrade(p) * addressesPerNode(cluster, p), 0);
        const usable = usableAddresses(range);
        if (needed <= usable) return [];
        const detail = members.map((p) => `${p.name} ${nodesDuringUpgrade(p)} node(s) × ${addressesPerNode(cluster, p)}`).join(", ");
        return [{
            path: `${at}.addressPrefix`,
            message: `${subnet.addressPrefix} has ${usable} usable addresses (Azure keeps ${AZURE_RESERVED_ADDRESSES_PER_SUBNET}) but its pools need ${needed} at their maximum plus upgrade surge (${detail}): use a larger prefix`,
        }];
    });
}

/** Pod and service ranges must not overlap the VNet (or a peered range the deploy runs from). */
function overlapViolations(cluster: ClusterSpec): RuleViolation[] {
    const out: RuleViolation[] = [];
    const space = cluster.vnet!.addressSpace.map((r) => ({ text: r, range: parseIpv4Cidr(r) })).filter((r) => r.range !== undefined) as { text: string; range: Ipv4Range }[];
    const peered = cluster.apiServer.deployFrom?.peeredRange;
    const outside = peered === undefined ? space : [...space, { text: peered, range: parseIpv4Cidr(peered)! }];
    const check = (path: string, text: string, what: string) => {
        const range = parseIpv4Cidr(text);
        if (range === undefined) return;
        const clash = outside.find((s) => s.range !== undefined && rangesOverlap(s.range, range));
        if (clash !== undefined) out.push({ path, message: `${what} ${text} overlaps ${clash.text === peered ? "the peered range" : "the VNet's address space"} ${clash.text}; pick a range routed nowhere else` });
    };
    if (cluster.network.pluginMode === "overlay" || cluster.network.plugin === "kubenet") check("network.podCidr", cluster.network.podCidr, "the pod CIDR");
    check("network.serviceCidr", cluster.network.serviceCidr, "the service CIDR");
    return out;
}

/** API Server VNet Integration needs the VNet's apiServer subnet; a private API server needs a declared path. */
function apiServerPathViolations(cluster: ClusterSpec): RuleViolation[] {
    const out: RuleViolation[] = [];
    const { privateCluster, vnetIntegration, deployFrom } = cluster.apiServer;
    const vnet = cluster.vnet;
    if (vnetIntegration && !vnet?.subnets.some((s) => s.role === "apiServer")) {
        out.push({ path: "apiServer.vnetIntegration", message: 'API Server VNet Integration projects the API server into a subnet of your VNet: declare vnet with a subnet of role "apiServer" (at least /28)' });
    }
    if (privateCluster && vnet === undefined) {
        out.push({
            path: "apiServer.privateCluster",
            message: "a private API server without a VNet of the stack's own gets its endpoint in the AKS-managed VNet, which no runner can reach: declare vnet (created or existing) and apiServer.deployFrom",
        });
    }
    if (privateCluster && deployFrom === undefined) {
        out.push({ path: "apiServer.deployFrom", message: "a private API server is reached only from its network: name the subnet of the VNet where the deploying runner lives (deployFrom.subnet) or the peered range it runs in (deployFrom.peeredRange)" });
    }
    if (deployFrom !== undefined) {
        if (!privateCluster) out.push({ path: "apiServer.deployFrom", message: "only applies to a private API server (privateCluster: true); a public one is reached through authorizedIpRanges" });
        if ((deployFrom.subnet === undefined) === (deployFrom.peeredRange === undefined)) {
            out.push({ path: "apiServer.deployFrom", message: "give subnet or peeredRange, exactly one" });
        }
        const names = vnet?.subnets.filter((s) => s.role !== "apiServer").map((s) => s.name) ?? [];
        if (deployFrom.subnet !== undefined && !names.includes(deployFrom.subnet)) {
            out.push({ path: "apiServer.deployFrom.subnet", message: `"${deployFrom.subnet}" is not a subnet of the VNet a runner can live in${didYouMean(deployFrom.subnet, names)}; subnets: ${names.join(", ") || "none"}` });
        }
    }
    return out;
}

/**
 * Egress through a NAT gateway or a firewall uses an address AKS does not add to the API server's authorized
 * ranges (it only adds the load balancer's outbound IPs): nodes would lose the API server.
 * See https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges#overview-of-api-server-authorized-ip-ranges
 */
function egressViolations(cluster: ClusterSpec): RuleViolation[] {
    const egress = cluster.vnet?.egress;
    const { privateCluster, vnetIntegration, authorizedIpRanges } = cluster.apiServer;
    if (egress === undefined || egress.type === "loadBalancer" || privateCluster || vnetIntegration || authorizedIpRanges.length === 0) return [];
    if (egress.type === "natGateway") {
        return [{
            path: "vnet.egress.type",
            message: "nodes would reach the public API server from the NAT gateway's address, which is not in apiServer.authorizedIpRanges: make the API server private, turn on apiServer.vnetIntegration, or use egress type loadBalancer",
        }];
    }
    const ip = egress.firewallPublicIp === undefined ? undefined : parseIpv4(egress.firewallPublicIp);
    if (ip === undefined) {
        return [{ path: "vnet.egress.firewallPublicIp", message: "is required with userDefinedRouting and a public API server: the firewall's public address, which must be in apiServer.authorizedIpRanges so that nodes reach the API server" }];
    }
    const covered = authorizedIpRanges.some((r) => {
        const range = parseIpv4Cidr(r);
        return range !== undefined && rangeContains(range, ip);
    });
    return covered ? [] : [{ path: "vnet.egress.firewallPublicIp", message: `${egress.firewallPublicIp} is in none of apiServer.authorizedIpRanges: add it, or nodes cannot reach the API server` }];
}

/** Every network rule the resolved cluster breaks, paths relative to {@link ClusterSpec}. */
export function networkRuleViolations(cluster: ClusterSpec): RuleViolation[] {
    const out = [...apiServerPathViolations(cluster), ...egressViolations(cluster)];
    if (cluster.vnet === undefined) return out;
    return [...layoutViolations(cluster), ...poolPlacementViolations(cluster), ...sizingViolations(cluster), ...overlapViolations(cluster), ...out];
}

/**
 * The schema (zod v4) of the stack-file keys a real `pulumi up` needs beyond the cluster and its pools:
 * `aks-platform:vnet` (the network the nodes join), `aks-platform:registries` (where images come from) and
 * `aks-platform:namespaces` (Pod Security levels). Shapes only; the rules that need the whole stack (sizing,
 * overlaps, pool assignment, images) live in `config/rules/network-rules.ts` and `registry-rules.ts`.
 * Every key is listed in `docs/configuration.md`.
 */
import { z } from "zod";
import type { EgressSpec, NamespaceSpec, PodSecurityLevel, RegistrySpec, SubnetSpec, VnetSpec } from "./platform-spec";
import { cidr, ipv4 } from "./value-schemas";
import { SYSTEM_NAMESPACES } from "./rules/namespace-rules";

/** An Azure resource ID (`/subscriptions/<guid>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>`). */
export const ARM_ID_PATTERN = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+$/;

function armId(type: string) {
    return z.string().refine((s) => ARM_ID_PATTERN.test(s) && s.split("/")[7]?.toLowerCase() === type.toLowerCase(), {
        error: (iss) => `${JSON.stringify(iss.input)} is not the ID of a ${type} (/subscriptions/<subscription>/resourceGroups/<group>/providers/${type}/<name>)`,
    });
}

const SUBNET_ROLES = ["nodes", "apiServer", "runners", "other"] as const;

const subnetSchema = z.strictObject({
    name: z.string().regex(/^[a-zA-Z0-9]([-\w.]{0,78}[\w])?$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a valid subnet name: 1–80 letters, digits, "-", "_" or ".", ending with a letter, digit or "_"` }),
    addressPrefix: cidr,
    role: z.enum(SUBNET_ROLES).default("nodes"),
    /** Absent on the only `nodes` subnet: every pool. */
    pools: z.array(z.string()).optional(),
});

const egressSchema = z
    .strictObject({
        type: z.enum(["loadBalancer", "natGateway", "userDefinedRouting"]),
        idleTimeoutInMinutes: z.number().int().min(4).max(120).optional(),
        nextHopIp: ipv4.optional(),
        firewallPublicIp: ipv4.optional(),
    })
    .transform((input, ctx): EgressSpec => {
        const misplaced = (key: "idleTimeoutInMinutes" | "nextHopIp" | "firewallPublicIp", valid: string) => {
            if (input[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: `only applies to egress type ${valid} (this egress is "${input.type}")` });
        };
        if (input.type === "loadBalancer") {
            misplaced("idleTimeoutInMinutes", '"natGateway"');
            misplaced("nextHopIp", '"userDefinedRouting"');
            misplaced("firewallPublicIp", '"userDefinedRouting"');
            return { type: "loadBalancer" };
        }
        if (input.type === "natGateway") {
            misplaced("nextHopIp", '"userDefinedRouting"');
            misplaced("firewallPublicIp", '"userDefinedRouting"');
            // Azure's default NAT gateway idle timeout (https://learn.microsoft.com/azure/nat-gateway/nat-gateway-resource#tcp-idle-timeout).
            return { type: "natGateway", idleTimeoutInMinutes: input.idleTimeoutInMinutes ?? 4 };
        }
        misplaced("idleTimeoutInMinutes", '"natGateway"');
        if (input.nextHopIp === undefined) {
            ctx.addIssue({ code: "custom", path: ["nextHopIp"], message: "is required with userDefinedRouting: the private address of the firewall the default route points to" });
            return z.NEVER;
        }
        return { type: "userDefinedRouting", nextHopIp: input.nextHopIp, ...(input.firewallPublicIp === undefined ? {} : { firewallPublicIp: input.firewallPublicIp }) };
    });

/** `aks-platform:vnet`: a created VNet (`name`) or an existing one (`id`), its subnets and the nodes' egress. */
export const vnetSchema = z
    .strictObject({
        name: z.string().regex(/^[a-zA-Z0-9][-\w.]{0,62}[\w]$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a valid VNet name: 2–64 letters, digits, "-", "_" or "."` }).optional(),
        id: armId("virtualNetworks").optional(),
        addressSpace: z.array(cidr).min(1),
        subnets: z.array(subnetSchema).min(1),
        egress: egressSchema.prefault({ type: "loadBalancer" }),
    })
    .transform((input, ctx): Omit<VnetSpec, "subnets"> & { subnets: (Omit<SubnetSpec, "pools"> & { pools?: string[] })[] } => {
        if ((input.name === undefined) === (input.id === undefined)) {
            ctx.addIssue({
                code: "custom",
                path: [],
                message: "give either name (the program creates the VNet) or id (an existing VNet, e.g. a hub-spoke spoke), not both or neither",
            });
        }
        return input;
    });

/**
 * Fills in the pools of the only `nodes` subnet when it names none: every pool of the cluster. With several
 * node subnets each must list its pools (the network rules report a pool that is in none or in two).
 */
export function resolveSubnetPools(vnet: z.output<typeof vnetSchema>, poolNames: readonly string[]): VnetSpec {
    const nodeSubnets = vnet.subnets.filter((s) => s.role === "nodes");
    const subnets: SubnetSpec[] = vnet.subnets.map((s) => ({
        ...s,
        pools: s.pools ?? (s.role === "nodes" && nodeSubnets.length === 1 ? [...poolNames] : []),
    }));
    return { ...vnet, subnets };
}

const registryEntry = z
    .strictObject({
        /** ACR name (5–50 alphanumerics); its login server is `<name>.azurecr.io`. */
        acr: z.string().regex(/^[a-zA-Z0-9]{5,50}$/, { error: (iss) => `${JSON.stringify(iss.input)} is not an ACR name: 5–50 letters and digits` }).optional(),
        id: armId("registries").optional(),
        create: z.literal(true).optional(),
        sku: z.enum(["Basic", "Standard", "Premium"]).optional(),
        /** A public registry host pulled anonymously, e.g. `ghcr.io`. */
        public: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a registry host such as "ghcr.io"` }).optional(),
    })
    .transform((input, ctx): RegistrySpec => {
        if (input.public !== undefined) {
            for (const key of ["acr", "id", "create", "sku"] as const) {
                if (input[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: `does not apply to a public registry (public: ${input.public})` });
            }
            return { kind: "public", server: input.public };
        }
        if (input.acr === undefined) {
            ctx.addIssue({ code: "custom", path: [], message: "give acr (an Azure Container Registry, with id or create: true) or public (a registry pulled anonymously)" });
            return z.NEVER;
        }
        if (input.id !== undefined && input.create === undefined) {
            if (input.sku !== undefined) ctx.addIssue({ code: "custom", path: ["sku"], message: "only applies to a registry the program creates (create: true)" });
            const named = input.id.split("/")[8] ?? "";
            if (named.toLowerCase() !== input.acr.toLowerCase()) {
                ctx.addIssue({ code: "custom", path: ["id"], message: `names registry "${named}", not "${input.acr}"` });
            }
            return { kind: "acr", name: input.acr, id: input.id };
        }
        if (input.create === true && input.id === undefined) {
            return { kind: "acr", name: input.acr, create: true, sku: input.sku ?? "Standard" };
        }
        ctx.addIssue({ code: "custom", path: [], message: `registry "${input.acr}": give id (an existing registry) or create: true (the program creates it), exactly one` });
        return z.NEVER;
    });

/** `aks-platform:registries`. */
export const registriesSchema = z.array(registryEntry).default([]);

const POD_SECURITY_LEVELS = ["restricted", "baseline", "privileged"] as const satisfies readonly PodSecurityLevel[];

/** `aks-platform:namespaces`: namespace name → its Pod Security level (default `restricted`). */
export const namespacesSchema = z.record(z.string(), z.strictObject({ podSecurity: z.enum(POD_SECURITY_LEVELS).default("restricted") })).default({});

/**
 * Every namespace the program creates: those the workloads use (not `default` nor a system namespace) in
 * first-use order, then the other declared ones; each with its declared level, else `restricted`.
 */
export function resolveNamespaces(declared: z.output<typeof namespacesSchema>, workloadNamespaces: readonly string[]): NamespaceSpec[] {
    // System namespaces exist already; a workload placed there is reported by the namespace rules.
    const names = [...new Set([...workloadNamespaces.filter((n) => n !== "default" && !SYSTEM_NAMESPACES.includes(n)), ...Object.keys(declared)])];
    return names.map((name) => ({ name, podSecurity: declared[name]?.podSecurity ?? "restricted" }));
}

/**
 * The schema of one stack file's `aks-platform:` configuration (zod v4). Parsing applies every documented
 * default, so the output is the resolved {@link PlatformSpec} (less `stack`, which the loader adds). Unknown
 * keys are rejected at every level, so a typo is never silently ignored. The AKS rules that need the whole
 * resolved value (ranges, combinations) live in `config/rules/` and are applied by `config/load.ts`.
 *
 * Every key, its default and its doc link are listed in `docs/configuration.md`.
 */
import { z } from "zod";
import type { PlatformSpec } from "./platform-spec";
import type { ClusterNetworkSpec, NodePoolSpec, PoolMode, Taint } from "../scheduling/aks/node-pool-spec";
import { findVmSize, knownVmSizeNames, type VmCapacity } from "../scheduling/aks/vm-sizes";
import { didYouMean } from "./did-you-mean";
import { defaultMaxPods, defaultOsSku, resolveOsDisk } from "./pool-defaults";
import { cidr, ipv4 } from "./value-schemas";
import { namespacesSchema, registriesSchema, resolveNamespaces, resolveSubnetPools, vnetSchema } from "./deploy-schema";
import { parseAksTaint, TAINT_EFFECTS, TaintFormatError } from "./taint-format";
import { changeImpactSchema } from "./change-impact-schema";
import { placementSchema, workloadSchema } from "./workload-schema";
import { controlPlaneLogsSchema, encryptionSchema, fleetSchema, priorityClassesSchema } from "./security-schema";

import { SPOT_TAINT } from "../scheduling/aks/node-labels";
export { SPOT_TAINT };

// ---------------------------------------------------------------------------------------------------------
// Small value schemas

/** Kubernetes versions are strings: YAML reads an unquoted 1.30 as the number 1.3. */
const kubernetesVersion = z
    .string({ error: (iss) => (iss.input === undefined ? undefined : `expected a quoted version string such as "1.33" (unquoted, YAML reads it as a number)`) })
    .regex(/^\d+\.\d+(\.\d+)?$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a Kubernetes version such as "1.33" or "1.33.2"` });
const guid = z.guid({ error: (iss) => `${JSON.stringify(iss.input)} is not a GUID (8-4-4-4-12 hexadecimal digits, e.g. 0b7d2c4e-1f3a-4c5d-9e8f-123456789abc)` });
/** A duration of whole seconds, minutes or hours ("30s", "2m", "1h"). */
const duration = z.string().regex(/^[1-9][0-9]*[smh]$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a duration such as "2m", "30s" or "1h"` });
/** The autoscaler's minute durations: an integer followed by "m" (API `autoScalerProfile`). */
const minutes = z.string().regex(/^[1-9][0-9]*m$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a duration in minutes such as "10m"` });
/** `maxSurge` / `maxUnavailable`: YAML may give a bare count as a number; it is kept as a string. */
const surge = z.union([z.string(), z.number().int().nonnegative().transform(String)]);
/** Zones may be written 1 or "1"; they are strings in the API. */
const zone = z.union([z.string(), z.number().int().transform(String)]);

// ---------------------------------------------------------------------------------------------------------
// Node pools

const capacitySchema = z.strictObject({
    vcpus: z.number().int().min(1),
    memoryGiB: z.number().positive(),
    tempDiskGiB: z.number().nonnegative().default(0),
    cacheDiskGiB: z.number().nonnegative().default(0),
    gpu: z.strictObject({ count: z.number().int().min(1), model: z.string().min(1) }).optional(),
    architecture: z.enum(["amd64", "arm64"]).default("amd64"),
    /** Absent: true for names of the B-series (`Standard_B…`), false otherwise. */
    burstable: z.boolean().optional(),
    /** Absent: unknown, and no CSI attach limit is modelled for the pool's nodes. */
    maxDataDisks: z.number().int().nonnegative().optional(),
});

const taintObject = z.strictObject({
    key: z.string().min(1),
    value: z.string().optional(),
    effect: z.enum(TAINT_EFFECTS as [Taint["effect"], ...Taint["effect"][]]),
});
const taintString = z.string().transform((text, ctx): Taint => {
    try {
        return parseAksTaint(text);
    } catch (error) {
        if (!(error instanceof TaintFormatError)) {
            throw error;
        }
        ctx.addIssue({ code: "custom", message: error.message });
        return z.NEVER;
    }
});
const taintSchema = z.union([taintObject, taintString]);

const spotSchema = z.union([
    z.boolean(),
    z.strictObject({
        evictionPolicy: z.enum(["Delete", "Deallocate"]).default("Delete"),
        maxPrice: z.number().default(-1),
    }),
]);

/** Surge defaults are resolved per pool: spot pools get no surge nodes (https://learn.microsoft.com/azure/aks/spot-node-pool#limitations). */
const upgradeSchema = z.strictObject({
    maxSurge: surge.optional(),
    maxUnavailable: surge.optional(),
    drainTimeoutInMinutes: z.number().default(30),
    nodeSoakDurationInMinutes: z.number().default(0),
});

const OS_SKUS = ["Ubuntu", "AzureLinux", "AzureLinux3", "Ubuntu2204", "Ubuntu2404", "Windows2019", "Windows2022"] as const;

/** A pool as resolved by its own schema; `maxPods` may still be open (its default depends on the cluster network). */
export type PoolWithOpenMaxPods = Omit<NodePoolSpec, "maxPods"> & { maxPods?: number };

function poolFields(defaultMode: PoolMode) {
    return z.strictObject({
        name: z.string(),
        mode: z.enum(["System", "User"]).default(defaultMode),
        vmSize: z.string().min(1),
        capacity: capacitySchema.optional(),
        zones: z.array(zone).default([]),
        count: z.number().int().optional(),
        autoscaling: z.strictObject({ minCount: z.number().int(), maxCount: z.number().int() }).optional(),
        maxPods: z.number().int().optional(),
        osType: z.enum(["Linux", "Windows"]).default("Linux"),
        osSku: z.enum(OS_SKUS).optional(),
        osDiskType: z.enum(["Managed", "Ephemeral"]).optional(),
        osDiskSizeGB: z.number().int().optional(),
        labels: z.record(z.string(), z.string()).default({}),
        taints: z.array(taintSchema).default([]),
        spot: spotSchema.optional(),
        upgrade: upgradeSchema.prefault({}),
        gpuDevicePlugin: z.boolean().default(false),
        enableNodePublicIP: z.boolean().default(false),
        enableEncryptionAtHost: z.boolean().default(false),
        orchestratorVersion: kubernetesVersion.optional(),
    });
}
type PoolInput = z.output<ReturnType<typeof poolFields>>;

function resolveCapacity(input: PoolInput): { vmSize: string; capacity: VmCapacity } | string {
    if (input.capacity !== undefined) {
        const { burstable, ...rest } = input.capacity;
        return { vmSize: input.vmSize, capacity: { ...rest, burstable: burstable ?? /^standard_b\d/i.test(input.vmSize) } };
    }
    const known = findVmSize(input.vmSize);
    if (known === undefined) {
        return `"${input.vmSize}" is not a known VM size${didYouMean(input.vmSize, knownVmSizeNames())}; to use it anyway, declare its capacity (vcpus, memoryGiB, tempDiskGiB, …) under capacity`;
    }
    const { name, source: _source, ...capacity } = known;
    return { vmSize: name, capacity };
}

function resolvePool(input: PoolInput, ctx: z.RefinementCtx): PoolWithOpenMaxPods {
    const sized = resolveCapacity(input);
    const count = input.count ?? input.autoscaling?.minCount;
    if (typeof sized === "string") {
        ctx.addIssue({ code: "custom", path: ["vmSize"], message: sized });
    }
    if (count === undefined) {
        ctx.addIssue({ code: "custom", path: ["count"], message: "is required for a pool without autoscaling (or declare autoscaling: { minCount, maxCount })" });
    }
    if (typeof sized === "string" || count === undefined) {
        return z.NEVER;
    }
    const spot = input.spot === true ? { evictionPolicy: "Delete" as const, maxPrice: -1 } : input.spot === false ? undefined : input.spot;
    const hasSpotTaint = input.taints.some((t) => t.key === SPOT_TAINT.key && t.effect === SPOT_TAINT.effect);
    const { capacity: _declared, spot: _spot, osSku, osDiskType, osDiskSizeGB, upgrade, ...rest } = input;
    return {
        ...rest,
        upgrade: {
            ...upgrade,
            // AKS's API default is a 10% surge; spot pools take no surge nodes, so they replace one node at a time.
            maxSurge: upgrade.maxSurge ?? (spot === undefined ? "10%" : "0"),
            maxUnavailable: upgrade.maxUnavailable ?? (spot === undefined ? "0" : "1"),
        },
        ...sized,
        count,
        osSku: osSku ?? defaultOsSku(input.osType),
        ...resolveOsDisk(sized.capacity, { osDiskType, osDiskSizeGB }),
        taints: spot !== undefined && !hasSpotTaint ? [...input.taints, { ...SPOT_TAINT }] : input.taints,
        ...(spot === undefined ? {} : { spot }),
    };
}

/** A node pool entry; `defaultMode` is "System" for `systemPool` and "User" for `nodePools`. */
export function nodePoolSchema(defaultMode: PoolMode) {
    return poolFields(defaultMode).transform(resolvePool);
}

// ---------------------------------------------------------------------------------------------------------
// Cluster

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

const maintenanceWindowSchema = z.strictObject({
    dayOfWeek: z.enum(DAYS),
    intervalWeeks: z.number().int().min(1).max(4).default(1),
    startTime: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a time "HH:MM" (00:00–23:59)` }),
    utcOffset: z.string().regex(/^[+-](0[0-9]|1[0-4]):[0-5][0-9]$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a UTC offset such as "+00:00" or "-05:00"` }).default("+00:00"),
    durationHours: z.number().int().min(4).max(24).default(4),
});

/** Default windows: cluster upgrades Sunday 00:00–08:00 UTC, node images Saturday 00:00–08:00 UTC, weekly. */
export const DEFAULT_CLUSTER_WINDOW = { dayOfWeek: "Sunday", intervalWeeks: 1, startTime: "00:00", utcOffset: "+00:00", durationHours: 8 } as const;
export const DEFAULT_NODE_OS_WINDOW = { dayOfWeek: "Saturday", intervalWeeks: 1, startTime: "00:00", utcOffset: "+00:00", durationHours: 8 } as const;

/** The `cluster.network` settings, resolved (plugin mode, dataplane and policy defaults follow the plugin). */
export const networkSchema = z
    .strictObject({
        plugin: z.enum(["azure", "kubenet", "none"]).default("azure"),
        /** Absent: "overlay" with the azure plugin; null: Azure CNI on the node subnet. */
        pluginMode: z.literal("overlay").nullable().optional(),
        dataplane: z.enum(["azure", "cilium"]).optional(),
        policy: z.enum(["none", "azure", "calico", "cilium"]).optional(),
        podCidr: cidr.default("10.244.0.0/16"),
        serviceCidr: cidr.default("10.0.0.0/16"),
        dnsServiceIp: ipv4.default("10.0.0.10"),
    })
    .transform((input) => {
        const pluginMode: ClusterNetworkSpec["pluginMode"] =
            input.pluginMode === null ? undefined : (input.pluginMode ?? (input.plugin === "azure" ? "overlay" : undefined));
        const dataplane = input.dataplane ?? (input.plugin === "azure" && pluginMode === "overlay" ? "cilium" : "azure");
        const policy = input.policy ?? (dataplane === "cilium" ? "cilium" : "none");
        const { pluginMode: _declared, ...addresses } = input;
        return { ...addresses, ...(pluginMode === undefined ? {} : { pluginMode }), dataplane, policy };
    });

const clusterFields = z.strictObject({
    name: z.string().regex(/^[a-zA-Z0-9]([-_a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/, {
        error: (iss) => `${JSON.stringify(iss.input)} is not a valid cluster name: 1–63 letters, digits, "-" or "_", starting and ending with a letter or digit`,
    }),
    kubernetesVersion: kubernetesVersion.default("1.33"),
    tier: z.enum(["Free", "Standard", "Premium"]).default("Standard"),
    entraId: z
        .strictObject({
            enabled: z.boolean().default(true),
            azureRbac: z.boolean().default(true),
            adminGroupObjectIds: z.array(guid).default([]),
            tenantId: guid.optional(),
            deployerRole: z.enum(["clusterAdmin", "none"]).default("clusterAdmin"),
        })
        .prefault({}),
    disableLocalAccounts: z.boolean().default(true),
    oidcIssuer: z.boolean().default(true),
    network: networkSchema.prefault({}),
    apiServer: z
        .strictObject({
            authorizedIpRanges: z.array(cidr).default([]),
            privateCluster: z.boolean().default(false),
            vnetIntegration: z.boolean().default(false),
            deployFrom: z.strictObject({ subnet: z.string().min(1).optional(), peeredRange: cidr.optional() }).optional(),
            commandInvoke: z.boolean().default(false),
        })
        .prefault({}),
    addons: z
        .strictObject({
            azurePolicy: z.boolean().default(true),
            keyVaultSecretsProvider: z.boolean().default(true),
            secretRotationInterval: duration.default("2m"),
            workloadIdentity: z.boolean().default(true),
            defender: z.boolean().default(false),
            imageCleanerIntervalHours: z.number().int().min(24).max(2160).nullable().default(168),
        })
        .prefault({}),
    monitoring: z.strictObject({ enabled: z.boolean().default(true), retentionDays: z.number().int().min(30).max(730).default(30), controlPlaneLogs: controlPlaneLogsSchema }).prefault({}),
    upgrades: z
        .strictObject({
            channel: z.enum(["rapid", "stable", "patch", "node-image", "none"]).default("patch"),
            nodeOsChannel: z.enum(["None", "Unmanaged", "NodeImage", "SecurityPatch"]).default("NodeImage"),
            /** null: no window (upgrades at any time). */
            clusterWindow: maintenanceWindowSchema.nullable().default({ ...DEFAULT_CLUSTER_WINDOW }),
            nodeOsWindow: maintenanceWindowSchema.nullable().default({ ...DEFAULT_NODE_OS_WINDOW }),
        })
        .prefault({}),
    autoscalerProfile: z
        .strictObject({
            expander: z.enum(["least-waste", "most-pods", "priority", "random"]).default("least-waste"),
            balanceSimilarNodeGroups: z.boolean().default(false),
            scaleDownUnneededTime: minutes.default("10m"),
            scaleDownUtilizationThreshold: z
                .union([z.string(), z.number().transform(String)])
                .refine((s) => /^(0(\.[0-9]+)?|1(\.0+)?)$/.test(s) && Number(s) > 0, {
                    error: (iss) => `${JSON.stringify(iss.input)} is not a utilization threshold between 0 and 1 such as "0.5"`,
                })
                .default("0.5"),
            maxNodeProvisionTime: minutes.default("15m"),
            skipNodesWithSystemPods: z.boolean().default(true),
            skipNodesWithLocalStorage: z.boolean().default(false),
        })
        .prefault({}),
    tags: z.record(z.string(), z.string()).default({}),
    protect: z.boolean().default(true),
    encryption: encryptionSchema,
    fleet: fleetSchema,
});
type ClusterInput = z.output<typeof clusterFields>;

/** The cluster settings (the `cluster` key), resolved; pools are added at the top level. */
export const clusterSchema = clusterFields.transform((input: ClusterInput) => {
    const { monitoring, addons, upgrades, fleet, ...rest } = input;
    const { imageCleanerIntervalHours, ...otherAddons } = addons;
    return {
        ...rest,
        ...(fleet === undefined ? {} : { fleet }),
        monitoring,
        addons: { ...otherAddons, ...(imageCleanerIntervalHours === null ? {} : { imageCleanerIntervalHours }), monitoring: monitoring.enabled },
        upgrades: {
            channel: upgrades.channel,
            nodeOsChannel: upgrades.nodeOsChannel,
            ...(upgrades.clusterWindow === null ? {} : { clusterWindow: upgrades.clusterWindow }),
            ...(upgrades.nodeOsWindow === null ? {} : { nodeOsWindow: upgrades.nodeOsWindow }),
        },
    };
});

// ---------------------------------------------------------------------------------------------------------
// The stack file

/** Fills in `maxPods` from the network's default; reports pools whose network has none. */
export function resolveMaxPods(pool: PoolWithOpenMaxPods, network: Pick<ClusterNetworkSpec, "plugin" | "pluginMode">): NodePoolSpec | undefined {
    const maxPods = pool.maxPods ?? defaultMaxPods(network);
    return maxPods === undefined ? undefined : { ...pool, maxPods };
}

/** The top-level keys of a stack file (after the `aks-platform:` prefix). */
export const stackConfigSchema = z
    .strictObject({
        location: z.string().regex(/^[a-z][a-z0-9]*$/, { error: (iss) => `${JSON.stringify(iss.input)} is not an Azure region name such as "westeurope" (lowercase, no spaces)` }),
        resourceGroup: z.strictObject({
            name: z.string().regex(/^[-\w.()]{0,89}[-\w()]$/, {
                error: (iss) => `${JSON.stringify(iss.input)} is not a valid resource group name: 1–90 letters, digits, "-", "_", ".", "(" or ")", not ending with "."`,
            }),
            create: z.boolean().default(true),
            protect: z.boolean().default(false),
        }),
        cluster: clusterSchema,
        vnet: vnetSchema.optional(),
        registries: registriesSchema,
        namespaces: namespacesSchema,
        systemPool: nodePoolSchema("System"),
        nodePools: z.array(nodePoolSchema("User")).default([]),
        workloads: z.array(workloadSchema).default([]),
        priorityClasses: priorityClassesSchema,
        placement: placementSchema,
        changeImpact: changeImpactSchema,
    })
    .transform((input, ctx) => {
        const resolve = (pool: PoolWithOpenMaxPods, path: (string | number)[]): NodePoolSpec => {
            const resolved = resolveMaxPods(pool, input.cluster.network);
            if (resolved === undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: [...path, "maxPods"],
                    message: `is required with network plugin "${input.cluster.network.plugin}" (AKS documents no default for it): declare the pods per node, 10–250`,
                });
                return { ...pool, maxPods: 0 };
            }
            return resolved;
        };
        const systemPool = resolve(input.systemPool, ["systemPool"]);
        const nodePools = input.nodePools.map((pool, i) => resolve(pool, ["nodePools", i]));
        const poolNames = [systemPool.name, ...nodePools.map((p) => p.name)];
        const vnet = input.vnet === undefined ? undefined : resolveSubnetPools(input.vnet, poolNames);
        return {
            location: input.location,
            resourceGroup: input.resourceGroup,
            cluster: { ...input.cluster, systemPool, nodePools, registries: input.registries, ...(vnet === undefined ? {} : { vnet }) },
            workloads: input.workloads,
            namespaces: resolveNamespaces(input.namespaces, input.workloads.map((w) => w.namespace)),
            priorityClasses: input.priorityClasses,
            placementPromises: input.placement.promises,
            changeImpact: input.changeImpact,
        };
    });

/** What {@link stackConfigSchema} produces: a {@link PlatformSpec} without its `stack` name. */
export type StackConfig = z.output<typeof stackConfigSchema>;

/** Compile-time proof that the schema's output is a PlatformSpec once the stack name is added. */
type Assert<T extends true> = T;
export type StackConfigIsPlatformSpec = Assert<StackConfig & { stack: string } extends PlatformSpec ? true : false>;

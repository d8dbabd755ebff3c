/**
 * AKS node-pool policies: every pool of a cluster (each inline `agentPoolProfiles[i]`, not only the
 * first as Checkov's ARM checks read) and every separate `AgentPool`.
 */
import type { PolicyConfigSchema, ResourceValidationArgs } from "@pulumi/policy";
import { findVmSize, ephemeralOsDiskLimitGiB } from "../../scheduling/aks/vm-sizes";
import { resourcePolicy, type PackPolicy, type PolicyDoc, type Subject } from "../common/define";
import { equivalent, stricter, weaker } from "../common/coverage";
import { asArray, asNumber, asString, at, describe, enumIn } from "../common/read";
import { integerSetting } from "../common/settings";
import { AGENT_POOL, MANAGED_CLUSTER, poolMode, poolSubjects } from "./subjects";

function poolPolicy<C = undefined>(
    doc: PolicyDoc,
    check: (pool: unknown, settings: C) => string[],
    extra: {
        configSchema?: PolicyConfigSchema;
        settings?: (raw: Record<string, unknown>, name: string) => C;
        subjects?: (args: ResourceValidationArgs) => Subject[];
    } = {},
): PackPolicy {
    return resourcePolicy<C>({
        doc,
        types: [MANAGED_CLUSTER, AGENT_POOL],
        subjects: extra.subjects ?? poolSubjects,
        check: (subject: Subject, settings: C) => check(subject.value, settings),
        configSchema: extra.configSchema,
        settings: extra.settings,
    });
}

/**
 * The pools of a resource, plus a problem subject when a cluster's inline pools (the only pools a
 * `ManagedCluster` can see) include no System pool: AKS requires one.
 */
function poolSubjectsRequiringSystemPool(args: ResourceValidationArgs): Subject[] {
    const subjects = poolSubjects(args);
    if (args.type !== MANAGED_CLUSTER) return subjects;
    const pools = subjects.filter((s) => s.problem === undefined);
    if (pools.length === 0 || pools.some((s) => poolMode(s.value) === "System")) return subjects;
    return [...subjects, { label: `ManagedCluster "${args.name}"`, value: undefined, problem: "agentPoolProfiles declare no pool with mode System; AKS needs at least one System pool for its add-ons" }];
}

/** AKS-020: encryption at host on every pool. */
export const poolHostEncryption = poolPolicy(
    {
        name: "aks-pool-host-encryption",
        code: "AKS-020",
        title: "Encryption at host on every pool",
        severity: "high",
        description: "Checks that every AKS node pool encrypts its temp disk, OS and data disk caches at the VM host (enableEncryptionAtHost).",
        remediation: "Set enableEncryptionAtHost to true on the pool (the subscription needs the EncryptionAtHost feature registered; the pool is recreated).",
        url: "https://learn.microsoft.com/azure/aks/enable-host-encryption",
        covers: [stricter("checkov", "CKV_AZURE_227"), equivalent("azurePolicy", "AKS_EncryptionAtHost_Deny")],
    },
    (pool) => {
        const value = at(pool, "enableEncryptionAtHost");
        return value === true ? [] : [`enableEncryptionAtHost must be true (found ${describe(value)})`];
    },
);

/** AKS-021: no public IP per node. */
export const poolNoPublicIp = poolPolicy(
    {
        name: "aks-pool-no-node-public-ip",
        code: "AKS-021",
        title: "No public IP on nodes",
        severity: "high",
        description: "Checks that no AKS node pool gives its nodes public IP addresses (enableNodePublicIP).",
        remediation: "Remove enableNodePublicIP or set it to false; reach nodes through the cluster's private network.",
        url: "https://learn.microsoft.com/azure/aks/use-node-public-ips",
        covers: [stricter("checkov", "CKV_AZURE_143")],
    },
    (pool) => {
        const value = at(pool, "enableNodePublicIP");
        return value === undefined || value === false ? [] : [`enableNodePublicIP must be false or unset (found ${describe(value)})`];
    },
);

/** AKS-022: max pods floor. */
export const poolMaxPodsFloor = poolPolicy<{ minimum: number }>(
    {
        name: "aks-pool-max-pods-floor",
        code: "AKS-022",
        title: "Pods per node at least the floor",
        severity: "low",
        description: "Checks that every AKS node pool sets maxPods explicitly and at least the configured floor (setting minimum, default 50).",
        remediation: "Set maxPods on the pool (it cannot change after creation); mind that more pods per node raise AKS's memory reservation.",
        url: "https://learn.microsoft.com/azure/aks/azure-cni-overview#maximum-pods-per-node",
        covers: [stricter("checkov", "CKV_AZURE_168")],
    },
    (pool, settings) => {
        const value = at(pool, "maxPods");
        const pods = asNumber(value);
        if (pods !== undefined && pods >= settings.minimum) return [];
        return value === undefined
            ? [`maxPods is unset, so AKS picks its network plugin's default (30 for Azure CNI with a node subnet); set it to at least ${settings.minimum}`]
            : [`maxPods must be at least ${settings.minimum} (found ${describe(value)})`];
    },
    {
        configSchema: { properties: { minimum: { type: "integer", minimum: 10, maximum: 250, default: 50 } } },
        settings: (raw, name) => ({ minimum: integerSetting(raw, name, "minimum", 50, 10) }),
    },
);

/** Whether a taint string (`key=value:Effect` or `key:Effect`) is `CriticalAddonsOnly` with NoSchedule. */
function isCriticalAddonsOnlyTaint(taint: unknown): boolean {
    const text = asString(taint);
    if (text === undefined) return false;
    const colon = text.lastIndexOf(":");
    if (colon < 0) return false;
    const key = text.slice(0, colon).split("=")[0];
    return key === "CriticalAddonsOnly" && text.slice(colon + 1) === "NoSchedule";
}

/** AKS-023: system pools isolated with the CriticalAddonsOnly taint. */
export const systemPoolIsolated = poolPolicy(
    {
        name: "aks-system-pool-isolated",
        code: "AKS-023",
        title: "System pools run only critical add-ons",
        severity: "medium",
        description: "Checks that every AKS System pool carries the CriticalAddonsOnly=true:NoSchedule taint, so application pods land on User pools, and that a cluster's inline pools include a System pool.",
        remediation: 'Add "CriticalAddonsOnly=true:NoSchedule" to the System pool\'s nodeTaints and give applications a User pool.',
        url: "https://learn.microsoft.com/azure/aks/use-system-pools#system-and-user-node-pools",
        covers: [equivalent("checkov", "CKV_AZURE_232")],
    },
    (pool) => {
        if (poolMode(pool) !== "System") return [];
        const taints = asArray(at(pool, "nodeTaints")) ?? [];
        return taints.some(isCriticalAddonsOnlyTaint) ? [] : [`a System pool must carry the taint CriticalAddonsOnly=true:NoSchedule (nodeTaints: ${describe(at(pool, "nodeTaints"))})`];
    },
    { subjects: poolSubjectsRequiringSystemPool },
);

interface SystemPoolSettings {
    minNodes: number;
    minZones: number;
}

/** AKS-024: system pool node count and zones. */
export const systemPoolSize = poolPolicy<SystemPoolSettings>(
    {
        name: "aks-system-pool-redundant",
        code: "AKS-024",
        title: "System pools have enough nodes across zones",
        severity: "high",
        description: "Checks that every AKS System pool keeps at least the configured number of nodes (setting minNodes: 2, 3 in prod) spread over at least the configured number of availability zones (setting minZones).",
        remediation: "Raise count (minCount when autoscaling) and list availabilityZones on the System pool; zones can only be set when the pool is created.",
        url: "https://learn.microsoft.com/azure/aks/use-system-pools#system-and-user-node-pools",
        covers: [],
    },
    (pool, settings) => {
        if (poolMode(pool) !== "System") return [];
        const findings: string[] = [];
        const autoscaled = at(pool, "enableAutoScaling") === true;
        const field = autoscaled ? "minCount" : "count";
        const raw = at(pool, field);
        const nodes = asNumber(raw);
        if (nodes === undefined || nodes < settings.minNodes) {
            const found = raw === undefined && !autoscaled ? "unset, which AKS reads as 1" : describe(raw);
            findings.push(`${field} must be at least ${settings.minNodes} on a System pool (found ${found})`);
        }
        const zones = new Set((asArray(at(pool, "availabilityZones")) ?? []).filter((z) => typeof z === "string"));
        if (zones.size < settings.minZones) {
            findings.push(`availabilityZones must list at least ${settings.minZones} zones on a System pool (found ${describe(at(pool, "availabilityZones"))})`);
        }
        return findings;
    },
    {
        configSchema: {
            properties: {
                minNodes: { type: "integer", minimum: 1, default: 2 },
                minZones: { type: "integer", minimum: 0, maximum: 3, default: 3 },
            },
        },
        settings: (raw, name) => ({ minNodes: integerSetting(raw, name, "minNodes", 2, 1), minZones: integerSetting(raw, name, "minZones", 3, 0) }),
    },
);

/** AKS-025: ephemeral OS disks where the VM size allows. */
export const poolEphemeralOsDisk = poolPolicy(
    {
        name: "aks-pool-ephemeral-os-disk",
        code: "AKS-025",
        title: "Ephemeral OS disk where the VM size allows",
        severity: "low",
        description: "Checks that every AKS node pool whose VM size has a local disk large enough for the OS disk uses an ephemeral OS disk, and that an ephemeral OS disk fits its VM size.",
        remediation: "Set osDiskType to Ephemeral and keep osDiskSizeGB within the size's cache (or temp) disk; pick a size with a local disk (…ds_v5) otherwise.",
        url: "https://learn.microsoft.com/azure/aks/concepts-storage#ephemeral-os-disk",
        covers: [
            weaker(
                "checkov",
                "CKV_AZURE_226",
                "passes a Managed OS disk on a VM size whose local disk cannot hold the OS disk (Checkov fails it): an ephemeral OS disk is impossible there, and the policy still fails every size that could take one",
            ),
        ],
    },
    (pool) => {
        const vmSizeName = asString(at(pool, "vmSize"));
        if (vmSizeName === undefined) return [`vmSize is ${describe(at(pool, "vmSize"))}; the policy needs the VM size to tell whether an ephemeral OS disk fits`];
        const size = findVmSize(vmSizeName);
        if (size === undefined) {
            return [`vmSize ${vmSizeName} is not in the VM size catalog (scheduling/aks/vm-sizes.ts), so the policy cannot tell whether an ephemeral OS disk fits; add the size to the catalog`];
        }
        const limit = ephemeralOsDiskLimitGiB(size);
        const diskType = at(pool, "osDiskType");
        const requested = asNumber(at(pool, "osDiskSizeGB"));
        // 0 (or unset) lets AKS size the disk; an ephemeral disk then takes what the local disk offers.
        const wanted = requested === undefined || requested === 0 ? undefined : requested;
        if (enumIn(diskType, ["Ephemeral"])) {
            if (limit === 0) return [`osDiskType is Ephemeral but ${size.name} has no local disk to hold it; use a size with a local disk or a Managed OS disk`];
            if (wanted !== undefined && wanted > limit) return [`osDiskSizeGB ${wanted} exceeds the ${limit} GiB local disk ${size.name} offers for an ephemeral OS disk`];
            return [];
        }
        if (limit === 0 || (wanted !== undefined && wanted > limit)) return [];
        return [`osDiskType must be Ephemeral: ${size.name} offers ${limit} GiB of local disk for the OS disk (found osDiskType ${describe(diskType)})`];
    },
);

/** AKS-026: no SSH to the nodes. */
export const poolSshDisabled = poolPolicy(
    {
        name: "aks-pool-ssh-disabled",
        code: "AKS-026",
        title: "SSH to nodes disabled",
        severity: "medium",
        description: "Checks that every AKS node pool turns SSH off on its nodes (securityProfile.sshAccess set, and not LocalUser); unset, AKS gives LocalUser access with the cluster's SSH key.",
        remediation: "Set securityProfile.sshAccess to Disabled on every pool (the platform's pools do); debug nodes with kubectl debug node/… instead.",
        url: "https://learn.microsoft.com/azure/aks/manage-ssh-node-access",
        covers: [equivalent("azurePolicy", "AKS_DisableSSH_Audit")],
    },
    (pool) => {
        const value = at(pool, "securityProfile", "sshAccess");
        if (value === undefined) return ["securityProfile.sshAccess is unset, which AKS reads as LocalUser: set it to Disabled"];
        return enumIn(value, ["LocalUser"]) ? [`securityProfile.sshAccess must not be LocalUser (found ${describe(value)}): set it to Disabled`] : [];
    },
);

/** AKS-027: scale-set pools. */
export const poolScaleSets = poolPolicy(
    {
        name: "aks-pool-scale-sets",
        code: "AKS-027",
        title: "Pools on virtual machine scale sets",
        severity: "low",
        description: "Checks that no AKS node pool uses availability sets (type AvailabilitySet), which support neither the cluster autoscaler, several pools nor availability zones.",
        remediation: "Set type to VirtualMachineScaleSets (the API default) or VirtualMachines; a pool's type is fixed at creation.",
        url: "https://learn.microsoft.com/azure/aks/availability-sets-on-aks",
        covers: [stricter("checkov", "CKV_AZURE_169")],
    },
    (pool) => {
        const value = at(pool, "type");
        return enumIn(value, ["AvailabilitySet"]) ? [`type must not be AvailabilitySet (found ${describe(value)}): use VirtualMachineScaleSets`] : [];
    },
);

/** AKS-028: every pool across availability zones. */
export const poolZoneRedundant = poolPolicy<{ minZones: number }>(
    {
        name: "aks-pool-zone-redundant",
        code: "AKS-028",
        title: "Every pool across availability zones",
        severity: "medium",
        description: "Checks that every AKS node pool, User pools included, lists at least the configured number of availability zones (setting minZones, default 3), so that losing a zone leaves each pool nodes to run on.",
        remediation: "List availabilityZones [\"1\", \"2\", \"3\"] on the pool (zones are fixed when the pool is created: add a zonal pool and move the workloads).",
        url: "https://learn.microsoft.com/azure/aks/availability-zones",
        covers: [
            weaker(
                "azurePolicy",
                "ContainerService_managedclusters_ZoneRedundant_Audit",
                "asks every pool for three zones but not for three nodes: a pool that scales from zero (GPU, memory) passes, where Azure fails any pool with count below 3; the System pool's node floor is AKS-024's",
            ),
        ],
    },
    (pool, settings) => {
        const zones = new Set((asArray(at(pool, "availabilityZones")) ?? []).filter((z) => typeof z === "string"));
        return zones.size >= settings.minZones ? [] : [`availabilityZones must list at least ${settings.minZones} zones (found ${describe(at(pool, "availabilityZones"))})`];
    },
    {
        configSchema: { properties: { minZones: { type: "integer", minimum: 1, maximum: 3, default: 3 } } },
        settings: (raw, name) => ({ minZones: integerSetting(raw, name, "minZones", 3, 1) }),
    },
);

/** The node-pool policies, in code order. */
export const poolPolicies: readonly PackPolicy[] = [
    poolHostEncryption,
    poolNoPublicIp,
    poolMaxPodsFloor,
    systemPoolIsolated,
    systemPoolSize,
    poolEphemeralOsDisk,
    poolSshDisabled,
    poolScaleSets,
    poolZoneRedundant,
];


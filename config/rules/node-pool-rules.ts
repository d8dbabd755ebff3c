/**
 * The rules AKS enforces on one node pool, checked before anything is sent to Azure. Pure: no zod, no Pulumi.
 * The stack loader (`config/load.ts`) and the node-pool component both call {@link nodePoolRuleViolations}.
 *
 * Each rule cites the document it follows. Limits are those of the AKS API 2025-10-01
 * (Azure/azure-rest-api-specs `specification/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2025-10-01/managedClusters.json`).
 */
import type { NodePoolSpec, OsSku, OsType } from "../../scheduling/aks/node-pool-spec";
import { ephemeralOsDiskLimitGiB } from "../../scheduling/aks/vm-sizes";
import { appendPath } from "./field-path";
import { labelKeyProblem, labelValueProblem } from "../../scheduling/model/label-syntax";
import { SPOT_TAINT } from "../../scheduling/aks/node-labels";
import { formatAksTaint } from "../taint-format";
import type { RuleViolation } from "./rule-violation";

export type { RuleViolation } from "./rule-violation";
export { clusterRuleViolations, clusterRuleWarnings } from "./cluster-rules";

/** Pool names: lowercase alphanumeric, starting with a letter, 1–12 characters (https://learn.microsoft.com/azure/aks/create-node-pools#limitations). */
export const POOL_NAME_PATTERN = /^[a-z][a-z0-9]{0,11}$/;
/** Windows pool names are at most 6 characters (https://learn.microsoft.com/azure/aks/learn/quick-windows-container-deploy-cli#add-a-windows-node-pool). */
export const WINDOWS_POOL_NAME_MAX = 6;
/** Pods per node: 10–250 (https://learn.microsoft.com/azure/aks/concepts-network-ip-address-planning#maximum-pods-per-node). */
export const MAX_PODS_RANGE = { min: 10, max: 250 } as const;
/** System pools must fit at least 30 pods (https://learn.microsoft.com/azure/aks/use-system-pools#system-and-user-node-pools). */
export const SYSTEM_POOL_MIN_MAX_PODS = 30;
/** Nodes per pool: User 0–1000, System 1–1000 (https://learn.microsoft.com/azure/aks/quotas-skus-regions#service-quotas-and-limits). */
export const POOL_NODE_LIMIT = 1000;
/** OS disk size in GB, 1–2048 (API `osDiskSizeGB`; 0 there means "AKS default", which the loader resolves). */
export const OS_DISK_SIZE_RANGE = { min: 1, max: 2048 } as const;
/** `drainTimeoutInMinutes` 1–1440 and `nodeSoakDurationInMinutes` 0–30 (https://learn.microsoft.com/azure/aks/upgrade-aks-cluster#customize-node-surge-upgrade). */
export const DRAIN_TIMEOUT_RANGE = { min: 1, max: 1440 } as const;
export const NODE_SOAK_RANGE = { min: 0, max: 30 } as const;
/** Availability zones a pool may list (https://learn.microsoft.com/azure/aks/availability-zones). */
export const ZONES: readonly string[] = ["1", "2", "3"];
/** Label prefixes AKS reserves for itself (https://learn.microsoft.com/azure/aks/use-labels#reserved-system-labels). */
export const RESERVED_LABEL_PREFIXES: readonly string[] = ["kubernetes.azure.com/", "kubernetes.io/"];

/** OS SKUs per OS type (API enum `OSSKU`, 2025-10-01). */
export const OS_SKUS_BY_TYPE: Readonly<Record<OsType, readonly OsSku[]>> = {
    Linux: ["Ubuntu", "AzureLinux", "AzureLinux3", "Ubuntu2204", "Ubuntu2404"],
    Windows: ["Windows2019", "Windows2022"],
};

/** `maxSurge` / `maxUnavailable`: a node count ("1") or a percentage of the pool ("33%", at most 100%). */
const SURGE_PATTERN = /^(0|[1-9][0-9]*)%?$/;

function surgeProblem(value: string): string | undefined {
    if (!SURGE_PATTERN.test(value)) {
        return `"${value}" is neither a node count ("1") nor a percentage ("33%")`;
    }
    if (value.endsWith("%") && Number(value.slice(0, -1)) > 100) {
        return `"${value}" is more than 100%`;
    }
    return undefined;
}

function outOfRange(value: number, min: number, max: number): boolean {
    return !Number.isInteger(value) || value < min || value > max;
}

/** The rules on name, mode and OS: naming, System pools Linux only and not burstable, OS SKU matching the OS. */
function identityViolations(pool: NodePoolSpec, path: string): RuleViolation[] {
    const out: RuleViolation[] = [];
    if (!POOL_NAME_PATTERN.test(pool.name)) {
        out.push({
            path: `${path}.name`,
            message: `"${pool.name}" is not a valid node pool name: use 1–12 lowercase letters and digits, starting with a letter`,
        });
    } else if (pool.osType === "Windows" && pool.name.length > WINDOWS_POOL_NAME_MAX) {
        out.push({
            path: `${path}.name`,
            message: `"${pool.name}" is too long for a Windows pool: at most ${WINDOWS_POOL_NAME_MAX} characters`,
        });
    }
    // https://learn.microsoft.com/azure/aks/use-system-pools#system-and-user-node-pools: Linux only, no B-series.
    if (pool.mode === "System" && pool.osType !== "Linux") {
        out.push({ path: `${path}.osType`, message: `System pools must run Linux (found "${pool.osType}"); put Windows nodes in a User pool` });
    }
    if (pool.mode === "System" && pool.capacity.burstable) {
        out.push({
            path: `${path}.vmSize`,
            message: `"${pool.vmSize}" is a burstable (B-series) size, which AKS does not allow for System pools; pick a D-series size such as Standard_D4ds_v5`,
        });
    }
    const skus = OS_SKUS_BY_TYPE[pool.osType];
    if (!skus.includes(pool.osSku)) {
        out.push({
            path: `${path}.osSku`,
            message: `"${pool.osSku}" is not an OS SKU for ${pool.osType} pools; valid values: ${skus.join(", ")}`,
        });
    }
    return out;
}

/** Node counts and autoscaling bounds (https://learn.microsoft.com/azure/aks/cluster-autoscaler#enable-the-cluster-autoscaler-on-an-existing-node-pool). */
function countViolations(pool: NodePoolSpec, path: string): RuleViolation[] {
    const out: RuleViolation[] = [];
    const min = pool.mode === "System" ? 1 : 0;
    const range = `${min}–${POOL_NODE_LIMIT} for ${pool.mode} pools`;
    if (outOfRange(pool.count, min, POOL_NODE_LIMIT)) {
        out.push({ path: `${path}.count`, message: `must be an integer in ${range} (found ${pool.count})` });
    }
    const scaling = pool.autoscaling;
    if (scaling === undefined) {
        return out;
    }
    if (outOfRange(scaling.minCount, min, POOL_NODE_LIMIT)) {
        out.push({ path: `${path}.autoscaling.minCount`, message: `must be an integer in ${range} (found ${scaling.minCount})` });
    }
    if (outOfRange(scaling.maxCount, min, POOL_NODE_LIMIT)) {
        out.push({ path: `${path}.autoscaling.maxCount`, message: `must be an integer in ${range} (found ${scaling.maxCount})` });
    } else if (scaling.maxCount < scaling.minCount) {
        out.push({
            path: `${path}.autoscaling.maxCount`,
            message: `must be at least minCount (${scaling.minCount}) (found ${scaling.maxCount})`,
        });
    }
    if (scaling.minCount <= scaling.maxCount && (pool.count < scaling.minCount || pool.count > scaling.maxCount)) {
        out.push({
            path: `${path}.count`,
            message: `must lie between autoscaling.minCount (${scaling.minCount}) and autoscaling.maxCount (${scaling.maxCount}) (found ${pool.count})`,
        });
    }
    return out;
}

/** Pods per node (see {@link MAX_PODS_RANGE}, {@link SYSTEM_POOL_MIN_MAX_PODS}). */
function maxPodsViolations(pool: NodePoolSpec, path: string): RuleViolation[] {
    if (outOfRange(pool.maxPods, MAX_PODS_RANGE.min, MAX_PODS_RANGE.max)) {
        return [{ path: `${path}.maxPods`, message: `must be an integer in ${MAX_PODS_RANGE.min}–${MAX_PODS_RANGE.max} (found ${pool.maxPods})` }];
    }
    if (pool.mode === "System" && pool.maxPods < SYSTEM_POOL_MIN_MAX_PODS) {
        return [{ path: `${path}.maxPods`, message: `must be at least ${SYSTEM_POOL_MIN_MAX_PODS} on a System pool (found ${pool.maxPods})` }];
    }
    return [];
}

/**
 * OS disk: an ephemeral OS disk lives on the VM's cache or temporary disk and must fit there
 * (https://learn.microsoft.com/azure/aks/concepts-storage#ephemeral-os-disk).
 */
function osDiskViolations(pool: NodePoolSpec, path: string): RuleViolation[] {
    if (outOfRange(pool.osDiskSizeGB, OS_DISK_SIZE_RANGE.min, OS_DISK_SIZE_RANGE.max)) {
        return [{ path: `${path}.osDiskSizeGB`, message: `must be an integer in ${OS_DISK_SIZE_RANGE.min}–${OS_DISK_SIZE_RANGE.max} (found ${pool.osDiskSizeGB})` }];
    }
    if (pool.osDiskType !== "Ephemeral") {
        return [];
    }
    const limit = ephemeralOsDiskLimitGiB(pool.capacity);
    if (limit === 0) {
        return [{
            path: `${path}.osDiskType`,
            message: `"${pool.vmSize}" has no cache or temporary disk to hold an ephemeral OS disk: set osDiskType to "Managed" or use a size with a local disk (such as the "ds" sizes, e.g. Standard_D4ds_v5)`,
        }];
    }
    if (pool.osDiskSizeGB > limit) {
        return [{
            path: `${path}.osDiskSizeGB`,
            message: `an ephemeral OS disk of ${pool.osDiskSizeGB} GB does not fit the ${limit} GiB local disk of "${pool.vmSize}": set osDiskSizeGB to at most ${limit}, or osDiskType to "Managed"`,
        }];
    }
    return [];
}

/** Zones: each one of "1", "2", "3", listed once (https://learn.microsoft.com/azure/aks/availability-zones). */
function zoneViolations(pool: NodePoolSpec, path: string): RuleViolation[] {
    const out: RuleViolation[] = [];
    pool.zones.forEach((zone, i) => {
        if (!ZONES.includes(zone)) {
            out.push({ path: `${path}.zones[${i}]`, message: `"${zone}" is not an availability zone: use "1", "2" or "3"` });
        } else if (pool.zones.indexOf(zone) !== i) {
            out.push({ path: `${path}.zones[${i}]`, message: `zone "${zone}" is listed more than once` });
        }
    });
    return out;
}

/** `maxSurge` values that mean "no surge nodes". */
const NO_SURGE: readonly string[] = ["0", "0%"];

/**
 * Spot (https://learn.microsoft.com/azure/aks/spot-node-pool#limitations): User pools only; price -1 or positive
 * with at most 5 decimals; no surge nodes (AKS adds none to spot pools, so a declared surge would be silently
 * ignored); and AKS's spot taint listed in `taints` (the loader adds it; AKS puts it on every spot node and
 * writes it back into the pool, so a spec without it promises nodes that accept pods they do not).
 */
function spotViolations(pool: NodePoolSpec, path: string): RuleViolation[] {
    if (pool.spot === undefined) {
        return [];
    }
    const out: RuleViolation[] = [];
    if (pool.mode !== "User") {
        out.push({ path: `${path}.spot`, message: `spot is only allowed on User pools (this pool's mode is "${pool.mode}")` });
    }
    const price = pool.spot.maxPrice;
    const fiveDecimals = Math.abs(price * 1e5 - Math.round(price * 1e5)) < 1e-6;
    if (price !== -1 && !(price > 0 && fiveDecimals)) {
        out.push({
            path: `${path}.spot.maxPrice`,
            message: `must be -1 (pay up to the on-demand price) or a positive price with at most 5 decimals (found ${price})`,
        });
    }
    if (!NO_SURGE.includes(pool.upgrade.maxSurge)) {
        out.push({
            path: `${path}.upgrade.maxSurge`,
            message: `spot pools take no surge nodes: set "0" (found "${pool.upgrade.maxSurge}"); use maxUnavailable to pace upgrades`,
        });
    }
    if (!pool.taints.some((t) => t.key === SPOT_TAINT.key && t.value === SPOT_TAINT.value && t.effect === SPOT_TAINT.effect)) {
        out.push({
            path: `${path}.taints`,
            message: `spot pools carry AKS's taint ${formatAksTaint(SPOT_TAINT)}: add it to taints`,
        });
    }
    return out;
}

/** Upgrade settings (https://learn.microsoft.com/azure/aks/upgrade-aks-cluster#customize-node-surge-upgrade). */
function upgradeViolations(pool: NodePoolSpec, path: string): RuleViolation[] {
    const out: RuleViolation[] = [];
    const { maxSurge, maxUnavailable, drainTimeoutInMinutes, nodeSoakDurationInMinutes } = pool.upgrade;
    const surge = surgeProblem(maxSurge);
    if (surge !== undefined) {
        out.push({ path: `${path}.upgrade.maxSurge`, message: surge });
    }
    const unavailable = surgeProblem(maxUnavailable);
    if (unavailable !== undefined) {
        out.push({ path: `${path}.upgrade.maxUnavailable`, message: unavailable });
    }
    if (outOfRange(drainTimeoutInMinutes, DRAIN_TIMEOUT_RANGE.min, DRAIN_TIMEOUT_RANGE.max)) {
        out.push({
            path: `${path}.upgrade.drainTimeoutInMinutes`,
            message: `must be an integer in ${DRAIN_TIMEOUT_RANGE.min}–${DRAIN_TIMEOUT_RANGE.max} (found ${drainTimeoutInMinutes})`,
        });
    }
    if (outOfRange(nodeSoakDurationInMinutes, NODE_SOAK_RANGE.min, NODE_SOAK_RANGE.max)) {
        out.push({
            path: `${path}.upgrade.nodeSoakDurationInMinutes`,
            message: `must be an integer in ${NODE_SOAK_RANGE.min}–${NODE_SOAK_RANGE.max} (found ${nodeSoakDurationInMinutes})`,
        });
    }
    return out;
}

/**
 * Labels and taints: Kubernetes syntax, no reserved label prefix
 * (https://learn.microsoft.com/azure/aks/use-labels#reserved-system-labels), no two taints with the same key
 * and effect (kubernetes/kubernetes `pkg/apis/core/validation/validation.go` validateNodeTaints, v1.33).
 */
function labelAndTaintViolations(pool: NodePoolSpec, path: string): RuleViolation[] {
    const out: RuleViolation[] = [];
    for (const [key, value] of Object.entries(pool.labels)) {
        const problem = labelKeyProblem(key) ?? labelValueProblem(value);
        if (problem !== undefined) {
            out.push({ path: appendPath(`${path}.labels`, key), message: problem });
            continue;
        }
        const reserved = RESERVED_LABEL_PREFIXES.find((prefix) => key.startsWith(prefix));
        if (reserved !== undefined) {
            out.push({
                path: appendPath(`${path}.labels`, key),
                message: `the "${reserved}" prefix is reserved for AKS; use your own prefix (the spot label is added by AKS itself)`,
            });
        }
    }
    const seen = new Set<string>();
    pool.taints.forEach((taint, i) => {
        const problem = labelKeyProblem(taint.key, "taint key") ?? labelValueProblem(taint.value ?? "", "taint value");
        if (problem !== undefined) {
            out.push({ path: `${path}.taints[${i}]`, message: problem });
        }
        const identity = `${taint.key}:${taint.effect}`;
        if (seen.has(identity)) {
            out.push({ path: `${path}.taints[${i}]`, message: `a taint with key "${taint.key}" and effect ${taint.effect} is already declared` });
        }
        seen.add(identity);
    });
    return out;
}

/** The GPU device plugin only makes sense on a size with GPUs. */
function gpuViolations(pool: NodePoolSpec, path: string): RuleViolation[] {
    if (pool.gpuDevicePlugin && (pool.capacity.gpu?.count ?? 0) === 0) {
        return [{
            path: `${path}.gpuDevicePlugin`,
            message: `"${pool.vmSize}" has no GPU, so no nvidia.com/gpu can be advertised: set gpuDevicePlugin to false or use a GPU size`,
        }];
    }
    return [];
}

/**
 * Every AKS rule one resolved node pool breaks, each with the field path under `path` (e.g. `nodePools[1]`)
 * and a message saying what would be valid. An empty list means AKS accepts the pool.
 * Cluster-wide rules (unique names, one System pool, network) are in {@link clusterRuleViolations}.
 */
export function nodePoolRuleViolations(pool: NodePoolSpec, path: string): { path: string; message: string }[] {
    return [
        ...identityViolations(pool, path),
        ...countViolations(pool, path),
        ...maxPodsViolations(pool, path),
        ...osDiskViolations(pool, path),
        ...zoneViolations(pool, path),
        ...spotViolations(pool, path),
        ...upgradeViolations(pool, path),
        ...labelAndTaintViolations(pool, path),
        ...gpuViolations(pool, path),
    ];
}

/**
 * The inverse of {@link agentPoolProperties}: an `AgentPool`'s inputs, or one entry of a ManagedCluster's
 * `agentPoolProfiles`, read back into the one pool shape, {@link NodePoolSpec}. The placement checks use it to
 * build the scheduling model from what a program registered, so what is checked is what would be deployed.
 *
 * Defaults are those AKS applies when a property is left out (AKS API 2025-10-01,
 * https://learn.microsoft.com/rest/api/aks/agent-pools/create-or-update), the same ones `config/` writes down.
 * Pure: no Pulumi import.
 */
import { defaultMaxPods, defaultOsSku, resolveOsDisk } from "../config/pool-defaults";
import { POOL_NODE_LIMIT } from "../config/rules/node-pool-rules";
import { parseAksTaint, TaintFormatError } from "../config/taint-format";
import { SPOT_TAINT } from "../scheduling/aks/node-labels";
import type { ClusterNetworkSpec, NodePoolSpec, OsDiskType, OsSku, OsType, Taint } from "../scheduling/aks/node-pool-spec";
import { findVmSize } from "../scheduling/aks/vm-sizes";
import { InvalidObjectError } from "../scheduling/model/errors";
import { SPOT_NODE_LABEL } from "./agent-pool-properties";

/**
 * Pulumi's marker for a value not known yet (`pulumi preview` of an input computed from another resource's
 * output), as the engine serialises it (pulumi/pulumi `sdk/nodejs/runtime/rpc.ts`, `unknownValue`).
 */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Thrown when a value the placement checks must read is unknown during preview. `path` names the resource and
 * the property (`AgentPool/gpu: vmSize`), so a caller can say "unknown during preview" instead of failing.
 */
export class UnknownValueError extends Error {
    /**
     * @param path - The resource and the property path of the unknown value.
     */
    constructor(readonly path: string) {
        super(`${path} is unknown during preview; the placement checks run again when it is known`);
        this.name = "UnknownValueError";
    }
}

/** Whether a value is Pulumi's unknown marker (a plain `undefined` is absent, not unknown). */
export function isUnknownValue(value: unknown): boolean {
    return value === UNKNOWN_SENTINEL;
}

/** Options of {@link nodePoolSpecFromAgentPool}. */
export interface AgentPoolSpecOptions {
    /**
     * The cluster's network, for AKS's default `maxPods` when the properties leave it out. Defaults to none:
     * a missing `maxPods` is then an error naming the field.
     */
    network?: Pick<ClusterNetworkSpec, "plugin" | "pluginMode">;
    /**
     * The control plane's Kubernetes version. An `orchestratorVersion` equal to it is the default the
     * components send (`AgentPoolContext.kubernetesVersion`) and reads back as absent, as the spec states it.
     * Defaults to none: every `orchestratorVersion` is kept.
     */
    kubernetesVersion?: string;
}

type Props = Record<string, unknown>;

const POOL_MODES = ["System", "User"] as const;
const OS_TYPES = ["Linux", "Windows"] as const;
const OS_SKUS = ["Ubuntu", "AzureLinux", "AzureLinux3", "Ubuntu2204", "Ubuntu2404", "Windows2019", "Windows2022"] as const;
const OS_DISK_TYPES = ["Managed", "Ephemeral"] as const;
const PRIORITIES = ["Regular", "Spot"] as const;
const EVICTION_POLICIES = ["Delete", "Deallocate"] as const;

/** Reads one property, refusing unknowns and values of the wrong type; `undefined` when absent. */
class Reader {
    constructor(
        private readonly where: string,
        private readonly props: Props,
    ) {}

    fail(field: string, detail: string): never {
        throw new InvalidObjectError(this.where, field, detail);
    }

    raw(field: string): unknown {
        const path = field.split(".");
        let value: unknown = this.props;
        for (const key of path) {
            if (isUnknownValue(value)) throw new UnknownValueError(`${this.where}: ${field}`);
            if (value === undefined || value === null) return undefined;
            if (typeof value !== "object" || Array.isArray(value)) this.fail(field, "expected an object on the way to this property");
            value = (value as Props)[key];
        }
        if (isUnknownValue(value)) throw new UnknownValueError(`${this.where}: ${field}`);
        return value === null ? undefined : value;
    }

    string(field: string): string | undefined {
        const value = this.raw(field);
        if (value === undefined) return undefined;
        if (typeof value !== "string") this.fail(field, `expected a string, got ${JSON.stringify(value)}`);
        return value;
    }

    oneOf<T extends string>(field: string, allowed: readonly T[]): T | undefined {
        const value = this.string(field);
        if (value === undefined) return undefined;
        if (!(allowed as readonly string[]).includes(value)) this.fail(field, `${JSON.stringify(value)} is not one of ${allowed.join(", ")}`);
        return value as T;
    }

    number(field: string): number | undefined {
        const value = this.raw(field);
        if (value === undefined) return undefined;
        if (typeof value !== "number" || !Number.isFinite(value)) this.fail(field, `expected a number, got ${JSON.stringify(value)}`);
        return value;
    }

    count(field: string): number | undefined {
        const value = this.number(field);
        if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) this.fail(field, `expected a whole number ≥ 0, got ${value}`);
        return value;
    }

    /** A pool's node count: AKS takes 0–1,000 nodes per pool (the same limit as the stack file's rule). */
    nodeCount(field: string): number | undefined {
        const value = this.count(field);
        if (value !== undefined && value > POOL_NODE_LIMIT) this.fail(field, `${value} is more than the ${POOL_NODE_LIMIT} nodes AKS allows in a pool (https://learn.microsoft.com/azure/aks/quotas-skus-regions#service-quotas-and-limits)`);
        return value;
    }

    boolean(field: string): boolean | undefined {
        const value = this.raw(field);
        if (value === undefined) return undefined;
        if (typeof value !== "boolean") this.fail(field, `expected true or false, got ${JSON.stringify(value)}`);
        return value;
    }

    /** A count or a percentage, as AKS takes `maxSurge` / `maxUnavailable`; numbers become strings. */
    surge(field: string): string | undefined {
        const value = this.raw(field);
        if (value === undefined) return undefined;
        const text = typeof value === "number" ? String(value) : value;
        if (typeof text !== "string" || !/^\d+%?$/.test(text)) this.fail(field, `expected a count ("1") or a percentage ("33%"), got ${JSON.stringify(value)}`);
        return text;
    }

    strings(field: string): string[] | undefined {
        const value = this.raw(field);
        if (value === undefined) return undefined;
        if (!Array.isArray(value)) this.fail(field, `expected a list of strings, got ${JSON.stringify(value)}`);
        return value.map((item, i) => {
            if (isUnknownValue(item)) throw new UnknownValueError(`${this.where}: ${field}[${i}]`);
            if (typeof item !== "string") this.fail(`${field}[${i}]`, `expected a string, got ${JSON.stringify(item)}`);
            return item;
        });
    }

    stringMap(field: string): Record<string, string> | undefined {
        const value = this.raw(field);
        if (value === undefined) return undefined;
        if (typeof value !== "object" || Array.isArray(value)) this.fail(field, `expected a map of strings, got ${JSON.stringify(value)}`);
        const out: Record<string, string> = {};
        for (const [key, item] of Object.entries(value as Props)) {
            if (isUnknownValue(item)) throw new UnknownValueError(`${this.where}: ${field}["${key}"]`);
            if (typeof item !== "string") this.fail(`${field}["${key}"]`, `expected a string, got ${JSON.stringify(item)}`);
            out[key] = item;
        }
        return out;
    }
}

/**
 * Reads an `AgentPool`'s inputs (or a ManagedCluster's `agentPoolProfiles[i]`) back into a {@link NodePoolSpec}.
 *
 * - `name`: `agentPoolName` (AgentPool) or `name` (profile); required.
 * - Capacity from the VM catalog (`findVmSize`); an unknown size is an error naming the resource and `vmSize`.
 * - Spot pools (`scaleSetPriority: "Spot"`): the spot label AKS writes back is dropped from `labels` (the node
 *   model adds it), the spot taint is kept or added (AKS adds it), eviction policy defaults to Delete and the
 *   price to -1, and `maxSurge` to "0" (AKS adds no surge nodes to spot pools).
 * - AKS defaults for what is left out: mode User, count 1 (the autoscaler's `minCount` when autoscaled), no
 *   zones, Linux, the OS type's default SKU, the OS disk AKS picks for the size, `maxSurge` "10%",
 *   `maxUnavailable` "0" ("1" on spot), drain timeout 30 minutes, no soak, `maxPods` from the network plugin
 *   (`options.network`).
 * - `gpuDevicePlugin`: no agent-pool property says whether `nvidia.com/gpu` is advertised; it is read as true
 *   for GPU sizes unless `gpuProfile.driver` is "None" (the platform installs the device plugin on GPU pools,
 *   see docs/placement.md).
 *
 * @param properties - The resource's inputs.
 * @param where - How to name the resource in errors, e.g. `AgentPool/platform-gpu-agentpool`.
 * @param options - The cluster's network, for the `maxPods` default.
 * @throws InvalidObjectError naming `where`, the field and what would be valid; UnknownValueError for a value
 *   unknown during preview.
 */
export function nodePoolSpecFromAgentPool(properties: Record<string, unknown>, where: string, options: AgentPoolSpecOptions = {}): NodePoolSpec {
    const read: Reader = new Reader(where, properties);
    const name = read.string("agentPoolName") ?? read.string("name");
    if (name === undefined) read.fail("agentPoolName", "the pool needs a name (agentPoolName on an AgentPool, name in agentPoolProfiles)");
    const vmSize = read.string("vmSize");
    if (vmSize === undefined) read.fail("vmSize", "the pool needs a VM size, e.g. Standard_D4ds_v5");
    const known = findVmSize(vmSize);
    if (known === undefined) read.fail("vmSize", `"${vmSize}" is not in the VM size catalog (scheduling/aks/vm-sizes.ts); use a catalogued size or add it there`);
    const { name: _name, source: _source, ...capacity } = known;

    const spot = (read.oneOf("scaleSetPriority", PRIORITIES) ?? "Regular") === "Spot";
    const autoscaled = read.boolean("enableAutoScaling") ?? false;
    const minCount = read.nodeCount("minCount");
    const maxCount = read.nodeCount("maxCount");
    if (autoscaled && (minCount === undefined || maxCount === undefined)) {
        read.fail(minCount === undefined ? "minCount" : "maxCount", "an autoscaled pool (enableAutoScaling: true) needs minCount and maxCount");
    }
    const count = read.nodeCount("count") ?? (autoscaled ? minCount! : 1);
    const maxPods = read.count("maxPods") ?? (options.network === undefined ? undefined : defaultMaxPods(options.network));
    if (maxPods === undefined) read.fail("maxPods", "is required here: AKS's default depends on the cluster's network plugin, which is not known for this pool");
    const osType: OsType = read.oneOf("osType", OS_TYPES) ?? "Linux";
    const osSku: OsSku = read.oneOf("osSKU", OS_SKUS) ?? defaultOsSku(osType);
    const osDiskType: OsDiskType | undefined = read.oneOf("osDiskType", OS_DISK_TYPES);
    const osDisk = resolveOsDisk(capacity, { osDiskType, osDiskSizeGB: read.count("osDiskSizeGB") });

    const labels = { ...(read.stringMap("nodeLabels") ?? {}) };
    if (spot && labels[SPOT_NODE_LABEL.key] === SPOT_NODE_LABEL.value) delete labels[SPOT_NODE_LABEL.key];
    const taints: Taint[] = (read.strings("nodeTaints") ?? []).map((text, i) => {
        try {
            return parseAksTaint(text);
        } catch (e) {
            if (e instanceof TaintFormatError) read.fail(`nodeTaints[${i}]`, e.message);
            throw e;
        }
    });
    if (spot && !taints.some((t) => t.key === SPOT_TAINT.key && t.effect === SPOT_TAINT.effect)) taints.push({ ...SPOT_TAINT });

    const mode = read.oneOf("mode", POOL_MODES) ?? "User";
    const declaredVersion = read.string("orchestratorVersion");
    const orchestratorVersion = declaredVersion === options.kubernetesVersion ? undefined : declaredVersion;
    const gpuDriver = read.string("gpuProfile.driver");
    return {
        name,
        mode,
        vmSize: known.name,
        capacity,
        zones: read.strings("availabilityZones") ?? [],
        count,
        ...(autoscaled ? { autoscaling: { minCount: minCount!, maxCount: maxCount! } } : {}),
        maxPods,
        osType,
        osSku,
        ...osDisk,
        labels,
        taints,
        ...(spot
            ? { spot: { evictionPolicy: read.oneOf("scaleSetEvictionPolicy", EVICTION_POLICIES) ?? "Delete", maxPrice: read.number("spotMaxPrice") ?? -1 } }
            : {}),
        upgrade: {
            maxSurge: read.surge("upgradeSettings.maxSurge") ?? (spot ? "0" : "10%"),
            maxUnavailable: read.surge("upgradeSettings.maxUnavailable") ?? (spot ? "1" : "0"),
            drainTimeoutInMinutes: read.count("upgradeSettings.drainTimeoutInMinutes") ?? 30,
            nodeSoakDurationInMinutes: read.count("upgradeSettings.nodeSoakDurationInMinutes") ?? 0,
        },
        gpuDevicePlugin: capacity.gpu !== undefined && gpuDriver !== "None",
        enableNodePublicIP: read.boolean("enableNodePublicIP") ?? false,
        enableEncryptionAtHost: read.boolean("enableEncryptionAtHost") ?? false,
        ...(orchestratorVersion === undefined ? {} : { orchestratorVersion }),
    };
}

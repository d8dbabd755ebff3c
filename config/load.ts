/**
 * Reading and validating a stack's configuration: {@link readStackFile} reads `Pulumi.<stack>.yaml`,
 * {@link parsePlatformSpec} turns its `aks-platform:` keys into a resolved {@link PlatformSpec} or throws one
 * {@link StackConfigError} listing every problem of the file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import type { PlatformSpec } from "./platform-spec";
import type { NodePoolSpec } from "../scheduling/aks/node-pool-spec";
import { closestName, didYouMean } from "./did-you-mean";
import { StackConfigError, formatConfigIssue, type ConfigIssue } from "./errors";
import { clusterRuleViolations, clusterRuleWarnings } from "./rules/cluster-rules";
import { nodePoolRuleViolations } from "./rules/node-pool-rules";
import { workloadRuleViolations } from "./rules/workload-rules";
import { networkRuleViolations } from "./rules/network-rules";
import { namespaceRuleViolations } from "./rules/namespace-rules";
import { registryRuleViolations } from "./rules/registry-rules";
import { clusterSchema, networkSchema, nodePoolSchema, resolveMaxPods, stackConfigSchema } from "./schema";
import { registriesSchema } from "./deploy-schema";
import { workloadSchema } from "./workload-schema";
import { describeValue, stackConfigErrorMap, translateZodIssues } from "./zod-issues";

/** The Pulumi project name, and so the namespace of its configuration keys (`aks-platform:cluster`). */
export const PROJECT_NAMESPACE = "aks-platform";
/** Most alias expansions a stack file may make (the `yaml` package's own default cap). */
export const MAX_YAML_ALIASES = 100;
/** The provider key the location may also be given under. */
export const PROVIDER_LOCATION_KEY = "azure-native:location";

/** Where a configuration came from, for the error messages. */
export interface ConfigSource {
    /** File name shown in messages, e.g. `Pulumi.prod.yaml`. */
    file: string;
    /** Stack name, copied into {@link PlatformSpec.stack}. */
    stack: string;
}

/** The stack file name for a stack. */
export function stackFileName(stack: string): string {
    return `Pulumi.${stack}.yaml`;
}

/** Maps a path relative to ClusterSpec (from `clusterRuleViolations`) onto the stack file's keys. */
function clusterPathInFile(specPath: string): string {
    return /^(systemPool|nodePools|vnet|registries)\b/.test(specPath) ? specPath : `cluster.${specPath}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The rules for the parts that parse on their own, used when the file as a whole did not parse, so that one run
 * reports every mistake at once, schema and rules together: each pool's rules for the pools that parse; the
 * cluster's rules (unique pool names, pool and node totals, …) when the cluster and every pool parse; the workload
 * rules (a pool that does not exist or cannot host the workload, …) for the workloads that parse, once the cluster
 * and every pool parse.
 */
function rulesForPartsThatParse(raw: Record<string, unknown>): ConfigIssue[] {
    const clusterNetwork = isRecord(raw.cluster) ? raw.cluster.network : undefined;
    const parsedNetwork = networkSchema.prefault({}).safeParse(clusterNetwork);
    const network = parsedNetwork.success ? parsedNetwork.data : undefined;
    const entries: [unknown, string, ReturnType<typeof nodePoolSchema>][] = [[raw.systemPool, "systemPool", nodePoolSchema("System")]];
    if (Array.isArray(raw.nodePools)) {
        raw.nodePools.forEach((pool, i) => entries.push([pool, `nodePools[${i}]`, nodePoolSchema("User")]));
    }
    const out: ConfigIssue[] = [];
    const pools: NodePoolSpec[] = [];
    for (const [value, at, schema] of entries) {
        const parsed = schema.safeParse(value);
        const pool = parsed.success && network !== undefined ? resolveMaxPods(parsed.data, network) : undefined;
        if (pool !== undefined) {
            out.push(...nodePoolRuleViolations(pool, at));
            pools.push(pool);
        }
    }
    const cluster = clusterSchema.safeParse(raw.cluster, { error: stackConfigErrorMap });
    if (!cluster.success || pools.length !== entries.length) return out;
    const [systemPool, ...nodePools] = pools;
    const registries = registriesSchema.safeParse(raw.registries);
    const spec = { ...cluster.data, systemPool, nodePools, registries: registries.success ? registries.data : [] };
    out.push(...clusterRuleViolations(spec).map((v) => ({ path: clusterPathInFile(v.path), message: v.message })));
    out.push(...networkRuleViolations(spec).map((v) => ({ path: clusterPathInFile(v.path), message: v.message })));
    const workloads = Array.isArray(raw.workloads) ? raw.workloads.map((w) => workloadSchema.safeParse(w)) : [];
    const parsed = workloads.flatMap((w, i) => (w.success ? [{ workload: w.data, at: i }] : []));
    // Paths name the workload's index among those that parsed: put back the index of the file.
    for (const v of workloadRuleViolations(parsed.map((p) => p.workload), spec)) {
        out.push({ path: v.path.replace(/^workloads\[(\d+)\]/, (_m, j: string) => `workloads[${parsed[Number(j)].at}]`), message: v.message });
    }
    return out;
}

/**
 * Validates a stack's raw configuration (the `aks-platform:` keys, prefix stripped) and resolves every
 * default. Throws a {@link StackConfigError} listing all problems at once: schema problems (unknown keys,
 * wrong types, invalid values, unknown VM sizes) followed by the AKS rule violations and the workload rules
 * (`config/rules/workload-rules.ts`).
 */
export function parsePlatformSpec(raw: unknown, source: ConfigSource): PlatformSpec {
    if (!isRecord(raw)) {
        throw new StackConfigError(source.file, [{ path: "", message: `expected the ${PROJECT_NAMESPACE}: configuration keys, found ${describeValue(raw)}` }]);
    }
    const result = stackConfigSchema.safeParse(raw, { error: stackConfigErrorMap, reportInput: true });
    if (!result.success) {
        const issues = [...translateZodIssues(result.error.issues, stackConfigSchema), ...rulesForPartsThatParse(raw)];
        throw new StackConfigError(source.file, issues);
    }
    const cluster = result.data.cluster;
    const violations: ConfigIssue[] = [
        ...nodePoolRuleViolations(cluster.systemPool, "systemPool"),
        ...cluster.nodePools.flatMap((pool, i) => nodePoolRuleViolations(pool, `nodePools[${i}]`)),
        ...clusterRuleViolations(cluster).map((v) => ({ path: clusterPathInFile(v.path), message: v.message })),
        ...networkRuleViolations(cluster).map((v) => ({ path: clusterPathInFile(v.path), message: v.message })),
        ...workloadRuleViolations(result.data.workloads, cluster),
        ...registryRuleViolations(cluster.registries, result.data.workloads),
        ...namespaceRuleViolations(result.data.namespaces, result.data.workloads),
    ];
    if (violations.length > 0) {
        throw new StackConfigError(source.file, violations);
    }
    return { stack: source.stack, ...result.data };
}

/**
 * The settings AKS accepts but advises against (`clusterRuleWarnings`), each rendered as
 * `<file>: <path>: <message>` with the stack file's paths; the program logs them as warnings.
 */
export function platformSpecWarnings(spec: PlatformSpec, file: string): string[] {
    return clusterRuleWarnings(spec.cluster).map((w) => formatConfigIssue(file, { path: clusterPathInFile(w.path), message: w.message }));
}

/**
 * Takes the location from `azure-native:location` when `aks-platform:location` is absent; both present and
 * different is an error (the cluster and the provider would disagree on the region).
 */
export function withProviderLocation(raw: Record<string, unknown>, providerLocation: unknown, file: string): Record<string, unknown> {
    if (providerLocation === undefined) {
        return raw;
    }
    if (raw.location === undefined) {
        return { ...raw, location: providerLocation };
    }
    if (raw.location !== providerLocation) {
        throw new StackConfigError(file, [{
            path: "location",
            message: `${JSON.stringify(raw.location)} differs from ${PROVIDER_LOCATION_KEY} ${JSON.stringify(providerLocation)}: set one of them, or the same region in both`,
        }]);
    }
    return raw;
}

function existingStacks(projectDir: string): string[] {
    return fs
        .readdirSync(projectDir)
        .map((name) => /^Pulumi\.(.+)\.ya?ml$/.exec(name)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}

/**
 * Reads `Pulumi.<stack>.yaml` in `projectDir` and returns its `aks-platform:` keys with the prefix stripped
 * (and the location from `azure-native:location` when only that is given). Keys of other namespaces belong
 * to providers and are left out; a namespace that looks like a misspelt `aks-platform` is an error.
 *
 * @throws StackConfigError for a missing file (naming the stacks that exist), invalid YAML (with the line),
 *   or a file whose `config` is not a mapping.
 */
export function readStackFile(stack: string, projectDir: string): { file: string; raw: Record<string, unknown> } {
    const file = stackFileName(stack);
    const full = path.join(projectDir, file);
    if (!fs.existsSync(full)) {
        const stacks = existingStacks(projectDir);
        const known = stacks.length === 0 ? "there are no stack files" : `existing stacks: ${stacks.join(", ")}`;
        throw new StackConfigError(file, [{ path: "", message: `no such stack file in ${projectDir}${didYouMean(stack, stacks)}; ${known}` }]);
    }
    const document = YAML.parseDocument(fs.readFileSync(full, "utf8"), { prettyErrors: true });
    if (document.errors.length > 0) {
        throw new StackConfigError(file, document.errors.map((error) => ({ path: "", message: `invalid YAML: ${error.message.split("\n")[0]}` })));
    }
    let content: unknown;
    try {
        // The yaml package's cap on alias expansions: more is a "billion laughs" document, not a stack file.
        content = document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (error) {
        throw new StackConfigError(file, [{ path: "", message: `its YAML aliases expand more than ${MAX_YAML_ALIASES} times (a resource exhaustion document); write the values out (${(error as Error).message.split("\n")[0]})` }]);
    }
    const config = isRecord(content) ? content.config : undefined;
    if (content !== null && content !== undefined && !isRecord(content)) {
        throw new StackConfigError(file, [{ path: "", message: "expected a YAML mapping with a config: key" }]);
    }
    if (config !== undefined && !isRecord(config)) {
        throw new StackConfigError(file, [{ path: "config", message: `expected a mapping of "namespace:key" entries, found ${Array.isArray(config) ? "a list" : typeof config}` }]);
    }
    const raw: Record<string, unknown> = {};
    const issues: ConfigIssue[] = [];
    for (const [key, value] of Object.entries(config ?? {})) {
        const colon = key.indexOf(":");
        const namespace = colon < 0 ? "" : key.slice(0, colon);
        if (namespace === PROJECT_NAMESPACE) {
            raw[key.slice(colon + 1)] = value;
        } else if (namespace !== "" && namespace !== PROJECT_NAMESPACE && closestName(namespace, [PROJECT_NAMESPACE]) !== undefined) {
            issues.push({ path: `config.${key}`, message: `unknown namespace "${namespace}" (did you mean "${PROJECT_NAMESPACE}"?)` });
        } else if (colon < 0) {
            issues.push({ path: `config.${key}`, message: `configuration keys are namespaced: write "${PROJECT_NAMESPACE}:${key}"` });
        }
    }
    if (issues.length > 0) {
        throw new StackConfigError(file, issues);
    }
    return { file, raw: withProviderLocation(raw, (config ?? {})[PROVIDER_LOCATION_KEY], file) };
}

/** Reads and validates one stack: {@link readStackFile} then {@link parsePlatformSpec}. */
export function loadPlatformSpec(stack: string, projectDir: string): PlatformSpec {
    const { file, raw } = readStackFile(stack, projectDir);
    return parsePlatformSpec(raw, { file, stack });
}

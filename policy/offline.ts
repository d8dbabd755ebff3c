/**
 * Runs the whole pack on a stack's resources without the Pulumi CLI, the way the SDK's analyzer server calls
 * policies (`@pulumi/policy` 1.21 `server.js`): props wrapped in `unknownCheckingProxy`, `getConfig` returning
 * the policy's settings, `notApplicable` throwing. Levels and settings come from a `--policy-pack-config` file
 * (`policy/config/<env>.json`) read as the CLI reads it: a policy's own entry, else `all`, else the pack's
 * default (advisory); disabled policies are not run.
 * See https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/
 */
import * as fs from "fs";
import { unknownCheckingProxy } from "@pulumi/policy";
import type { PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import type { RegisteredResource } from "../placement/types";
import { checkPackConfig } from "./config-file";
import type { PackPolicy } from "./common/define";
import { UnknownDuringPreviewError } from "./common/unknowns";
import { allPolicies } from "./pack";

/**
 * A resource as the offline run sees it: what was registered, and, when the mock runtime recorded them, the
 * options and dependencies the engine would hand the pack (`protect`, `deleteBeforeReplace`, `ignoreChanges`,
 * `dependencies`, `propertyDependencies` by URN).
 */
export interface PolicyInputResource extends RegisteredResource {
    protect?: boolean;
    deleteBeforeReplace?: boolean;
    ignoreChanges?: string[];
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

/** A level a config file may give. */
export type OfflineLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** One violation one policy reported. */
export interface OfflineViolation {
    /** The policy's name (its ID). */
    id: string;
    /** Its short code (`AKS-003`). */
    code: string;
    /** Its title. */
    name: string;
    severity: "low" | "medium" | "high" | "critical";
    enforcement: Exclude<OfflineLevel, "disabled">;
    message: string;
    /** URN of the resource concerned; absent when a stack policy names none. */
    resource?: string;
}

/** What the pack said about a stack. */
export interface OfflinePackResult {
    /** Policies run. */
    evaluated: number;
    /** Policies the config disables (not run). */
    disabled: string[];
    /** Every violation, mandatory first, then in pack order. */
    violations: OfflineViolation[];
}

/** Thrown for a config file that cannot be read or does not suit the pack; the message names the file and key. */
export class PolicyConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyConfigError";
    }
}

class NotApplicable extends Error {}

const proxy = unknownCheckingProxy as (props: unknown) => Record<string, unknown>;

/** The resource options as the analyzer receives them (`@pulumi/policy` `PolicyResourceOptions`). */
function optionsOf(resource: PolicyInputResource) {
    return {
        protect: resource.protect ?? false,
        ignoreChanges: resource.ignoreChanges ?? [],
        ...(resource.deleteBeforeReplace === undefined ? {} : { deleteBeforeReplace: resource.deleteBeforeReplace }),
        aliases: [],
        additionalSecretOutputs: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    };
}

/** The level and settings a config gives a policy, as the CLI derives them. */
function configFor(config: Record<string, unknown>, policy: PackPolicy): { level: OfflineLevel; settings: Record<string, unknown> } {
    const fallback = (config.all as OfflineLevel | undefined) ?? "advisory";
    const entry = config[policy.name];
    if (typeof entry === "string") return { level: entry as OfflineLevel, settings: {} };
    if (typeof entry === "object" && entry !== null) {
        const { enforcementLevel, ...settings } = entry as Record<string, unknown>;
        return { level: (enforcementLevel as OfflineLevel | undefined) ?? fallback, settings };
    }
    return { level: fallback, settings: {} };
}

/** Reads and checks a config file against the pack; `undefined` means no file (every policy at its default). */
export function readPackConfig(configFile: string | undefined, policies: readonly PackPolicy[] = allPolicies): Record<string, unknown> {
    if (configFile === undefined) return {};
    let text: string;
    try {
        text = fs.readFileSync(configFile, "utf8");
    } catch (e) {
        throw new PolicyConfigError(`${configFile}: cannot read the policy config (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    let config: unknown;
    try {
        config = JSON.parse(text);
    } catch (e) {
        throw new PolicyConfigError(`${configFile}: not valid JSON (${(e as Error).message})`);
    }
    const problems = checkPackConfig(config, configFile, policies);
    if (problems.length > 0) throw new PolicyConfigError(problems.join("; "));
    return config as Record<string, unknown>;
}

/** Runs `run`, collecting reports; an unknown-during-preview advisory becomes one more message. */
async function collect(run: (report: ReportViolation) => Promise<void> | void): Promise<{ message: string; urn?: string }[]> {
    const out: { message: string; urn?: string }[] = [];
    try {
        await run((message, urn) => {
            out.push({ message, ...(urn === undefined ? {} : { urn }) });
        });
    } catch (e) {
        if (e instanceof NotApplicable) return out;
        if (e instanceof UnknownDuringPreviewError) return [...out, { message: e.message }];
        throw e;
    }
    return out;
}

function notApplicable(reason?: string): never {
    throw new NotApplicable(reason ?? "not applicable");
}

function urnOf(resource: RegisteredResource): string {
    return resource.urn ?? `${resource.type}::${resource.name}`;
}

/** A JSON copy of the inputs (policies never see, or change, the caller's objects). */
function propsOf(resource: RegisteredResource): Record<string, unknown> {
    return JSON.parse(JSON.stringify(resource.inputs)) as Record<string, unknown>;
}

/** Each resource's props, copied and wrapped once per pack run and read by every policy. */
type PropsOf = (resource: RegisteredResource) => Record<string, unknown>;

function propsCache(): PropsOf {
    const cache = new Map<RegisteredResource, Record<string, unknown>>();
    return (resource) => {
        let props = cache.get(resource);
        if (props === undefined) {
            props = proxy(propsOf(resource));
            cache.set(resource, props);
        }
        return props;
    };
}

async function runResourcePolicy(policy: PackPolicy, resource: PolicyInputResource, settings: Record<string, unknown>, propsFor: PropsOf) {
    const rp = policy as ResourceValidationPolicy;
    const args: ResourceValidationArgs = {
        type: resource.type,
        props: propsFor(resource),
        urn: urnOf(resource),
        name: resource.name,
        opts: optionsOf(resource),
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => settings as T,
        notApplicable,
    };
    const found = await collect(async (report) => {
        for (const validate of [rp.validateResource].flat()) {
            if (validate !== undefined) await validate(args, report);
        }
    });
    return found.map((f) => ({ ...f, urn: f.urn ?? urnOf(resource) }));
}

/**
 * The stack's resources as the analyzer server builds them: dependencies resolved to the resource objects. Made
 * once per pack run and read by every stack policy; each resource's props are copied once (`propsFor`).
 */
export function policyResourcesOf(resources: readonly PolicyInputResource[], propsFor: PropsOf = propsCache()): PolicyResource[] {
    const out: PolicyResource[] = resources.map((r) => ({
        type: r.type,
        props: propsFor(r),
        urn: urnOf(r),
        name: r.name,
        opts: optionsOf(r),
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    }));
    const byUrn = new Map(out.map((r) => [r.urn, r]));
    const resolve = (urns: readonly string[] | undefined) => (urns ?? []).map((u) => byUrn.get(u)).filter((r): r is PolicyResource => r !== undefined);
    resources.forEach((r, i) => {
        out[i].dependencies = resolve(r.dependencies);
        out[i].propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, urns]) => [k, resolve(urns)]));
    });
    return out;
}

function runStackPolicy(policy: PackPolicy, policyResources: PolicyResource[], settings: Record<string, unknown>) {
    const sp = policy as StackValidationPolicy;
    const args: StackValidationArgs = { resources: policyResources, stackTags: new Map(), getConfig: <T extends object>() => settings as T, notApplicable };
    return collect((report) => sp.validateStack(args, report));
}

/**
 * Runs every enabled policy of the pack (resource policies on the resources of their types, stack policies on
 * all of them) with the levels and settings of `configFile`.
 *
 * @param resources - the stack's custom resources, as registered (components carry no inputs).
 * @param configFile - a `--policy-pack-config` JSON file; `undefined` runs every policy at the pack's default.
 * @throws PolicyConfigError naming the file and key for an unreadable or invalid config file.
 */
export async function evaluatePackOffline(resources: readonly PolicyInputResource[], configFile: string | undefined, policies: readonly PackPolicy[] = allPolicies): Promise<OfflinePackResult> {
    const config = readPackConfig(configFile, policies);
    const violations: OfflineViolation[] = [];
    const disabled: string[] = [];
    let evaluated = 0;
    let stackView: PolicyResource[] | undefined;
    const propsFor = propsCache();
    for (const policy of policies) {
        const { level, settings } = configFor(config, policy);
        if (level === "disabled") {
            disabled.push(policy.name);
            continue;
        }
        evaluated++;
        const found =
            policy.types === undefined
                ? await runStackPolicy(policy, (stackView ??= policyResourcesOf(resources, propsFor)), settings)
                : (await Promise.all(resources.filter((r) => policy.types!.includes(r.type)).map((r) => runResourcePolicy(policy, r, settings, propsFor)))).flat();
        for (const f of found) {
            violations.push({
                id: policy.name,
                code: policy.doc.code,
                name: policy.doc.title,
                severity: policy.doc.severity,
                enforcement: level,
                message: f.message,
                ...(f.urn === undefined ? {} : { resource: f.urn }),
            });
        }
    }
    const rank = (v: OfflineViolation) => (v.enforcement === "mandatory" ? 0 : 1);
    violations.sort((a, b) => rank(a) - rank(b));
    return { evaluated, disabled, violations };
}

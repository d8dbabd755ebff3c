/**
 * How every policy of the pack is declared: its documentation (stable name, short code, severity,
 * remediation, doc link, the checks of other tools it covers) beside one pure check, wrapped into the
 * `@pulumi/policy` shapes by {@link resourcePolicy} and {@link stackPolicy}.
 *
 * The wrappers own the parts every policy shares: type filtering by the resource each token registers
 * (versioned and aliased tokens included, `notApplicable` for other types), Kubernetes `<Kind>Patch` resources
 * (judged from the stack pass, with their target when the stack declares it), reading and validating the
 * policy's settings, per-resource exemptions (`./exemptions`), prefixing messages with the subject they concern,
 * and turning values unknown during preview into one plain advisory (see `./unknowns`).
 * See https://www.pulumi.com/docs/iac/using-pulumi/crossguard/core-concepts/
 */
import type {
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { kindName, resourceKindOf } from "../resource-types/resource-kinds";
import type { PeerClaim } from "./coverage";
import {
    EXEMPTION_KEYS,
    EXEMPTION_SCHEMA,
    exemptionMatches,
    expiredMessage,
    isExpired,
    parseExemptionSettings,
    todayUtc,
    type Exemption,
    type ExemptionSettings,
    type ResourceNames,
} from "./exemptions";
import { applyPatch, patchSkeleton } from "./merge-patch";
import { asString, at } from "./read";
import { effectiveStack, patchTarget, rawPropsOf } from "./stack-view";
import { checkingView, isUnknownValueError, UnknownDuringPreviewError, type UnknownValueErrorLike } from "./unknowns";

/** The documentation every policy carries. */
export interface PolicyDoc {
    /** Stable kebab-case name that states the rule (`aks-local-accounts-disabled`); the policy's ID. */
    name: string;
    /** Short stable code (`AKS-003`, `WL-012`), shown in the display name and the docs. */
    code: string;
    /** Short title, shown after the code in the display name. */
    title: string;
    severity: Severity;
    /** One or two sentences starting "Checks that …". */
    description: string;
    /** What to change when the policy reports a violation. */
    remediation: string;
    /** The Azure or Kubernetes document that explains the rule. */
    url: string;
    /** The peer checks the policy stands for, each with how it compares (see `./coverage`). */
    covers: readonly PeerClaim[];
    /** Other sources the rule answers (issue threads, other packs), named for readers; not counted as coverage. */
    references?: readonly string[];
}

/** One thing a policy judges (a cluster, one of its pools, a workload's pod template), as a message prefix. */
export interface Subject {
    /** How messages name it: `ManagedCluster "aks" pool "system" (agentPoolProfiles[0])`. */
    label: string;
    /** The properties to judge (possibly wrapped by the SDK's unknown-checking proxy). */
    value: unknown;
    /** Set when the subject cannot be judged because its shape is wrong: reported as the violation. */
    problem?: string;
}

/**
 * A policy of this pack: the SDK policy plus its documentation and, for resource policies, the type
 * tokens it applies to (a stack policy reads the whole stack and has no `types`).
 */
export type PackPolicy = (ResourceValidationPolicy | StackValidationPolicy) & {
    readonly doc: PolicyDoc;
    readonly types?: readonly string[];
    /** Parses and validates this policy's settings, exemptions included (throws `InvalidSettingError`). */
    readonly parseSettings: (raw: Record<string, unknown>) => unknown;
};

/** The settings of a policy, parsed from `args.getConfig()`; throws a clear error on a bad value. */
export type SettingsParser<C> = (raw: Record<string, unknown>, policyName: string) => C;

/** What {@link resourcePolicy} needs. */
export interface ResourceRule<C> {
    doc: PolicyDoc;
    /** Pulumi type tokens the policy applies to (`azure-native:containerservice:ManagedCluster`). */
    types: readonly string[];
    /** The subjects of one resource (the cluster, each of its pools, …). */
    subjects: (args: ResourceValidationArgs) => Subject[];
    /** The findings for one subject: messages stating the required state. */
    check: (subject: Subject, settings: C, args: ResourceValidationArgs) => string[];
    configSchema?: PolicyConfigSchema;
    settings?: SettingsParser<C>;
}

function sdkFields<C>(doc: PolicyDoc, configSchema: PolicyConfigSchema | undefined, settings: SettingsParser<C> | undefined) {
    return {
        parseSettings: (raw: Record<string, unknown>) => readSettings(settings, raw, doc.name),
        name: doc.name,
        description: doc.description,
        displayName: `${doc.code}: ${doc.title}`,
        severity: doc.severity,
        remediationSteps: doc.remediation,
        url: doc.url,
        tags: [doc.code],
        configSchema: { ...configSchema, properties: { ...configSchema?.properties, ...EXEMPTION_SCHEMA } } satisfies PolicyConfigSchema,
        doc,
    };
}

/** A policy's settings: its own, and the exemption settings every policy takes. */
interface ParsedSettings<C> {
    own: C;
    exemptions: ExemptionSettings;
}

/**
 * Parsed settings by policy and config text: the analyzer server builds a fresh config object on every call
 * (`makeGetConfigFun`), always with the same content, so a policy parses its config once, not once per resource.
 * The date exemptions are judged at is part of the parse, so an entry is kept for the UTC day it was made on.
 */
const parsedSettings = new Map<string, { day: string; parsed: ParsedSettings<unknown> }>();

function readSettings<C>(parser: SettingsParser<C> | undefined, raw: unknown, policyName: string): ParsedSettings<C> {
    const record = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
    const key = `${policyName}\u0000${JSON.stringify(record)}`;
    const day = record.exemptions === undefined ? "" : todayUtc();
    const cached = parsedSettings.get(key);
    if (cached !== undefined && cached.day === day) return cached.parsed as ParsedSettings<C>;
    const parsed = parseSettings(parser, record, policyName);
    if (parsedSettings.size > 1000) parsedSettings.clear();
    parsedSettings.set(key, { day, parsed });
    return parsed;
}

function parseSettings<C>(parser: SettingsParser<C> | undefined, record: Record<string, unknown>, policyName: string): ParsedSettings<C> {
    const own: Record<string, unknown> = { ...record };
    for (const key of EXEMPTION_KEYS) delete own[key];
    return { own: parser === undefined ? (undefined as C) : parser(own, policyName), exemptions: parseExemptionSettings(record, policyName) };
}

/**
 * Collects the values a policy found unknown while it judged several subjects, so that one unknown does
 * not hide the findings about the others.
 */
export class UnknownLedger {
    private readonly causes: UnknownValueErrorLike[] = [];

    /** Runs `fn`; if it reads an unknown value, records it and returns undefined. */
    guard<T>(fn: () => T): T | undefined {
        try {
            return fn();
        } catch (e) {
            if (!isUnknownValueError(e)) throw e;
            this.causes.push(e);
            return undefined;
        }
    }

    /** Whether any unknown value was recorded. */
    hasAny(): boolean {
        return this.causes.length > 0;
    }

    /** Throws one {@link UnknownDuringPreviewError} naming every recorded path, if any. */
    throwIfAny(policyName: string): void {
        if (this.causes.length > 0) throw new UnknownDuringPreviewError(policyName, this.causes);
    }
}

const proxy = unknownCheckingProxy as (props: unknown) => Record<string, unknown>;

/** The names a resource answers to in an exemption: URN, Pulumi name, and `Kind/namespace/name` for a Kubernetes object. */
export function resourceNames(resource: { type: string; urn: string; name: string; props: unknown }): ResourceNames {
    const kind = resourceKindOf(resource.type);
    const names: ResourceNames = { urn: resource.urn, name: resource.name };
    if (kind === undefined || !kind.canonical.startsWith("kubernetes:")) return names;
    const raw = rawPropsOf(resource.props);
    const name = asString(at(raw, "metadata", "name")) ?? resource.name;
    const namespace = asString(at(raw, "metadata", "namespace")) ?? "default";
    return { ...names, ref: `${kindName(resource.type)}/${namespace}/${name}` };
}

/** The exemption in force for a resource, if any (an expired one exempts nothing). */
function activeExemption(settings: ExemptionSettings, names: ResourceNames): Exemption | undefined {
    return settings.exemptions.find((e) => !isExpired(e, settings.asOf) && exemptionMatches(e, names));
}

/** Reports every expired exemption, on the resource it names when the stack has it. */
function reportExpired(settings: ExemptionSettings, resources: readonly PolicyResource[], report: ReportViolation): void {
    for (const e of settings.exemptions.filter((x) => isExpired(x, settings.asOf))) {
        const named = resources.find((r) => exemptionMatches(e, resourceNames(r)));
        report(expiredMessage(e), named?.urn);
    }
}

/**
 * The errors `args.notApplicable` threw, by the function and the reason: the same answer is thrown again rather than
 * built again. The analyzer server calls every resource policy for every resource, so for most calls this answer
 * is the whole work, and building an Error (its stack capture above all) was most of its cost (`npm run
 * bench:policy`). The server only reads the error's class and reason.
 */
const notApplicableErrors = new WeakMap<ResourceValidationArgs["notApplicable"], Map<string, unknown>>();

/** Tells the SDK the policy does not apply, as `args.notApplicable` does (it throws the SDK's NotApplicableError). */
function notApplicable(args: ResourceValidationArgs, reason: string): never {
    let byReason = notApplicableErrors.get(args.notApplicable);
    const known = byReason?.get(reason);
    if (known !== undefined) throw known;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return args.notApplicable(reason);
    } catch (e) {
        if (byReason === undefined) notApplicableErrors.set(args.notApplicable, (byReason = new Map()));
        if (byReason.size < 1000) byReason.set(reason, e);
        throw e;
    } finally {
        Error.stackTraceLimit = limit;
    }
}

/** Builds a resource policy from a rule. */
export function resourcePolicy<C = undefined>(rule: ResourceRule<C>): PackPolicy {
    const types = new Set(rule.types);
    const notApplicableReason = `Policy only applies to resources of type ${[...types].join(", ")}`;
    const appliesTo = (type: string) => {
        const kind = resourceKindOf(type);
        return kind !== undefined && types.has(kind.canonical) ? kind : undefined;
    };
    /** The findings about one resource, each prefixed by its subject; unknown reads go to `ledger`. */
    const findingsOf = (args: ResourceValidationArgs, settings: C, ledger: UnknownLedger): string[] => {
        const out: string[] = [];
        const subjects = ledger.guard(() => rule.subjects(args)) ?? [];
        for (const subject of subjects) {
            ledger.guard(() => {
                if (subject.problem !== undefined) out.push(`${subject.label}: ${subject.problem}`);
                else for (const finding of rule.check(subject, settings, args)) out.push(`${subject.label}: ${finding}`);
            });
        }
        return out;
    };
    const policy: ResourceValidationPolicy & StackValidationPolicy & { doc: PolicyDoc; types: readonly string[]; parseSettings: (raw: Record<string, unknown>) => unknown } = {
        ...sdkFields(rule.doc, rule.configSchema, rule.settings),
        types: rule.types,
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            const kind = appliesTo(args.type);
            if (kind === undefined) notApplicable(args, notApplicableReason);
            if (kind!.patch) notApplicable(args, `${args.type} is judged with the stack: applied to its target when the stack declares it, else on what it sets`);
            const settings = readSettings(rule.settings, args.getConfig(), rule.doc.name);
            if (settings.exemptions.exemptions.length > 0 && activeExemption(settings.exemptions, resourceNames(args)) !== undefined) return;
            const ledger = new UnknownLedger();
            for (const finding of findingsOf({ ...args, type: kind!.canonical, props: checkingView(args.props) }, settings.own, ledger)) report(finding);
            ledger.throwIfAny(rule.doc.name);
        },
        // The stack pass: expired exemptions, and `<Kind>Patch` resources of the policy's kinds. A patch is judged by
        // what it changes: the findings of its target with the patch applied that the target alone does not have
        // (the target is judged on its own), or, without a target in the stack, the findings of the patch that its
        // bare identity (names and list keys) does not have.
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            const settings = readSettings(rule.settings, args.getConfig(), rule.doc.name);
            reportExpired(settings.exemptions, args.resources, report);
            const ledger = new UnknownLedger();
            for (const patch of args.resources.filter((r) => appliesTo(r.type)?.patch === true)) {
                if (activeExemption(settings.exemptions, resourceNames(patch)) !== undefined) continue;
                const patchRaw = rawPropsOf(patch.props);
                const target = patchTarget(patch, args.resources);
                const before = target === undefined ? patchSkeleton(patchRaw) : rawPropsOf(target.props);
                const after = target === undefined ? patchRaw : applyPatch(rawPropsOf(target.props), patchRaw);
                const canonical = appliesTo(patch.type)!.canonical;
                const asArgs = (props: unknown): ResourceValidationArgs => ({
                    type: canonical,
                    props: proxy(props),
                    urn: patch.urn,
                    name: patch.name,
                    opts: patch.opts,
                    stackTags: args.stackTags,
                    isType: () => false,
                    asType: () => undefined,
                    getConfig: args.getConfig,
                    notApplicable: args.notApplicable,
                });
                const known = new Set(findingsOf(asArgs(before), settings.own, new UnknownLedger()));
                // Rules read the patched resource's own type; messages name the patch (`DeploymentPatch "shop/web"`).
                const asPatch = (finding: string) => (finding.startsWith(`${kindName(canonical)} "`) ? `${kindName(patch.type)}${finding.slice(kindName(canonical).length)}` : finding);
                for (const finding of findingsOf(asArgs(after), settings.own, ledger)) if (!known.has(finding)) report(asPatch(finding), patch.urn);
            }
            ledger.throwIfAny(rule.doc.name);
        },
    };
    return policy;
}

/** A finding of a stack policy: the message and the resource it concerns. */
export interface StackFinding {
    message: string;
    urn?: string;
}

/** What {@link stackPolicy} needs. */
export interface StackRule<C> {
    doc: PolicyDoc;
    /**
     * The findings over the whole stack, as `./stack-view` shows it (canonical types, patches applied to their
     * targets). Reads of values that may be unknown go through `ledger.guard`, so the rest of the stack is still
     * judged; the wrapper then reports the unknown paths.
     */
    check: (resources: readonly PolicyResource[], settings: C, ledger: UnknownLedger, args: StackValidationArgs) => StackFinding[];
    configSchema?: PolicyConfigSchema;
    settings?: SettingsParser<C>;
}

/** Builds a stack policy from a rule. */
export function stackPolicy<C = undefined>(rule: StackRule<C>): PackPolicy {
    const policy: StackValidationPolicy & { doc: PolicyDoc; parseSettings: (raw: Record<string, unknown>) => unknown } = {
        ...sdkFields(rule.doc, rule.configSchema, rule.settings),
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            const settings = readSettings(rule.settings, args.getConfig(), rule.doc.name);
            const ledger = new UnknownLedger();
            const view = effectiveStack(args.resources);
            const findings = ledger.guard(() => rule.check(view, settings.own, ledger, args)) ?? [];
            const byUrn = new Map(args.resources.map((r) => [r.urn, r]));
            for (const f of findings) {
                const resource = f.urn === undefined ? undefined : byUrn.get(f.urn);
                if (resource !== undefined && activeExemption(settings.exemptions, resourceNames(resource)) !== undefined) continue;
                report(f.message, f.urn);
            }
            reportExpired(settings.exemptions, args.resources, report);
            ledger.throwIfAny(rule.doc.name);
        },
    };
    return policy;
}

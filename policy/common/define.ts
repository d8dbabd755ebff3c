/**
 * How every policy of the pack is declared: its documentation (stable name, short code, severity,
 * remediation, doc link, the checks of other tools it covers) beside one pure check, wrapped into the
 * `@pulumi/policy` shapes by {@link resourcePolicy} and {@link stackPolicy}.
 *
 * The wrappers own the parts every policy shares: type filtering (`notApplicable` for other types),
 * reading and validating the policy's settings, prefixing messages with the subject they concern, and
 * turning values unknown during preview into one plain advisory (see `./unknowns`).
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
import { isUnknownValueError, UnknownDuringPreviewError, type UnknownValueErrorLike } from "./unknowns";

/** The checks of other tools a policy covers, by their own IDs (see docs/policies.md). */
export interface Coverage {
    /** Checkov check IDs (`CKV_AZURE_6`, `CKV_K8S_16`). */
    checkov?: readonly string[];
    /** Trivy check IDs (`AZU-0041`, `KSV-0017`). */
    trivy?: readonly string[];
    /** Azure Policy built-in definitions, by their file name in Azure/azure-policy. */
    azurePolicy?: readonly string[];
    /** kube-score check IDs. */
    kubeScore?: readonly string[];
    /** Checks of other tools, named with their tool (`Pulumi compliance-ready <policy name>`). */
    other?: readonly string[];
}

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
    covers: Coverage;
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
    /** Parses and validates this policy's settings (throws `InvalidSettingError`); absent when it has none. */
    readonly parseSettings?: (raw: Record<string, unknown>) => unknown;
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
        ...(settings === undefined ? {} : { parseSettings: (raw: Record<string, unknown>) => settings(raw, doc.name) }),
        name: doc.name,
        description: doc.description,
        displayName: `${doc.code}: ${doc.title}`,
        severity: doc.severity,
        remediationSteps: doc.remediation,
        url: doc.url,
        tags: [doc.code],
        ...(configSchema === undefined ? {} : { configSchema }),
        doc,
    };
}

function readSettings<C>(parser: SettingsParser<C> | undefined, raw: unknown, policyName: string): C {
    const record = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
    return parser === undefined ? (undefined as C) : parser(record, policyName);
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

    /** Throws one {@link UnknownDuringPreviewError} naming every recorded path, if any. */
    throwIfAny(policyName: string): void {
        if (this.causes.length > 0) throw new UnknownDuringPreviewError(policyName, this.causes);
    }
}

function judgeAll<T>(policyName: string, items: readonly T[], judge: (item: T) => void): void {
    const ledger = new UnknownLedger();
    for (const item of items) ledger.guard(() => judge(item));
    ledger.throwIfAny(policyName);
}

/** Builds a resource policy from a rule. */
export function resourcePolicy<C = undefined>(rule: ResourceRule<C>): PackPolicy {
    const types = new Set(rule.types);
    const policy: ResourceValidationPolicy & { doc: PolicyDoc; types: readonly string[] } = {
        ...sdkFields(rule.doc, rule.configSchema, rule.settings),
        types: rule.types,
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            if (!types.has(args.type)) {
                args.notApplicable(`Policy only applies to resources of type ${[...types].join(", ")}`);
            }
            const settings = readSettings(rule.settings, args.getConfig(), rule.doc.name);
            let subjects: Subject[] = [];
            judgeAll(rule.doc.name, [args], (a) => {
                subjects = rule.subjects(a);
            });
            judgeAll(rule.doc.name, subjects, (subject) => {
                if (subject.problem !== undefined) {
                    report(`${subject.label}: ${subject.problem}`);
                    return;
                }
                for (const finding of rule.check(subject, settings, args)) report(`${subject.label}: ${finding}`);
            });
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
     * The findings over the whole stack. Reads of values that may be unknown go through `ledger.guard`,
     * so the rest of the stack is still judged; the wrapper then reports the unknown paths.
     */
    check: (resources: readonly PolicyResource[], settings: C, ledger: UnknownLedger, args: StackValidationArgs) => StackFinding[];
    configSchema?: PolicyConfigSchema;
    settings?: SettingsParser<C>;
}

/** Builds a stack policy from a rule. */
export function stackPolicy<C = undefined>(rule: StackRule<C>): PackPolicy {
    const policy: StackValidationPolicy & { doc: PolicyDoc } = {
        ...sdkFields(rule.doc, rule.configSchema, rule.settings),
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            const settings = readSettings(rule.settings, args.getConfig(), rule.doc.name);
            const ledger = new UnknownLedger();
            const findings = ledger.guard(() => rule.check(args.resources, settings, ledger, args)) ?? [];
            for (const f of findings) report(f.message, f.urn);
            ledger.throwIfAny(rule.doc.name);
        },
    };
    return policy;
}

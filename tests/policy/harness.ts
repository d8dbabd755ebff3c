/**
 * Runs the pack's policies without the Pulumi CLI, the way the SDK's analyzer server calls them
 * (`@pulumi/policy` 1.21 `server.js`): props optionally wrapped in `unknownCheckingProxy`, `getConfig`
 * returning the policy's settings, `notApplicable` throwing. Outcomes are plain values to compare whole.
 */
import { unknownCheckingProxy } from "@pulumi/policy";
import type { PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import type { PackPolicy } from "../../policy/common/define";
import { UnknownDuringPreviewError } from "../../policy/common/unknowns";
import { policyResourcesOf } from "../../policy/offline";

/** The string the engine sends for every value unknown during preview (`@pulumi/pulumi` runtime `unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

class NotApplicable extends Error {}

/** What one policy said about one resource or stack. */
export type Outcome =
    | { violations: string[] }
    | { notApplicable: string }
    | { violations: string[]; unknownDuringPreview: string };

const proxy = unknownCheckingProxy as (props: unknown) => Record<string, unknown>;

/** Options of one evaluation. */
export interface EvalOptions {
    /** Pulumi resource name; defaults to `test`. */
    name?: string;
    /** The policy's settings, as `getConfig()` returns them. */
    config?: Record<string, unknown>;
    /** Resource options as the engine sends them; default: none set (protect false). */
    options?: { protect?: boolean; deleteBeforeReplace?: boolean };
}

async function settle(run: (report: ReportViolation) => Promise<void> | void): Promise<Outcome> {
    const violations: string[] = [];
    try {
        await run((message) => {
            violations.push(message);
        });
    } catch (e) {
        if (e instanceof NotApplicable) return { notApplicable: e.message };
        if (e instanceof UnknownDuringPreviewError) return { violations, unknownDuringPreview: e.message };
        throw e;
    }
    return { violations };
}

/** Runs a resource policy on one resource; props go through the SDK's unknown-checking proxy. */
export function evaluateResource(policy: PackPolicy, type: string, props: unknown, options: EvalOptions = {}): Promise<Outcome> {
    const rp = policy as ResourceValidationPolicy;
    const name = options.name ?? "test";
    const wrapped = proxy(props);
    const args: ResourceValidationArgs = {
        type,
        props: wrapped,
        urn: `urn:pulumi:test::test::${type}::${name}`,
        name,
        opts: {
            protect: options.options?.protect ?? false,
            ignoreChanges: [],
            ...(options.options?.deleteBeforeReplace === undefined ? {} : { deleteBeforeReplace: options.options.deleteBeforeReplace }),
            aliases: [],
            additionalSecretOutputs: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        },
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => (options.config ?? {}) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason ?? "not applicable");
        },
    };
    return settle(async (report) => {
        for (const validate of [rp.validateResource].flat()) {
            if (validate !== undefined) await validate(args, report);
        }
    });
}

/** A resource of a test stack, with the options and dependencies the engine would hand the pack. */
export interface StackEntry {
    type: string;
    props: unknown;
    name?: string;
    /** Defaults to {@link urnOf}. */
    urn?: string;
    protect?: boolean;
    deleteBeforeReplace?: boolean;
    /** URNs of what the resource depends on. */
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

/** The URN a stack entry gets. */
export function urnOf(entry: Pick<StackEntry, "type" | "name">): string {
    return `urn:pulumi:test::test::${entry.type}::${entry.name ?? "r"}`;
}

/** What a stack policy said: its violations, the URNs they name, and any unknown-during-preview advisory. */
export interface StackOutcome {
    violations: string[];
    unknownDuringPreview?: string;
    urns: (string | undefined)[];
}

/** Runs a stack policy over the given resources; reports carry the URN they name. */
export async function evaluateStack(policy: PackPolicy, entries: readonly StackEntry[], options: EvalOptions = {}): Promise<StackOutcome> {
    const sp = policy as StackValidationPolicy;
    const urns: (string | undefined)[] = [];
    const resources: PolicyResource[] = policyResourcesOf(entries.map((e) => ({ ...e, inputs: e.props as Record<string, unknown>, urn: e.urn ?? urnOf(e), name: e.name ?? "r" })));
    const args: StackValidationArgs = {
        resources,
        stackTags: new Map(),
        getConfig: <T extends object>() => (options.config ?? {}) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason ?? "not applicable");
        },
    };
    const outcome = await settle((report) =>
        sp.validateStack(args, (message, urn) => {
            urns.push(urn);
            report(message, urn);
        }),
    );
    if ("notApplicable" in outcome) throw new Error(`stack policy ${policy.name} said not applicable: ${outcome.notApplicable}`);
    return { ...outcome, urns };
}

/**
 * A deep copy changed by `change`: one mutation of a happy-path fixture. The copy goes through JSON, not
 * `structuredClone`: under Jest, `structuredClone` builds objects of the outer realm, which the SDK's
 * `unknownCheckingProxy` (an `instanceof Object` test) would leave unwrapped.
 */
export function mutate<T>(fixture: T, change: (copy: T) => void): T {
    const copy = JSON.parse(JSON.stringify(fixture)) as T;
    change(copy);
    return copy;
}

/**
 * Per-resource exemptions: every policy takes an `exemptions` setting, a list of
 * `{ resource, reason, expires }`. While it holds, an exemption silences the policy's findings about that one
 * resource; from the day after `expires` it no longer does, and the policy reports the expired exemption itself
 * as a violation, so that it is renewed (with a reason) or removed. `asOf` fixes the date exemptions are judged
 * at (YYYY-MM-DD); empty, the pack reads today's date (UTC). Every exemption is listed in the offline plan's
 * report (`policy/offline.ts`). See docs/policies.md, "Exemptions".
 */
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { describe } from "./read";
import { InvalidSettingError } from "./settings";

/** One exemption, as a config file gives it. */
export interface Exemption {
    /**
     * The resource it exempts: its URN, its Pulumi resource name, or for a Kubernetes object
     * `<Kind>/<namespace>/<name>` (`Deployment/shop/web`).
     */
    resource: string;
    /** Why the violation is accepted, for the reviewer of the next renewal. */
    reason: string;
    /** The last day the exemption holds, `YYYY-MM-DD`. */
    expires: string;
}

/** The exemption settings of one policy, parsed. */
export interface ExemptionSettings {
    exemptions: readonly Exemption[];
    /** The date exemptions are judged at, `YYYY-MM-DD` (empty when there are none to judge and none was given). */
    asOf: string;
}

/** The setting keys every policy takes for exemptions. */
export const EXEMPTION_KEYS = ["exemptions", "asOf"] as const;

/** The JSON schema of the exemption settings, added to every policy's configSchema. */
export const EXEMPTION_SCHEMA: Readonly<Record<(typeof EXEMPTION_KEYS)[number], PolicyConfigJSONSchema>> = {
    exemptions: {
        type: "array",
        default: [],
        items: {
            type: "object",
            required: ["resource", "reason", "expires"],
            properties: {
                resource: { type: "string", minLength: 1 },
                reason: { type: "string", minLength: 1 },
                expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
            },
        },
    },
    asOf: { type: "string", default: "" },
};

/** Whether `text` is a real calendar date `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Today's date in UTC, `YYYY-MM-DD`: what the pack judges exemptions at unless `asOf` says otherwise. */
export function todayUtc(now: Date = new Date()): string {
    return now.toISOString().slice(0, 10);
}

/** Parses the exemption settings of a policy; throws {@link InvalidSettingError} naming the entry and field. */
export function parseExemptionSettings(raw: Record<string, unknown>, policyName: string, now: () => Date = () => new Date()): ExemptionSettings {
    const asOfRaw = raw.asOf;
    if (asOfRaw !== undefined && asOfRaw !== "" && (typeof asOfRaw !== "string" || !isIsoDate(asOfRaw))) {
        throw new InvalidSettingError(policyName, "asOf", "must be a date YYYY-MM-DD (or empty for today)", asOfRaw);
    }
    const list = raw.exemptions;
    // The date matters only to exemptions; without any, the clock is not read.
    if (list === undefined || (Array.isArray(list) && list.length === 0)) return { exemptions: [], asOf: typeof asOfRaw === "string" ? asOfRaw : "" };
    const asOf = typeof asOfRaw === "string" && asOfRaw !== "" ? asOfRaw : todayUtc(now());
    if (!Array.isArray(list)) throw new InvalidSettingError(policyName, "exemptions", "must be a list of { resource, reason, expires }", list);
    const exemptions = list.map((entry, i): Exemption => {
        const key = `exemptions[${i}]`;
        if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw new InvalidSettingError(policyName, key, "must be an object { resource, reason, expires }", entry);
        const { resource, reason, expires, ...rest } = entry as Record<string, unknown>;
        const extra = Object.keys(rest);
        if (extra.length > 0) throw new InvalidSettingError(policyName, `${key}.${extra[0]}`, "is not a field of an exemption (resource, reason, expires)", rest[extra[0]]);
        if (typeof resource !== "string" || resource.trim() === "") throw new InvalidSettingError(policyName, `${key}.resource`, "must name the resource (URN, Pulumi name or Kind/namespace/name)", resource);
        if (typeof reason !== "string" || reason.trim() === "") throw new InvalidSettingError(policyName, `${key}.reason`, "must say why the violation is accepted", reason);
        if (typeof expires !== "string" || !isIsoDate(expires)) throw new InvalidSettingError(policyName, `${key}.expires`, "must be the last day the exemption holds, YYYY-MM-DD", expires);
        return { resource, reason, expires };
    });
    return { exemptions, asOf };
}

/** Whether an exemption has expired at `asOf` (it holds through its `expires` day). */
export function isExpired(exemption: Exemption, asOf: string): boolean {
    return asOf > exemption.expires;
}

/** The names a resource answers to in an exemption's `resource`. */
export interface ResourceNames {
    urn?: string;
    name?: string;
    /** `<Kind>/<namespace>/<name>` for a Kubernetes object. */
    ref?: string;
}

/** Whether an exemption names the resource. */
export function exemptionMatches(exemption: Exemption, names: ResourceNames): boolean {
    return [names.urn, names.name, names.ref].some((n) => n !== undefined && n === exemption.resource);
}

/** The violation an expired exemption reports. */
export function expiredMessage(exemption: Exemption): string {
    return `the exemption for ${exemption.resource} expired on ${exemption.expires} (reason given: ${describe(exemption.reason)}); fix the violations it covered, or renew it with a new expiry date`;
}

/**
 * Checks a `--policy-pack-config` file against the pack before the CLI sees it: every key is `all` or a
 * policy of the pack, every level is one the SDK knows, every setting is in the policy's configSchema
 * and passes the policy's own settings parser. The CLI performs the JSON-schema part itself at
 * preview time; this check lets the tests (and reviewers) catch a typo in a config file.
 * See https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/
 */
import type { PackPolicy } from "./common/define";
import { describe } from "./common/read";

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

/** The problems of one config object, each naming the file, the key and what would be valid. */
export function checkPackConfig(config: unknown, file: string, policies: readonly PackPolicy[]): string[] {
    if (typeof config !== "object" || config === null || Array.isArray(config)) return [`${file}: must be a JSON object of policy names to levels or settings`];
    const byName = new Map(policies.map((p) => [p.name, p]));
    const problems: string[] = [];
    for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
        if (key === "all") {
            if (!LEVELS.includes(value as string)) problems.push(`${file}: "all" must be one of ${LEVELS.join(", ")}, got ${describe(value)}`);
            continue;
        }
        const policy = byName.get(key);
        if (policy === undefined) {
            problems.push(`${file}: "${key}" is not a policy of the pack`);
            continue;
        }
        if (typeof value === "string") {
            if (!LEVELS.includes(value)) problems.push(`${file}: "${key}" must be one of ${LEVELS.join(", ")}, got ${describe(value)}`);
            continue;
        }
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
            problems.push(`${file}: "${key}" must be a level or an object of settings, got ${describe(value)}`);
            continue;
        }
        const { enforcementLevel, ...settings } = value as Record<string, unknown>;
        if (enforcementLevel !== undefined && !LEVELS.includes(enforcementLevel as string)) {
            problems.push(`${file}: "${key}".enforcementLevel must be one of ${LEVELS.join(", ")}, got ${describe(enforcementLevel)}`);
        }
        const known = Object.keys(policy.configSchema?.properties ?? {});
        for (const s of Object.keys(settings)) {
            if (!known.includes(s)) problems.push(`${file}: "${key}".${s} is not a setting of the policy (settings: ${known.length === 0 ? "none" : known.join(", ")})`);
        }
        if (policy.parseSettings !== undefined) {
            try {
                policy.parseSettings(settings);
            } catch (e) {
                problems.push(`${file}: ${(e as Error).message}`);
            }
        }
    }
    return problems;
}

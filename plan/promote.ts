/**
 * `npm run promote -- --from dev --to staging`: one commit is promoted stack by stack (dev → staging → prod).
 * Before the target's `pulumi up`, this shows how the target's stack file differs from the source's (key paths
 * added, removed and changed, with their values; secrets never shown) and runs the offline plan on the target
 * (`planStack`: the program under the mock runtime, the placement scenarios, the policy pack with
 * `policy/config/<target>.json`). With `--base REF` (the commit the target runs now) or `--base-file PATH`, it
 * first shows what the promotion does to the target's resources (docs/change-impact.md), under the target's
 * change gates. It refuses the promotion when the target's plan fails: a mandatory policy is violated, a scenario
 * the target promises (`aks-platform:placement.promises`) fails, or the change impact fails.
 *
 * Exit codes: 0 the target passes; 1 the target would fail (each reason on its own line); 2 bad input (unknown
 * option, unknown stack, the same stack twice, an invalid stack or policy config file, a program that fails on
 * the target's configuration), one line per problem, no stack trace. See docs/plan-promotion.md.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { loadPlatformSpec, StackConfigError, stackFileName } from "../config";
import { MAX_YAML_ALIASES } from "../config/load";
import { PolicyConfigError } from "../policy/offline";
import { InvalidObjectError } from "../scheduling/model/errors";
import { BaseRevisionError, type BaseSource } from "./base-revision";
import { planStack } from "./build-report";
import { runMain, projectVersion } from "./cli/main";
import { helpText, parseCommandLine, UsageError, type CommandSpec } from "./cli/options";
import { COLOR_CHOICES, styleFor } from "./cli/terminal";
import { BaseWorkspace } from "./impact-run";
import { impactText } from "./impact-report";
import { StackRunFailure, type ModuleLoader } from "./mock-runtime";
import { PROJECT_ROOT } from "./project-root";
import type { PlanReport } from "./report-types";

/** Promotion's command line: every option, its help line, examples and exit codes. */
export const PROMOTE_COMMAND: CommandSpec = {
    usage: "npm run promote --",
    summary: [
        "Checks a promotion of one commit from one stack to the next (dev → staging → prod): shows how the target's",
        "stack file differs from the source's (secrets never shown), then plans the target offline and refuses when",
        "the target would fail (a mandatory policy or a promised scenario).",
    ].join("\n"),
    options: [
        { name: "from", type: "string", value: "STACK", help: "the stack the commit runs on now (required)" },
        { name: "to", type: "string", value: "STACK", help: "the stack to promote it to (required)" },
        { name: "base", type: "string", value: "REF", help: "the commit the target runs now (e.g. its last deployment): show what the promotion does to the target's resources, under its change gates" },
        { name: "base-file", type: "string", value: "PATH", help: "the same against the target's deployed stack file" },
        { name: "color", type: "string", value: "WHEN", choices: COLOR_CHOICES, help: "colour the verdict: auto (on a terminal, unless NO_COLOR or CI is set), always, never" },
        { name: "help", short: "h", type: "boolean", help: "show this help and exit" },
        { name: "version", type: "boolean", help: "print the version and exit" },
    ],
    examples: [
        ["npm run promote -- --from dev --to staging", "the config difference, then staging's plan"],
        ["npm run promote -- --from=staging --to=prod", "the same for prod"],
        ["npm run promote -- --from staging --to prod --base deployed/prod", "with what it replaces and deletes in prod, against the tag of prod's last deployment"],
    ],
    exitCodes: [
        [0, "the target's plan passes: promote with `pulumi up --stack <target>`"],
        [1, "the target would fail, or its change impact is refused: each reason on its own line"],
        [2, "bad input: an unknown option or stack, the same stack twice, an invalid stack or policy config, a base that cannot be had or does not build (no stack trace)"],
        [3, "an internal error: a bug, printed with its stack trace; please report it"],
    ],
};

/** Shown instead of a secret's value (a `secure:` entry of a stack file), whatever it is. */
export const SECRET_PLACEHOLDER = "[secret]";

/** A command line or stack choice that cannot be run; reported as one line with exit code 2. */
export class PromoteUsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PromoteUsageError";
    }
}

/** One difference between two stack files' `config:` maps. */
export interface ConfigChange {
    /** `added`: only the target has the path; `removed`: only the source has it; `changed`: both, different values. */
    kind: "added" | "removed" | "changed";
    /**
     * The key path: the `config:` key (`aks-platform:cluster`), then `.field` for mappings and `[i]` for lists;
     * a list whose items all have a `name` is matched by name and written `[name=general]`.
     */
    path: string;
    /** The source's value as one line of YAML flow text, or {@link SECRET_PLACEHOLDER}; absent when added. */
    from?: string;
    /** The target's value, likewise; absent when removed. */
    to?: string;
}

type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A Pulumi secret in a stack file: a mapping whose only key is `secure` (`key: { secure: v1:… }`). */
function isSecret(value: unknown): boolean {
    return isRecord(value) && Object.keys(value).length === 1 && "secure" in value;
}

/** A value as one line for the diff; a secret anywhere inside it is replaced by the placeholder. */
function display(value: unknown): string {
    if (isSecret(value)) return SECRET_PLACEHOLDER;
    const masked = maskSecrets(value);
    return typeof masked === "string" ? JSON.stringify(masked) : YAML.stringify(masked, { collectionStyle: "flow", lineWidth: 0 }).trim();
}

function maskSecrets(value: unknown): Plain {
    if (isSecret(value)) return SECRET_PLACEHOLDER;
    if (Array.isArray(value)) return value.map(maskSecrets);
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v)]));
    return value as Plain;
}

/** Lists whose items are all mappings with a string `name` are compared item by item by name. */
function namedItems(list: unknown[]): Map<string, unknown> | undefined {
    const names = list.map((item) => (isRecord(item) && typeof item.name === "string" ? item.name : undefined));
    if (names.some((n) => n === undefined) || new Set(names).size !== names.length) return undefined;
    return new Map(list.map((item, i) => [names[i] as string, item]));
}

function childPath(parent: string, key: string): string {
    return parent === "" ? key : `${parent}.${key}`;
}

function diffValues(from: unknown, to: unknown, at: string, changes: ConfigChange[]): void {
    if (isSecret(from) || isSecret(to)) {
        // Each stack encrypts with its own key, so ciphertexts always differ: only a secret appearing or going is news.
        if (!(isSecret(from) && isSecret(to))) changes.push({ kind: "changed", path: at, from: display(from), to: display(to) });
        return;
    }
    if (isRecord(from) && isRecord(to)) {
        const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
        for (const key of keys) {
            const p = childPath(at, key);
            if (!(key in to)) changes.push({ kind: "removed", path: p, from: display(from[key]) });
            else if (!(key in from)) changes.push({ kind: "added", path: p, to: display(to[key]) });
            else diffValues(from[key], to[key], p, changes);
        }
        return;
    }
    if (Array.isArray(from) && Array.isArray(to)) {
        const a = namedItems(from);
        const b = namedItems(to);
        if (a !== undefined && b !== undefined) {
            for (const [name, item] of a) {
                const p = `${at}[name=${name}]`;
                if (b.has(name)) diffValues(item, b.get(name), p, changes);
                else changes.push({ kind: "removed", path: p, from: display(item) });
            }
            for (const [name, item] of b) if (!a.has(name)) changes.push({ kind: "added", path: `${at}[name=${name}]`, to: display(item) });
            return;
        }
        for (let i = 0; i < Math.max(from.length, to.length); i++) {
            const p = `${at}[${i}]`;
            if (i >= to.length) changes.push({ kind: "removed", path: p, from: display(from[i]) });
            else if (i >= from.length) changes.push({ kind: "added", path: p, to: display(to[i]) });
            else diffValues(from[i], to[i], p, changes);
        }
        return;
    }
    if (!Object.is(from, to)) changes.push({ kind: "changed", path: at, from: display(from), to: display(to) });
}

/**
 * The differences between two stack files' `config:` maps, in the source's key order then the target's new
 * keys. Every namespace is compared (`azure-native:location` too). Secrets are never shown: a `secure:` value
 * appears as {@link SECRET_PLACEHOLDER}, and a secret present in both stacks is not reported (each stack
 * encrypts with its own key, so the ciphertexts say nothing).
 */
export function diffStackConfig(from: Record<string, unknown>, to: Record<string, unknown>): ConfigChange[] {
    const changes: ConfigChange[] = [];
    diffValues(from, to, "", changes);
    return changes;
}

/** One change as a line: `+ path: value`, `- path: value` or `~ path: old → new`. */
export function formatConfigChange(change: ConfigChange): string {
    switch (change.kind) {
        case "added":
            return `+ ${change.path}: ${change.to}`;
        case "removed":
            return `- ${change.path}: ${change.from}`;
        case "changed":
            return `~ ${change.path}: ${change.from} → ${change.to}`;
    }
}

/** The `config:` map of `Pulumi.<stack>.yaml`, as written (all namespaces). Call after the stack loaded. */
function stackConfigMap(stack: string, dir: string): Record<string, unknown> {
    const content: unknown = YAML.parse(fs.readFileSync(path.join(dir, stackFileName(stack)), "utf8"), { maxAliasCount: MAX_YAML_ALIASES });
    const config = isRecord(content) ? content.config : undefined;
    return isRecord(config) ? config : {};
}

/** The stacks named by `--from A --to B` (in either order, `--from=A` too), and the base of the target's change impact when given. */
export function promotionFromArgs(args: readonly string[]): { from: string; to: string; base?: BaseSource } {
    const values = parseCommandLine(PROMOTE_COMMAND, args);
    const from = values.from as string | undefined;
    const to = values.to as string | undefined;
    if (from === undefined || to === undefined) throw new UsageError("both --from and --to are required");
    if (from === to) throw new PromoteUsageError(`--from and --to are both "${from}": promotion goes from one stack to another`);
    const ref = values.base as string | undefined;
    const file = values["base-file"] as string | undefined;
    if (ref !== undefined && file !== undefined) throw new UsageError("--base and --base-file exclude each other");
    const base: BaseSource | undefined = ref !== undefined ? { kind: "git", ref } : file !== undefined ? { kind: "file", path: file } : undefined;
    return { from, to, ...(base === undefined ? {} : { base }) };
}

/** Options of {@link runPromote}. */
export interface PromoteOptions {
    /** Module registry the target's program runs in (tests pass jest's); defaults to Node's. */
    loader?: ModuleLoader;
    /** Whether stdout is a terminal, and the environment (for colour). Defaults to neither. */
    tty?: boolean;
    env?: NodeJS.ProcessEnv;
}

/** Why a target's plan refuses the promotion: the plan's own exit reasons (empty when it passes). */
export function promotionBlockers(report: PlanReport): string[] {
    return report.exit.code === 0 ? [] : [...report.exit.reasons];
}

/** Runs the promotion check; resolves to the exit code. */
export async function runPromote(args: readonly string[], dir: string, out: (line: string) => void, err: (line: string) => void, options: PromoteOptions = {}): Promise<number> {
    let workspace: BaseWorkspace | undefined;
    try {
        const values = parseCommandLine(PROMOTE_COMMAND, args);
        if (values.help === true) {
            out(helpText(PROMOTE_COMMAND));
            return 0;
        }
        if (values.version === true) {
            const { name, version } = projectVersion();
            out(`${name} ${version} (promote, Node.js ${process.version})`);
            return 0;
        }
        const style = styleFor(values.color as string | undefined, options.tty ?? false, options.env ?? {});
        const { from, to, base } = promotionFromArgs(args);
        // Load both first: an unknown or invalid stack is bad input (exit 2) before anything is printed.
        loadPlatformSpec(from, dir);
        loadPlatformSpec(to, dir);
        const changes = diffStackConfig(stackConfigMap(from, dir), stackConfigMap(to, dir));
        workspace = base === undefined ? undefined : new BaseWorkspace(base, dir);
        const report = await planStack(to, { projectDir: dir, ...(options.loader === undefined ? {} : { loader: options.loader }), ...(workspace === undefined ? {} : { base: workspace }) });
        out(`Promoting ${from} → ${to}`);
        out("");
        out(`Configuration: ${stackFileName(from)} → ${stackFileName(to)} (${changes.length} difference${changes.length === 1 ? "" : "s"})`);
        for (const change of changes) out(`  ${formatConfigChange(change)}`);
        out("");
        // What promoting does to what the target runs now: only the caller knows which revision that is.
        if (report.impact === undefined) out(`Impact on ${to}: give --base REF (the commit ${to} runs now, e.g. its last deployment) or --base-file PATH to see what the promotion replaces and deletes.`);
        else for (const line of impactText(report.impact)) out(line.replace(/^Change impact/, `Impact on ${to}`));
        out("");
        const mandatory = report.policies.results.filter((r) => r.enforcement === "mandatory").length;
        const failing = report.placement.scenarios.filter((s) => s.promised && !s.ok).length;
        out(
            `Plan of ${to}: ${report.policies.evaluated} policies evaluated (${mandatory} mandatory violation${mandatory === 1 ? "" : "s"}, ${report.policies.results.length - mandatory} advisory); ` +
                `${report.placement.promised.length} promised scenario${report.placement.promised.length === 1 ? "" : "s"} (${failing} failing).`,
        );
        const blockers = promotionBlockers(report);
        if (blockers.length > 0) {
            out(`${style.bad("REFUSED")}: ${to} would fail:`);
            for (const reason of blockers) out(`  - ${reason}`);
            return 1;
        }
        out(`${style.good("OK")}: the plan for ${to} passes; promote with \`pulumi up --stack ${to}\`.`);
        return 0;
    } catch (e) {
        if (e instanceof StackConfigError || e instanceof InvalidObjectError || e instanceof PolicyConfigError || e instanceof StackRunFailure || e instanceof PromoteUsageError || e instanceof UsageError || e instanceof BaseRevisionError) {
            for (const line of e.message.split("\n")) err(line);
            return 2;
        }
        throw e;
    } finally {
        workspace?.dispose();
    }
}

if (require.main === module) {
    runMain("promote", (args, io) => runPromote(args, PROJECT_ROOT, io.out, io.err, { tty: io.tty.out, env: io.env }));
}

/**
 * `npm start` / `npm run plan -- [options]`: the offline plan of one stack or all of them. This file is the command
 * line only: its options (declared once, for parsing and `--help`), the stacks to plan, and which outputs to write;
 * the plan itself is `build-report.ts`, each output format its own file (`print.ts`, `markdown.ts`, `html/`,
 * `sarif.ts`); with `--base REF` or `--base-file PATH`, the change impact against that base comes first
 * (`impact-run.ts`, docs/change-impact.md). See docs/plan.md.
 *
 * Exit codes: 0 all good; 1 a mandatory policy fails, a workload cannot schedule in a scenario the stack promises,
 * or the change impact fails (a refused gated change, a protected resource replaced or deleted, an update the API
 * refuses); 2 bad input (an unknown option or stack, an invalid stack file, manifests or policy config, a base that
 * cannot be had or does not build), reported as ONE line without a stack trace; 3 an internal error (a bug), with
 * a request to report it (`cli/main.ts`).
 */
import * as fs from "fs";
import { StackConfigError } from "../config";
import { UnknownValueError } from "../placement";
import { PolicyConfigError } from "../policy/offline";
import { InvalidObjectError } from "../scheduling/model/errors";
import { BaseRevisionError, type BaseSource } from "./base-revision";
import { planStack, type ProgramRunner } from "./build-report";
import { runMain, projectVersion, type CommandIo } from "./cli/main";
import { helpText, parseCommandLine, UsageError, type CommandSpec, type ParsedOptions } from "./cli/options";
import { progressReporter, SYSTEM_CLOCK, type ProgressClock } from "./cli/progress";
import { selectStack, type StackSelection } from "./cli/stack-selection";
import { COLOR_CHOICES, styleFor } from "./cli/terminal";
import { renderHtmlReport } from "./html";
import { ManifestError, STDIN } from "./manifests";
import { BaseWorkspace } from "./impact-run";
import { formatMarkdown } from "./markdown";
import { StackRunFailure, type ModuleLoader } from "./mock-runtime";
import { formatPlanReport, summaryLine } from "./print";
import { PROJECT_ROOT } from "./project-root";
import type { ExitCode, PlanReport, PlanRun } from "./report-types";
import { formatSarif } from "./sarif";

export { UsageError } from "./cli/options";

/** The plan's command line: every option, its help line, examples and exit codes. */
export const PLAN_COMMAND: CommandSpec = {
    usage: "npm run plan --",
    summary: [
        "Plans stacks offline: runs the Pulumi program (index.ts) under Pulumi's mock runtime with Pulumi.<stack>.yaml,",
        "places every workload with kube-scheduler's rules on the nodes AKS builds in five scenarios (pools at their",
        "minimum and maximum, a zone lost, an upgrade drain, spot nodes evicted), and runs the policy pack with",
        "policy/config/<stack>.json. No Azure account, Pulumi CLI or cluster is needed. `npm start` is the plan of",
        "the selected stack.",
    ].join("\n"),
    options: [
        { name: "stack", short: "s", type: "string", value: "NAME", help: "plan Pulumi.NAME.yaml (default: $PULUMI_STACK, else the stack `pulumi stack select` chose, else dev)" },
        { name: "all-stacks", type: "boolean", help: "plan every Pulumi.<stack>.yaml of the project, in name order" },
        { name: "base", type: "string", value: "REF", help: "first show what the change does to the resources of git revision REF (a branch, tag or commit; the pull request's base): create, update, replace, delete, with the placement during replacements and the change gates" },
        { name: "base-file", type: "string", value: "PATH", help: "the same against a stack file (the head's program run on it), e.g. the deployed stack's" },
        { name: "manifests", type: "string", value: "PATH", multiple: true, help: "add Kubernetes YAML: a file, a folder of .yaml/.yml files, a pipe such as <(helm template …), or - for stdin" },
        { name: "json", type: "string", value: "FILE", whenAlone: "-", help: "write the whole run as JSON to FILE; alone, to stdout instead of the text" },
        { name: "markdown", type: "string", value: "FILE", help: "write the pull-request comment (GitHub markdown) to FILE, or - for stdout" },
        { name: "html", type: "string", value: "FILE", help: "write the self-contained HTML report to FILE" },
        { name: "sarif", type: "string", value: "FILE", help: "write SARIF 2.1.0 for code scanning (every violation and failed scenario at its line) to FILE, or - for stdout" },
        { name: "verbose", short: "v", type: "boolean", help: "list every policy violation with its message (grouped by policy otherwise) and every skipped object" },
        { name: "color", type: "string", value: "WHEN", choices: COLOR_CHOICES, help: "colour the text: auto (on a terminal, unless NO_COLOR or CI is set), always, never" },
        { name: "help", short: "h", type: "boolean", help: "show this help and exit" },
        { name: "version", type: "boolean", help: "print the version and exit" },
    ],
    examples: [
        ["npm start", "plan the selected stack (dev unless PULUMI_STACK or `pulumi stack select` says otherwise)"],
        ["npm run plan -- --stack prod --verbose", "plan prod, listing every policy violation"],
        ["npm run plan -- --stack prod --base origin/main", "what the branch does to prod's resources: replacements, deletions, their cost"],
        ["npm run plan -- --all-stacks --markdown plan.md", "plan every stack and write the pull-request comment"],
        ["npm run plan -- --stack prod --json", "the whole report as JSON on stdout"],
        ["npm run plan -- --all-stacks --sarif plan.sarif", "findings for GitHub code scanning"],
        ["helm template shop ./chart | npm run plan -- --manifests -", "add a chart's objects from stdin"],
        ["npm run plan -- --manifests=<(kustomize build overlays/dev)", "add kustomize output through a pipe"],
    ],
    exitCodes: [
        [0, "every mandatory policy passes and every promised scenario holds"],
        [1, "a mandatory policy fails, a workload cannot schedule in a scenario the stack promises, or the change impact fails (reasons under Verdict)"],
        [2, "bad input: an unknown option or stack, an invalid stack file, manifest or policy config, a base that cannot be had or does not build (one line, no stack trace)"],
        [3, "an internal error: a bug in the plan, printed with its stack trace; please report it"],
    ],
};

/** The parsed command line of a plan. */
export interface PlanOptions {
    /** Stacks to plan, in order. */
    stacks: string[];
    /** How the one stack was chosen when `--stack` was not given. */
    selection?: StackSelection;
    /** `--manifests` paths, in order (`-` for stdin). */
    manifests: string[];
    /** `--json` target: a file, or `-` for stdout. */
    json?: string;
    /** `--markdown` target: a file, or `-` for stdout. */
    markdown?: string;
    /** `--html` target file. */
    html?: string;
    /** `--sarif` target: a file, or `-` for stdout. */
    sarif?: string;
    /** `--base REF` (a git revision) or `--base-file PATH` (a stack file): adds the change impact. */
    base?: BaseSource;
    verbose: boolean;
    /** `--color`: auto, always or never. */
    color: string;
    help: boolean;
    version: boolean;
}

/** The stacks that have a `Pulumi.<stack>.yaml` in the project directory. */
export function availableStacks(dir: string): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

const str = (values: ParsedOptions, name: string): string | undefined => values[name] as string | undefined;

/**
 * Reads the command line.
 *
 * @param dir - The project directory (its stack files, and the Pulumi workspace's selection for it).
 * @throws UsageError naming the first argument it does not take, or options that exclude each other.
 */
export function parsePlanArgs(args: readonly string[], dir: string, env: NodeJS.ProcessEnv = {}): PlanOptions {
    const values = parseCommandLine(PLAN_COMMAND, args);
    const options: PlanOptions = {
        stacks: [],
        manifests: (values.manifests as string[] | undefined) ?? [],
        verbose: values.verbose === true,
        color: str(values, "color") ?? "auto",
        help: values.help === true,
        version: values.version === true,
    };
    for (const output of ["json", "markdown", "html", "sarif"] as const) {
        const target = str(values, output);
        if (target !== undefined) options[output] = target;
    }
    if (options.help || options.version) return options;
    const stack = str(values, "stack");
    if (values["all-stacks"] === true && stack !== undefined) throw new UsageError("--stack and --all-stacks exclude each other");
    const baseRef = str(values, "base");
    const baseFile = str(values, "base-file");
    if (baseRef !== undefined && baseFile !== undefined) throw new UsageError("--base and --base-file exclude each other");
    if (baseFile !== undefined && values["all-stacks"] === true) throw new UsageError("--base-file is one stack's file: give --stack with it, not --all-stacks");
    if (baseRef !== undefined) options.base = { kind: "git", ref: baseRef };
    if (baseFile !== undefined) options.base = { kind: "file", path: baseFile };
    if (options.html === STDIN) throw new UsageError("--html needs a file name (the HTML report is not written to stdout)");
    const toStdout = (["json", "markdown", "sarif"] as const).filter((o) => options[o] === STDIN);
    if (toStdout.length > 1) throw new UsageError(`only one of --${toStdout.join(", --")} can write to stdout (-)`);
    if (options.manifests.filter((m) => m === STDIN).length > 1) throw new UsageError("--manifests - given twice: standard input can be read once");
    if (values["all-stacks"] === true) options.stacks = availableStacks(dir);
    else if (stack !== undefined) options.stacks = [stack];
    else {
        options.selection = selectStack(dir, env);
        options.stacks = [options.selection.stack];
    }
    return options;
}

/** The run's verdict: the highest stack code and every stack's reasons. */
export function runOf(reports: PlanReport[]): PlanRun {
    const code = Math.max(0, ...reports.map((r) => r.exit.code)) as ExitCode;
    return { reports, exit: { code, reasons: reports.flatMap((r) => r.exit.reasons) } };
}

/** One line for an error that is bad input; `undefined` for anything else (a bug: exit 3). */
export function badInputLine(error: unknown): string | undefined {
    if (error instanceof StackRunFailure) return `${error.message.split("\n")[0]}`;
    if (error instanceof StackConfigError) return error.message.split("\n").join("; ");
    if (error instanceof UsageError || error instanceof ManifestError || error instanceof PolicyConfigError || error instanceof BaseRevisionError) return error.message.split("\n").join("; ");
    if (error instanceof InvalidObjectError || error instanceof UnknownValueError) return error.message.split("\n").join("; ");
    return undefined;
}

/** Where the plan writes and what it runs; the process's own, or a test's. */
export interface PlanIo extends Partial<Pick<CommandIo, "tty" | "env">> {
    /** Standard output, one line (or block) per call. */
    out: (text: string) => void;
    /** Standard error: progress, notes and errors. */
    err: (text: string) => void;
    /** Writes a file; defaults to `fs.writeFileSync`. */
    writeFile?: (file: string, text: string) => void;
    /** Reads standard input for `--manifests -`; defaults to file descriptor 0. */
    readStdin?: () => string;
    /** Module registry for the program runs; defaults to Node's. */
    loader?: ModuleLoader;
    /** Runs a stack's program; defaults to the mock runtime's `runProgram` (see `planStack`). */
    runProgram?: ProgramRunner;
    /** The clock of the progress lines; defaults to the system's. */
    clock?: ProgressClock;
}

/**
 * Runs the plan; returns the exit code. Bad input is one line on stderr and exit 2; any other error is thrown (the
 * process around it, `cli/main.ts`, reports it as an internal error).
 */
export async function run(args: readonly string[], dir: string, io: PlanIo): Promise<ExitCode> {
    const writeFile = io.writeFile ?? ((file: string, text: string) => fs.writeFileSync(file, text));
    const env = io.env ?? {};
    const reports: PlanReport[] = [];
    let options: PlanOptions;
    let base: BaseWorkspace | undefined;
    try {
        options = parsePlanArgs(args, dir, env);
        if (options.help) {
            io.out(helpText(PLAN_COMMAND));
            return 0;
        }
        if (options.version) {
            const { name, version } = projectVersion();
            io.out(`${name} ${version} (plan, Node.js ${process.version})`);
            return 0;
        }
        if (options.selection?.note !== undefined) io.err(`plan: ${options.selection.note}`);
        base = options.base === undefined ? undefined : new BaseWorkspace(options.base, dir);
        for (const [i, stack] of options.stacks.entries()) {
            const progress = progressReporter(io.err, `plan: ${stack}${options.stacks.length > 1 ? ` (${i + 1}/${options.stacks.length})` : ""}: `, io.clock ?? SYSTEM_CLOCK);
            reports.push(
                await planStack(stack, {
                    projectDir: dir,
                    manifests: options.manifests,
                    progress,
                    ...(io.readStdin === undefined ? {} : { manifestOptions: { readStdin: io.readStdin } }),
                    ...(io.loader === undefined ? {} : { loader: io.loader }),
                    ...(io.runProgram === undefined ? {} : { runProgram: io.runProgram }),
                    ...(base === undefined ? {} : { base }),
                }),
            );
        }
    } catch (error) {
        const line = badInputLine(error);
        if (line === undefined) throw error;
        io.err(line);
        return 2;
    } finally {
        base?.dispose();
    }
    const planRun = runOf(reports);
    const stdoutTaken = [options.json, options.markdown, options.sarif].includes(STDIN);
    const style = styleFor(options.color, io.tty?.out ?? false, env);
    if (!stdoutTaken) {
        for (const report of reports) {
            io.out(formatPlanReport(report, { style, verbose: options.verbose }));
            io.out("");
        }
        const chosen = options.selection === undefined ? "" : ` (stack chosen by ${options.selection.source})`;
        io.out(style.bold(`Summary${chosen}:`));
        for (const report of reports) io.out(`  ${summaryLine(report, style)}`);
    }
    const emit = (target: string | undefined, text: () => string) => {
        if (target === undefined) return;
        if (target === STDIN) io.out(text());
        else writeFile(target, text());
    };
    try {
        emit(options.json, () => `${JSON.stringify(planRun, null, 2)}\n`);
        emit(options.markdown, () => formatMarkdown(planRun));
        emit(options.html, () => renderHtmlReport(reports));
        emit(options.sarif, () => `${JSON.stringify(formatSarif(planRun, { version: projectVersion().version }), null, 2)}\n`);
    } catch (error) {
        io.err(`cannot write the report: ${(error as Error).message}`);
        return 2;
    }
    return planRun.exit.code;
}

if (require.main === module) {
    runMain("plan", (args, io) => run(args, PROJECT_ROOT, io));
}

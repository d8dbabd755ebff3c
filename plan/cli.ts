/**
 * `npm start` / `npm run plan -- [options]`: runs the Pulumi program (`index.ts`) under the mock runtime for a
 * stack's file (no Azure, no Pulumi CLI, no state) and reports what it registers: resources, node pools,
 * placement, scenario verdicts and the policy pack's results. See docs/plan.md.
 *
 * Exit codes: 0 all good; 1 a mandatory policy fails or a workload cannot schedule in a scenario the stack
 * promises; 2 bad input (unknown option or stack, missing or invalid stack file, unreadable or invalid
 * manifests, invalid policy config), reported as ONE line without a stack trace.
 */
import * as fs from "fs";
import { StackConfigError } from "../config";
import { InvalidObjectError } from "../scheduling/model/errors";
import { PolicyConfigError } from "../policy/offline";
import { UnknownValueError } from "../placement";
import { planStack, type ProgramRunner } from "./build-report";
import { renderHtmlReport } from "./html";
import { ManifestError } from "./manifests";
import { formatMarkdown } from "./markdown";
import { REPO_ROOT, StackRunFailure, type ModuleLoader } from "./mock-runtime";
import { formatPlanReport } from "./print";
import type { ExitCode, PlanReport, PlanRun } from "./report-types";

/** How to call the plan. */
export const USAGE =
    "usage: npm run plan -- [--stack NAME | --all-stacks] [--manifests PATH]... [--json FILE|-] [--markdown FILE|-] [--html FILE]";

/** Thrown for arguments the plan does not take. */
export class UsageError extends Error {
    constructor(message: string) {
        super(`${message}; ${USAGE}`);
        this.name = "UsageError";
    }
}

/** The parsed arguments. */
export interface PlanOptions {
    /** Stacks to plan, in order; `["dev"]` by default. */
    stacks: string[];
    /** `--manifests` paths, in order. */
    manifests: string[];
    /** `--json` target: a file, or `-` for stdout. */
    json?: string;
    /** `--markdown` target: a file, or `-` for stdout. */
    markdown?: string;
    /** `--html` target file. */
    html?: string;
}

/** The stacks that have a `Pulumi.<stack>.yaml` in the project directory. */
export function availableStacks(dir: string): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** Reads the arguments; throws {@link UsageError} naming the first one it does not take. */
export function parseArgs(args: readonly string[], dir: string): PlanOptions {
    let stack: string | undefined;
    let all = false;
    const options: PlanOptions = { stacks: [], manifests: [] };
    const value = (i: number, flag: string): string => {
        const v = args[i + 1];
        if (v === undefined || (v.startsWith("--") && v !== "-")) throw new UsageError(`${flag} needs a value`);
        return v;
    };
    for (let i = 0; i < args.length; i++) {
        const flag = args[i];
        switch (flag) {
            case "--stack":
                if (stack !== undefined) throw new UsageError("--stack given twice (use --all-stacks for every stack)");
                stack = value(i++, flag);
                break;
            case "--all-stacks":
                all = true;
                break;
            case "--manifests":
                options.manifests.push(value(i++, flag));
                break;
            case "--json":
            case "--markdown":
            case "--html": {
                const key = flag.slice(2) as "json" | "markdown" | "html";
                if (options[key] !== undefined) throw new UsageError(`${flag} given twice`);
                options[key] = value(i++, flag);
                break;
            }
            default:
                throw new UsageError(`unknown argument "${flag}"`);
        }
    }
    if (all && stack !== undefined) throw new UsageError("--stack and --all-stacks exclude each other");
    if (options.html === "-") throw new UsageError("--html needs a file name");
    if (options.json === "-" && options.markdown === "-") throw new UsageError("only one of --json and --markdown can write to stdout (-)");
    options.stacks = all ? availableStacks(dir) : [stack ?? "dev"];
    return options;
}

/** The run's verdict: the highest stack code and every stack's reasons. */
export function runOf(reports: PlanReport[]): PlanRun {
    const code = Math.max(0, ...reports.map((r) => r.exit.code)) as ExitCode;
    return { reports, exit: { code, reasons: reports.flatMap((r) => r.exit.reasons) } };
}

/** One line for an error that is bad input; `undefined` for anything else (a bug, shown with its stack). */
export function badInputLine(error: unknown): string | undefined {
    if (error instanceof StackRunFailure) return `${error.message.split("\n")[0]}`;
    if (error instanceof StackConfigError) return error.message.split("\n").join("; ");
    if (error instanceof UsageError || error instanceof ManifestError || error instanceof PolicyConfigError) return error.message;
    if (error instanceof InvalidObjectError || error instanceof UnknownValueError) return error.message.split("\n").join("; ");
    return undefined;
}

/** Where the plan writes. */
export interface PlanIo {
    /** Standard output, one line (or block) per call. */
    out: (text: string) => void;
    /** Standard error: progress and errors. */
    err: (text: string) => void;
    /** Writes a file; defaults to `fs.writeFileSync`. */
    writeFile?: (file: string, text: string) => void;
    /** Module registry for the program runs; defaults to Node's. */
    loader?: ModuleLoader;
    /** Runs a stack's program; defaults to the mock runtime's `runProgram` (see `planStack`). */
    runProgram?: ProgramRunner;
    /** Milliseconds now, for progress lines; defaults to `Date.now`. */
    now?: () => number;
}

/** Runs the plan; returns the exit code. */
export async function run(args: readonly string[], dir: string, io: PlanIo): Promise<ExitCode> {
    const writeFile = io.writeFile ?? ((file: string, text: string) => fs.writeFileSync(file, text));
    const now = io.now ?? Date.now;
    const reports: PlanReport[] = [];
    let options: PlanOptions;
    try {
        options = parseArgs(args, dir);
        const progress = options.stacks.length > 1;
        for (const [i, stack] of options.stacks.entries()) {
            const started = now();
            if (progress) io.err(`plan: ${stack} (${i + 1}/${options.stacks.length}): running the program under mocks…`);
            reports.push(
                await planStack(stack, {
                    projectDir: dir,
                    manifests: options.manifests,
                    ...(io.loader === undefined ? {} : { loader: io.loader }),
                    ...(io.runProgram === undefined ? {} : { runProgram: io.runProgram }),
                }),
            );
            if (progress) io.err(`plan: ${stack} done in ${((now() - started) / 1000).toFixed(1)} s`);
        }
    } catch (error) {
        const line = badInputLine(error);
        if (line === undefined) throw error;
        io.err(line);
        return 2;
    }
    const planRun = runOf(reports);
    const toStdout = options.json === "-" || options.markdown === "-";
    if (!toStdout) {
        for (const report of reports) {
            io.out(formatPlanReport(report));
            io.out("");
        }
    }
    const emit = (target: string | undefined, text: () => string) => {
        if (target === undefined) return;
        if (target === "-") io.out(text());
        else writeFile(target, text());
    };
    try {
        emit(options.json, () => `${JSON.stringify(planRun, null, 2)}\n`);
        emit(options.markdown, () => formatMarkdown(planRun));
        emit(options.html, () => renderHtmlReport(reports));
    } catch (error) {
        io.err(`cannot write the report: ${(error as Error).message}`);
        return 2;
    }
    return planRun.exit.code;
}

if (require.main === module) {
    run(process.argv.slice(2), REPO_ROOT, { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) }).then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            process.stderr.write(`plan: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
            process.exitCode = 3;
        },
    );
}

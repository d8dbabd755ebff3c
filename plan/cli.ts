/**
 * `npm start` / `npm run plan -- [--stack NAME | --all-stacks]`: validates stack files, shows what AKS will
 * give each node pool, where each workload's replicas land and every scenario's verdict, offline (no Azure,
 * no Pulumi CLI).
 *
 * Exit codes: 0 all good; 1 a kube-system pod AKS runs would find no node, or a scenario the stack promises
 * (`placement.promises`) fails; 2 bad input (unknown option or stack, missing or invalid stack file), reported
 * as one line per problem, without a stack trace.
 */
import * as fs from "fs";
import * as path from "path";
import { loadPlatformSpec, StackConfigError } from "../config";
import { InvalidObjectError } from "../scheduling/model/errors";
import { stackPoolReport } from "./pool-report";
import { formatStackPoolReport } from "./print";
import { formatStackPlacement, stackPlacement } from "./placement-section";

const PROJECT_DIR = path.resolve(__dirname, "..");
const USAGE = "usage: npm run plan -- [--stack NAME | --all-stacks]";

class UsageError extends Error {}

/** The stacks that have a `Pulumi.<stack>.yaml` in the project directory. */
export function availableStacks(dir: string): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** Reads the stacks the arguments ask for. */
export function stacksFromArgs(args: readonly string[], dir: string): string[] {
    if (args.length === 0) return ["dev"];
    if (args.length === 1 && args[0] === "--all-stacks") return availableStacks(dir);
    if (args.length === 2 && args[0] === "--stack") return [args[1]];
    throw new UsageError(`unknown arguments "${args.join(" ")}"; ${USAGE}`);
}

/** Runs the check; returns the exit code. */
export function run(args: readonly string[], dir: string, out: (line: string) => void, err: (line: string) => void): number {
    let code = 0;
    try {
        for (const stack of stacksFromArgs(args, dir)) {
            const spec = loadPlatformSpec(stack, dir);
            const report = stackPoolReport(spec);
            const placement = stackPlacement(spec);
            out(formatStackPoolReport(report));
            out("");
            out(formatStackPlacement(placement));
            out("");
            if (report.unschedulableSystemPods.length > 0 || placement.brokenPromises.length > 0) code = 1;
        }
    } catch (e) {
        if (e instanceof StackConfigError || e instanceof InvalidObjectError || e instanceof UsageError) {
            err(e.message);
            return 2;
        }
        throw e;
    }
    return code;
}

if (require.main === module) {
    process.exitCode = run(process.argv.slice(2), PROJECT_DIR, (l) => console.log(l), (l) => console.error(l));
}

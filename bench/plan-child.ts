/**
 * One measured plan, in its own process, for `bench/plan.ts`: the plan's `run()` as the CLI calls it, with the
 * project directory of a generated stack (`node dist/bench/plan-child.js <project dir> <plan arguments…>`). The
 * report is formatted as the CLI formats it and then dropped, so the terminal is not part of the measure. Prints
 * one JSON line: the exit code, the wall time of the run, the process's CPU time and its peak resident memory
 * (`process.resourceUsage().maxRSS`).
 */
import { run } from "../plan/cli";

async function main(): Promise<void> {
    const [dir, ...args] = process.argv.slice(2);
    const started = process.hrtime.bigint();
    const code = await run(args, dir, { out: () => undefined, err: () => undefined });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const usage = process.resourceUsage();
    process.stdout.write(`${JSON.stringify({ code, ms, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKiB: usage.maxRSS })}\n`);
}

void main();

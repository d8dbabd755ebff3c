/**
 * `npm run bench:plan`: what the offline plan costs, in fresh processes (nothing cached in memory between runs;
 * the OS file cache is warmed by one unmeasured run of each command first). Two parts:
 *
 * 1. Start-up (issue 13's target: each plan under 2× a bare `require("@pulumi/pulumi")`), the median of `--runs`
 *    runs (default 5) of
 *      (a) node -e 'require("@pulumi/pulumi")'
 *      (b) the command of package.json "start" (the dev plan, without npm itself)
 *      (c) the command of package.json "plan" with `--stack prod`
 *    with the ratios (b)/(a) and (c)/(a), and where the time goes (Node.js alone, the build-freshness check, the
 *    CLI's modules loaded without running, `npm start` through npm).
 * 2. Scale (issue 13's targets: 50,000 replicas across all five scenarios in under 30 s and 2 GiB; the cost per
 *    replica at 50,000 within 1.5× of that at 5,000), the median of `--scale-runs` runs (default 3) of the plan on
 *    generated stacks (`bench/estate.ts`): the dev stack with one workload of 1,000, 2,000 and 10,000 replicas on
 *    a general pool of up to 100 nodes; and an estate of 100 pools (5,000 nodes at their maximum) and 2,000
 *    workloads from manifests, with 5,000, 10,000 and 50,000 replicas.
 *
 * Every figure is wall time, with the measured process's CPU time and peak resident memory (its own
 * `process.resourceUsage()`); on a machine shared with other work wall time stretches, CPU time much less, so
 * both are reported with the load average. Not a test: figures depend on the machine.
 *
 * Usage: npm run bench:plan -- [--runs N] [--scale-runs N] [--startup-only | --scale-only]
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { PROJECT_ROOT } from "../plan/project-root";
import { ESTATE, estate, oneWorkloadStack, writeEstate, type GeneratedStack } from "./estate";

/** The start-up target: each plan under this many times a bare `require("@pulumi/pulumi")`. */
const STARTUP_TARGET = 2;
/** The scale targets at 50,000 replicas. */
const SCALE_TARGET = { seconds: 30, rssMiB: 2048, perReplicaRatio: 1.5 } as const;

/** One measured process: wall time, and the process's own CPU time and peak RSS. */
interface Sample {
    ms: number;
    cpuMs: number;
    rssMiB: number;
    code: number;
}

/** The medians of several samples. */
interface Measurement {
    label: string;
    ms: number;
    cpuMs: number;
    rssMiB: number;
    minMs: number;
    maxMs: number;
    codes: number[];
}

function median(values: number[]): number {
    const sorted = [...values].sort((x, y) => x - y);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summarise(label: string, samples: Sample[]): Measurement {
    return {
        label,
        ms: median(samples.map((s) => s.ms)),
        cpuMs: median(samples.map((s) => s.cpuMs)),
        rssMiB: median(samples.map((s) => s.rssMiB)),
        minMs: Math.min(...samples.map((s) => s.ms)),
        maxMs: Math.max(...samples.map((s) => s.ms)),
        codes: [...new Set(samples.map((s) => s.code))],
    };
}

/** A preload that writes the process's CPU time and peak RSS at exit, for commands that are not ours to change. */
const USAGE_PRELOAD = `process.on("exit", () => { const u = process.resourceUsage(); require("fs").writeFileSync(process.env.BENCH_PLAN_USAGE_FILE, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKiB: u.maxRSS })); });\n`;

interface Command {
    label: string;
    file: string;
    args: string[];
    /** Whether `file` is this Node.js (the usage preload can then be added). Defaults to true. */
    node?: boolean;
}

/** Runs a command once, measuring it from outside (wall time) and inside (the preload's CPU time and peak RSS). */
function runOnce(command: Command, scratch: string): Sample {
    const usageFile = path.join(scratch, "usage.json");
    fs.rmSync(usageFile, { force: true });
    const isNode = command.node !== false;
    const args = isNode ? ["-r", path.join(scratch, "usage-preload.js"), ...command.args] : command.args;
    const start = process.hrtime.bigint();
    const result = spawnSync(command.file, args, { cwd: PROJECT_ROOT, env: { ...process.env, BENCH_PLAN_USAGE_FILE: usageFile }, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.error !== undefined) throw new Error(`${command.label}: could not start ${command.file}: ${result.error.message}`);
    if (result.status === null) throw new Error(`${command.label}: killed by ${result.signal}`);
    const usage = isNode && fs.existsSync(usageFile) ? (JSON.parse(fs.readFileSync(usageFile, "utf8")) as { cpuMs: number; maxRssKiB: number }) : { cpuMs: NaN, maxRssKiB: NaN };
    return { ms, cpuMs: usage.cpuMs, rssMiB: usage.maxRssKiB / 1024, code: result.status };
}

function measure(command: Command, runs: number, scratch: string): Measurement {
    runOnce(command, scratch);
    const samples = Array.from({ length: runs }, () => runOnce(command, scratch));
    process.stderr.write(`  measured ${command.label}\n`);
    return summarise(command.label, samples);
}

/** package.json's script `name` as a command run by this Node.js (`node …`), plus `extra` arguments. */
function scriptCommand(name: string, extra: string[] = []): Command {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts?: Record<string, string> };
    const script = pkg.scripts?.[name];
    if (script === undefined) throw new Error(`package.json: scripts.${name} is missing; bench/plan.ts measures the command it runs`);
    const [program, ...args] = script.split(/\s+/);
    if (program !== "node") throw new Error(`package.json: scripts.${name} is "${script}"; bench/plan.ts expects it to start with "node"`);
    return { label: `npm ${name === "start" ? "start" : `run ${name}`}${extra.length > 0 ? ` -- ${extra.join(" ")}` : ""}`, file: process.execPath, args: [...args, ...extra] };
}

const ms = (v: number) => `${Math.round(v)}`.padStart(6);

function startupRow(m: Measurement, base?: Measurement): string {
    const ratio = base === undefined ? "" : `  ${(m.ms / base.ms).toFixed(2)}× (cpu ${(m.cpuMs / base.cpuMs).toFixed(2)}×)`;
    const cpu = Number.isNaN(m.cpuMs) ? "" : `  cpu ${ms(m.cpuMs)} ms  rss ${Math.round(m.rssMiB)} MiB`;
    return `  ${m.label.padEnd(58)} ${ms(m.ms)} ms (${ms(m.minMs)}–${ms(m.maxMs)})${cpu}  exit ${m.codes.join("/")}${ratio}`;
}

function startup(runs: number, scratch: string): void {
    const dev = scriptCommand("start");
    const prod = scriptCommand("plan", ["--stack", "prod"]);
    const entry = dev.args[dev.args.length - 1];
    console.log(`\nStart-up: median of ${runs} run(s) in fresh processes after one warm-up`);
    const bare = measure({ label: `(a) node -e 'require("@pulumi/pulumi")'`, file: process.execPath, args: ["-e", 'require("@pulumi/pulumi")'] }, runs, scratch);
    const devPlan = measure({ ...dev, label: `(b) ${dev.label} (dev plan)` }, runs, scratch);
    const prodPlan = measure({ ...prod, label: `(c) ${prod.label} (prod plan)` }, runs, scratch);
    console.log(startupRow(bare));
    console.log(startupRow(devPlan, bare));
    console.log(startupRow(prodPlan, bare));
    for (const [name, m] of [["dev", devPlan], ["prod", prodPlan]] as const) {
        const ratio = m.ms / bare.ms;
        console.log(`  ${name} plan / bare start-up = ${ratio.toFixed(2)}× wall, ${(m.cpuMs / bare.cpuMs).toFixed(2)}× cpu (target < ${STARTUP_TARGET}×): ${ratio < STARTUP_TARGET ? "met" : "MISSED"}`);
    }
    console.log("\n  Where the time goes (ratios against (a)):");
    const parts = [
        measure({ label: "node -e '' (Node.js alone)", file: process.execPath, args: ["-e", ""] }, runs, scratch),
        measure({ label: "node -r ./scripts/fresh-build.js -e '' (build check)", file: process.execPath, args: ["-r", "./scripts/fresh-build.js", "-e", ""] }, runs, scratch),
        measure({ label: `node -e 'require("./${entry}")' (CLI loaded, not run)`, file: process.execPath, args: ["-e", `require("./${entry}")`] }, runs, scratch),
        measure({ label: "npm start through npm (adds npm's own start-up)", file: "npm", args: ["start", "--silent"], node: false }, runs, scratch),
    ];
    for (const m of parts) console.log(startupRow(m, bare));
}

/** One row of the scale table: a generated stack and how to plan it. */
interface ScaleCase {
    generated: GeneratedStack;
    args: string[];
}

function scaleCases(dir: string): ScaleCase[] {
    const cases: ScaleCase[] = [];
    for (const replicas of [1000, 2000, 10000]) {
        const generated = oneWorkloadStack(PROJECT_ROOT, replicas);
        writeEstate(dir, generated);
        cases.push({ generated, args: ["--stack", generated.stack] });
    }
    for (const replicas of [5000, 10000, 50000]) {
        const generated = estate({ ...ESTATE, replicas });
        const manifests = writeEstate(dir, generated)!;
        cases.push({ generated, args: ["--stack", generated.stack, "--manifests", manifests] });
    }
    return cases;
}

function scale(runs: number, scratch: string): void {
    const dir = path.join(scratch, "project");
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    const child = path.join(__dirname, "plan-child.js");
    console.log(`\nScale: median of ${runs} run(s) per size in fresh processes (the plan's run(), all five scenarios, the pack at its defaults)`);
    console.log("\n| Stack | Pools | Nodes at max | Workloads | Replicas | Time | CPU | Peak RSS | Exit | Per replica |");
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    const results = new Map<string, Measurement>();
    for (const c of scaleCases(dir)) {
        const samples: Sample[] = [];
        for (let i = 0; i < runs; i++) {
            const started = process.hrtime.bigint();
            const result = spawnSync(process.execPath, [child, dir, ...c.args], { cwd: PROJECT_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
            const wall = Number(process.hrtime.bigint() - started) / 1e6;
            const line = result.stdout.trim().split("\n").pop() ?? "";
            if (result.status !== 0 || !line.startsWith("{")) throw new Error(`${c.generated.stack}: the measured plan failed (exit ${result.status}): ${result.stderr.trim().split("\n").slice(-3).join(" / ")}`);
            const usage = JSON.parse(line) as { code: number; cpuMs: number; maxRssKiB: number };
            samples.push({ ms: wall, cpuMs: usage.cpuMs, rssMiB: usage.maxRssKiB / 1024, code: usage.code });
        }
        const m = summarise(c.generated.stack, samples);
        results.set(c.generated.stack, m);
        const g = c.generated;
        const perReplica = `${((m.ms / g.replicas) * 1000).toFixed(0)} µs`;
        console.log(
            `| ${g.workloads === 1 ? "dev, one workload" : "estate (manifests)"} | ${g.pools} | ${g.maxNodes.toLocaleString("en")} | ${g.workloads.toLocaleString("en")} | ${g.replicas.toLocaleString("en")} | ${(m.ms / 1000).toFixed(1)} s | ${(m.cpuMs / 1000).toFixed(1)} s | ${(m.rssMiB / 1024).toFixed(2)} GiB | ${m.codes.join("/")} | ${perReplica} |`,
        );
    }
    const big = results.get("bench-estate-50000")!;
    const small = results.get("bench-estate-5000")!;
    const ratio = big.ms / 50000 / (small.ms / 5000);
    console.log("");
    console.log(`  50,000 replicas: ${(big.ms / 1000).toFixed(1)} s (target < ${SCALE_TARGET.seconds} s): ${big.ms < SCALE_TARGET.seconds * 1000 ? "met" : "MISSED"}`);
    console.log(`  50,000 replicas: peak RSS ${(big.rssMiB / 1024).toFixed(2)} GiB (target < ${SCALE_TARGET.rssMiB / 1024} GiB): ${big.rssMiB < SCALE_TARGET.rssMiB ? "met" : "MISSED"}`);
    console.log(`  cost per replica at 50,000 / at 5,000 = ${ratio.toFixed(2)}× (target ≤ ${SCALE_TARGET.perReplicaRatio}×): ${ratio <= SCALE_TARGET.perReplicaRatio ? "met" : "MISSED"}`);
}

function main(): void {
    let options;
    try {
        options = parseArgs({
            options: {
                runs: { type: "string", default: "5" },
                "scale-runs": { type: "string", default: "3" },
                "startup-only": { type: "boolean", default: false },
                "scale-only": { type: "boolean", default: false },
            },
            strict: true,
            allowPositionals: false,
        }).values;
    } catch (e) {
        console.error(`bench/plan: ${(e as Error).message}; usage: npm run bench:plan -- [--runs N] [--scale-runs N] [--startup-only | --scale-only]`);
        process.exitCode = 2;
        return;
    }
    const count = (flag: string, value: string): number => {
        if (!/^[1-9]\d*$/.test(value)) throw new Error(`--${flag} must be a positive whole number, got "${value}"`);
        return Number(value);
    };
    const runs = count("runs", options.runs);
    const scaleRuns = count("scale-runs", options["scale-runs"]);
    const load = os.loadavg()[0];
    console.log(`Plan benchmark: Node.js ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? "unknown"}), load average ${load.toFixed(1)} at the start`);
    if (load > os.cpus().length - 0.5) console.log("  The machine is busy with other work: wall times stretch; compare the CPU times, and re-measure on a quiet machine.");
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-plan-"));
    fs.writeFileSync(path.join(scratch, "usage-preload.js"), USAGE_PRELOAD);
    try {
        if (!options["scale-only"]) startup(runs, scratch);
        if (!options["startup-only"]) scale(scaleRuns, scratch);
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
    console.log(`\nload average at the end: ${os.loadavg()[0].toFixed(1)}`);
}

main();

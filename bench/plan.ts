/**
 * How much the offline plan costs against the bare start-up of Node.js loading `@pulumi/pulumi` (issue 6,
 * Performance: aim for the plan to cost less than three times that start-up).
 *
 * Every measurement runs in a fresh child process (nothing cached in memory between runs; the OS file cache
 * is warmed by one unmeasured run first), `--runs` times (default 5), and reports the median wall time:
 *   (a) bare start-up     node -e 'require("@pulumi/pulumi")'
 *   (b) dev plan          the command of package.json "start"   (what `npm start` runs, without npm itself)
 *   (c) prod plan         the command of package.json "plan" with `--stack prod`
 * then the ratios (b)/(a) and (c)/(a) against the target, and where the time goes:
 *   Node.js alone, npm start through npm (npm's own start-up), ts-node registered alone, the plan's modules loaded by the same
 *   launcher without running (transpiling + module loading), the @pulumi modules the sources import
 *   (azure-native, kubernetes, policy) in plain Node, and the dev plan with ts-node's SWC transpiler instead of TypeScript's (same output checked).
 *
 * Run: `npm run bench:plan` (or `-- --runs 9`). Not a test: figures depend on the machine.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const TARGET_RATIO = 3;

interface Command {
    label: string;
    file: string;
    args: string[];
    env?: NodeJS.ProcessEnv;
    /** Whether `file` is this Node.js binary, so a preload can report the process's CPU time (default true). */
    node?: boolean;
}

interface Measurement {
    label: string;
    medianMs: number;
    /** Median CPU time (user + system) of the measured Node.js process; undefined when not a Node.js process. */
    cpuMs: number | undefined;
    minMs: number;
    maxMs: number;
    exitCodes: number[];
}

function parseRuns(argv: readonly string[]): number {
    if (argv.length === 0) return 5;
    if (argv.length === 2 && argv[0] === "--runs" && /^[1-9]\d*$/.test(argv[1])) return Number(argv[1]);
    console.error(`bench/plan.ts: unknown arguments "${argv.join(" ")}"; usage: npm run bench:plan -- [--runs N] (N a positive integer, default 5)`);
    process.exit(2);
}

/** package.json's script `name` as a command: `node …` runs with this Node.js binary. */
function scriptCommand(name: string, extra: string[] = []): Command {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts?: Record<string, string> };
    const script = pkg.scripts?.[name];
    if (script === undefined) throw new Error(`package.json: scripts.${name} is missing; bench/plan.ts measures the command it runs`);
    const [program, ...args] = script.split(/\s+/);
    if (program !== "node") throw new Error(`package.json: scripts.${name} is "${script}"; bench/plan.ts expects it to start with "node"`);
    return { label: `npm ${name === "start" ? "start" : `run ${name}`}${extra.length > 0 ? ` -- ${extra.join(" ")}` : ""}`, file: process.execPath, args: [...args, ...extra] };
}

/** The launcher flags of a script (everything before its entry file), e.g. `-r ts-node/register/transpile-only`. */
function launcherFlags(command: Command): string[] {
    const entry = command.args.findIndex((a) => a.endsWith(".ts"));
    if (entry < 0) throw new Error(`${command.label}: "${command.args.join(" ")}" names no .ts entry file; bench/plan.ts cannot split the launcher from it`);
    return command.args.slice(0, entry);
}

/** The `@pulumi/*` packages and modules the sources import (azure-native, kubernetes, policy, pulumi): what the plan loads from Pulumi's SDKs. */
function pulumiModules(): string[] {
    const found = new Set<string>();
    const visit = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            if (entry.name === "node_modules" || entry.name === "tests" || entry.name.startsWith(".")) continue;
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) visit(full);
            else if (entry.name.endsWith(".ts")) {
                for (const m of fs.readFileSync(full, "utf8").matchAll(/from "(@pulumi\/[\w-]+(?:\/[\w/-]+)?)"/g)) found.add(m[1]);
            }
        }
    };
    visit(ROOT);
    return [...found].sort();
}

/**
 * A preload that writes the process's own CPU time at exit: on a loaded machine (other jobs on the same
 * cores) wall time stretches, CPU time much less, so both are reported.
 */
const CPU_PRELOAD = `process.on("exit", () => { const u = process.cpuUsage(); require("fs").writeFileSync(process.env.BENCH_PLAN_CPU_FILE, String((u.user + u.system) / 1000)); });\n`;

let scratch = "";

function runOnce(command: Command): { ms: number; cpuMs: number | undefined; code: number; stdout: string } {
    const isNode = command.node !== false;
    const cpuFile = path.join(scratch, "cpu.txt");
    fs.rmSync(cpuFile, { force: true });
    const args = isNode ? ["-r", path.join(scratch, "cpu-preload.js"), ...command.args] : command.args;
    const start = process.hrtime.bigint();
    const result = spawnSync(command.file, args, { cwd: ROOT, env: { ...process.env, ...command.env, BENCH_PLAN_CPU_FILE: cpuFile }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.error !== undefined) throw new Error(`${command.label}: could not start ${command.file}: ${result.error.message}`);
    if (result.status === null) throw new Error(`${command.label}: killed by ${result.signal}`);
    const cpuMs = isNode && fs.existsSync(cpuFile) ? Number(fs.readFileSync(cpuFile, "utf8")) : undefined;
    return { ms, cpuMs, code: result.status, stdout: result.stdout };
}

/** Whether two commands print the same, run back to back (so an edit of the sources between runs cannot differ them). */
function sameOutput(a: Command, b: Command): boolean {
    return runOnce(a).stdout === runOnce(b).stdout;
}

function median(values: number[]): number {
    const sorted = [...values].sort((x, y) => x - y);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function measure(command: Command, runs: number): Measurement {
    runOnce(command);
    const times: number[] = [];
    const cpu: number[] = [];
    const codes: number[] = [];
    for (let i = 0; i < runs; i++) {
        const r = runOnce(command);
        times.push(r.ms);
        if (r.cpuMs !== undefined) cpu.push(r.cpuMs);
        codes.push(r.code);
    }
    process.stderr.write(`  measured ${command.label}\n`);
    return { label: command.label, medianMs: median(times), cpuMs: cpu.length === runs ? median(cpu) : undefined, minMs: Math.min(...times), maxMs: Math.max(...times), exitCodes: [...new Set(codes)] };
}

function row(m: Measurement, base?: Measurement): string {
    const ms = (v: number) => `${Math.round(v)}`.padStart(6);
    const ratio = base === undefined ? "" : `  wall ${(m.medianMs / base.medianMs).toFixed(2)}×`;
    const cpuRatio = base?.cpuMs === undefined || m.cpuMs === undefined ? "" : `, cpu ${(m.cpuMs / base.cpuMs).toFixed(2)}×`;
    const cpu = m.cpuMs === undefined ? "".padStart(13) : `  cpu ${ms(m.cpuMs)} ms`;
    return `  ${m.label.padEnd(74)} ${ms(m.medianMs)} ms (${ms(m.minMs)}–${ms(m.maxMs)})${cpu}  exit ${m.exitCodes.join("/")}${ratio}${cpuRatio}`;
}

function main(): void {
    const runs = parseRuns(process.argv.slice(2));
    const dev = scriptCommand("start");
    const prod = scriptCommand("plan", ["--stack", "prod"]);
    const flags = launcherFlags(dev);
    const entry = dev.args[flags.length];
    const modules = pulumiModules();

    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-plan-"));
    fs.writeFileSync(path.join(scratch, "cpu-preload.js"), CPU_PRELOAD);
    // ts-node reads its `swc` switch from a tsconfig only: a temporary one extends the project's.
    const swcProject = path.join(scratch, "tsconfig.json");
    fs.writeFileSync(swcProject, JSON.stringify({ extends: path.join(ROOT, "tsconfig.json"), "ts-node": { swc: true } }));

    console.log(`Plan benchmark: median of ${runs} run(s) in fresh processes after one warm-up, Node.js ${process.version}, ${os.cpus().length} CPU(s), load average ${os.loadavg()[0].toFixed(1)}`);
    try {
        const bare = measure({ label: `(a) node -e 'require("@pulumi/pulumi")'`, file: process.execPath, args: ["-e", 'require("@pulumi/pulumi")'] }, runs);
        const devPlan = measure({ ...dev, label: `(b) ${dev.label} (dev plan)` }, runs);
        const prodPlan = measure({ ...prod, label: `(c) ${prod.label} (prod plan)` }, runs);
        console.log("");
        console.log(row(bare));
        console.log(row(devPlan, bare));
        console.log(row(prodPlan, bare));
        console.log("");
        for (const [name, m] of [["dev", devPlan], ["prod", prodPlan]] as const) {
            const ratio = m.medianMs / bare.medianMs;
            const cpu = m.cpuMs !== undefined && bare.cpuMs !== undefined ? ` (cpu ${(m.cpuMs / bare.cpuMs).toFixed(2)}×)` : "";
            console.log(`  ${name} plan / bare start-up = ${ratio.toFixed(2)}×${cpu} (target < ${TARGET_RATIO}×): ${ratio < TARGET_RATIO ? "met" : "MISSED"}`);
        }

        console.log("\nWhere the time goes (ratios against (a)):");
        const breakdown = [
            measure({ label: "node -e '' (Node.js alone)", file: process.execPath, args: ["-e", ""] }, runs),
            measure({ label: "npm start through npm (adds npm's start-up)", file: "npm", args: ["start", "--silent"], node: false }, runs),
            measure({ label: `node ${flags.join(" ")} -e '' (ts-node alone)`, file: process.execPath, args: [...flags, "-e", ""] }, runs),
            measure({ label: `node ${flags.join(" ")} -e 'require("./${entry}")' (load only)`, file: process.execPath, args: [...flags, "-e", `require("./${entry}")`] }, runs),
            measure({ label: `node -e 'require(${modules.length} @pulumi modules the sources import)'`, file: process.execPath, args: ["-e", modules.map((m) => `require(${JSON.stringify(m)})`).join(";")] }, runs),
        ];
        const swcDev: Command = { ...dev, label: "(b) with ts-node's SWC transpiler (TS_NODE_PROJECT)", env: { TS_NODE_PROJECT: swcProject } };
        const swc = measure(swcDev, runs);
        for (const m of [...breakdown, swc]) console.log(row(m, bare));
        const loadOnly = breakdown[3];
        const cpuDiff = (x: Measurement, y: Measurement) => (x.cpuMs === undefined || y.cpuMs === undefined ? "" : ` (cpu ${Math.round(x.cpuMs - y.cpuMs)} ms)`);
        console.log(`\n  the dev plan after its CLI is loaded ((b) − load only): ${Math.round(devPlan.medianMs - loadOnly.medianMs)} ms${cpuDiff(devPlan, loadOnly)}`);
        console.log(`  transpiling with SWC instead of TypeScript saves ${Math.round(devPlan.medianMs - swc.medianMs)} ms${cpuDiff(devPlan, swc)}; same output: ${sameOutput(dev, swcDev) ? "yes" : "NO"}`);
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
}

main();

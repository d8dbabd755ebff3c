/**
 * `npm run bench:impact`: what `--base` adds to a plan (issue 10's target: base plus head under 2× the head alone).
 * A temporary git repository holds the project twice: commit 1 as it is, commit 2 with prod's general pool on
 * another VM size (a delete-first replacement, so the impact measures its replacement window too). Each figure is
 * the median of `--runs` fresh processes (default 5; one unmeasured run of each first), alternating:
 *   (a) the prod plan of commit 2 alone;
 *   (b) the same plan with `--base HEAD~1`: the base written out of git, compiled, run under mocks, compared.
 * Wall time with each process's CPU time; on a shared machine wall time stretches and CPU time much less, so
 * both are printed with the load average. Not a test: figures depend on the machine.
 *
 * Usage: npm run bench:impact -- [--runs N] [--stack NAME]
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { PROJECT_ROOT } from "../plan/project-root";

/** The target: base plus head within this many times the head alone. */
const TARGET_RATIO = 2;

interface Sample {
    ms: number;
    cpuMs: number;
    code: number;
}

function median(values: number[]): number {
    const sorted = [...values].sort((x, y) => x - y);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example.com", ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** The project copied into a new repository: commit 1 as it is, commit 2 with the stack's first user pool resized. */
function repositoryWithChange(stack: string): string {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "bench-impact-"));
    const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], { cwd: PROJECT_ROOT, encoding: "utf8" })
        .split("\n")
        .filter((f) => f !== "" && !f.startsWith("node_modules/") && !f.startsWith("dist/"));
    for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
        fs.copyFileSync(path.join(PROJECT_ROOT, file), path.join(repo, file));
    }
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "base");
    const stackFile = path.join(repo, `Pulumi.${stack}.yaml`);
    const text = fs.readFileSync(stackFile, "utf8");
    const changed = text.replace(/(aks-platform:nodePools:\s*\n\s*- name: [a-z0-9]+\s*\n\s*vmSize: )Standard_D(\d+)ds_v5/, (_m, head: string, cores: string) => `${head}Standard_E${cores}ds_v5`);
    if (changed === text) throw new Error(`bench: the first pool of Pulumi.${stack}.yaml is not a Standard_D*ds_v5 pool to resize`);
    fs.writeFileSync(stackFile, changed);
    git(repo, "commit", "-qam", "first pool resized");
    return repo;
}

function runOnce(repo: string, args: string[]): Sample {
    const child = path.join(PROJECT_ROOT, "dist", "bench", "plan-child.js");
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [child, repo, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const wall = Number(process.hrtime.bigint() - started) / 1e6;
    const line = result.stdout.trim().split("\n").pop() ?? "";
    let parsed: { code: number; cpuMs: number };
    try {
        parsed = JSON.parse(line) as { code: number; cpuMs: number };
    } catch {
        throw new Error(`bench: the plan printed no measure (exit ${result.status}): ${result.stderr.split("\n")[0] ?? ""}`);
    }
    return { ms: wall, cpuMs: parsed.cpuMs, code: parsed.code };
}

function main(): void {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, stack: { type: "string", default: "prod" } } });
    const runs = Number(values.runs);
    const stack = values.stack ?? "prod";
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`bench: --runs must be a whole number ≥ 1, got ${values.runs}`);
    const repo = repositoryWithChange(stack);
    try {
        const headArgs = ["--stack", stack];
        const baseArgs = ["--stack", stack, "--base", "HEAD~1"];
        runOnce(repo, headArgs);
        runOnce(repo, baseArgs);
        const head: Sample[] = [];
        const both: Sample[] = [];
        for (let i = 0; i < runs; i++) {
            head.push(runOnce(repo, headArgs));
            both.push(runOnce(repo, baseArgs));
        }
        const line = (label: string, samples: Sample[]) =>
            `${label.padEnd(34)} ${(median(samples.map((s) => s.ms)) / 1000).toFixed(2)} s wall (min ${(Math.min(...samples.map((s) => s.ms)) / 1000).toFixed(2)}, max ${(Math.max(...samples.map((s) => s.ms)) / 1000).toFixed(2)}), ${(median(samples.map((s) => s.cpuMs)) / 1000).toFixed(2)} s CPU; exit ${[...new Set(samples.map((s) => s.code))].join("/")}`;
        console.log(`bench:impact: ${stack}, ${runs} run(s) each, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}, ${os.cpus().length} CPU(s)`);
        console.log(line("(a) head alone", head));
        console.log(line("(b) base + head (--base HEAD~1)", both));
        const wallRatio = median(both.map((s) => s.ms)) / median(head.map((s) => s.ms));
        const cpuRatio = median(both.map((s) => s.cpuMs)) / median(head.map((s) => s.cpuMs));
        console.log(`ratio (b)/(a): ${wallRatio.toFixed(2)}× wall, ${cpuRatio.toFixed(2)}× CPU (target under ${TARGET_RATIO}×: ${wallRatio < TARGET_RATIO ? "met" : "NOT met"})`);
    } finally {
        fs.rmSync(repo, { recursive: true, force: true });
    }
}

main();

/**
 * `npm run plan -- --base REF` and `--base-file PATH` end to end, through git: a temporary repository holding
 * the project (commit 1), then a prod edit (commit 2: pool general's VM size), then a branch whose program does
 * not build. The base is written out of git and run under mocks; the head is the same program on commit 2's
 * stack file. Bad input (unknown ref, shallow clone, not a repository, a base that fails) is one line, exit 2.
 * A `--base-file` comparison that succeeds runs in tests/plan/promote.test.ts (the same `planStack`).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run, type PlanIo } from "../../plan/cli";
import type { PlanRun } from "../../plan/report-types";
import { jestModuleLoader, REPO_ROOT, runProgram, type StackRun } from "../helpers/pulumi-mocks";

let repo: string;
/** Temporary folders to remove at the end. */
const temporary: string[] = [];
const tempDir = (prefix: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    temporary.push(dir);
    return dir;
};
const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

/** Program runs shared by the cases: the head's is the same each time. */
const runs = new Map<string, Promise<StackRun>>();
function sharedRun(stack: string, projectDir: string, program?: string): Promise<StackRun> {
    const key = `${stack}|${projectDir}|${program ?? "head"}`;
    if (!runs.has(key)) runs.set(key, runProgram(stack, { projectDir, loader: jestModuleLoader, ...(program === undefined ? {} : { program }) }));
    return runs.get(key)!;
}

async function plan(args: string[], dir = repo): Promise<{ code: number; out: string[]; err: string[]; files: Map<string, string> }> {
    const out: string[] = [];
    const err: string[] = [];
    const files = new Map<string, string>();
    // A clock whose timers never fire and whose steps take no time: no progress lines.
    const clock = { now: () => 0, after: () => () => undefined };
    const io: PlanIo = { out: (t) => out.push(...t.split("\n")), err: (t) => err.push(t), writeFile: (f, t) => files.set(f, t), runProgram: sharedRun, clock };
    const code = await run(args, dir, io);
    return { code, out, err, files };
}

beforeAll(() => {
    repo = tempDir("impact-repo-");
    const files = git(REPO_ROOT, "ls-files", "-co", "--exclude-standard").split("\n").filter((f) => f !== "" && !f.startsWith("node_modules/"));
    for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
        fs.copyFileSync(path.join(REPO_ROOT, file), path.join(repo, file));
    }
    git(repo, "init", "-q", "-b", "main");
    git(repo, "-c", "user.name=test", "-c", "user.email=test@example.com", "add", "-A");
    git(repo, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-qm", "base");
    git(repo, "branch", "broken");
    const stackFile = path.join(repo, "Pulumi.prod.yaml");
    fs.writeFileSync(stackFile, fs.readFileSync(stackFile, "utf8").replace("vmSize: Standard_D8ds_v5", "vmSize: Standard_E8ds_v5"));
    git(repo, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-qam", "general on E8ds_v5");
    git(repo, "checkout", "-q", "broken");
    fs.writeFileSync(path.join(repo, "index.ts"), 'throw new Error("this program does not build");\n');
    git(repo, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-qam", "broken");
    git(repo, "checkout", "-q", "main");
});

afterAll(() => {
    for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

describe("--base REF", () => {
    test("the impact comes first in every format: pool general replaced delete-first, with its replacement window", async () => {
        const { code, out, err, files } = await plan(["--stack", "prod", "--base", "HEAD~1", "--json", "plan.json", "--markdown", "plan.md", "--html", "plan.html"]);
        const commit = git(repo, "rev-parse", "HEAD~1");
        const label = `HEAD~1 (${commit.slice(0, 7)})`;
        expect(err).toEqual([]);
        expect(code).toBe(0);
        expect(out.slice(0, 7)).toEqual([
            "Stack prod (Pulumi.prod.yaml): westeurope, Kubernetes 1.33",
            "",
            `Change impact against ${label}: 1 to replace, 0 to delete, 0 to update, 0 to create, 50 unchanged`,
            "  !! replace containerservice:AgentPool platform-pool-general-agentpool: vmSize (delete-first)",
            "        while pool general is gone: Deployment/shop/web keeps 0 of 12 replicas; Deployment/shop/api keeps 0 of 18 replicas",
            "        with the new pool general: every workload fits (Deployment/shop/web 12 of 12; Deployment/shop/api 18 of 18)",
            "",
        ]);

        const impact = (JSON.parse(files.get("plan.json")!) as PlanRun).reports[0].impact!;
        expect(impact.base).toEqual({ label, ref: "HEAD~1", commit, stackExisted: true });
        expect(impact.changes.find((c) => c.action === "replace")).toMatchObject({
            type: "azure-native:containerservice:AgentPool",
            name: "platform-pool-general-agentpool",
            urn: "urn:pulumi:prod::aks-platform::aks-platform:index:AksNodePool$azure-native:containerservice:AgentPool::platform-pool-general-agentpool",
            action: "replace",
            paths: ["vmSize"],
            deleteFirst: true,
            destructive: true,
            placement: { kind: "pool", pool: "general", during: { ok: false }, after: { ok: true } },
        });
        expect(impact.counts).toEqual({ create: 0, update: 0, replace: 1, delete: 0, same: 50 });

        expect(files.get("plan.md")).toContain(`**Change impact against ${label}: 1 to replace, 0 to delete, 0 to update, 0 to create, 50 unchanged**`);
        expect(files.get("plan.md")).toContain("| **!!** | replace | containerservice:AgentPool platform-pool-general-agentpool: vmSize (delete-first) | while pool general is gone:");
        expect(files.get("plan.html")).toContain("<h3>Change impact</h3>");
        expect(files.get("plan.html")).toContain("<code>containerservice:AgentPool platform-pool-general-agentpool: vmSize (delete-first)</code>");
    });

    test.each<[string, string[], (dir: string) => string, RegExp]>([
        ["an unknown ref", ["--base", "no-such-branch"], () => repo, /^--base no-such-branch: no such branch, tag or commit in this repository; give one that exists \(for a remote branch: git fetch origin <branch>, then --base origin\/<branch>\)$/],
        [
            "a shallow clone without the base commit",
            ["--base", "HEAD~1"],
            () => {
                const shallow = tempDir("impact-shallow-");
                git(os.tmpdir(), "clone", "-q", "--depth", "1", `file://${repo}`, shallow);
                return shallow;
            },
            /^--base HEAD~1: no such commit in this shallow clone; fetch the history \(actions\/checkout with fetch-depth: 0, or git fetch --unshallow\) and run the plan again$/,
        ],
        [
            "a folder that is not a repository",
            ["--base", "HEAD~1"],
            () => {
                const plain = tempDir("impact-plain-");
                fs.copyFileSync(path.join(repo, "Pulumi.prod.yaml"), path.join(plain, "Pulumi.prod.yaml"));
                return plain;
            },
            /^--base HEAD~1: \S+ is not in a git repository \(.+\); run the plan in a clone of the repository, or compare with --base-file PATH$/,
        ],
        ["a base that does not build", ["--base", "broken"], () => repo, /^the base broken \([0-9a-f]{7}\) does not build for stack prod: this program does not build; compare against a revision that builds, or give the deployed stack file with --base-file$/],
        ["a --base-file that cannot be read", ["--base-file", "/no/such/Pulumi.prod.yaml"], () => repo, /^--base-file \/no\/such\/Pulumi.prod.yaml: cannot read the file \(ENOENT\); give the stack file the deployed stack was planned with$/],
    ])("%s: one line, exit 2", async (_name, args, dirOf, line) => {
        const { code, out, err } = await plan(["--stack", "prod", ...args], dirOf(repo));
        expect(code).toBe(2);
        expect(out).toEqual([]);
        expect(err).toEqual([expect.stringMatching(line)]);
    });

    test("--base and --base-file together, or --base-file with --all-stacks, are usage errors", async () => {
        expect((await plan(["--stack", "prod", "--base", "HEAD", "--base-file", "x.yaml"])).err).toEqual(["--base and --base-file exclude each other; run with --help for the options"]);
        expect((await plan(["--all-stacks", "--base-file", "x.yaml"])).err).toEqual(["--base-file is one stack's file: give --stack with it, not --all-stacks; run with --help for the options"]);
    });
});

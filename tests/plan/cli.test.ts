/**
 * The offline plan behind `npm start`: it runs the program under the mock runtime and reports resources, pools,
 * placement, scenarios and policies; `--json`, `--markdown`, `--manifests`; exit codes 0, 1 and 2. Program runs
 * cost about two seconds each, so each is shared by the tests that read it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs, run } from "../../plan/cli";
import type { PlanRun } from "../../plan/report-types";
import { jestModuleLoader, REPO_ROOT, runProgram, type StackRun } from "../helpers/pulumi-mocks";

interface CliResult {
    code: number;
    out: string;
    err: string;
    files: Map<string, string>;
}

/** One program run per stack for the whole file: the plans differ in manifests and outputs, not in the program. */
const programRuns = new Map<string, Promise<StackRun>>();
function sharedProgramRun(stack: string, projectDir: string): Promise<StackRun> {
    const key = `${projectDir}::${stack}`;
    if (!programRuns.has(key)) programRuns.set(key, runProgram(stack, { projectDir, loader: jestModuleLoader }));
    return programRuns.get(key)!;
}

async function runCli(args: string[], dir = PROJECT): Promise<CliResult> {
    const out: string[] = [];
    const err: string[] = [];
    const files = new Map<string, string>();
    const code = await run(args, dir, { out: (t) => out.push(t), err: (t) => err.push(t), writeFile: (f, t) => files.set(f, t), runProgram: sharedProgramRun });
    return { code, out: out.join("\n"), err: err.join("\n"), files };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-cli-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * A project with the repository's dev and prod stack files and policy configs: `--all-stacks` plans two stacks
 * (two program runs, shared by every test) instead of three.
 */
const PROJECT = path.join(tmp, "project");
for (const file of ["Pulumi.dev.yaml", "Pulumi.prod.yaml", "policy/config/dev.json", "policy/config/prod.json"]) {
    fs.mkdirSync(path.dirname(path.join(PROJECT, file)), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, file), path.join(PROJECT, file));
}

function write(relative: string, text: string): string {
    const file = path.join(tmp, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
}

/** A Deployment manifest with one container of the given requests (and a privileged container when asked). */
function deployment(name: string, cpu: string, options: { replicas?: number; privileged?: boolean } = {}): string {
    return [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        `  name: ${name}`,
        "  namespace: shop",
        "spec:",
        `  replicas: ${options.replicas ?? 2}`,
        "  selector:",
        `    matchLabels: { app: ${name} }`,
        "  template:",
        "    metadata:",
        `      labels: { app: ${name} }`,
        "    spec:",
        "      containers:",
        `        - name: ${name}`,
        "          image: crplatform.azurecr.io/shop/app:1.2.3",
        `          resources: { requests: { cpu: "${cpu}", memory: 256Mi }, limits: { memory: 256Mi } }`,
        ...(options.privileged === true ? ["          securityContext: { privileged: true }"] : []),
        "",
    ].join("\n");
}

describe("the plan of every stack (--all-stacks)", () => {
    let result: CliResult;
    beforeAll(async () => {
        result = await runCli(["--all-stacks", "--markdown", "comment.md"]);
    }, 60_000);

    test("exits 0 and shows progress on stderr, one line as each stack starts and ends", () => {
        expect(result.code).toBe(0);
        expect(result.err.split("\n")).toEqual([
            expect.stringMatching(/^plan: dev \(1\/2\): running the program under mocks/),
            expect.stringMatching(/^plan: dev done in \d+\.\d s$/),
            expect.stringMatching(/^plan: prod \(2\/2\)/),
            expect.stringMatching(/^plan: prod done in/),
        ]);
    });

    test("prints the sections in order for each stack: resources, pools, placement, scenarios, policies, verdict", () => {
        const dev = result.out.slice(0, result.out.indexOf("Stack prod"));
        const headings = ["Stack dev (Pulumi.dev.yaml): westeurope, Kubernetes 1.33", "Resources: 45 declared by the program", "Node pools:", "Placement at the pools' maximum size:", "Scenarios (promised: max-size):", "Policies: ", "Verdict: dev passes"];
        const at = headings.map((h) => dev.indexOf(h));
        expect(at.every((i) => i >= 0)).toBe(true);
        expect([...at].sort((a, b) => a - b)).toEqual(at);
    });

    test("counts the registered resources by type and draws the component tree from the parent chains", () => {
        expect(result.out).toMatch(/azure-native:containerservice:AgentPool\s+2\n/);
        expect(result.out).toContain("    aks-platform:index:AksCluster platform\n      aks-platform:index:AksNodePool platform-pool-general\n        azure-native:containerservice:AgentPool platform-pool-general-agentpool");
    });

    test("shows every pool read back from the registered AgentPools with its allocatable per node", () => {
        // Standard_D4ds_v5: 4 vCPU − 140m kube-reserved = 3860m (AKS reservation table), maxPods 250 (CNI Overlay).
        expect(result.out).toMatch(/general\s+User\s+Standard_D4ds_v5\s+1-3\s+westeurope-1\s+cpu 3860m, memory 11\.2Gi, pods 250/);
        expect(result.out).toMatch(/spot \(spot\)\s+User\s+Standard_D4ds_v5\s+0-3/);
        expect(result.out).toMatch(/gpu\s+User\s+Standard_NC\S+.*gpu 1/);
    });

    test("places each workload per pool and zone, with its requests, and each pool's nodes needed against its maximum", () => {
        expect(result.out).toMatch(/Deployment\/shop\/web: (\d+)\/\1 placed on general \(westeurope-1: \1\); requests per pod cpu 250m, memory 256Mi/);
        expect(result.out).toMatch(/general\s+1\/3\s+cpu \d+m, memory/);
    });

    test("marks promised scenarios and explains the unpromised ones that fail", () => {
        expect(result.out).toMatch(/ok {3}max-size {7}\(promised\) pools at their maximum size/);
        expect(result.out).toMatch(/no {3}spot-eviction .*\n\s+- Deployment\/batch\/batch-worker loses all \d+ replica\(s\)/);
    });

    test("lists the policy results with code, ID, severity and enforcement, read with the stack's policy config", () => {
        expect(result.out).toContain("with policy/config/dev.json");
        expect(result.out).toMatch(/advisory\s+AKS-020\s+aks-pool-host-encryption \(high\): AgentPool "platform-pool-general-agentpool"/);
        expect(result.out).not.toMatch(/^ {2}mandatory/m);
    });

    test("writes a markdown comment with one summary row per stack, under GitHub's comment limit", () => {
        const md = result.files.get("comment.md")!;
        expect(md).toMatch(/^## Offline plan: every stack passes/);
        expect(md.match(/^\| (dev|prod) \|.*\| pass \|$/gm)).toHaveLength(2);
        expect(md).toContain("| max-size | yes | ok |");
        expect(md.length).toBeLessThan(65_536);
    });
});

describe("--manifests", () => {
    let file: CliResult;
    let folder: CliResult;
    beforeAll(async () => {
        const service = "apiVersion: v1\nkind: Service\nmetadata: { name: shop, namespace: shop }\nspec: { ports: [{ port: 80 }] }\n";
        const budget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: cart, namespace: shop }\nspec: { maxUnavailable: 1, selector: { matchLabels: { app: cart } } }\n";
        write("chart.yaml", `# helm template output\n---\n${deployment("cart", "100m")}---\n${budget}---\n${service}---\n`);
        write("folder/a/huge.yaml", deployment("huge", "64"));
        write("folder/b/root.yml", deployment("rooted", "100m", { replicas: 1, privileged: true }));
        write("folder/notes.txt", "not a manifest");
        file = await runCli(["--stack", "dev", "--manifests", path.join(tmp, "chart.yaml"), "--json", "plan.json"]);
        folder = await runCli(["--manifests", path.join(tmp, "folder")]);
    }, 60_000);

    test("adds a multi-document file's workloads to the placement, naming the file and document", () => {
        expect(file.code).toBe(0);
        expect(file.out).toContain(`Manifests: ${path.join(tmp, "chart.yaml")}`);
        expect(file.out).toMatch(new RegExp(`Deployment/shop/cart \\[.*chart\\.yaml \\(document 1\\)\\]: 2/2 placed`));
    });

    test("writes the whole report as JSON: resources, pools, loads, placement, policies and the verdict", () => {
        const json = JSON.parse(file.files.get("plan.json")!) as PlanRun;
        expect(json.exit).toEqual({ code: 0, reasons: [] });
        const [report] = json.reports;
        expect(Object.keys(report)).toEqual(["stack", "file", "location", "kubernetesVersion", "manifests", "resources", "pools", "poolLoads", "placement", "policies", "exit"]);
        expect(report.resources.byType["azure-native:containerservice:ManagedCluster"]).toBe(1);
        expect(report.pools.map((p) => p.name)).toEqual(["system", "general", "spot"]);
        expect(report.poolLoads.filter((l) => l.pool === "general").map((l) => l.size)).toEqual(["min", "max"]);
        const cart = report.placement.workloads.find((w) => w.workload === "Deployment/shop/cart")!;
        expect(cart).toMatchObject({ podRequests: { cpu: "100m", memory: "256Mi" }, replicas: 2, placed: 2 });
        expect(report.placement.scenarios.find((s) => s.scenario === "max-size")).toMatchObject({ promised: true, ok: true });
        expect(report.policies).toMatchObject({ configFile: path.join("policy", "config", "dev.json"), disabled: ["k8s-workloads-survive-zone-loss", "aks-cluster-protected"] });
    });

    test("reads a folder's YAML files and exits 1 naming the workload that cannot schedule and the mandatory policy that fails", () => {
        expect(folder.code).toBe(1);
        expect(folder.out).toMatch(/Deployment\/shop\/huge \[.*huge\.yaml \(document 1\)\]: 0\/2 placed/);
        expect(folder.out).toMatch(/Verdict: dev FAILS:\n(.*\n)*\s+- stack dev: promised scenario max-size fails: .*Deployment\/shop\/huge/);
        expect(folder.out).toMatch(/- stack dev: mandatory policy k8s-pss-no-privileged-containers \(\S+\) fails: .*rooted/);
        expect(folder.out).not.toContain("notes.txt");
    });
});

describe("writing to stdout (-)", () => {
    test.each([
        { option: "--json", check: (out: string) => expect((JSON.parse(out) as PlanRun).reports.map((r) => r.stack)).toEqual(["dev"]) },
        { option: "--markdown", check: (out: string) => expect(out).toMatch(/^## Offline plan: every stack passes\n/) },
    ])("$option - prints only that report, without the terminal text", async ({ option, check }) => {
        const result = await runCli(["--stack", "dev", option, "-"]);
        expect(result.code).toBe(0);
        expect(result.out).not.toContain("Node pools:");
        check(result.out);
    }, 30_000);
});

describe("bad input: one line on stderr, exit code 2, no stack trace", () => {
    const cases: { name: string; args: () => string[]; dir?: () => string; wanted: RegExp }[] = [
        { name: "an unknown option", args: () => ["--stak", "dev"], wanted: /^unknown argument "--stak"; usage: npm run plan/ },
        { name: "an option without its value", args: () => ["--json"], wanted: /^--json needs a value/ },
        { name: "--stack with --all-stacks", args: () => ["--stack", "dev", "--all-stacks"], wanted: /exclude each other/ },
        { name: "an unknown stack", args: () => ["--stack", "qa"], wanted: /^Pulumi\.qa\.yaml: no such stack file .*existing stacks: dev, prod/ },
        {
            name: "an invalid stack file",
            args: () => ["--stack", "broken"],
            dir: () => path.dirname(write("project/Pulumi.broken.yaml", "config:\n  aks-platform:location: [\n")),
            wanted: /^Pulumi\.broken\.yaml: .*invalid YAML/,
        },
        { name: "a manifests path that does not exist", args: () => ["--manifests", path.join(tmp, "nowhere")], wanted: /nowhere: cannot read the manifests \(ENOENT\)/ },
        { name: "invalid YAML in a manifest", args: () => ["--manifests", write("bad/broken.yaml", "kind: Pod\n---\nmetadata: [\n")], wanted: /broken\.yaml \(document 2\): invalid YAML/ },
        {
            name: "a manifest workload with an invalid request, named with its file and document",
            args: () => ["--stack", "dev", "--manifests", write("bad/quantity.yaml", deployment("greedy", "lots"))],
            wanted: /^Deployment\/shop\/greedy in .*quantity\.yaml \(document 1\): spec\.template\.spec: .*invalid quantity "lots"/,
        },
        { name: "a manifest object without a kind", args: () => ["--manifests", write("bad/nokind.yaml", "apiVersion: v1\nmetadata: { name: x }\n")], wanted: /nokind\.yaml \(document 1\): kind: expected a string/ },
    ];
    test.each(cases)("$name", async ({ args, dir, wanted }) => {
        const result = await runCli(args(), dir?.() ?? PROJECT);
        expect(result.code).toBe(2);
        expect(result.out).toBe("");
        expect(result.err.split("\n")).toHaveLength(1);
        expect(result.err).toMatch(wanted);
        expect(result.err).not.toMatch(/\n\s+at /);
    });
});

describe("argument parsing", () => {
    test.each([
        { args: [], stacks: ["dev"] },
        { args: ["--stack", "prod"], stacks: ["prod"] },
        { args: ["--all-stacks"], stacks: ["dev", "prod", "staging"] },
    ])("$args plans $stacks", ({ args, stacks }) => {
        expect(parseArgs(args, REPO_ROOT).stacks).toEqual(stacks);
    });

    test("--json - and --markdown - cannot both take stdout", () => {
        expect(() => parseArgs(["--json", "-", "--markdown", "-"], REPO_ROOT)).toThrow(/only one of --json and --markdown can write to stdout/);
    });

    test("--manifests may repeat and keeps its order", () => {
        expect(parseArgs(["--manifests", "a", "--manifests", "b"], REPO_ROOT).manifests).toEqual(["a", "b"]);
    });
});

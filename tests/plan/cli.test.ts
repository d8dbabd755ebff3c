/**
 * The offline plan behind `npm start`: it runs the program under the mock runtime and reports resources, pools,
 * placement, scenarios and policies; every option form, `--help`, `--version`, the stack default, colour, SARIF,
 * `--manifests`; exit codes 0, 1 and 2. Program runs cost about two seconds each, so each is shared by the tests
 * that read it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createHash } from "crypto";
import type { Log } from "sarif";
import { parsePlanArgs, run, type PlanIo } from "../../plan/cli";
import type { PlanRun } from "../../plan/report-types";
import { jestModuleLoader, REPO_ROOT, runProgram, type StackRun } from "../helpers/pulumi-mocks";
import { sarifSchemaErrors } from "../helpers/sarif-schema";

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


async function runCli(args: string[], dir = PROJECT, io: Partial<PlanIo> = {}): Promise<CliResult> {
    const out: string[] = [];
    const err: string[] = [];
    const files = new Map<string, string>();
    // A clock whose timers never fire and whose steps take no time: progress lines only where a test asks for them.
    const clock = { now: () => 0, after: () => () => undefined };
    const code = await run(args, dir, { out: (t) => out.push(t), err: (t) => err.push(t), writeFile: (f, t) => files.set(f, t), runProgram: sharedProgramRun, clock, ...io });
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

    test("exits 0, says nothing on stderr when no step takes a second, and ends with one summary line per stack", () => {
        expect(result.code).toBe(0);
        expect(result.err).toBe("");
        const summary = result.out.slice(result.out.lastIndexOf("Summary:"));
        expect(summary.split("\n")).toEqual([
            "Summary:",
            expect.stringMatching(/^ {2}dev passes: 3 workload\(s\), \d+\/\d+ replicas placed at max size; scenarios \d\/5 ok \(max-size ok\); 0 mandatory and \d+ advisory violation\(s\)$/),
            expect.stringMatching(/^ {2}prod passes: .*\(max-size ok, zone-loss ok, upgrade-drain ok\)/),
        ]);
    });

    test("prints the sections in order for each stack: resources, pools, placement, scenarios, policies, verdict", () => {
        const dev = result.out.slice(0, result.out.indexOf("Stack prod"));
        const headings = ["Stack dev (Pulumi.dev.yaml): westeurope, Kubernetes 1.33", "Resources: 48 declared by the program", "Node pools:", "Placement at the pools' maximum size:", "Scenarios (promised: max-size):", "Policies: ", "Verdict: dev passes"];
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

    test("groups the policy results by policy, with the objects under each and their line in the stack file", () => {
        expect(result.out).toContain("with policy/config/dev.json");
        expect(result.out).toMatch(/advisory\s+AKS-020\s+aks-pool-host-encryption \(high\): 3 violation\(s\), e\.g\. .*\n\s+on ManagedCluster platform-cluster \(Pulumi\.dev\.yaml:\d+\), AgentPool platform-pool-general-agentpool \(Pulumi\.dev\.yaml:\d+\), AgentPool platform-pool-spot-agentpool/);
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
        const config = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: shop, namespace: shop }\ndata: { greeting: hello }\n";
        const budget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: cart, namespace: shop }\nspec: { maxUnavailable: 1, selector: { matchLabels: { app: cart } } }\n";
        write("chart.yaml", `# helm template output\n---\n${deployment("cart", "100m")}---\n${budget}---\n${config}---\n`);
        write("folder/a/huge.yaml", deployment("huge", "64"));
        write("folder/b/root.yml", deployment("rooted", "100m", { replicas: 1, privileged: true }));
        write("folder/notes.txt", "not a manifest");
        file = await runCli(["--stack", "dev", "--manifests", path.join(tmp, "chart.yaml"), "--json", "plan.json"]);
        folder = await runCli(["--manifests", path.join(tmp, "folder")]);
    }, 60_000);

    test("adds a multi-document file's workloads to the placement, naming the file and document, and lists what it skipped", () => {
        expect(file.code).toBe(0);
        expect(file.out).toContain(`Manifests: ${path.join(tmp, "chart.yaml")}`);
        expect(file.out).toContain("Skipped from the manifests (kinds the plan does not read): 1 object(s): ConfigMap ×1 (--verbose lists them)");
        expect(file.out).toMatch(new RegExp(`Deployment/shop/cart \\[.*chart\\.yaml \\(document 1\\)\\]: 2/2 placed`));
    });

    test("writes the whole report as JSON: resources, pools, loads, placement, policies and the verdict", () => {
        const json = JSON.parse(file.files.get("plan.json")!) as PlanRun;
        expect(json.exit).toEqual({ code: 0, reasons: [] });
        const [report] = json.reports;
        expect(Object.keys(report)).toEqual(["stack", "file", "location", "kubernetesVersion", "manifests", "skipped", "resources", "pools", "poolLoads", "placement", "policies", "exit"]);
        expect(report.skipped).toEqual([{ kind: "ConfigMap", ref: "ConfigMap/shop/shop", source: `${path.join(tmp, "chart.yaml")} (document 3)` }]);
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
        { args: ["--json", "-"], check: (out: string) => expect((JSON.parse(out) as PlanRun).reports.map((r) => r.stack)).toEqual(["dev"]) },
        { args: ["--json"], check: (out: string) => expect((JSON.parse(out) as PlanRun).exit.code).toBe(0) },
        { args: ["--json", "--verbose"], check: (out: string) => expect((JSON.parse(out) as PlanRun).reports).toHaveLength(1) },
        { args: ["--markdown", "-"], check: (out: string) => expect(out).toMatch(/^## Offline plan: every stack passes\n/) },
        { args: ["--sarif=-"], check: (out: string) => expect((JSON.parse(out) as Log).version).toBe("2.1.0") },
    ])("$args prints only that report, without the terminal text", async ({ args, check }) => {
        const result = await runCli(["--stack", "dev", ...args]);
        expect(result.code).toBe(0);
        expect(result.out).not.toContain("Node pools:");
        check(result.out);
    }, 30_000);
});

describe("bad input: one line on stderr, exit code 2, no stack trace", () => {
    const cases: { name: string; args: () => string[]; dir?: () => string; wanted: RegExp }[] = [
        { name: "an unknown option", args: () => ["--stak", "dev"], wanted: /^unknown option --stak \(did you mean --stack\?\); run with --help for the options$/ },
        { name: "an option without its value", args: () => ["--stack", "--verbose"], wanted: /^--stack needs a value \(--stack NAME or --stack=NAME\)/ },
        { name: "a value given to a flag", args: () => ["--verbose=yes"], wanted: /^--verbose takes no value \(got "yes"\)/ },
        { name: "an option given twice", args: () => ["--stack", "dev", "-s", "prod"], wanted: /^--stack given twice/ },
        { name: "a colour that is not a choice", args: () => ["--color", "sometimes"], wanted: /^--color must be one of auto, always, never \(got "sometimes"\)/ },
        { name: "a stray argument", args: () => ["dev"], wanted: /^unexpected argument "dev": this command takes options only/ },
        { name: "two reports on stdout", args: () => ["--json", "--sarif", "-"], wanted: /^only one of --json, --sarif can write to stdout/ },
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
        {
            name: "a manifest object the program declares too, naming both",
            args: () => ["--stack", "dev", "--manifests", write("bad/collide.yaml", deployment("web", "100m"))],
            wanted: /collide\.yaml \(document 1\): Deployment\/shop\/web is also declared by the program \(urn:pulumi:dev::aks-platform::.*Deployment::shop\.web-deployment\); keep it in one place/,
        },
        {
            name: "an autoscaler whose target is missing, naming its file and document",
            args: () => ["--stack", "dev", "--manifests", write("bad/ghost.yaml", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: ghost, namespace: shop }\nspec: { scaleTargetRef: { kind: Deployment, name: ghost }, maxReplicas: 3 }\n")],
            wanted: /^.*ghost\.yaml \(document 1\): HorizontalPodAutoscaler\/shop\/ghost: spec\.scaleTargetRef: Deployment\/shop\/ghost is not/,
        },
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
        { args: ["--stack=prod"], stacks: ["prod"] },
        { args: ["-s", "prod"], stacks: ["prod"] },
        { args: ["-sprod"], stacks: ["prod"] },
        { args: ["--all-stacks"], stacks: ["dev", "prod", "staging"] },
    ])("$args plans $stacks", ({ args, stacks }) => {
        expect(parsePlanArgs(args, REPO_ROOT).stacks).toEqual(stacks);
    });

    test.each([
        { args: ["--json"], json: "-" },
        { args: ["--json", "--verbose"], json: "-" },
        { args: ["--json", "-"], json: "-" },
        { args: ["--json", "out.json"], json: "out.json" },
        { args: ["--json=out.json"], json: "out.json" },
    ])("$args writes the JSON to $json", ({ args, json }) => {
        expect(parsePlanArgs(args, REPO_ROOT).json).toBe(json);
    });

    test("--manifests may repeat, in both forms, and keeps its order", () => {
        expect(parsePlanArgs(["--manifests", "a", "--manifests=b", "--manifests", "-"], REPO_ROOT).manifests).toEqual(["a", "b", "-"]);
    });
});

describe("the stack when --stack is not given", () => {
    const home = fs.mkdtempSync(path.join(tmp, "home-"));
    /** Writes the Pulumi CLI's workspace settings for the repository's project, as `pulumi stack select` does. */
    function selectInWorkspace(settings: object): void {
        const hash = createHash("sha1").update(path.join(REPO_ROOT, "Pulumi.yaml")).digest("hex");
        const file = path.join(home, ".pulumi", "workspaces", `aks-platform-${hash}-workspace.json`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, JSON.stringify(settings));
    }
    const pick = (env: NodeJS.ProcessEnv) => parsePlanArgs([], REPO_ROOT, { PULUMI_HOME: path.join(home, ".pulumi"), ...env });

    test("is dev when nothing selects one", () => {
        expect(pick({}).selection).toEqual({ stack: "dev", source: "default" });
    });

    test("is the workspace's selected stack (pulumi stack select), by backend when there are several", () => {
        selectInWorkspace({ stack: "staging" });
        expect(pick({}).stacks).toEqual(["staging"]);
        selectInWorkspace({ stacks: { "file://~": "org/aks-platform/prod" } });
        expect(pick({}).stacks).toEqual(["prod"]);
        selectInWorkspace({ stacks: { "file://~": "prod", "https://api.pulumi.com": "staging" } });
        expect(pick({ PULUMI_BACKEND_URL: "https://api.pulumi.com" }).stacks).toEqual(["staging"]);
        const ambiguous = pick({});
        expect(ambiguous.stacks).toEqual(["dev"]);
        expect(ambiguous.selection?.note).toMatch(/selects a stack on several backends .* planning dev \(give --stack or set PULUMI_STACK\)$/);
    });

    test("is PULUMI_STACK when set, over the workspace", () => {
        selectInWorkspace({ stack: "staging" });
        expect(pick({ PULUMI_STACK: "prod" }).selection).toEqual({ stack: "prod", source: "PULUMI_STACK" });
    });
});

describe("--help, --version and colour", () => {
    test.each([["--help"], ["-h"], ["--stack", "nowhere", "--help"]])("%s prints usage, every option, examples and exit codes, and exits 0", async (...args) => {
        const result = await runCli(args);
        expect(result.code).toBe(0);
        expect(result.out).toMatch(/^Usage: npm run plan -- \[options\]\n/);
        for (const flag of ["-s, --stack NAME", "--all-stacks", "--manifests PATH", "--json[=FILE]", "--markdown FILE", "--html FILE", "--sarif FILE", "-v, --verbose", "--color WHEN", "-h, --help", "--version"]) expect(result.out).toContain(flag);
        expect(result.out).toMatch(/Examples:\n {2}npm start /);
        expect(result.out).toMatch(/Exit codes:\n {2}0 {2}.*\n {2}1 {2}.*\n {2}2 {2}bad input.*\n {2}3 {2}an internal error/);
    });

    test("--version prints the project's name and version", async () => {
        const result = await runCli(["--version"]);
        expect(result.code).toBe(0);
        expect(result.out).toMatch(/^aks-scheduling-platform \d+\.\d+\.\d+ \(plan, Node\.js v\d+/);
    });

    const ESC = "\u001b[";
    test.each([
        { name: "on a terminal", tty: true, env: {}, coloured: true },
        { name: "on a terminal with NO_COLOR", tty: true, env: { NO_COLOR: "1" }, coloured: false },
        { name: "on a terminal in CI", tty: true, env: { CI: "true" }, coloured: false },
        { name: "into a file or a pipe", tty: false, env: {}, coloured: false },
        { name: "into a pipe with FORCE_COLOR", tty: false, env: { FORCE_COLOR: "1" }, coloured: true },
    ])("the text is coloured $name: $coloured", async ({ tty, env, coloured }) => {
        const result = await runCli(["--stack", "dev"], PROJECT, { tty: { out: tty, err: tty }, env });
        expect(result.out.includes(ESC)).toBe(coloured);
        // Colour never changes a word.
        expect(result.out.split(`${ESC}`).map((part) => part.replace(/^\d+m/, "")).join("")).toContain("Verdict: dev passes");
    });
});

describe("--sarif", () => {
    let log: Log;
    let stackFile: string[];
    beforeAll(async () => {
        // dev, with its general pool's host encryption written out as false: the violation's line is that key's.
        const dir = path.join(tmp, "sarif-project");
        fs.mkdirSync(path.join(dir, "policy", "config"), { recursive: true });
        fs.copyFileSync(path.join(REPO_ROOT, "policy", "config", "dev.json"), path.join(dir, "policy", "config", "sarif.json"));
        const text = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8").replace("    - name: general\n      vmSize: Standard_D4ds_v5\n", "    - name: general\n      vmSize: Standard_D4ds_v5\n      enableEncryptionAtHost: false\n");
        fs.writeFileSync(path.join(dir, "Pulumi.sarif.yaml"), text);
        stackFile = text.split("\n");
        const result = await runCli(["--stack", "sarif", "--sarif", "plan.sarif"], dir);
        log = JSON.parse(result.files.get("plan.sarif")!) as Log;
    }, 60_000);

    test("validates against the SARIF 2.1.0 schema (which refuses a broken log)", () => {
        expect(sarifSchemaErrors(log)).toEqual([]);
        const broken = { ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0].results![0], level: "fatal" }] }] };
        expect(sarifSchemaErrors(broken)).toContain("/runs/0/results/0/level: must be equal to one of the allowed values");
    });

    test("puts a policy violation on the line of the stack-file key that causes it", () => {
        const result = log.runs[0].results!.find((r) => r.ruleId === "aks-pool-host-encryption" && r.message.text?.includes("platform-pool-general-agentpool") === true)!;
        const location = result.locations![0].physicalLocation!;
        expect(location.artifactLocation).toEqual({ uri: "Pulumi.sarif.yaml", uriBaseId: "%SRCROOT%" });
        expect(stackFile[location.region!.startLine! - 1]).toBe("      enableEncryptionAtHost: false");
        expect(result.level).toBe("warning");
        expect(result.locations![0].logicalLocations).toEqual([{ fullyQualifiedName: "config.aks-platform:nodePools[0].enableEncryptionAtHost" }]);
    });

    test("puts a violation whose key is not written at the entry that declares the resource", () => {
        const result = log.runs[0].results!.find((r) => r.ruleId === "aks-pool-host-encryption" && r.message.text?.includes("platform-pool-spot-agentpool") === true)!;
        expect(stackFile[result.locations![0].physicalLocation!.region!.startLine! - 1]).toBe("    - name: spot");
    });

    test("makes every failed scenario's problem a result, a note when the stack does not promise it", () => {
        const spot = log.runs[0].results!.filter((r) => r.ruleId === "scenario/spot-eviction");
        expect(spot).toHaveLength(1);
        expect(spot[0].level).toBe("note");
        // It names the workload and its node selector: the line of the workload's pools.
        expect(stackFile[spot[0].locations![0].physicalLocation!.region!.startLine! - 1]).toBe("      pools: [spot]");
        const rules = log.runs[0].tool.driver.rules!.map((r) => r.id);
        expect(rules).toEqual(expect.arrayContaining(["aks-pool-host-encryption", "scenario/upgrade-drain"]));
    });
});

/** The stack check behind `npm start`: what it prints per pool, and its exit codes. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run, stacksFromArgs } from "../../plan/cli";

const PROJECT_DIR = path.resolve(__dirname, "../..");

function runCli(args: string[], dir = PROJECT_DIR): { code: number; out: string; err: string } {
    const out: string[] = [];
    const err: string[] = [];
    const code = run(args, dir, (l) => out.push(l), (l) => err.push(l));
    return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npm start (the dev stack)", () => {
    const result = runCli([]);

    test("exits 0 and prints no error", () => {
        expect(result.code).toBe(0);
        expect(result.err).toBe("");
    });

    test("prints every pool of Pulumi.dev.yaml with its VM size, node range and allocatable per node", () => {
        expect(result.out).toContain("Stack dev: westeurope");
        // Standard_D4ds_v5: 4 vCPU − 140m kube-reserved = 3860m (AKS reservation table), maxPods 250 (CNI Overlay).
        expect(result.out).toMatch(/general\s+User\s+Standard_D4ds_v5\s+1–3\s+1\s+cpu 3860m, memory 11\.2Gi, pods 250/);
        expect(result.out).toMatch(/spot \(spot\)\s+User\s+Standard_D4ds_v5\s+0–3/);
        expect(result.out).toContain("(no nodes at min)");
    });

    test("shows where each workload's replicas land at the pools' maximum size", () => {
        expect(result.out).toContain("Workloads at the pools' maximum size:");
        expect(result.out).toMatch(/Deployment\/shop\/web: (\d+)\/\1 placed on general \(westeurope-1: \1\)/);
        expect(result.out).toMatch(/Deployment\/batch\/batch-worker: (\d+)\/\1 placed on spot/);
    });

    test("gives every scenario's verdict, marking the promised one, and explains the ones that fail", () => {
        expect(result.out).toContain("Scenarios (promised: max-size):");
        expect(result.out).toMatch(/ok {3}max-size {7}\(promised\) pools at their maximum size/);
        // dev runs the batch worker on spot only: evicting spot leaves it nowhere, which dev does not promise.
        expect(result.out).toMatch(/no {3}spot-eviction .*\n\s+- Deployment\/batch\/batch-worker loses all \d+ replica\(s\) when the spot pool\(s\) "spot" are evicted/);
    });

    test("says every kube-system pod finds a node", () => {
        expect(result.out).toContain("kube-system: every pod AKS runs finds a node at the pools' minimum size.");
    });
});

describe("stack selection", () => {
    test("--all-stacks checks every Pulumi.<stack>.yaml", () => {
        expect(stacksFromArgs(["--all-stacks"], PROJECT_DIR)).toEqual(["dev", "prod", "staging"]);
    });

    test("--stack prod shows the GPU pool with its GPU", () => {
        const { code, out } = runCli(["--stack", "prod"]);
        expect(code).toBe(0);
        expect(out).toMatch(/gpu\s+User\s+Standard_NC4as_T4_v3\s+0–6\s+1,2,3\s+.*gpu 1/);
    });
});

describe("bad input: one clear line, exit code 2", () => {
    test("an unknown stack names the file and the stacks that exist", () => {
        const { code, err, out } = runCli(["--stack", "qa"]);
        expect(code).toBe(2);
        expect(out).toBe("");
        expect(err).toBe(`Pulumi.qa.yaml: no such stack file in ${PROJECT_DIR}; existing stacks: dev, prod, staging`);
    });

    test("unknown arguments say how to call it", () => {
        const { code, err } = runCli(["--stak", "prod"]);
        expect(code).toBe(2);
        expect(err).toBe('unknown arguments "--stak prod"; usage: npm run plan -- [--stack NAME | --all-stacks]');
    });

    test("an invalid stack file lists its problems with file and key path", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
        const dev = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), dev.replace(/vmSize: Standard_D4ds_v5/, "vmSize: Standard_D4ds_v9"));
        const { code, err } = runCli([], dir);
        expect(code).toBe(2);
        expect(err).toMatch(/^Pulumi\.dev\.yaml: nodePools\[\d\]\.vmSize: "Standard_D4ds_v9" is not a known VM size \(did you mean "Standard_D4ds_v5"\?\)/);
    });
});

describe("a stack that promises a scenario it fails", () => {
    test("exits 1 and marks the scenario FAIL with every problem", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
        const dev = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
        const promising = dev.replace(/promises: \[[^\]]*\]/, "promises: [max-size, spot-eviction]");
        expect(promising).not.toBe(dev);
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), promising);
        const { code, out } = runCli([], dir);
        expect(out).toMatch(/FAIL spot-eviction {2}\(promised\)/);
        expect(code).toBe(1);
    });
});

describe("a stack whose system pool is too small for what AKS runs", () => {
    test("exits 1 and shows kube-scheduler's message for the pods left Pending", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
        const dev = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
        // One node pool of one small node: the kube-system Deployments (coredns, metrics-server, …) cannot all fit.
        const small = dev.replace(/aks-platform:nodePools:[\s\S]*?(?=\n\S|$)/, "aks-platform:nodePools: []\n").replace(/count: 2/, "count: 1");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), small);
        const { code, out } = runCli([], dir);
        expect(out).toMatch(/kube-system: \d+ pod\(s\) AKS runs find no node at the pools' minimum size:/);
        expect(out).toMatch(/0\/1 nodes are available: 1 Insufficient (cpu|memory)/);
        expect(code).toBe(1);
    });
});

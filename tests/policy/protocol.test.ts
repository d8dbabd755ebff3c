/**
 * THE REAL PROTOCOL: the pack runs in a child process serving the analyzer gRPC protocol and printing
 * its port, as under `pulumi preview --policy-pack policy`; the test talks to it like the CLI does,
 * with the protobuf stubs `@pulumi/pulumi` ships (`proto/analyzer_grpc_pb`, `proto/analyzer_pb`):
 * GetAnalyzerInfo, Configure (the policy config the CLI derives from `--policy-pack-config`), Analyze and
 * AnalyzeStack, whose diagnostics and enforcement levels are asserted as they come over the wire.
 *
 * How the CLI starts a Node.js pack (pulumi/pulumi `sdk/go/common/resource/plugin/analyzer_plugin.go`
 * `NewPolicyAnalyzer`, `sdk/nodejs/dist/pulumi-analyzer-policy`): in the pack directory it resolves
 * `@pulumi/pulumi/cmd/run-policy-pack` (so from `policy/` up to the root `node_modules`) and runs
 * `node <run-policy-pack> <engine address> .`, which registers ts-node *with type checking* and requires
 * the directory. The child here does the same from the same directory with ts-node in transpile-only
 * mode (type checking is `tsc`'s job, and it costs ~14 s of start-up); set POLICY_PROTOCOL_RUNNER=cli to
 * run the CLI's own runner instead.
 */
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { deployabilityPolicies } from "../../policy/deployability/deployability-policies";
import { allPolicies } from "../../policy/pack";
import { goodBudget, goodCluster, goodDeployment } from "./fixtures";
import { mutate, UNKNOWN } from "./harness";
import { schedulingCluster, webBudget, webDeployment } from "./scheduling/fixtures";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const root = path.resolve(__dirname, "../..");
const packDir = path.join(root, "policy");
const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version as string;
const PACK = `'aks-platform-policies@v${version}'`;

let child: ChildProcess | undefined;
let client: analyzerGrpc.AnalyzerClient;
let stderr = "";

function startPack(): Promise<number> {
    const args =
        process.env.POLICY_PROTOCOL_RUNNER === "cli"
            ? [require.resolve("@pulumi/pulumi/cmd/run-policy-pack"), "127.0.0.1:0", "."]
            : ["-r", "ts-node/register/transpile-only", "-e", 'require(require("path").resolve("."))'];
    // As run-policy-pack does when the pack directory has no tsconfig.json: no project, its compiler options.
    const env = {
        ...process.env,
        TS_NODE_SKIP_PROJECT: "true",
        TS_NODE_COMPILER_OPTIONS: JSON.stringify({ target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true }),
    };
    const proc = spawn(process.execPath, args, { cwd: packDir, env, stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    // Never leave the pack running, even if the test process exits before afterAll.
    process.once("exit", () => proc.kill("SIGKILL"));
    proc.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`the pack printed no port within 50 s; stderr: ${stderr}`)), 50_000);
        proc.stdout?.on("data", (d: Buffer) => {
            out += d.toString();
            const line = /^(\d+)\s*$/m.exec(out);
            if (line !== null) {
                clearTimeout(timer);
                resolve(Number(line[1]));
            }
        });
        proc.on("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`the pack exited with ${code} before printing a port; stderr: ${stderr}`));
        });
    });
}

function call<Req, Res>(method: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => method.call(client, req, (e, r) => (e ? reject(e) : resolve(r))));
}

const LEVEL: Record<string, analyzer.EnforcementLevel> = {
    advisory: analyzer.EnforcementLevel.ADVISORY,
    mandatory: analyzer.EnforcementLevel.MANDATORY,
    disabled: analyzer.EnforcementLevel.DISABLED,
    remediate: analyzer.EnforcementLevel.REMEDIATE,
};

/** The Configure request the CLI sends for a config file: each policy's level and settings. */
function configureRequest(info: analyzer.AnalyzerInfo, env: string): analyzer.ConfigureAnalyzerRequest {
    const config = JSON.parse(fs.readFileSync(path.join(packDir, "config", `${env}.json`), "utf8")) as Record<string, unknown>;
    const req = new analyzer.ConfigureAnalyzerRequest();
    for (const p of info.getPoliciesList()) {
        const entry = config[p.getName()];
        const settings = typeof entry === "object" && entry !== null ? { ...(entry as Record<string, unknown>) } : {};
        const level = (typeof entry === "string" ? entry : (settings.enforcementLevel as string | undefined)) ?? (config.all as string | undefined);
        delete settings.enforcementLevel;
        const pc = new analyzer.PolicyConfig();
        pc.setEnforcementlevel(level === undefined ? p.getEnforcementlevel() : LEVEL[level]);
        pc.setProperties(Struct.fromJavaScript(settings as Record<string, never>));
        req.getPolicyconfigMap().set(p.getName(), pc);
    }
    return req;
}

function options(protect = false): analyzer.AnalyzerResourceOptions {
    const o = new analyzer.AnalyzerResourceOptions();
    o.setCustomtimeouts(new analyzer.AnalyzerResourceOptions.CustomTimeouts());
    o.setProtect(protect);
    return o;
}

/** The deployability group, left out where a test is about other policies over hand-made fixtures. */
const DEPLOYABILITY = new Set(deployabilityPolicies.map((p) => p.name));
const withoutDeployability = (diags: Diag[]) => diags.filter((d) => !DEPLOYABILITY.has(d.policy));

function analyzeRequest(type: string, name: string, props: object, protect = false): analyzer.AnalyzeRequest {
    const req = new analyzer.AnalyzeRequest();
    req.setType(type);
    req.setName(name);
    req.setUrn(`urn:pulumi:prod::aks-platform::${type}::${name}`);
    req.setProperties(Struct.fromJavaScript(props as Record<string, never>));
    req.setOptions(options(protect));
    return req;
}

function stackResource(type: string, name: string, props: object): analyzer.AnalyzerResource {
    const r = new analyzer.AnalyzerResource();
    r.setType(type);
    r.setName(name);
    r.setUrn(`urn:pulumi:prod::aks-platform::${type}::${name}`);
    r.setProperties(Struct.fromJavaScript(props as Record<string, never>));
    r.setOptions(options());
    return r;
}

interface Diag {
    policy: string;
    level: analyzer.EnforcementLevel;
    message: string;
    urn: string;
}

function diagnostics(res: analyzer.AnalyzeResponse): Diag[] {
    return res
        .getDiagnosticsList()
        .map((d) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage(), urn: d.getUrn() }))
        .sort((a, b) => (a.policy + a.message < b.policy + b.message ? -1 : 1));
}

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const cluster = mutate(goodCluster(), (c: Props) => {
    c.disableLocalAccounts = false;
    c.agentPoolProfiles[0].vmSize = UNKNOWN;
    c.agentPoolProfiles[1].enableEncryptionAtHost = false;
});

let info: analyzer.AnalyzerInfo;
const description = (name: string) => info.getPoliciesList().find((p) => p.getName() === name)?.getDescription() ?? "";

beforeAll(async () => {
    const port = await startPack();
    client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    info = await call<Empty, analyzer.AnalyzerInfo>(client.getAnalyzerInfo, new Empty());
}, 60_000);

afterAll(async () => {
    client?.close();
    const proc = child;
    if (proc !== undefined && proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((resolve) => proc.once("exit", resolve));
        proc.kill("SIGKILL");
        await exited;
    }
});

test("GetAnalyzerInfo lists every policy with its metadata, advisory by default", async () => {
    const names = info.getPoliciesList().map((p) => p.getName());
    expect(info.getName()).toBe("aks-platform-policies");
    expect(info.getVersion()).toBe(version);
    expect(info.getSupportsconfig()).toBe(true);
    expect(names).toEqual(allPolicies.map((p) => p.name));
    const sla = info.getPoliciesList().find((p) => p.getName() === "aks-paid-tier-for-sla")!;
    expect(sla.getEnforcementlevel()).toBe(analyzer.EnforcementLevel.ADVISORY);
    expect(sla.getSeverity()).toBe(analyzer.PolicySeverity.POLICY_SEVERITY_MEDIUM);
    expect(sla.getConfigschema()?.getProperties()?.toJavaScript()).toEqual({ requireUptimeSla: { type: "boolean", default: true } });
});

test("with the prod config, Analyze reports mandatory violations and an unknown value as advisory", async () => {
    await call<analyzer.ConfigureAnalyzerRequest, Empty>(client.configure, configureRequest(info, "prod"));
    // protect travels in the request's options: aks-cluster-protected reads it from there.
    const res = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(client.analyze, analyzeRequest(CLUSTER, "aks", cluster, true));
    const urn = `urn:pulumi:prod::aks-platform::${CLUSTER}::aks`;
    expect(diagnostics(res).map((d) => ({ ...d, urn: d.urn || urn }))).toEqual([
        {
            policy: "aks-inline-pool-list-unchanged",
            level: analyzer.EnforcementLevel.MANDATORY,
            urn,
            message: `${description("aks-inline-pool-list-unchanged")}\nManagedCluster "aks": agentPoolProfiles holds system (System), apps (User); an update must carry only the one System pool the cluster was created with`,
        },
        { policy: "aks-local-accounts-disabled", level: analyzer.EnforcementLevel.MANDATORY, urn, message: `${description("aks-local-accounts-disabled")}\nManagedCluster "aks": disableLocalAccounts must be true (found false)` },
        {
            policy: "aks-pool-ephemeral-os-disk",
            level: analyzer.EnforcementLevel.ADVISORY,
            urn,
            message: `can't run policy 'aks-pool-ephemeral-os-disk' from policy pack ${PACK} during preview: agentPoolProfiles[0].vmSize is unknown during preview; aks-pool-ephemeral-os-disk checks it again at update, when the value is known`,
        },
        {
            policy: "aks-pool-host-encryption",
            level: analyzer.EnforcementLevel.MANDATORY,
            urn,
            message: `${description("aks-pool-host-encryption")}\nManagedCluster "aks" pool "apps" (agentPoolProfiles[1]): enableEncryptionAtHost must be true (found false)`,
        },
    ]);
});

test("with the dev config, the same cluster gets advisory levels and dev's settings", async () => {
    await call<analyzer.ConfigureAnalyzerRequest, Empty>(client.configure, configureRequest(info, "dev"));
    const free = mutate(cluster, (c: Props) => (c.sku.tier = "Free"));
    const diags = diagnostics(await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(client.analyze, analyzeRequest(CLUSTER, "aks", free)));
    expect(diags.map((d) => [d.policy, d.level])).toEqual([
        ["aks-inline-pool-list-unchanged", analyzer.EnforcementLevel.MANDATORY],
        ["aks-local-accounts-disabled", analyzer.EnforcementLevel.ADVISORY],
        ["aks-pool-ephemeral-os-disk", analyzer.EnforcementLevel.ADVISORY],
        ["aks-pool-host-encryption", analyzer.EnforcementLevel.ADVISORY],
    ]);
});

test("AnalyzeStack joins a Deployment with the PodDisruptionBudget that selects it", async () => {
    await call<analyzer.ConfigureAnalyzerRequest, Empty>(client.configure, configureRequest(info, "prod"));
    const req = new analyzer.AnalyzeStackRequest();
    const budget = mutate(goodBudget(), (b: Props) => (b.spec = { minAvailable: 3, selector: { matchExpressions: [{ key: "app", operator: "In", values: ["web", "api"] }] } }));
    req.setResourcesList([
        stackResource("kubernetes:apps/v1:Deployment", "web", goodDeployment()),
        stackResource("kubernetes:policy/v1:PodDisruptionBudget", "web-pdb", budget),
    ]);
    const diags = withoutDeployability(diagnostics(await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(client.analyzeStack, req)));
    expect(diags).toEqual([
        {
            policy: "k8s-pdb-allows-eviction",
            level: analyzer.EnforcementLevel.MANDATORY,
            urn: "urn:pulumi:prod::aks-platform::kubernetes:policy/v1:PodDisruptionBudget::web-pdb",
            message: `${description("k8s-pdb-allows-eviction")}\nPodDisruptionBudget "shop/web": allows 0 evictions of Deployment "shop/web" at 3 replica(s) (spec.replicas) with minAvailable 3, so a node drain or upgrade waits forever; use maxUnavailable 1 or a lower minAvailable`,
        },
    ]);
});

/** SCH-001's message for the fixture's `shop/web` asking for 64 CPUs (see tests/policy/scheduling/scheduling-policies.test.ts). */
const SCH_001_TOO_BIG =
    'Deployment/shop/web: 3 of 3 replica(s) cannot run: its pod fits no node of any pool, however many nodes they get (pool "system": node(s) had untolerated taint(s); pool "apps": Insufficient cpu); kube-scheduler, one empty node per pool: 0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint(s). (pool "system" has taint CriticalAddonsOnly=true:NoSchedule that the pod does not tolerate; cpu: the pod requests 64, at most 7200m is free on a node (aks-apps-76258099-vmss000000))';

test("AnalyzeStack places a stack's pods on its pools and reports the one that fits no node, mandatory in prod", async () => {
    await call<analyzer.ConfigureAnalyzerRequest, Empty>(client.configure, configureRequest(info, "prod"));
    const req = new analyzer.AnalyzeStackRequest();
    const web = mutate(webDeployment(), (d: Props) => (d.spec.template.spec.containers[0].resources.requests.cpu = "64"));
    req.setResourcesList([
        stackResource(CLUSTER, "aks", schedulingCluster()),
        stackResource("kubernetes:apps/v1:Deployment", "web", web),
        stackResource("kubernetes:policy/v1:PodDisruptionBudget", "web-pdb", webBudget()),
    ]);
    const diags = withoutDeployability(diagnostics(await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(client.analyzeStack, req)));
    expect(diags).toEqual([
        {
            policy: "k8s-pods-fit-node-pools",
            level: analyzer.EnforcementLevel.MANDATORY,
            urn: "urn:pulumi:prod::aks-platform::kubernetes:apps/v1:Deployment::web",
            message: `${description("k8s-pods-fit-node-pools")}\n${SCH_001_TOO_BIG}`,
        },
    ]);
});

test("a resource of another type is reported not applicable, with no diagnostics", async () => {
    const res = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(client.analyze, analyzeRequest("azure-native:storage:StorageAccount", "logs", { kind: "StorageV2" }));
    expect(res.getDiagnosticsList()).toEqual([]);
    expect(res.getNotApplicableList().length).toBeGreaterThan(0);
});

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
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { EXEMPTION_SCHEMA } from "../../policy/common/exemptions";
import { allPolicies } from "../../policy/pack";
import { callPack, startPackProcess, type PackProcess } from "../helpers/pack-process";
import { schedulingPolicies } from "../../policy/scheduling/scheduling-policies";
import { goodBudget, goodCluster, goodDeployment } from "./fixtures";
import { mutate, UNKNOWN } from "./harness";
import { PRIORITY_CLASS_TYPE, schedulingCluster, webBudget, webDeployment } from "./scheduling/fixtures";
import { goodPriorityClass } from "./fixtures";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const root = path.resolve(__dirname, "../..");
const packDir = path.join(root, "policy");
// The pack is its own package: the SDK reads its version from policy/package.json.
const version = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")).version as string;
const PACK = `'aks-platform-policies@v${version}'`;

let pack: PackProcess | undefined;
let client: analyzerGrpc.AnalyzerClient;

function startPack(): Promise<PackProcess> {
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
    return startPackProcess({ args, cwd: packDir, env, label: "the pack", timeoutMs: 50_000 });
}

function call<Req, Res>(method: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown, req: Req): Promise<Res> {
    return callPack<Req, Res>(client, method, req);
}

const LEVEL: Record<string, analyzer.EnforcementLevel> = {
    advisory: analyzer.EnforcementLevel.ADVISORY,
    mandatory: analyzer.EnforcementLevel.MANDATORY,
    disabled: analyzer.EnforcementLevel.DISABLED,
    remediate: analyzer.EnforcementLevel.REMEDIATE,
};

/** The Configure request the CLI sends for a config file (with `extra` entries over it): each policy's level and settings. */
function configureRequest(info: analyzer.AnalyzerInfo, env: string, extra: Record<string, unknown> = {}): analyzer.ConfigureAnalyzerRequest {
    const config = { ...(JSON.parse(fs.readFileSync(path.join(packDir, "config", `${env}.json`), "utf8")) as Record<string, unknown>), ...extra };
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

/** The diagnostics of the given policies only: a test about one concern over a hand-made stack fragment. */
const only = (names: readonly string[], diags: Diag[]) => diags.filter((d) => names.includes(d.policy));
const SCHEDULING = schedulingPolicies.map((p) => p.name);

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
    pack = await startPack();
    client = pack.client;
    info = await call<Empty, analyzer.AnalyzerInfo>(client.getAnalyzerInfo, new Empty());
}, 60_000);

afterAll(async () => {
    await pack?.stop();
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
    expect(sla.getConfigschema()?.getProperties()?.toJavaScript()).toEqual({ requireUptimeSla: { type: "boolean", default: true }, ...EXEMPTION_SCHEMA });
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
    const diags = only(["k8s-pdb-allows-eviction"], diagnostics(await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(client.analyzeStack, req)));
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
        stackResource(PRIORITY_CLASS_TYPE, "business-critical", goodPriorityClass()),
        stackResource("kubernetes:apps/v1:Deployment", "web", web),
        stackResource("kubernetes:policy/v1:PodDisruptionBudget", "web-pdb", webBudget()),
    ]);
    const diags = only(SCHEDULING, diagnostics(await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(client.analyzeStack, req)));
    expect(diags).toEqual([
        {
            policy: "k8s-pods-fit-node-pools",
            level: analyzer.EnforcementLevel.MANDATORY,
            urn: "urn:pulumi:prod::aks-platform::kubernetes:apps/v1:Deployment::web",
            message: `${description("k8s-pods-fit-node-pools")}\n${SCH_001_TOO_BIG}`,
        },
    ]);
});

/** The versioned token azure-native registers for the cluster under API version 2025-08-01 (bypass 1). */
const VERSIONED_CLUSTER = "azure-native:containerservice/v20250801:ManagedCluster";

test("a cluster registered under a versioned token is judged by every AKS policy: local accounts on fail, mandatory in prod", async () => {
    await call<analyzer.ConfigureAnalyzerRequest, Empty>(client.configure, configureRequest(info, "prod"));
    const localAccounts = mutate(goodCluster(), (c: Props) => (c.disableLocalAccounts = false));
    const res = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(client.analyze, analyzeRequest(VERSIONED_CLUSTER, "aks", localAccounts, true));
    expect(only(["aks-local-accounts-disabled"], diagnostics(res)).map((d) => [d.policy, d.level, d.message])).toEqual([
        ["aks-local-accounts-disabled", analyzer.EnforcementLevel.MANDATORY, `${description("aks-local-accounts-disabled")}\nManagedCluster "aks": disableLocalAccounts must be true (found false)`],
    ]);
});

test("AnalyzeStack places pods on a versioned-token cluster's pools too (bypass 1 in the scheduling checks)", async () => {
    await call<analyzer.ConfigureAnalyzerRequest, Empty>(client.configure, configureRequest(info, "prod"));
    const req = new analyzer.AnalyzeStackRequest();
    const web = mutate(webDeployment(), (d: Props) => (d.spec.template.spec.containers[0].resources.requests.cpu = "64"));
    req.setResourcesList([
        stackResource(VERSIONED_CLUSTER, "aks", schedulingCluster()),
        stackResource(PRIORITY_CLASS_TYPE, "business-critical", goodPriorityClass()),
        stackResource("kubernetes:apps/v1:Deployment", "web", web),
        stackResource("kubernetes:policy/v1:PodDisruptionBudget", "web-pdb", webBudget()),
    ]);
    const diags = only(SCHEDULING, diagnostics(await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(client.analyzeStack, req)));
    expect(diags.map((d) => [d.policy, d.level, d.message])).toEqual([["k8s-pods-fit-node-pools", analyzer.EnforcementLevel.MANDATORY, `${description("k8s-pods-fit-node-pools")}\n${SCH_001_TOO_BIG}`]]);
});

test("exemptions travel in the policy config: an active one silences the resource, an expired one is a violation", async () => {
    const localAccounts = mutate(goodCluster(), (c: Props) => (c.disableLocalAccounts = false));
    const exempt = (expires: string) => ({
        "aks-local-accounts-disabled": { enforcementLevel: "mandatory", asOf: "2027-03-01", exemptions: [{ resource: "aks", reason: "break-glass kubeconfig until Entra ID groups land (PLAT-42)", expires }] },
    });
    await call<analyzer.ConfigureAnalyzerRequest, Empty>(client.configure, configureRequest(info, "prod", exempt("2027-03-31")));
    const active = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(client.analyze, analyzeRequest(CLUSTER, "aks", localAccounts, true));
    expect(only(["aks-local-accounts-disabled"], diagnostics(active))).toEqual([]);

    await call<analyzer.ConfigureAnalyzerRequest, Empty>(client.configure, configureRequest(info, "prod", exempt("2027-02-28")));
    const req = new analyzer.AnalyzeStackRequest();
    req.setResourcesList([stackResource(CLUSTER, "aks", localAccounts)]);
    const stack = only(["aks-local-accounts-disabled"], diagnostics(await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(client.analyzeStack, req)));
    expect(stack.map((d) => [d.level, d.urn, d.message])).toEqual([
        [
            analyzer.EnforcementLevel.MANDATORY,
            `urn:pulumi:prod::aks-platform::${CLUSTER}::aks`,
            `${description("aks-local-accounts-disabled")}\nthe exemption for aks expired on 2027-02-28 (reason given: "break-glass kubeconfig until Entra ID groups land (PLAT-42)"); fix the violations it covered, or renew it with a new expiry date`,
        ],
    ]);
});

test("a resource of another type is reported not applicable, with no diagnostics", async () => {
    const res = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(client.analyze, analyzeRequest("azure-native:storage:StorageAccount", "logs", { kind: "StorageV2" }));
    expect(res.getDiagnosticsList()).toEqual([]);
    expect(res.getNotApplicableList().length).toBeGreaterThan(0);
});

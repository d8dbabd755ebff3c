/**
 * The publishable pack: `npm pack` in `policy/` (which runs the `prepack` build, as `pulumi policy publish` does)
 * gives a package that stands alone: JavaScript only, its entry, its PulumiPolicy.yaml and config files. The test
 * unpacks it in a temporary directory, gives it the dependencies policy/package.json names (the repository's
 * node_modules, linked), starts it with the Pulumi CLI's own runner (`@pulumi/pulumi/cmd/run-policy-pack`) as the
 * service runs a published pack, and asks it over gRPC for its policies and for a verdict on a cluster.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { allPolicies } from "../../policy/pack";
import { callPack, startPackProcess, type PackProcess } from "../helpers/pack-process";
import { goodCluster } from "./fixtures";
import { mutate } from "./harness";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const root = path.resolve(__dirname, "../..");
const packDir = path.join(root, "policy");
const manifest = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as {
    name: string;
    version: string;
    main: string;
    dependencies: Record<string, string>;
};

let tmp = "";
let unpacked = "";
let packed: { filename: string; files: { path: string }[] } | undefined;
let pack: PackProcess | undefined;
let client: analyzerGrpc.AnalyzerClient | undefined;

function call<Req, Res>(method: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown, req: Req): Promise<Res> {
    return callPack<Req, Res>(client!, method, req);
}

/** Starts the unpacked pack as the service runs a published Node.js pack: the runner, the engine address, the pack directory. */
function start(dir: string): Promise<PackProcess> {
    const runner = path.join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
    return startPackProcess({ args: [runner, "127.0.0.1:0", "."], cwd: dir, label: "the packed pack", timeoutMs: 40_000 });
}

beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-"));
    // npm prints the prepack script's output before the JSON.
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", tmp], { cwd: packDir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    packed = (JSON.parse(out.slice(out.indexOf("[\n"))) as (typeof packed)[])[0];
    execFileSync("tar", ["xzf", path.join(tmp, packed!.filename), "-C", tmp]);
    unpacked = path.join(tmp, "package");
    fs.symlinkSync(path.join(root, "node_modules"), path.join(unpacked, "node_modules"), "dir");
    pack = await start(unpacked);
    client = pack.client;
}, 90_000);

afterAll(async () => {
    await pack?.stop();
    if (tmp !== "") fs.rmSync(tmp, { recursive: true, force: true });
});

test("the package holds JavaScript only: its entry, the build, PulumiPolicy.yaml and the config files", () => {
    const files = packed!.files.map((f) => f.path);
    expect(packed!.filename).toBe(`${manifest.name}-${manifest.version}.tgz`);
    expect(files).toEqual(expect.arrayContaining(["package.json", "PulumiPolicy.yaml", manifest.main, "dist/policy/index.js", "dist/policy/pack.js", "config/prod.json"]));
    expect(files.filter((f) => f.endsWith(".ts"))).toEqual([]);
    expect(files.filter((f) => f.startsWith("dist/") && f.includes("node_modules"))).toEqual([]);
});

test("what the build requires from outside itself is exactly the package's dependencies", () => {
    const required = new Set<string>();
    for (const file of packed!.files.map((f) => f.path).filter((f) => f.endsWith(".js"))) {
        const text = fs.readFileSync(path.join(unpacked, file), "utf8");
        for (const m of text.matchAll(/require\("([^"]+)"\)/g)) {
            const spec = m[1];
            if (spec.startsWith(".") || spec.startsWith("node:") || ["fs", "path"].includes(spec)) continue;
            required.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
        }
    }
    for (const dep of required) expect(Object.keys(manifest.dependencies)).toContain(dep);
    // @pulumi/pulumi is @pulumi/policy's peer dependency: the package brings it.
    expect(Object.keys(manifest.dependencies)).toContain("@pulumi/pulumi");
});

test("started by the CLI's runner, the unpacked package serves every policy of the pack", async () => {
    const info = await call<Empty, analyzer.AnalyzerInfo>(client!.getAnalyzerInfo, new Empty());
    expect(info.getName()).toBe(manifest.name);
    expect(info.getVersion()).toBe(manifest.version);
    expect(info.getPoliciesList().map((p) => p.getName())).toEqual(allPolicies.map((p) => p.name));
});

test("and judges a resource as the sources do", async () => {
    const req = new analyzer.AnalyzeRequest();
    const type = "azure-native:containerservice/v20240901:ManagedCluster";
    req.setType(type);
    req.setName("aks");
    req.setUrn(`urn:pulumi:prod::aks-platform::${type}::aks`);
    req.setProperties(Struct.fromJavaScript(mutate(goodCluster(), (c: Props) => (c.disableLocalAccounts = false)) as Record<string, never>));
    const options = new analyzer.AnalyzerResourceOptions();
    options.setCustomtimeouts(new analyzer.AnalyzerResourceOptions.CustomTimeouts());
    options.setProtect(true);
    req.setOptions(options);
    const res = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(client!.analyze, req);
    const local = res.getDiagnosticsList().filter((d) => d.getPolicyname() === "aks-local-accounts-disabled");
    expect(local.map((d) => d.getMessage().split("\n")[1])).toEqual([`ManagedCluster "aks": disableLocalAccounts must be true (found false)`]);
});

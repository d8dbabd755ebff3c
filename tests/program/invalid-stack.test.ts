/** The program refuses a broken stack file before it registers anything. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { REPO_ROOT, StackRunFailure, runStack } from "../helpers/pulumi-mocks";

let dir: string;
beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aks-platform-stacks-"));
    const dev = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, Record<string, unknown> | unknown[]> };
    const broken = structuredClone(dev);
    (broken.config["aks-platform:systemPool"] as Record<string, unknown>).maxPods = 5;
    (broken.config["aks-platform:nodePools"] as Record<string, unknown>[])[0]!.name = "General_Pool";
    fs.writeFileSync(path.join(dir, "Pulumi.broken.yaml"), YAML.stringify(broken));
    fs.writeFileSync(path.join(dir, "Pulumi.copy.yaml"), YAML.stringify(dev));
});
afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
});

test("an invalid stack file makes the program throw the config error, naming the file and every path, before any registration", async () => {
    const failure = await runStack("broken", dir).then(
        () => undefined,
        (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StackRunFailure);
    const { cause, recorder } = failure as StackRunFailure;
    expect((cause as Error).name).toBe("StackConfigError");
    expect((cause as Error).message).toContain("Pulumi.broken.yaml");
    expect((cause as Error).message).toContain("systemPool.maxPods");
    expect((cause as Error).message).toContain("nodePools[0].name");
    expect(recorder.registrations).toEqual([]);
    expect(recorder.invocations).toEqual([]);
});

test("the same file without the errors runs and registers the cluster", async () => {
    const run = await runStack("copy", dir);
    expect(run.ofType("azure-native:containerservice:ManagedCluster")).toHaveLength(1);
});

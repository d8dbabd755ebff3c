/** The `workloads` and `placement` keys: defaults resolved, mistakes reported with the file and the field path. */
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { StackConfigError } from "../../config/errors";
import { loadPlatformSpec, parsePlatformSpec } from "../../config/load";
import { REPO_ROOT } from "../helpers/pulumi-mocks";
import { minimalRawConfig, type RawYaml } from "./fixtures";

const FILE = "Pulumi.test.yaml";

/** The minimal configuration plus the given workloads (and placement, when given). */
function raw(workloads: RawYaml[], placement?: RawYaml): RawYaml {
    return { ...minimalRawConfig(), registries: [{ public: "ghcr.io" }], workloads, ...(placement === undefined ? {} : { placement }) };
}
const parse = (config: RawYaml) => parsePlatformSpec(config, { file: FILE, stack: "test" });

function problems(config: RawYaml): string[] {
    try {
        parse(config);
    } catch (error) {
        if (error instanceof StackConfigError) {
            return error.message.split("\n");
        }
        throw error;
    }
    throw new Error("expected a StackConfigError, but the configuration was accepted");
}

const SMALLEST = { name: "web", image: "ghcr.io/example/web:1.0.0", pools: "general", resources: { requests: { cpu: "100m", memory: "128Mi" } } };

describe("the workloads key", () => {
    test("a stack without workloads has none, and promises only that everything fits at the pools' maximum size", () => {
        const spec = parse(minimalRawConfig());
        expect({ workloads: spec.workloads, promises: spec.placementPromises }).toEqual({ workloads: [], promises: ["max-size"] });
    });

    test("the smallest workload gets every documented default", () => {
        expect(parse(raw([SMALLEST])).workloads).toEqual([{
            name: "web",
            namespace: "default",
            kind: "Deployment",
            image: "ghcr.io/example/web:1.0.0",
            replicas: 1,
            pools: ["general"],
            resources: { requests: { cpu: "100m", memory: "128Mi" } },
            serviceAccountToken: false,
            egress: [],
        }]);
    });

    test("quantities written as YAML numbers are kept as quantity strings; autoscaling gets its 70% target", () => {
        const spec = parse(raw([{ ...SMALLEST, resources: { requests: { cpu: 2, memory: "1Gi" } }, replicas: 2, autoscaling: { maxReplicas: 4 } }]));
        expect(spec.workloads[0]).toMatchObject({ resources: { requests: { cpu: "2", memory: "1Gi" } }, autoscaling: { maxReplicas: 4, targetCpuUtilization: 70 } });
    });

    test("placement promises are read as declared", () => {
        expect(parse(raw([], { promises: ["max-size", "zone-loss"] })).placementPromises).toEqual(["max-size", "zone-loss"]);
    });

    test.each<[string, RawYaml, string]>([
        ["an unknown key in a workload, with a suggestion",
            raw([{ ...SMALLEST, replica: 2 }]),
            `${FILE}: workloads[0].replica: unknown key (did you mean "replicas"?); valid keys here: name, namespace, kind, image, replicas, pools, resources, spread, antiAffinity, port, probes, priorityClassName, disruptionBudget, autoscaling, serviceAccountToken, egress`],
        ["a kind that is not a controller this platform renders",
            raw([{ ...SMALLEST, kind: "DaemonSet" }]),
            `${FILE}: workloads[0].kind: "DaemonSet" is not valid; valid values: "Deployment", "StatefulSet"`],
        ["a workload without resources",
            raw([{ name: "web", image: "ghcr.io/example/web:1.0.0", pools: ["general"] }]),
            `${FILE}: workloads[0].resources: is required (an object (a YAML mapping))`],
        ["a spread that is neither required nor preferred",
            raw([{ ...SMALLEST, spread: { zones: "always" } }]),
            `${FILE}: workloads[0].spread.zones: "always" is not valid; valid values: "required", "preferred"`],
        ["a probe path without its leading slash",
            raw([{ ...SMALLEST, port: 8080, probes: { path: "healthz" } }]),
            `${FILE}: workloads[0].probes.path: "healthz" is not an HTTP path such as "/healthz" (it must start with "/")`],
        ["a placement promise the checks do not know",
            raw([], { promises: ["max-size", "region-loss"] }),
            `${FILE}: placement.promises[1]: "region-loss" is not valid; valid values: "min-size", "max-size", "zone-loss", "upgrade-drain", "spot-eviction"`],
        ["a workload rule, reported with the file name like every other problem",
            raw([{ ...SMALLEST, pools: ["gpu"] }]),
            `${FILE}: workloads[0].pools[0]: "web" names pool "gpu", which cluster "aks-test" does not have; pools: system, general`],
    ])("%s", (_name, config, message) => {
        expect(problems(config)).toEqual([message]);
    });
});

describe("the how-to in docs/configuration.md", () => {
    test("its workload is accepted as written, with the documented defaults", () => {
        const doc = fs.readFileSync(path.join(REPO_ROOT, "docs", "configuration.md"), "utf8");
        const section = doc.slice(doc.indexOf("### How to add a workload"));
        const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
        if (block === undefined) {
            throw new Error("docs/configuration.md has no YAML block under \"How to add a workload\"");
        }
        const workloads = (YAML.parse(block) as Record<string, RawYaml[]>)["aks-platform:workloads"];
        expect(parse(raw(workloads)).workloads).toEqual([expect.objectContaining({ name: "checkout", namespace: "shop", kind: "Deployment", pools: ["general"], serviceAccountToken: false })]);
    });
});

describe("the sample estate in the stack files", () => {
    test.each<[string, string[], string[]]>([
        ["dev", ["shop/web", "shop/api", "batch/batch-worker"], ["max-size"]],
        ["staging", ["shop/web", "shop/api", "batch/batch-worker"], ["max-size", "upgrade-drain"]],
        ["prod", ["shop/web", "shop/api", "ml/inference"], ["max-size", "zone-loss", "upgrade-drain"]],
    ])("%s declares its workloads and promises, and every workload passes the rules", (stack, workloads, promises) => {
        const spec = loadPlatformSpec(stack, REPO_ROOT);
        expect({ workloads: spec.workloads.map((w) => `${w.namespace}/${w.name}`), promises: spec.placementPromises }).toEqual({ workloads, promises });
    });

    test("every sample workload has a PDB, and spreads across zones as required wherever its pool has three", () => {
        for (const stack of ["staging", "prod"]) {
            const spec = loadPlatformSpec(stack, REPO_ROOT);
            for (const w of spec.workloads.filter((x) => x.pools.includes("general") || x.pools.includes("gpu"))) {
                expect({ stack, name: w.name, pdb: w.disruptionBudget !== undefined, zones: w.spread?.zones }).toEqual({ stack, name: w.name, pdb: true, zones: "required" });
            }
        }
        const dev = loadPlatformSpec("dev", REPO_ROOT);
        expect(dev.workloads.map((w) => [w.name, w.disruptionBudget !== undefined, w.spread?.zones])).toEqual([["web", true, undefined], ["api", true, undefined], ["batch-worker", true, undefined]]);
    });
});

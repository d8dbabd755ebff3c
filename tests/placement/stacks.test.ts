/**
 * The mission's promise per environment: run `index.ts` under Pulumi mocks with the stack file, build the
 * platform model from what it registered, and check that every scenario the stack promises is ok.
 */
import { loadPlatformSpec } from "../../config/load";
import { checkPlacement, platformModelFromSpec, platformModelsFromResources, type PlatformModel, type PlacementReport } from "../../placement";
import { REPO_ROOT, runStack } from "../helpers/pulumi-mocks";

jest.setTimeout(60_000);

/** Wall-clock milliseconds per stack: the mocked program, then the placement check (printed once, not asserted). */
const timings: string[] = [];
afterAll(() => console.log(`mocked program + placement check per stack (ms):\n${timings.join("\n")}`));

const kinds = (model: PlatformModel) => (model.objects as { kind: string }[]).map((o) => o.kind).sort();

describe.each(["dev", "staging", "prod"] as const)("stack %s", (stack) => {
    const spec = loadPlatformSpec(stack, REPO_ROOT);
    let models: PlatformModel[];
    let report: PlacementReport;

    beforeAll(async () => {
        const started = performance.now();
        const run = await runStack(stack);
        const programDone = performance.now();
        models = platformModelsFromResources(run.registrations.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs, urn: r.urn, provider: r.provider })));
        report = checkPlacement(models[0], { scenarios: spec.placementPromises });
        const checked = performance.now();
        const all = checkPlacement(models[0]);
        const allDone = performance.now();
        timings.push(
            `  ${stack}: program ${Math.round(programDone - started)}, check of its promises ${Math.round(checked - programDone)}, all five scenarios ${Math.round(allDone - checked)} (all ok: ${all.ok})`,
        );
    });

    test("registers one cluster whose model equals the one built from the stack's configuration", () => {
        expect(models).toHaveLength(1);
        const fromSpec = platformModelFromSpec(spec);
        expect(models[0].clusterName).toBe(fromSpec.clusterName);
        expect(models[0].cluster).toEqual(fromSpec.cluster);
        expect(models[0].pools).toEqual(fromSpec.pools);
        expect(kinds(models[0])).toEqual(kinds(fromSpec));
    });

    test("declares workloads and promises at least the max-size scenario", () => {
        expect(spec.workloads.length).toBeGreaterThan(0);
        expect(spec.placementPromises).toContain("max-size");
    });

    test("keeps every placement promise it makes", () => {
        expect(report.scenarios.map((s) => s.scenario)).toEqual(spec.placementPromises);
        expect(report.scenarios.filter((s) => !s.ok).map((s) => ({ scenario: s.scenario, problems: s.problems }))).toEqual([]);
        for (const verdict of report.scenarios) {
            const plugin = spec.cluster.nodePools.some((p) => p.gpuDevicePlugin) ? ["DaemonSet/kube-system/nvidia-device-plugin"] : [];
            expect(verdict.workloads.map((w) => w.workload).sort()).toEqual(
                [...spec.workloads.map((w) => `${w.kind}/${w.namespace}/${w.name}`), ...plugin].sort(),
            );
            expect(verdict.workloads.every((w) => w.placed === w.replicas && (w.replicas > 0 || w.workload.startsWith("DaemonSet/")))).toBe(true);
        }
    });
});

describe("the promises tell environments apart", () => {
    test("prod promises to survive a zone loss and an upgrade; dev does not promise a zone loss", () => {
        expect(loadPlatformSpec("prod", REPO_ROOT).placementPromises).toEqual(expect.arrayContaining(["max-size", "zone-loss", "upgrade-drain"]));
        expect(loadPlatformSpec("dev", REPO_ROOT).placementPromises).not.toContain("zone-loss");
    });

    test("dev, which runs in one zone, would indeed not survive losing it", () => {
        const report = checkPlacement(platformModelFromSpec(loadPlatformSpec("dev", REPO_ROOT)), { scenarios: ["zone-loss"] });
        expect(report.ok).toBe(false);
        expect(report.scenarios[0].problems[0]).toMatch(/^zone westeurope-1 lost: /);
    });
});

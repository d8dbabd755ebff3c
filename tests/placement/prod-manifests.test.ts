/**
 * The prod stack with the manifests of `manifests/prod/` (what `npm run plan -- --stack prod --manifests
 * tests/placement/manifests/prod` shows): an LRS StatefulSet fails zone-loss naming the volume node affinity
 * conflict and the zone while the same shape on ZRS passes; Azure Disks beyond the general pool's attach capacity
 * fail max-size with "exceed max volume count"; a 3-replica Deployment behind a Service lands one replica per zone;
 * during the upgrade the critical ledger fits only by preempting a batch pod, and the report says so.
 */
import * as path from "path";
import { loadPlatformSpec } from "../../config/load";
import { checkPlacement, platformModelFromSpec, type PlacementReport, type ScenarioVerdict } from "../../placement";
import { readManifests } from "../../plan/manifests";
import { REPO_ROOT } from "../helpers/pulumi-mocks";

jest.setTimeout(60_000);

let report: PlacementReport;
const scenario = (name: string): ScenarioVerdict => report.scenarios.find((s) => s.scenario === name)!;

beforeAll(() => {
    const model = platformModelFromSpec(loadPlatformSpec("prod", REPO_ROOT));
    const manifests = readManifests([path.join(__dirname, "manifests", "prod")]);
    report = checkPlacement({ ...model, objects: [...model.objects, ...manifests.objects.map((o) => o.resource.inputs)] });
});

test("zone-loss: the LRS database loses the replica of each lost zone, naming the conflict and the zone; the ZRS cache loses none", () => {
    const v = scenario("zone-loss");
    expect(v.ok).toBe(false);
    const orders = v.problems.filter((p) => p.includes("StatefulSet/shop/orders-db:"));
    expect(orders).toHaveLength(3);
    for (const zone of ["westeurope-1", "westeurope-2", "westeurope-3"]) {
        const problem = orders.find((p) => p.startsWith(`zone ${zone} lost:`))!;
        expect(problem).toContain("node(s) had volume node affinity conflict");
        expect(problem).toContain(`topology.disk.csi.azure.com/zone In [${zone}]`);
    }
    expect(v.problems.join("\n")).not.toContain("orders-cache");
    expect(v.workloads.find((w) => w.workload === "StatefulSet/shop/orders-cache")).toMatchObject({ replicas: 3, placed: 3 });
});

test("max-size: the queue's disks beyond the general pool's 16 per node fail with 'exceed max volume count'; the other workloads fit", () => {
    const v = scenario("max-size");
    expect(v.ok).toBe(false);
    expect(v.problems).toHaveLength(1);
    expect(v.problems[0]).toMatch(/^StatefulSet\/shop\/queue: 1 of 43 replica\(s\) fit on no node .*: 0\/27 nodes are available: 12 node\(s\) exceed max volume count, 15 node\(s\) had untolerated taint\(s\)\.$/);
    // The estimate counts the disks too: the general pool needs all twelve nodes.
    expect(v.pools.find((p) => p.pool === "general")).toMatchObject({ nodesNeeded: 12, max: 12 });
});

test("the storefront behind a Service, without constraints, lands one replica per zone", () => {
    const storefront = scenario("max-size").workloads.find((w) => w.workload === "Deployment/shop/storefront")!;
    expect(storefront.byPool).toEqual({ general: { "westeurope-1": 1, "westeurope-2": 1, "westeurope-3": 1 } });
});

test("upgrade-drain: the ledger's evicted replicas stay in their disks' zones and fit by preempting batch pods, which find a node again", () => {
    const v = scenario("upgrade-drain");
    expect(v.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^StatefulSet\/shop\/ledger fits by preempting 1 pod\(s\) of Deployment\/shop\/reports on node aks-memory-\d+-vmss\d{6}$/)]));
    expect(v.problems.join("\n")).not.toContain("preempting");
    expect(v.workloads.find((w) => w.workload === "Deployment/shop/reports")).toMatchObject({ replicas: 4, placed: 4 });
    expect(v.workloads.find((w) => w.workload === "StatefulSet/shop/ledger")).toMatchObject({ replicas: 4, placed: 4 });
});

/**
 * The placement verdicts storage, default spreading and preemption change, from manifests in `manifests/`:
 * an LRS StatefulSet fails zone-loss naming the conflict and the zone, the same on ZRS passes; disks beyond the
 * pool's attach capacity at max size fail with "exceed max volume count"; a Deployment behind a Service lands one
 * replica per zone; a drain that fits a critical pod only by preempting a batch pod says so.
 */
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { checkPlacement, type ScenarioName, type ScenarioVerdict } from "../../placement";
import type { PlatformModel } from "../../placement/types";
import { model, pool } from "./fixtures";

const MANIFESTS = path.join(__dirname, "manifests");

/** The fields of the manifests' documents the tests change. */
interface Doc {
    kind: string;
    metadata: { name: string };
    spec: { replicas?: number; template: { spec: { priorityClassName?: string; containers: { resources: { requests: Record<string, string> } }[] } } };
}

/** The documents of a manifest file, optionally changed. */
function manifest(file: string, change: (objects: Doc[]) => void = () => undefined): object[] {
    const objects = YAML.parseAllDocuments(fs.readFileSync(path.join(MANIFESTS, file), "utf8")).map((d) => d.toJSON() as Doc);
    change(objects);
    return objects;
}

function verdict(m: PlatformModel, scenario: ScenarioName): ScenarioVerdict {
    return checkPlacement(m, { scenarios: [scenario] }).scenarios[0];
}

const general = pool("general");

describe("zone loss with zonal and zone-redundant disks", () => {
    test("an LRS StatefulSet loses the replica of the lost zone: the problem names the volume node affinity conflict and the zone", () => {
        const v = verdict(model([general], manifest("lrs-statefulset.yaml")), "zone-loss");
        expect(v.ok).toBe(false);
        expect(v.workloads.find((w) => w.workload === "StatefulSet/shop/orders-db")).toMatchObject({ replicas: 3, placed: 2 });
        expect(v.problems).toHaveLength(3);
        v.problems.forEach((problem, i) => {
            const zone = `westeurope-${i + 1}`;
            expect(problem).toContain(`zone ${zone} lost: StatefulSet/shop/orders-db: 1 of 3 replica(s) fit on no node`);
            expect(problem).toContain("node(s) had volume node affinity conflict");
            expect(problem).toMatch(new RegExp(`claim shop/data-orders-db-\\d is bound to volume pvc-[0-9a-f]{8}, which attaches only where topology\\.disk\\.csi\\.azure\\.com/zone In \\[${zone}\\]`));
        });
    });

    test("the same StatefulSet on managed-csi-premium (ZRS on a multi-zone 1.33 cluster) survives any zone", () => {
        const v = verdict(model([general], manifest("zrs-statefulset.yaml")), "zone-loss");
        expect(v.problems).toEqual([]);
        expect(v.ok).toBe(true);
    });
});

describe("Azure Disk attach limits at max size", () => {
    // Three Standard_D4ds_v5 nodes at most: 8 data disks each, 24 in all; each replica mounts 4.
    const autoscaled = pool("general", { count: 1, autoscaling: { minCount: 1, maxCount: 3 } });

    test("seven replicas of four disks exceed the pool's 24 disk slots: one fits nowhere, 'exceed max volume count'", () => {
        const v = verdict(model([autoscaled], manifest("disk-heavy-statefulset.yaml")), "max-size");
        expect(v.ok).toBe(false);
        expect(v.workloads.find((w) => w.workload === "StatefulSet/shop/queue")).toMatchObject({ replicas: 7, placed: 6 });
        expect(v.problems.join("\n")).toContain("node(s) exceed max volume count");
    });

    test("six replicas fit", () => {
        const six = manifest("disk-heavy-statefulset.yaml", ([sts]) => {
            sts.spec.replicas = 6;
        });
        expect(verdict(model([autoscaled], six), "max-size").problems).toEqual([]);
    });
});

describe("default topology spreading", () => {
    // Three single-zone pools, so that "the first emptiest nodes" would all be in zone 1.
    const zonal = ["1", "2", "3"].map((zone) => pool(`zone${zone}`, { zones: [zone] }));

    test("a three-replica Deployment behind a Service, with no constraints, lands one replica per zone at max size", () => {
        const v = verdict(model(zonal, manifest("service-deployment.yaml")), "max-size");
        expect(v.workloads.find((w) => w.workload === "Deployment/shop/storefront")!.byPool).toEqual({
            zone1: { "westeurope-1": 1 },
            zone2: { "westeurope-2": 1 },
            zone3: { "westeurope-3": 1 },
        });
    });

    test("three bare pods (no controller, no Service) are not spread: they share the first zone", () => {
        const bare = [0, 1, 2].map((i) => ({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: `lone-${i}`, namespace: "shop", labels: { app: "lone" } },
            spec: { containers: [{ name: "web", image: "example.azurecr.io/storefront:2", resources: { requests: { cpu: "200m", memory: "256Mi" } } }] },
        }));
        const v = verdict(model(zonal, bare), "max-size");
        const zones = v.workloads.filter((w) => w.workload.startsWith("Pod/shop/lone-")).map((w) => Object.keys(Object.values(w.byPool)[0])[0]);
        expect(zones).toEqual(["westeurope-1", "westeurope-1", "westeurope-1"]);
    });
});

describe("preemption during a drain", () => {
    // Two Standard_D8ds_v5 nodes, drained one at a time without a surge node: the critical API's evicted replica
    // fits on the other node only if the batch pod there goes.
    const tight = pool("general", { vmSize: "Standard_D8ds_v5", count: 2, upgrade: { maxSurge: "0", maxUnavailable: "1", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 } });
    const heavy = (objects: Doc[]) => {
        for (const o of objects) if (o.kind === "Deployment") o.spec.template.spec.containers[0].resources.requests.cpu = o.metadata.name === "checkout" ? "3500m" : "3800m";
    };

    test("the checkout API's evicted replica fits by preempting the batch pod, and the batch pod that finds no node again is the problem", () => {
        const v = verdict(model([tight], manifest("priorities.yaml", heavy)), "upgrade-drain");
        expect(v.ok).toBe(false);
        expect(v.problems[0]).toMatch(/^Deployment\/shop\/checkout fits by preempting 1 pod\(s\) of Deployment\/shop\/reports on node aks-general-\d+-vmss00000\d; Deployment\/shop\/reports: pod shop\/reports-\S+ fits on no node again: 0\/\d+ nodes are available: /);
        expect(v.workloads.find((w) => w.workload === "Deployment/shop/checkout")!.details).toEqual([expect.stringMatching(/^fits by preempting 1 pod\(s\) of Deployment\/shop\/reports on node /)]);
    });

    test("without priorities the evicted replica cannot preempt: it fits on no node", () => {
        const equal = manifest("priorities.yaml", (objects) => {
            heavy(objects);
            for (const o of objects) if (o.kind === "Deployment") delete o.spec.template.spec.priorityClassName;
        });
        const v = verdict(model([tight], equal), "upgrade-drain");
        expect(v.ok).toBe(false);
        expect(v.problems.join("\n")).not.toContain("preempting");
        expect(v.problems[0]).toMatch(/^Deployment\/shop\/\w+: pod shop\/\S+ evicted from node aks-general-\d+-vmss00000\d \(pool "general"\) fits on no node: 0\/\d+ nodes are available: /);
    });
});

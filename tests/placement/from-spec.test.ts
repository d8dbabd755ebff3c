import { workloadManifests } from "../../components/workload-manifests";
import { loadPlatformSpec } from "../../config/load";
import { checkPlacement, checkPlacementOfSpec, platformModelFromSpec } from "../../placement";
import { REPO_ROOT } from "../helpers/pulumi-mocks";

describe("platformModelFromSpec", () => {
    const spec = loadPlatformSpec("prod", REPO_ROOT);
    const model = platformModelFromSpec(spec);

    test("takes the System pool first, then the other pools, as the stack declares them", () => {
        expect(model.pools).toEqual([spec.cluster.systemPool, ...spec.cluster.nodePools]);
        expect(model.clusterName).toBe(spec.cluster.name);
        expect(model.cluster.location).toBe(spec.location);
    });

    test("makes a Namespace per created namespace, then each workload's controller, Service, budget and autoscaler", () => {
        const kinds = (model.objects as { kind: string; metadata: { name: string; namespace?: string } }[]).map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`);
        const namespaces = [...new Set(spec.workloads.map((w) => w.namespace))].filter((n) => n !== "default" && n !== "kube-system");
        expect(kinds.slice(0, namespaces.length)).toEqual(namespaces.map((n) => `Namespace//${n}`));
        for (const w of spec.workloads) {
            expect(kinds).toContain(`${w.kind}/${w.namespace}/${w.name}`);
            expect(kinds.includes(`PodDisruptionBudget/${w.namespace}/${w.name}`)).toBe(w.disruptionBudget !== undefined);
            expect(kinds.includes(`HorizontalPodAutoscaler/${w.namespace}/${w.name}`)).toBe(w.autoscaling !== undefined);
            // The Workload component registers a Service for a workload with a port and for every StatefulSet.
            expect(kinds.includes(`Service/${w.namespace}/${w.name}`)).toBe(workloadManifests(w, model.pools).service !== undefined);
        }
        expect(kinds.some((k) => k.startsWith("Service/"))).toBe(true);
    });

    test("checkPlacementOfSpec is checkPlacement on the spec's model", () => {
        const options = { scenarios: ["max-size" as const] };
        expect(checkPlacementOfSpec(spec, options)).toEqual(checkPlacement(model, options));
        expect(checkPlacementOfSpec(spec, options).ok).toBe(true);
    });

    test("a workload naming a pool the cluster lacks is an error naming the workload", () => {
        const broken = { ...spec, workloads: [{ ...spec.workloads[0], pools: ["nosuchpool"] }] };
        expect(() => platformModelFromSpec(broken)).toThrow(spec.workloads[0].name);
    });
});

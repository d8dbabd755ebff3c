/** Workload expansion: the pods each controller makes, their names, labels, owners and priority; malformed objects. */
import { InvalidObjectError } from "../../../scheduling/model/errors";
import { expandWorkloads, POD_TEMPLATE_HASH_LABEL } from "../../../scheduling/simulate/workloads";
import { barePod, deployment, podSpec, priorityClass } from "./fixtures";

const names = (objects: object[]): string[] => expandWorkloads(objects).sources.flatMap((s) => s.pods.map((p) => p.metadata!.name!));

describe("expandWorkloads", () => {
    test.each([
        ["a StatefulSet names its pods <name>-<ordinal>", { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "db" }, spec: { replicas: 3, template: { metadata: { labels: { app: "db" } }, spec: podSpec("100m") } } }, ["db-0", "db-1", "db-2"]],
        ["a StatefulSet without replicas makes one pod, as the API defaults", { kind: "StatefulSet", metadata: { name: "db" }, spec: { template: { spec: podSpec("100m") } } }, ["db-0"]],
        ["a StatefulSet with zero replicas makes none", { kind: "StatefulSet", metadata: { name: "db" }, spec: { replicas: 0, template: { spec: podSpec("100m") } } }, []],
        ["a bare Pod keeps its name", barePod("solo", podSpec("100m")), ["solo"]],
    ])("%s", (_name, object, expected) => {
        expect(names([object])).toEqual(expected);
    });

    test("Deployment pods are named <name>-<hash>-<suffix>, carry pod-template-hash and are owned by the ReplicaSet", () => {
        const [source] = expandWorkloads([deployment("web", 3, podSpec("100m"))]).sources;
        const hash = source.pods[0].metadata!.labels![POD_TEMPLATE_HASH_LABEL];
        expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
        for (const pod of source.pods) {
            expect(pod.metadata!.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
            expect(pod.metadata!.labels).toEqual({ app: "web", [POD_TEMPLATE_HASH_LABEL]: hash });
            expect(pod.metadata!.ownerReferences![0]).toMatchObject({ kind: "ReplicaSet", name: `web-${hash}`, controller: true });
            expect(pod.metadata!.namespace).toBe("default");
        }
        expect(new Set(source.pods.map((p) => p.metadata!.name)).size).toBe(3);
    });

    test("names are the same on every run and differ between templates", () => {
        expect(names([deployment("web", 2, podSpec("100m"))])).toEqual(names([deployment("web", 2, podSpec("100m"))]));
        expect(names([deployment("web", 2, podSpec("100m"))])).not.toEqual(names([deployment("web", 2, podSpec("200m"))]));
    });

    test.each([
        ["parallelism 3 and completions 5 run 3 pods at once", { parallelism: 3, completions: 5 }, 3],
        ["parallelism 4 bounded by completions 2 runs 2", { parallelism: 4, completions: 2 }, 2],
        ["neither set runs 1", {}, 1],
        ["parallelism 0 runs none", { parallelism: 0 }, 0],
    ])("a Job with %s", (_name, jobSpec, expected) => {
        const [source] = expandWorkloads([{ kind: "Job", metadata: { name: "batch", namespace: "jobs" }, spec: { ...jobSpec, template: { spec: podSpec("100m", "64Mi", { restartPolicy: "Never" }) } } }]).sources;
        expect(source.pods).toHaveLength(expected);
        for (const pod of source.pods) {
            expect(pod.metadata!.name).toMatch(/^batch-[a-z0-9]{5}$/);
            expect(pod.metadata!.labels).toMatchObject({ "batch.kubernetes.io/job-name": "batch", "job-name": "batch" });
            expect(pod.metadata!.ownerReferences![0]).toMatchObject({ kind: "Job", name: "batch" });
        }
    });

    test("a CronJob runs its jobTemplate once, as a Job named <name>-<8 digits>", () => {
        const cron = { kind: "CronJob", metadata: { name: "nightly" }, spec: { schedule: "0 2 * * *", jobTemplate: { spec: { parallelism: 2, template: { spec: podSpec("100m") } } } } };
        const [source] = expandWorkloads([cron]).sources;
        expect(source.ref).toBe("CronJob/default/nightly");
        expect(source.templatePrefix).toBe("spec.jobTemplate.spec.template.");
        expect(source.pods).toHaveLength(2);
        const job = source.pods[0].metadata!.ownerReferences![0].name;
        expect(job).toMatch(/^nightly-\d{8}$/);
        expect(source.pods[0].metadata!.name!.startsWith(`${job}-`)).toBe(true);
    });

    test("a ReplicaSet names its pods <name>-<suffix> (no hash: it is the owner)", () => {
        expect(names([{ kind: "ReplicaSet", metadata: { name: "rs" }, spec: { replicas: 2, template: { metadata: { labels: { a: "b" } }, spec: podSpec("100m") } } }])).toEqual([
            expect.stringMatching(/^rs-[a-z0-9]{5}$/),
            expect.stringMatching(/^rs-[a-z0-9]{5}$/),
        ]);
    });

    test("context objects are sorted out, not made into pods", () => {
        const parsed = expandWorkloads([
            priorityClass("high", 1000),
            { kind: "Namespace", metadata: { name: "team" } },
            { kind: "PodDisruptionBudget", metadata: { name: "pdb" }, spec: { minAvailable: 1 } },
            deployment("web", 1, podSpec("100m")),
        ]);
        expect(parsed.sources.map((s) => s.ref)).toEqual(["Deployment/default/web"]);
        expect([parsed.priorityClasses.length, parsed.namespaces.length, parsed.disruptionBudgets.length]).toEqual([1, 1, 1]);
    });

    test.each([
        ["a priorityClassName resolves through the PriorityClass objects", { priorityClassName: "high" }, 1000],
        ["a built-in class resolves without an object", { priorityClassName: "system-node-critical" }, 2000001000],
        ["spec.priority is taken when no class is named", { priority: 7 }, 7],
        ["no class and no priority takes the global default", {}, 5],
    ])("%s", (_name, extra, expected) => {
        const parsed = expandWorkloads([priorityClass("high", 1000), priorityClass("default-class", 5, true), deployment("web", 1, podSpec("100m", "64Mi", extra))]);
        expect(parsed.sources[0].priority).toBe(expected);
        expect(parsed.sources[0].pods[0].spec!.priority).toBe(expected);
    });

    test.each([
        ["an unknown kind", { kind: "Gadget", metadata: { name: "g" } }, 'Gadget/default/g: kind: "Gadget" is not a supported kind; supported kinds: Pod, Deployment, StatefulSet, ReplicaSet, DaemonSet, Job, CronJob, PodDisruptionBudget, PriorityClass, Namespace'],
        ["a Deployment without spec.template", { kind: "Deployment", metadata: { name: "web", namespace: "shop" }, spec: { replicas: 2 } }, "Deployment/shop/web: spec.template: a Deployment needs spec.template (a pod template with metadata.labels and spec.containers)"],
        ["a CronJob without its job's pod template", { kind: "CronJob", metadata: { name: "c" }, spec: { jobTemplate: { spec: {} } } }, "CronJob/default/c: spec.jobTemplate.spec.template: a CronJob needs spec.jobTemplate.spec.template (a pod template with metadata.labels and spec.containers)"],
        ["a template without containers", { kind: "StatefulSet", metadata: { name: "db" }, spec: { template: { spec: { containers: [] } } } }, "StatefulSet/default/db: spec.template.spec.containers: at least one container is required"],
        ["a malformed request in a template with zero replicas", { kind: "Deployment", metadata: { name: "idle" }, spec: { replicas: 0, template: { spec: podSpec("-1") } } }, "Deployment/default/idle: spec.template.spec.containers[0].resources.requests.cpu: must be non-negative"],
        ["negative replicas", { kind: "Deployment", metadata: { name: "web" }, spec: { replicas: -1, template: { spec: podSpec("100m") } } }, "Deployment/default/web: spec.replicas: must be a whole number ≥ 0, got -1"],
        ["a missing name", { kind: "Deployment", metadata: {}, spec: {} }, "Deployment/default/<unnamed>: metadata.name: a non-empty name is required"],
        ["a malformed cpu request in the template", deployment("web", 1, podSpec("lots")), "Deployment/default/web: spec.template.spec.containers[0].resources.requests.cpu: "],
        ["an unknown priority class", deployment("web", 1, podSpec("100m", "64Mi", { priorityClassName: "urgent" })), 'Deployment/default/web: spec.template.spec.priorityClassName: no PriorityClass named "urgent"; known classes: system-node-critical, system-cluster-critical'],
        ["a selector that does not select the template", { kind: "Deployment", metadata: { name: "web" }, spec: { selector: { matchLabels: { app: "other" } }, template: { metadata: { labels: { app: "web" } }, spec: podSpec("100m") } } }, "Deployment/default/web: spec.selector: does not select the pod template's labels (spec.template.metadata.labels); the API server rejects such a workload"],
        ["a bad spread constraint in the template", deployment("web", 1, podSpec("100m", "64Mi", { topologySpreadConstraints: [{ maxSkew: 0, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" }] })), "Deployment/default/web: spec.template.spec.topologySpreadConstraints[0].maxSkew: 0 is not valid; it must be an integer greater than 0"],
        ["something that is not an object", "Deployment", 'workloads[0]: (object): expected a Kubernetes API object, got "Deployment"'],
    ])("rejects %s, naming the object and the field", (_name, object, message) => {
        let caught: unknown;
        try {
            expandWorkloads([object as object]);
        } catch (error) {
            caught = error;
        }
        expect(caught).toBeInstanceOf(InvalidObjectError);
        expect((caught as Error).message.startsWith(message)).toBe(true);
    });
});

import * as av from "../../../policy/workloads/availability-policies";
import { disruptionsAllowed } from "../../../policy/workloads/disruptions";
import { CRON_JOB, DEPLOYMENT, HORIZONTAL_POD_AUTOSCALER, JOB, POD, POD_DISRUPTION_BUDGET, REPLICA_SET, STATEFUL_SET } from "../../../policy/workloads/pod-templates";
import { dbBudget, goodAutoscaler, goodBudget, goodCronJob, goodDeployment, goodJob, goodPod, goodReplicaSet, goodStatefulSet } from "../fixtures";
import { evaluateResource, evaluateStack, mutate, UNKNOWN, urnOf, type StackEntry } from "../harness";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The happy-path stack: web (HPA 2–10, no spec.replicas, PDB maxUnavailable 1) and db (3 replicas, PDB minAvailable 50%). */
function goodStack(): StackEntry[] {
    return [
        { type: DEPLOYMENT, name: "web", props: mutate(goodDeployment(), (d: Props) => delete d.spec.replicas) },
        { type: STATEFUL_SET, name: "db", props: goodStatefulSet() },
        { type: POD_DISRUPTION_BUDGET, name: "web-pdb", props: goodBudget() },
        { type: POD_DISRUPTION_BUDGET, name: "db-pdb", props: dbBudget() },
        { type: HORIZONTAL_POD_AUTOSCALER, name: "web-hpa", props: goodAutoscaler() },
    ];
}

/** The stack with the entry named `name` changed. */
function changed(name: string, change: (p: Props) => void, stack = goodStack()): StackEntry[] {
    return stack.map((e) => (e.name === name ? { ...e, props: mutate(e.props as Props, change) } : e));
}

const WEB = 'Deployment "shop/web"';
const DB = 'StatefulSet "shop/db"';

describe("bare pods: the owner must be a controller the stack declares", () => {
    const owner = (): StackEntry => ({ type: REPLICA_SET, name: "debug-rs", props: mutate(goodReplicaSet(), (r: Props) => (r.metadata.name = "debug-1")) });
    const pod = (change: (p: Props) => void = () => undefined): StackEntry => ({ type: POD, name: "debug", props: mutate(goodPod(), change) });
    const P = 'Pod "shop/debug"';
    test.each([
        ["a Pod owned by a ReplicaSet of the stack passes", [owner(), pod()], []],
        ["a Pod without an owner is bare", [owner(), pod((p) => delete p.metadata.ownerReferences)], [`${P}: is a bare Pod; run it from a Deployment, StatefulSet, DaemonSet or Job so it is recreated after a node failure or drain`]],
        [
            "an owner reference that is not the controller does not count",
            [owner(), pod((p) => delete p.metadata.ownerReferences[0].controller)],
            [`${P}: has ownerReferences but none with controller: true; run it from a Deployment, StatefulSet, DaemonSet or Job so it is recreated after a node failure or drain`],
        ],
        [
            "a made-up owner the stack does not declare",
            [pod()],
            [`${P}: its owner reference to ReplicaSet "debug-1": no ReplicaSet "shop/debug-1" is declared in the stack, so nothing recreates the pod and the garbage collector deletes it`],
        ],
        [
            "an owner of a kind that does not recreate pods, with an empty uid",
            [owner(), pod((p) => Object.assign(p.metadata.ownerReferences[0], { kind: "ConfigMap", apiVersion: "v1", uid: "" }))],
            [`${P}: its owner reference to ConfigMap "debug-1": kind "ConfigMap" is not a controller that recreates pods (ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job); uid is empty: the reference names no object`],
        ],
        [
            "an owner reference with the wrong apiVersion",
            [owner(), pod((p) => (p.metadata.ownerReferences[0].apiVersion = "extensions/v1beta1"))],
            [`${P}: its owner reference to ReplicaSet "debug-1": apiVersion must be apps/v1 for a ReplicaSet (found "extensions/v1beta1")`],
        ],
        ["a uid unknown during preview (the owner's output) is accepted", [owner(), pod((p) => (p.metadata.ownerReferences[0].uid = UNKNOWN))], []],
    ] as const)("%s", async (_name, stack, violations) => {
        expect((await evaluateStack(av.noBarePods, stack)).violations).toEqual(violations);
    });
});

describe("every availability stack policy accepts the happy-path stack", () => {
    test.each([av.replicasFloor, av.spreadOrAntiAffinity, av.disruptionBudget, av.autoscalersSound, av.rollingUpdates].map((p) => [p.name, p] as const))("%s", async (_n, policy) => {
        expect(await evaluateStack(policy, goodStack())).toEqual({ violations: [], urns: [] });
    });
});

describe("replica floor", () => {
    test("a single-replica StatefulSet is below the default floor of 2", async () => {
        const outcome = await evaluateStack(av.replicasFloor, changed("db", (p) => (p.spec.replicas = 1)));
        expect(outcome).toEqual({ violations: [`${DB}: runs 1 replica(s) at its minimum (spec.replicas); at least 2 are required`], urns: [urnOf({ type: STATEFUL_SET, name: "db" })] });
    });
    test("unset replicas read as 1", async () => {
        const outcome = await evaluateStack(av.replicasFloor, changed("db", (p) => delete p.spec.replicas));
        expect(outcome.violations).toEqual([`${DB}: runs 1 replica(s) at its minimum (spec.replicas unset, which Kubernetes reads as 1); at least 2 are required`]);
    });
    test("an HPA's minReplicas is the minimum, whatever spec.replicas says", async () => {
        const stack = changed("web-hpa", (p) => (p.spec.minReplicas = 1));
        expect((await evaluateStack(av.replicasFloor, stack)).violations).toEqual([`${WEB}: runs 1 replica(s) at its minimum (HorizontalPodAutoscaler "shop/web" minReplicas); at least 2 are required`]);
    });
    test("the floor is a setting (prod: 3)", async () => {
        const stack = changed("web-hpa", (p) => (p.spec.minReplicas = 2));
        expect((await evaluateStack(av.replicasFloor, stack, { config: { minReplicas: 3 } })).violations).toEqual([
            `${WEB}: runs 2 replica(s) at its minimum (HorizontalPodAutoscaler "shop/web" minReplicas); at least 3 are required`,
        ]);
    });
    test("an HPA in another namespace does not count", async () => {
        const stack = changed("web-hpa", (p) => (p.metadata.namespace = "other"), changed("web", (p) => (p.spec.replicas = 1)));
        expect((await evaluateStack(av.replicasFloor, stack)).violations).toEqual([`${WEB}: runs 1 replica(s) at its minimum (spec.replicas); at least 2 are required`]);
    });
});

describe("spread", () => {
    test("a multi-replica workload without a spread constraint", async () => {
        const outcome = await evaluateStack(av.spreadOrAntiAffinity, changed("db", (p) => delete p.spec.template.spec.topologySpreadConstraints));
        expect(outcome.violations).toEqual([
            `${DB}: can run 3 replicas but no topologySpreadConstraint on kubernetes.io/hostname, topology.kubernetes.io/zone, topology.kubernetes.io/region selects its own pods, so all of them may land on one node`,
        ]);
    });
    test("any anti-affinity term is not enough: a constraint must select the workload's own pods (the spread fixture of web does not select db)", async () => {
        const stack = changed("db", (p) => {
            p.spec.template.spec.topologySpreadConstraints[0].labelSelector = { matchLabels: { app: "web" } };
            p.spec.template.spec.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { app: "db" } } } }] } };
        });
        expect((await evaluateStack(av.spreadOrAntiAffinity, stack)).violations).toEqual([
            `${DB}: can run 3 replicas but no topologySpreadConstraint on kubernetes.io/hostname, topology.kubernetes.io/zone, topology.kubernetes.io/region selects its own pods, so all of them may land on one node`,
        ]);
    });
    test("a constraint on a key that does not separate nodes does not count", async () => {
        const stack = changed("db", (p) => (p.spec.template.spec.topologySpreadConstraints[0].topologyKey = "workload.example.com/class"));
        expect((await evaluateStack(av.spreadOrAntiAffinity, stack)).violations).toEqual([
            `${DB}: can run 3 replicas but no topologySpreadConstraint on kubernetes.io/hostname, topology.kubernetes.io/zone, topology.kubernetes.io/region selects its own pods, so all of them may land on one node`,
        ]);
    });
    test("one replica that an HPA can scale to 10 needs spread too", async () => {
        const stack = changed("web", (p) => {
            p.spec.replicas = 1;
            delete p.spec.template.spec.topologySpreadConstraints;
        });
        expect((await evaluateStack(av.spreadOrAntiAffinity, stack)).violations).toEqual([
            `${WEB}: can run 10 replicas but no topologySpreadConstraint on kubernetes.io/hostname, topology.kubernetes.io/zone, topology.kubernetes.io/region selects its own pods, so all of them may land on one node`,
        ]);
    });
    test("an invalid constraint is reported (kube-score's field checks): maxSkew 0 and no labelSelector", async () => {
        const stack = changed("db", (p) => {
            p.spec.template.spec.topologySpreadConstraints.push({ maxSkew: 0, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "db" } } });
            p.spec.template.spec.topologySpreadConstraints.push({ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" });
        });
        expect((await evaluateStack(av.spreadOrAntiAffinity, stack)).violations).toEqual([
            `${DB}: spec.template.spec.topologySpreadConstraints[1] maxSkew must be an integer of at least 1 (found 0)`,
            `${DB}: spec.template.spec.topologySpreadConstraints[2] has no labelSelector, so it counts no pods`,
        ]);
    });
});

describe("PodDisruptionBudgets", () => {
    const webPdbUrn = urnOf({ type: POD_DISRUPTION_BUDGET, name: "web-pdb" });
    test("a replicated workload that no budget selects", async () => {
        const stack = goodStack().filter((e) => e.name !== "db-pdb");
        expect(await evaluateStack(av.disruptionBudget, stack)).toEqual({
            violations: [`${DB}: no PodDisruptionBudget in namespace shop selects its pods; add one so node drains keep enough replicas running`],
            urns: [urnOf({ type: STATEFUL_SET, name: "db" })],
        });
    });
    test("a budget in another namespace does not select the pods", async () => {
        const stack = changed("db-pdb", (p) => (p.metadata.namespace = "other"));
        expect((await evaluateStack(av.disruptionBudget, stack)).violations).toEqual([`${DB}: no PodDisruptionBudget in namespace shop selects its pods; add one so node drains keep enough replicas running`]);
    });
    test("matchExpressions are honoured: NotIn db excludes the db pods and selects the web pods", async () => {
        const stack = changed("db-pdb", (p) => (p.spec.selector = { matchExpressions: [{ key: "app", operator: "NotIn", values: ["db"] }] }));
        expect((await evaluateStack(av.disruptionBudget, stack)).violations).toEqual([
            `${WEB}: its pods are selected by 2 PodDisruptionBudgets (PodDisruptionBudget "shop/web", PodDisruptionBudget "shop/db"); the eviction API refuses pods with more than one budget, so drains block`,
            `${DB}: no PodDisruptionBudget in namespace shop selects its pods; add one so node drains keep enough replicas running`,
        ]);
    });
    test("minAvailable equal to the HPA's minReplicas allows no eviction", async () => {
        const stack = changed("web-pdb", (p) => (p.spec = { minAvailable: 2, selector: { matchLabels: { app: "web" } } }));
        expect(await evaluateStack(av.disruptionBudget, stack)).toEqual({
            violations: [
                `PodDisruptionBudget "shop/web": allows 0 evictions of ${WEB} at 2 replica(s) (HorizontalPodAutoscaler "shop/web" minReplicas) with minAvailable 2, so a node drain or upgrade waits forever; use maxUnavailable 1 or a lower minAvailable`,
            ],
            urns: [webPdbUrn],
        });
    });
    test("a percentage rounds up: minAvailable 60% of 2 replicas is 2", async () => {
        const stack = changed("web-pdb", (p) => (p.spec = { minAvailable: "60%", selector: { matchLabels: { app: "web" } } }));
        expect((await evaluateStack(av.disruptionBudget, stack)).violations).toEqual([
            `PodDisruptionBudget "shop/web": allows 0 evictions of ${WEB} at 2 replica(s) (HorizontalPodAutoscaler "shop/web" minReplicas) with minAvailable 60%, so a node drain or upgrade waits forever; use maxUnavailable 1 or a lower minAvailable`,
        ]);
    });
    test("maxUnavailable 0 blocks every eviction", async () => {
        const stack = changed("db-pdb", (p) => (p.spec = { maxUnavailable: 0, selector: { matchLabels: { app: "db" } } }));
        expect((await evaluateStack(av.disruptionBudget, stack)).violations).toEqual([
            `PodDisruptionBudget "shop/db": allows 0 evictions of ${DB} at 3 replica(s) (spec.replicas) with maxUnavailable 0, so a node drain or upgrade waits forever; use maxUnavailable 1 or a lower minAvailable`,
        ]);
    });
    test("a single-replica workload with minAvailable 1 blocks drains even though it needs no budget", async () => {
        const stack = changed("db", (p) => (p.spec.replicas = 1), changed("db-pdb", (p) => (p.spec = { minAvailable: 1, selector: { matchLabels: { app: "db" } } })));
        expect((await evaluateStack(av.disruptionBudget, stack)).violations).toEqual([
            `PodDisruptionBudget "shop/db": allows 0 evictions of ${DB} at 1 replica(s) (spec.replicas) with minAvailable 1, so a node drain or upgrade waits forever; use maxUnavailable 1 or a lower minAvailable`,
        ]);
    });
    test("two budgets selecting the same pods", async () => {
        const stack = [...goodStack(), { type: POD_DISRUPTION_BUDGET, name: "web-pdb-2", props: mutate(goodBudget(), (p: Props) => (p.metadata.name = "web-2")) }];
        expect((await evaluateStack(av.disruptionBudget, stack)).violations).toEqual([
            `${WEB}: its pods are selected by 2 PodDisruptionBudgets (PodDisruptionBudget "shop/web", PodDisruptionBudget "shop/web-2"); the eviction API refuses pods with more than one budget, so drains block`,
        ]);
    });
    test("a budget with neither field set", async () => {
        const stack = changed("web-pdb", (p) => delete p.spec.maxUnavailable);
        expect((await evaluateStack(av.disruptionBudget, stack)).violations).toEqual([`PodDisruptionBudget "shop/web": sets neither spec.minAvailable nor spec.maxUnavailable, so it protects nothing`]);
    });
    test("a budget without a selector selects no pods", async () => {
        const stack = changed("db-pdb", (p) => delete p.spec.selector);
        expect((await evaluateStack(av.disruptionBudget, stack)).violations).toEqual([
            `PodDisruptionBudget "shop/db": spec.selector is unset, so it selects no pods`,
            `${DB}: no PodDisruptionBudget in namespace shop selects its pods; add one so node drains keep enough replicas running`,
        ]);
    });
    test("a selector expression of the wrong shape is reported before matching", async () => {
        const stack = changed("db-pdb", (p) => (p.spec.selector = { matchExpressions: [{ key: 1, operator: "In" }] }));
        expect((await evaluateStack(av.disruptionBudget, stack)).violations).toEqual([
            `PodDisruptionBudget "shop/db": spec.selector.matchExpressions[0] must be { key: string, operator: string, values?: string[] }, got {"key":1,"operator":"In"}`,
            `${DB}: no PodDisruptionBudget in namespace shop selects its pods; add one so node drains keep enough replicas running`,
        ]);
    });
    test("an invalid selector names the budget and the field", async () => {
        const stack = changed("db-pdb", (p) => (p.spec.selector = { matchExpressions: [{ key: "app", operator: "Equals", values: ["db"] }] }));
        expect((await evaluateStack(av.disruptionBudget, stack)).violations).toEqual([
            `PodDisruptionBudget "shop/db": PodDisruptionBudget "shop/db": spec.selector.matchExpressions[0].operator: "Equals" is not a valid label selector operator; valid operators are In, NotIn, Exists, DoesNotExist`,
            `${DB}: no PodDisruptionBudget in namespace shop selects its pods; add one so node drains keep enough replicas running`,
        ]);
    });
    test("a budget selector unknown during preview may be the budget of either workload in its namespace: no false 'no budget', only the advisory", async () => {
        const stack = changed("web-pdb", (p) => (p.spec.selector = UNKNOWN), goodStack().filter((e) => e.name !== "db-pdb"));
        expect(await evaluateStack(av.disruptionBudget, stack)).toEqual({
            violations: [],
            unknownDuringPreview: "spec.selector is unknown during preview; k8s-pdb-allows-eviction checks it again at update, when the value is known",
            urns: [],
        });
    });
    test("a budget whose namespace is unknown during preview is not dropped: no false failure (bypass 9)", async () => {
        const stack = changed("web-pdb", (p) => (p.metadata.namespace = UNKNOWN));
        expect(await evaluateStack(av.disruptionBudget, stack)).toEqual({
            violations: [],
            unknownDuringPreview: "metadata.namespace is unknown during preview; k8s-pdb-allows-eviction checks it again at update, when the value is known",
            urns: [],
        });
    });
    test("a budget unknown in another known namespace leaves this namespace judged", async () => {
        const stack = [...changed("web-pdb", (p) => Object.assign(p.metadata, { namespace: "other" }), goodStack().filter((e) => e.name !== "db-pdb")), { type: POD_DISRUPTION_BUDGET, name: "x", props: { metadata: { name: "x", namespace: "other" }, spec: { selector: UNKNOWN } } }];
        expect((await evaluateStack(av.disruptionBudget, stack)).violations).toEqual([
            `${WEB}: no PodDisruptionBudget in namespace shop selects its pods; add one so node drains keep enough replicas running`,
            `${DB}: no PodDisruptionBudget in namespace shop selects its pods; add one so node drains keep enough replicas running`,
        ]);
    });
    test("an autoscaling/v1 HPA sets the minimum too: its minReplicas 2 makes minAvailable 2 block drains (bypass 5)", async () => {
        const stack = [
            ...changed("web-pdb", (p) => (p.spec = { minAvailable: 2, selector: { matchLabels: { app: "web" } } })).filter((e) => e.name !== "web-hpa"),
            { type: "kubernetes:autoscaling/v1:HorizontalPodAutoscaler", name: "web-hpa", props: { metadata: { name: "web", namespace: "shop" }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 70 } } },
        ];
        expect((await evaluateStack(av.disruptionBudget, stack)).violations).toEqual([
            `PodDisruptionBudget "shop/web": allows 0 evictions of ${WEB} at 2 replica(s) (HorizontalPodAutoscaler "shop/web" minReplicas) with minAvailable 2, so a node drain or upgrade waits forever; use maxUnavailable 1 or a lower minAvailable`,
        ]);
    });
    test("a policy/v1beta1 budget is a budget too (bypass 5)", async () => {
        const stack = goodStack().map((e) => (e.name === "db-pdb" ? { ...e, type: "kubernetes:policy/v1beta1:PodDisruptionBudget", props: mutate(e.props as Props, (p) => (p.spec = { maxUnavailable: 0, selector: { matchLabels: { app: "db" } } })) } : e));
        expect((await evaluateStack(av.disruptionBudget, stack)).violations).toEqual([
            `PodDisruptionBudget "shop/db": allows 0 evictions of ${DB} at 3 replica(s) (spec.replicas) with maxUnavailable 0, so a node drain or upgrade waits forever; use maxUnavailable 1 or a lower minAvailable`,
        ]);
    });
});

describe("autoscalers", () => {
    const HPA = 'HorizontalPodAutoscaler "shop/web"';
    test("an autoscaler that cannot scale (min equals max)", async () => {
        const stack = changed("web-hpa", (p) => (p.spec.maxReplicas = 2));
        expect((await evaluateStack(av.autoscalersSound, stack)).violations).toEqual([`${HPA}: maxReplicas (2) must be above minReplicas (2), or the autoscaler cannot scale`]);
    });
    test("an autoscaler whose target the stack does not declare", async () => {
        const stack = changed("web-hpa", (p) => (p.spec.scaleTargetRef.name = "webb"));
        expect(await evaluateStack(av.autoscalersSound, stack)).toEqual({
            violations: [`${HPA}: scaleTargetRef "Deployment" "webb" names no workload the stack declares in namespace shop`],
            urns: [urnOf({ type: HORIZONTAL_POD_AUTOSCALER, name: "web-hpa" })],
        });
    });
    test("an autoscaled Deployment that sets spec.replicas (kube-score's rule), reported on the Deployment", async () => {
        // The happy path leaves web's spec.replicas out; the fixture's Deployment sets 3.
        const stack = goodStack();
        expect(await evaluateStack(av.autoscalersSound, stack.map((e) => (e.name === "web" ? { ...e, props: mutate(e.props as Props, (p) => (p.spec.replicas = 3)) } : e)))).toEqual({
            violations: [`${WEB}: sets spec.replicas although ${HPA} scales it; each update would reset the replica count: leave spec.replicas out`],
            urns: [urnOf({ type: DEPLOYMENT, name: "web" })],
        });
    });
});

describe("budgets let unhealthy pods go", () => {
    test("the default IfHealthyBudget", async () => {
        expect(await evaluateResource(av.pdbUnhealthyPodEviction, POD_DISRUPTION_BUDGET, mutate(goodBudget(), (p: Props) => delete p.spec.unhealthyPodEvictionPolicy))).toEqual({
            violations: ['PodDisruptionBudget "shop/web": spec.unhealthyPodEvictionPolicy must be AlwaysAllow (found unset)'],
        });
    });
    test("AlwaysAllow passes", async () => {
        expect(await evaluateResource(av.pdbUnhealthyPodEviction, POD_DISRUPTION_BUDGET, goodBudget())).toEqual({ violations: [] });
    });
});

describe("bounded Jobs", () => {
    test.each([
        ["a happy Job", JOB, goodJob(), []],
        ["a happy CronJob", CRON_JOB, goodCronJob(), []],
        ["a standalone Job without a TTL", JOB, mutate(goodJob(), (j: Props) => delete j.spec.ttlSecondsAfterFinished), ['Job "shop/migrate": spec.ttlSecondsAfterFinished must be set, or the finished Job and its pods stay forever']],
        [
            "a CronJob without a deadline, with a TTL on its Jobs and restartPolicy Always",
            CRON_JOB,
            mutate(goodCronJob(), (c: Props) => {
                delete c.spec.startingDeadlineSeconds;
                c.spec.jobTemplate.spec.ttlSecondsAfterFinished = 60;
                c.spec.jobTemplate.spec.template.spec.restartPolicy = "Always";
            }),
            [
                'CronJob "shop/report": spec.startingDeadlineSeconds must be set, or a missed schedule starts late without bound',
                'CronJob "shop/report": spec.jobTemplate.spec.ttlSecondsAfterFinished must be unset: the CronJob\'s history limits clean up its Jobs',
                'CronJob "shop/report": spec.jobTemplate.spec.template.spec.restartPolicy must be OnFailure or Never (found "Always")',
            ],
        ],
    ] as const)("%s", async (_name, type, props, violations) => {
        expect(await evaluateResource(av.jobsBounded, type, props)).toEqual({ violations });
    });
});

describe("rolling updates of served Deployments", () => {
    const service: StackEntry = { type: "kubernetes:core/v1:Service", name: "web-svc", props: { metadata: { name: "web", namespace: "shop" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] } } };
    test("Recreate behind a Service", async () => {
        const stack = [...changed("web", (p) => (p.spec.strategy = { type: "Recreate" })), service];
        expect((await evaluateStack(av.rollingUpdates, stack)).violations).toEqual([`${WEB}: uses strategy Recreate although Service "shop/web" sends it traffic; every rollout is an outage`]);
    });
    test("Recreate without a Service passes (a singleton worker)", async () => {
        expect((await evaluateStack(av.rollingUpdates, changed("web", (p) => (p.spec.strategy = { type: "Recreate" })))).violations).toEqual([]);
    });
});

describe("priority classes", () => {
    const priorityClass: StackEntry = { type: "kubernetes:scheduling.k8s.io/v1:PriorityClass", name: "pc", props: { metadata: { name: "business-critical" }, value: 100000 } };
    test("a declared class passes", async () => {
        expect((await evaluateStack(av.priorityClassSet, [...goodStack(), priorityClass])).violations).toEqual([]);
    });
    test("no class, and a class the stack does not declare", async () => {
        const stack = [...changed("web", (p) => delete p.spec.template.spec.priorityClassName, changed("db", (p) => (p.spec.template.spec.priorityClassName = "gold"))), priorityClass];
        expect((await evaluateStack(av.priorityClassSet, stack)).violations).toEqual([
            `${WEB}: spec.template.spec.priorityClassName is unset, so its pods run at priority 0`,
            `${DB}: spec.template.spec.priorityClassName "gold" names no PriorityClass the stack declares (declared: system-cluster-critical, system-node-critical, business-critical)`,
        ]);
    });
});

describe("disruptions allowed, as the disruption controller computes them", () => {
    test.each([
        ["maxUnavailable 1 of 3", undefined, 1, 3, { allowed: 1, rule: "maxUnavailable 1" }],
        ["maxUnavailable 25% of 3 rounds up to 1", undefined, "25%", 3, { allowed: 1, rule: "maxUnavailable 25%" }],
        ["maxUnavailable 0% of 10", undefined, "0%", 10, { allowed: 0, rule: "maxUnavailable 0%" }],
        ["maxUnavailable 5 of 3 allows all 3", undefined, 5, 3, { allowed: 3, rule: "maxUnavailable 5" }],
        ["minAvailable 2 of 3", 2, undefined, 3, { allowed: 1, rule: "minAvailable 2" }],
        ["minAvailable 50% of 3 rounds up to 2", "50%", undefined, 3, { allowed: 1, rule: "minAvailable 50%" }],
        ["minAvailable 100% of 4", "100%", undefined, 4, { allowed: 0, rule: "minAvailable 100%" }],
        ["minAvailable 5 of 3", 5, undefined, 3, { allowed: 0, rule: "minAvailable 5" }],
        ["a bare number string is not a percentage", "2", undefined, 3, { problem: 'spec.minAvailable must be a non-negative integer or a percentage such as "50%" (found "2")' }],
    ])("%s", (_s, minAvailable, maxUnavailable, replicas, expected) => {
        expect(disruptionsAllowed(minAvailable, maxUnavailable, replicas)).toEqual(expected);
    });
});

import * as av from "../../../policy/workloads/availability-policies";
import { disruptionsAllowed } from "../../../policy/workloads/disruptions";
import { DEPLOYMENT, HORIZONTAL_POD_AUTOSCALER, POD, POD_DISRUPTION_BUDGET, STATEFUL_SET } from "../../../policy/workloads/pod-templates";
import { dbBudget, goodAutoscaler, goodBudget, goodDeployment, goodPod, goodStatefulSet } from "../fixtures";
import { evaluateResource, evaluateStack, mutate, UNKNOWN, urnOf, type StackEntry } from "../harness";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The happy-path stack: web (3 replicas, HPA 2–10, PDB maxUnavailable 1) and db (3 replicas, PDB minAvailable 50%). */
function goodStack(): StackEntry[] {
    return [
        { type: DEPLOYMENT, name: "web", props: goodDeployment() },
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

describe("bare pods", () => {
    test("a Pod owned by a controller passes", async () => {
        expect(await evaluateResource(av.noBarePods, POD, goodPod())).toEqual({ violations: [] });
    });
    test("a Pod without an owner is bare", async () => {
        expect(await evaluateResource(av.noBarePods, POD, mutate(goodPod(), (p: Props) => delete p.metadata.ownerReferences))).toEqual({
            violations: ['Pod "shop/debug": is a bare Pod; run it from a Deployment, StatefulSet, DaemonSet or Job so it is recreated after a node failure or drain'],
        });
    });
});

describe("every availability stack policy accepts the happy-path stack", () => {
    test.each([av.replicasFloor, av.spreadOrAntiAffinity, av.disruptionBudget].map((p) => [p.name, p] as const))("%s", async (_n, policy) => {
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
    test("a multi-replica workload without spread or anti-affinity", async () => {
        const outcome = await evaluateStack(av.spreadOrAntiAffinity, changed("db", (p) => delete p.spec.template.spec.topologySpreadConstraints));
        expect(outcome.violations).toEqual([`${DB}: can run 3 replicas but declares neither topologySpreadConstraints nor podAntiAffinity, so all of them may land on one node`]);
    });
    test("preferred pod anti-affinity counts as spread", async () => {
        const stack = changed("db", (p) => {
            delete p.spec.template.spec.topologySpreadConstraints;
            p.spec.template.spec.affinity = {
                podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { app: "db" } } } }] },
            };
        });
        expect((await evaluateStack(av.spreadOrAntiAffinity, stack)).violations).toEqual([]);
    });
    test("one replica that an HPA can scale to 10 needs spread too", async () => {
        const stack = changed("web", (p) => {
            p.spec.replicas = 1;
            delete p.spec.template.spec.topologySpreadConstraints;
        });
        expect((await evaluateStack(av.spreadOrAntiAffinity, stack)).violations).toEqual([
            `${WEB}: can run 10 replicas but declares neither topologySpreadConstraints nor podAntiAffinity, so all of them may land on one node`,
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
            `PodDisruptionBudget "shop/db": spec.selector is unset, so the budget selects no pods`,
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
    test("a budget selector unknown during preview is named; the other workloads are still judged", async () => {
        const stack = changed("web-pdb", (p) => (p.spec.selector = UNKNOWN), goodStack().filter((e) => e.name !== "db-pdb"));
        expect(await evaluateStack(av.disruptionBudget, stack)).toEqual({
            violations: [
                `${WEB}: no PodDisruptionBudget in namespace shop selects its pods; add one so node drains keep enough replicas running`,
                `${DB}: no PodDisruptionBudget in namespace shop selects its pods; add one so node drains keep enough replicas running`,
            ],
            unknownDuringPreview: "spec.selector is unknown during preview; k8s-pdb-allows-eviction checks it again at update, when the value is known",
            urns: [urnOf({ type: DEPLOYMENT, name: "web" }), urnOf({ type: STATEFUL_SET, name: "db" })],
        });
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

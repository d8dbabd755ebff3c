/**
 * budgetStates works a budget out only when a candidate victim is one of its pods: the scheduler makes a preemption
 * attempt for every pod that fits nowhere, and computing every budget over every pod of the cluster each time made
 * a 2,000-workload estate's plan take minutes (bench/plan.ts).
 */
import { createPodInfo } from "../../../scheduling/framework/node-info";
import type { V1Pod, V1PodDisruptionBudget } from "../../../scheduling/model/types";
import { budgetStates, splitByBudgetViolation } from "../../../scheduling/plugins/default-preemption";

const pod = (name: string, app: string): V1Pod => ({ metadata: { name, namespace: "shop", labels: { app } }, spec: { containers: [{ name: "c" }] } });
const budget = (app: string, minAvailable: number): V1PodDisruptionBudget => ({
    metadata: { name: `${app}-pdb`, namespace: "shop" },
    spec: { minAvailable, selector: { matchLabels: { app } } },
});
const cluster = [pod("web-0", "web"), pod("web-1", "web"), pod("web-2", "web"), pod("api-0", "api")];

test("candidates no budget selects: the cluster's pods are never gathered, and nothing violates", () => {
    let asked = 0;
    const budgets = budgetStates([budget("web", 2)], (namespace) => (asked++, cluster.filter((p) => p.metadata?.namespace === namespace)));
    const { violating, nonViolating } = splitByBudgetViolation([createPodInfo(cluster[3])], budgets);
    expect({ asked, violating: violating.length, nonViolating: nonViolating.length }).toEqual({ asked: 0, violating: 0, nonViolating: 1 });
});

test("candidates a budget selects: the pods are gathered once, and the second eviction beyond the allowance violates", () => {
    let asked = 0;
    // Three healthy web pods, minAvailable 2: one disruption allowed.
    const budgets = budgetStates([budget("web", 2), budget("api", 0)], (namespace) => (asked++, cluster.filter((p) => p.metadata?.namespace === namespace)));
    const { violating, nonViolating } = splitByBudgetViolation([cluster[0], cluster[1], cluster[3]].map(createPodInfo), budgets);
    expect({ asked, violating: violating.map((p) => p.pod.metadata?.name), nonViolating: nonViolating.map((p) => p.pod.metadata?.name) }).toEqual({
        asked: 1,
        violating: ["web-1"],
        nonViolating: ["web-0", "api-0"],
    });
});

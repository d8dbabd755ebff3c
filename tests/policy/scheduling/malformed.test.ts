/**
 * Malformed stacks never crash a scheduling policy: each policy runs over a cluster, pool, workload or budget
 * with missing fields, wrong types or values unknown during preview, and returns violations (strings) or the
 * plain "unknown during preview" advisory, never an exception.
 */
import { schedulingPolicies } from "../../../policy/scheduling/scheduling-policies";
import { evaluateStack, UNKNOWN, type StackOutcome } from "../harness";
import { AGENT_POOL_TYPE, schedulingStack } from "./fixtures";

type Change = Parameters<typeof schedulingStack>[0];

const CHANGES: Record<string, Change> = {
    "a cluster without properties": { cluster: (c) => Object.keys(c).forEach((k) => delete c[k]) },
    "a network profile of the wrong type": { cluster: (c) => (c.networkProfile = "azure") },
    "a pool entry that is null": { cluster: (c) => (c.agentPoolProfiles[1] = null) },
    "a pool with fields of the wrong type": { cluster: (c) => Object.assign(c.agentPoolProfiles[1], { vmSize: 7, count: "3", availabilityZones: 1, nodeTaints: "x" }) },
    "a VM size missing from the catalog": { cluster: (c) => (c.agentPoolProfiles[1].vmSize = "Standard_Imaginary_v9") },
    "the whole pool list unknown": { cluster: (c) => (c.agentPoolProfiles = UNKNOWN) },
    "the Kubernetes version unknown": { cluster: (c) => (c.kubernetesVersion = UNKNOWN) },
    "a Deployment spec that is a string": { web: (d) => (d.spec = "web") },
    "a Deployment without a pod template": { web: (d) => delete d.spec.template },
    "containers that are not a list": { web: (d) => (d.spec.template.spec.containers = { name: "app" }) },
    "a request that is not a quantity": { web: (d) => (d.spec.template.spec.containers[0].resources.requests.memory = "a lot") },
    "replicas unknown during preview": { web: (d) => (d.spec.replicas = UNKNOWN) },
    "a budget with both minAvailable and maxUnavailable": { budget: (b) => (b.spec.minAvailable = 1) },
    "a budget with a percentage of the wrong shape": { budget: (b) => (b.spec.maxUnavailable = "half") },
    "a budget selector of the wrong shape": { budget: (b) => (b.spec.selector = { matchLabels: "app=web" }) },
};

function wellFormed(outcome: StackOutcome): boolean {
    const unknownOk = outcome.unknownDuringPreview === undefined || /(is|are) unknown during preview/.test(outcome.unknownDuringPreview);
    return outcome.violations.every((v) => typeof v === "string" && v.length > 0) && unknownOk;
}

const rows = schedulingPolicies.flatMap((policy) => Object.entries(CHANGES).map(([sentence, change]) => [`${policy.name}: ${sentence}`, policy, change] as const));

test.each(rows)("%s", async (_name, policy, change) => {
    expect(wellFormed(await evaluateStack(policy, schedulingStack(change)))).toBe(true);
});

test("an AgentPool of no registered cluster is reported by SCH-001, naming its resourceName", async () => {
    const entries = [...schedulingStack(), { type: AGENT_POOL_TYPE, name: "orphan", props: { resourceName: "other", agentPoolName: "orphan", vmSize: "Standard_D4ds_v5", count: 1 } }];
    const outcome = await evaluateStack(schedulingPolicies[0], entries);
    expect(outcome.violations).toEqual([expect.stringMatching(/^the scheduling checks cannot read the stack: AgentPool .*orphan: resourceName: "other" names no registered ManagedCluster; registered: aks$/)]);
});

test.each([
    ["count", { count: 12345 }],
    ["maxCount", { enableAutoScaling: true, minCount: 1, maxCount: 12345 }],
])("a pool %s above AKS's 1,000 nodes is refused at once, naming the pool and field (SCH-001; the drain, SCH-004, does not run on it)", async (field, props) => {
    const stack = schedulingStack({ cluster: (c) => Object.assign(c.agentPoolProfiles[1], props) });
    const started = Date.now();
    const fit = await evaluateStack(schedulingPolicies[0], stack);
    const drain = await evaluateStack(schedulingPolicies[3], stack);
    expect(fit.violations).toEqual([expect.stringMatching(new RegExp(`agentPoolProfiles\\[1\\]: ${field}: 12345 is more than the 1000 nodes AKS allows in a pool`))]);
    expect(drain.violations).toEqual([]);
    // Not a timed test: a bound far above the milliseconds it takes, far below the 300 s the drain took on 12,345 nodes.
    expect(Date.now() - started).toBeLessThan(30_000);
});

test("the table reaches every policy of the group with a malformed and an unknown input", () => {
    expect(new Set(rows.map((r) => r[1].name)).size).toBe(schedulingPolicies.length);
    expect(Object.keys(CHANGES).filter((k) => k.includes("unknown")).length).toBeGreaterThan(0);
});

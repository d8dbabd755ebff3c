/**
 * The scheduling-feasibility policies on a small stack (one cluster, a Deployment and its budget): the
 * happy path passes all five; each mutation makes exactly one policy report, with the exact message, on
 * the resource to fix. Unknown and malformed inputs are reported plainly, never thrown.
 */
import { schedulingPolicies } from "../../../policy/scheduling/scheduling-policies";
import { evaluateStack, UNKNOWN, urnOf, type StackOutcome, type StackEntry } from "../harness";
import { AGENT_POOL_TYPE, CLUSTER_TYPE, DEPLOYMENT_TYPE, PDB_TYPE, schedulingStack } from "./fixtures";

/** What each policy said, leaving out the policies that said nothing. */
async function outcomes(entries: readonly StackEntry[]): Promise<Record<string, StackOutcome>> {
    const out: Record<string, StackOutcome> = {};
    for (const p of schedulingPolicies) {
        const o = await evaluateStack(p, entries);
        if (o.violations.length > 0 || o.unknownDuringPreview !== undefined) out[p.name] = o;
    }
    return out;
}

const WEB = urnOf({ type: DEPLOYMENT_TYPE, name: "web" });
const BUDGET = urnOf({ type: PDB_TYPE, name: "web-pdb" });
const CLUSTER = urnOf({ type: CLUSTER_TYPE, name: "aks" });
const SYSTEM_TAINT = 'pool "system" has taint CriticalAddonsOnly=true:NoSchedule that the pod does not tolerate';

test("the happy-path stack passes every scheduling policy", async () => {
    expect(await outcomes(schedulingStack())).toEqual({});
});

test("the group has five stack policies with codes SCH-001 to SCH-005", () => {
    expect(schedulingPolicies.map((p) => [p.doc.code, p.name, "validateStack" in p])).toEqual([
        ["SCH-001", "k8s-pods-fit-node-pools", true],
        ["SCH-002", "k8s-replicas-fit-pool-capacity", true],
        ["SCH-003", "k8s-topology-constraints-achievable", true],
        ["SCH-004", "k8s-nodes-drainable-for-upgrade", true],
        ["SCH-005", "k8s-workloads-survive-zone-loss", true],
    ]);
});

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const container = (d: Props) => d.spec.template.spec.containers[0];

describe.each<[string, Parameters<typeof schedulingStack>[0], string, string[], (string | undefined)[]]>([
    [
        "SCH-001: a request beyond the allocatable of every pool's node",
        { web: (d) => (container(d).resources.requests.cpu = "64") },
        "k8s-pods-fit-node-pools",
        [
            `Deployment/shop/web: 3 of 3 replica(s) cannot run: its pod fits no node of any pool, however many nodes they get (pool "system": node(s) had untolerated taint(s); pool "apps": Insufficient cpu); kube-scheduler, one empty node per pool: 0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint(s). (${SYSTEM_TAINT}; cpu: the pod requests 64, at most 7200m is free on a node (aks-apps-76258099-vmss000000))`,
        ],
        [WEB],
    ],
    [
        "SCH-001: a node selector no pool's labels match",
        { web: (d) => (d.spec.template.spec.nodeSelector = { workload: "gpu" }) },
        "k8s-pods-fit-node-pools",
        [
            `Deployment/shop/web: 3 of 3 replica(s) cannot run: its pod fits no node of any pool, however many nodes they get (pool "system": node(s) had untolerated taint(s); pool "apps": node(s) didn't match Pod's node affinity/selector); kube-scheduler, one empty node per pool: 0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint(s). (the node selector workload=gpu matches no pool with nodes (pools: "system", "apps"))`,
        ],
        [WEB],
    ],
    [
        "SCH-002: more replicas than the pools hold at their maximum",
        {
            web: (d) => {
                d.spec.replicas = 30;
                container(d).resources.requests.cpu = "2";
            },
        },
        "k8s-replicas-fit-pool-capacity",
        [
            `Deployment/shop/web: 12 of 30 replica(s) do not fit with every pool at its maximum size (pools that can run its pods: "apps"); kube-scheduler: 0/9 nodes are available: 3 node(s) had untolerated taint(s), 6 Insufficient cpu. (${SYSTEM_TAINT}; cpu: the pod requests 2, at most 1200m is free on a node (aks-apps-76258099-vmss000000))`,
            'cluster "aks": pool "apps": its pods need more than its maximum of 6 node(s) (12 pod(s) left over at 6); raise the maximum or lower the replicas',
        ],
        [WEB, CLUSTER],
    ],
    [
        "SCH-003: required host anti-affinity for more replicas than nodes",
        {
            web: (d) => {
                d.spec.replicas = 8;
                d.spec.template.spec.topologySpreadConstraints = [];
                d.spec.template.spec.affinity = {
                    podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { app: "web" } } }] },
                };
            },
        },
        "k8s-topology-constraints-achievable",
        [
            `Deployment/shop/web: 2 of 8 replica(s) cannot meet their required topology spread or pod anti-affinity with the zones and nodes of pools "apps"; kube-scheduler: 0/9 nodes are available: 3 node(s) had untolerated taint(s), 6 node(s) didn't match pod anti-affinity rules. (${SYSTEM_TAINT})`,
        ],
        [WEB],
    ],
    [
        "SCH-004: a disruption budget that allows no eviction",
        { budget: (b) => (b.spec = { maxUnavailable: 0, selector: { matchLabels: { app: "web" } } }) },
        "k8s-nodes-drainable-for-upgrade",
        ['upgrade-drain: PodDisruptionBudget shop/web allows 0 disruptions (maxUnavailable 0 of 3 replicas): it blocks draining node aks-apps-76258099-vmss000000 of pool "apps"'],
        [BUDGET],
    ],
    [
        "SCH-005: replicas that need every zone's nodes",
        {
            web: (d) => {
                d.spec.replicas = 12;
                container(d).resources.requests.cpu = "3";
            },
        },
        "k8s-workloads-survive-zone-loss",
        ["1", "2", "3"].map(
            (zone) =>
                `zone-loss: zone westeurope-${zone} lost: Deployment/shop/web: 4 of 12 replica(s) fit on no node (pools "apps", "system"): 0/6 nodes are available: 2 node(s) had untolerated taint(s), 4 Insufficient cpu. — ${SYSTEM_TAINT}; cpu: the pod requests 3, at most 1200m is free on a node (aks-apps-76258099-vmss00000${zone === "1" ? "1" : "0"})`,
        ),
        [WEB, WEB, WEB],
    ],
])("%s", (_name, change, policy, violations, urns) => {
    test("is reported by that policy alone, on the resource to fix", async () => {
        expect(await outcomes(schedulingStack(change))).toEqual({ [policy]: { violations, urns } });
    });
});

test("a pool from a separate AgentPool resource counts like an inline one", async () => {
    const entries = schedulingStack({ web: (d) => (d.spec.template.spec.nodeSelector = { workload: "batch" }) });
    const batch = { resourceName: "aks", agentPoolName: "batch", mode: "User", vmSize: "Standard_D4ds_v5", count: 3, maxSurge: "1", availabilityZones: ["1", "2", "3"], nodeLabels: { workload: "batch" } };
    expect(await outcomes([...entries, { type: AGENT_POOL_TYPE, name: "batch", props: batch }])).toEqual({});
});

test("a stack without an AKS cluster is not judged: its workloads run on a cluster managed elsewhere", async () => {
    expect(await outcomes(schedulingStack().filter((e) => e.type !== CLUSTER_TYPE))).toEqual({});
});

test("a value unknown during preview is named by every policy, never passed silently", async () => {
    const outcome = await outcomes(schedulingStack({ cluster: (c) => (c.agentPoolProfiles[1].vmSize = UNKNOWN) }));
    expect(Object.keys(outcome)).toEqual(schedulingPolicies.map((p) => p.name));
    for (const [name, o] of Object.entries(outcome)) {
        expect(o).toEqual({
            violations: [],
            urns: [],
            unknownDuringPreview: `ManagedCluster ${CLUSTER} agentPoolProfiles[1]: vmSize is unknown during preview; ${name} checks it again at update, when the value is known`,
        });
    }
});

describe.each<[string, Parameters<typeof schedulingStack>[0], string]>([
    [
        "a pool list that is not a list",
        { cluster: (c) => (c.agentPoolProfiles = "system") },
        `ManagedCluster ${CLUSTER}: agentPoolProfiles: a cluster needs at least one inline pool (its System pool)`,
    ],
    ["a cluster without a location", { cluster: (c) => delete c.location }, `ManagedCluster ${CLUSTER}: location: the cluster needs a location (an Azure region such as westeurope)`],
])("a malformed stack: %s", (_name, change, reason) => {
    test("is reported once, by SCH-001, naming the resource and field", async () => {
        expect(await outcomes(schedulingStack(change))).toEqual({
            "k8s-pods-fit-node-pools": { violations: [`the scheduling checks cannot read the stack: ${reason}`], urns: [CLUSTER] },
        });
    });
});

test("a malformed workload is reported on its resource, naming the field, not thrown", async () => {
    const outcome = await outcomes(schedulingStack({ web: (d) => delete d.spec.template }));
    expect(outcome).toEqual({
        "k8s-pods-fit-node-pools": {
            violations: [
                'cluster "aks": the scheduling checks cannot read the stack: Deployment/shop/web: spec.template: a Deployment needs spec.template (a pod template with metadata.labels and spec.containers)',
            ],
            urns: [WEB],
        },
    });
});

test("a budget the API server refuses (both bounds set) is reported once, by the first scheduling policy, on the budget", async () => {
    const outcome = await outcomes(schedulingStack({ budget: (b) => (b.spec.minAvailable = 1) }));
    expect(outcome).toEqual({
        "k8s-pods-fit-node-pools": {
            violations: ['cluster "aks": the scheduling checks cannot read the stack: PodDisruptionBudget/shop/web: spec: minAvailable and maxUnavailable cannot be both set'],
            urns: [BUDGET],
        },
    });
});

/**
 * Malformed resources (missing fields, wrong types, values unknown during preview) never crash a policy:
 * every policy of the pack runs over every malformed input of the types it reads (resource policies per
 * resource, and every policy's stack pass over a malformed stack of every kind it may join, Patch kinds
 * included), and must return an outcome (violations, possibly an "unknown during preview" advisory) instead
 * of throwing.
 */
import { AGENT_POOL, MANAGED_CLUSTER } from "../../policy/aks/subjects";
import { allPolicies } from "../../policy/pack";
import { DEPLOYMENT, HORIZONTAL_POD_AUTOSCALER, POD_DISRUPTION_BUDGET, STATEFUL_SET, WORKLOAD_TYPES } from "../../policy/workloads/pod-templates";
import { evaluateResource, evaluateStack, UNKNOWN, type Outcome, type StackOutcome } from "./harness";

const clusterInputs: Record<string, unknown> = {
    "no properties at all": {},
    "every profile null": { apiServerAccessProfile: null, aadProfile: null, networkProfile: null, addonProfiles: null, securityProfile: null, sku: null, agentPoolProfiles: null },
    "profiles of the wrong type": { apiServerAccessProfile: "open", aadProfile: 1, networkProfile: [], addonProfiles: ["omsagent"], securityProfile: true, sku: "Standard", autoUpgradeProfile: 3 },
    "a pool list that is a string": { agentPoolProfiles: "system" },
    "pool entries of every wrong type": { agentPoolProfiles: [null, 5, "pool", [], { mode: 1, nodeTaints: "CriticalAddonsOnly=true:NoSchedule", availabilityZones: "1", count: "3", vmSize: 7 }] },
    "nested arrays where objects belong": { apiServerAccessProfile: { authorizedIPRanges: "0.0.0.0/0" }, addonProfiles: { omsagent: [], azureKeyvaultSecretsProvider: { enabled: true, config: "rotate" } } },
    "values unknown during preview at every level": { apiServerAccessProfile: UNKNOWN, addonProfiles: { omsagent: UNKNOWN }, agentPoolProfiles: [UNKNOWN, { name: UNKNOWN, mode: "System", vmSize: UNKNOWN }] },
    "the pool list unknown during preview": { agentPoolProfiles: UNKNOWN, networkProfile: UNKNOWN },
};

const poolInputs: Record<string, unknown> = {
    "no properties at all": {},
    "fields of the wrong type": { mode: ["System"], vmSize: null, count: "2", maxPods: "110", osDiskSizeGB: "128", osDiskType: 1, nodeTaints: { CriticalAddonsOnly: true }, availabilityZones: 3 },
    "values unknown during preview": { mode: "System", vmSize: UNKNOWN, count: UNKNOWN, maxPods: UNKNOWN, availabilityZones: UNKNOWN, nodeTaints: UNKNOWN, agentPoolName: UNKNOWN },
};

const workloadInputs: Record<string, unknown> = {
    "no properties at all": {},
    "a spec that is a string": { spec: "web" },
    "a template without a spec": { metadata: { name: 1, namespace: [] }, spec: { template: {}, jobTemplate: {} } },
    "containers that are not a list": { spec: { template: { spec: { containers: { name: "app" }, initContainers: "x", volumes: "x" } }, jobTemplate: { spec: { template: { spec: { containers: "x" } } } } } },
    "container entries of every wrong type": {
        spec: {
            template: {
                metadata: { annotations: "x", labels: [] },
                spec: {
                    containers: [null, 3, "app", { name: 5, image: 7, ports: "80", resources: "big", securityContext: "root", readinessProbe: "yes" }],
                    securityContext: { sysctls: "x", seLinuxOptions: "x", runAsNonRoot: "true", seccompProfile: "RuntimeDefault", appArmorProfile: 1 },
                    volumes: [null, "x", { name: "v", hostPath: null }],
                    affinity: "spread",
                    topologySpreadConstraints: "zone",
                },
            },
        },
    },
    "values unknown during preview": {
        metadata: { name: UNKNOWN, namespace: UNKNOWN },
        spec: { replicas: UNKNOWN, template: { metadata: { labels: UNKNOWN }, spec: { containers: [{ name: "app", image: UNKNOWN, securityContext: UNKNOWN, resources: UNKNOWN }], volumes: UNKNOWN } } },
    },
    "the whole pod spec unknown during preview": { spec: { template: { spec: UNKNOWN } } },
};

const stackInputs: Record<string, unknown> = {
    "no properties at all": {},
    "wrong types everywhere": { metadata: "x", spec: { replicas: "3", selector: "app=web", minAvailable: {}, maxUnavailable: [], scaleTargetRef: "web", template: "x" } },
    "selectors of the wrong shape": { spec: { selector: { matchLabels: "app", matchExpressions: [{ key: 1, operator: "In" }] }, maxUnavailable: 1 } },
    "values unknown during preview": { metadata: { name: UNKNOWN, namespace: UNKNOWN }, spec: { replicas: UNKNOWN, selector: UNKNOWN, minAvailable: UNKNOWN, template: UNKNOWN, scaleTargetRef: UNKNOWN } },
};

function isOutcome(outcome: Outcome | StackOutcome): boolean {
    if ("notApplicable" in outcome) return typeof outcome.notApplicable === "string";
    const advisory = "unknownDuringPreview" in outcome ? outcome.unknownDuringPreview : undefined;
    const unknownOk = advisory === undefined || /(is|are) unknown during preview/.test(advisory);
    return Array.isArray(outcome.violations) && outcome.violations.every((v) => typeof v === "string" && v.length > 0) && unknownOk;
}

const resourcePolicies = allPolicies.filter((p) => p.types !== undefined);
const stackPolicies = allPolicies.filter((p) => "validateStack" in p);

/** Every kind a stack policy joins, and the Patch kinds the resource policies' stack pass reads. */
const STACK_TYPES = [
    DEPLOYMENT,
    STATEFUL_SET,
    POD_DISRUPTION_BUDGET,
    HORIZONTAL_POD_AUTOSCALER,
    "kubernetes:core/v1:Pod",
    "kubernetes:core/v1:Service",
    "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    "kubernetes:networking.k8s.io/v1:Ingress",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    "kubernetes:scheduling.k8s.io/v1:PriorityClass",
    "kubernetes:extensions/v1beta1:Deployment",
    "kubernetes:apps/v1:DeploymentPatch",
    "kubernetes:core/v1:ServicePatch",
    "azure-native:monitor:DiagnosticSetting",
    "azure-native:containerservice:FleetMember",
    "azure-native:containerservice:MaintenanceConfiguration",
    "azure-native:authorization:RoleAssignment",
];

const resourceRows = resourcePolicies.flatMap((policy) => {
    const rows: [string, (typeof allPolicies)[number], string, unknown][] = [];
    const add = (type: string, inputs: Record<string, unknown>) => {
        if (!policy.types?.includes(type)) return;
        for (const [sentence, props] of Object.entries(inputs)) rows.push([`${policy.name} on ${type}: ${sentence}`, policy, type, props]);
    };
    for (const type of policy.types ?? []) {
        add(type, type === MANAGED_CLUSTER ? clusterInputs : type === AGENT_POOL ? poolInputs : WORKLOAD_TYPES.includes(type) ? workloadInputs : stackInputs);
    }
    return rows;
});

describe("resource policies on malformed resources", () => {
    test.each(resourceRows)("%s", async (_name, policy, type, props) => {
        expect(isOutcome(await evaluateResource(policy, type, props))).toBe(true);
    });
});

describe("stack policies on malformed stacks", () => {
    const rows = stackPolicies.flatMap((policy) => Object.entries(stackInputs).map(([sentence, props]) => [`${policy.name}: ${sentence}`, policy, props] as const));
    test.each(rows)("%s", async (_name, policy, props) => {
        const stack = STACK_TYPES.map((type, i) => ({ type, name: `r${i}`, props }));
        expect(isOutcome(await evaluateStack(policy, stack))).toBe(true);
    });
});

test("the malformed table reaches every policy of the pack", () => {
    const reached = new Set([...resourceRows.map((r) => r[1].name), ...stackPolicies.map((p) => p.name)]);
    expect([...reached].sort()).toEqual(allPolicies.map((p) => p.name).sort());
});

test("a malformed pool is reported, not skipped", async () => {
    const outcome = await evaluateResource(resourcePolicies.find((p) => p.name === "aks-pool-host-encryption")!, MANAGED_CLUSTER, { agentPoolProfiles: [null] });
    expect(outcome).toEqual({ violations: ['ManagedCluster "test" agentPoolProfiles[0]: must be an agent pool profile object, got null'] });
});

test("a workload without a pod spec is reported, not skipped", async () => {
    const outcome = await evaluateResource(resourcePolicies.find((p) => p.name === "k8s-image-tag-pinned")!, DEPLOYMENT, { metadata: { name: "web" }, spec: "web" });
    expect(outcome).toEqual({ violations: ['Deployment "web": spec.template.spec must be a pod spec object, got unset'] });
});

/**
 * Every bypass the review of the pack reproduced (issue 12, "Bypasses"), as the crafted resource that walked
 * around it, now failing the policy it walked around. One row per bypass; the policies' own tests cover the
 * rules around each.
 */
import * as cluster from "../../policy/aks/cluster-policies";
import * as pools from "../../policy/aks/pool-policies";
import type { PackPolicy } from "../../policy/common/define";
import { noBarePods, disruptionBudget } from "../../policy/workloads/availability-policies";
import { allowedRegistries } from "../../policy/workloads/container-policies";
import { helmReleasesRendered } from "../../policy/workloads/object-policies";
import { pssPrivileged } from "../../policy/workloads/pod-security-baseline";
import { pssRunAsNonRoot } from "../../policy/workloads/pod-security-restricted";
import { goodAgentPool, goodAutoscaler, goodBudget, goodCluster, goodDeployment, goodPod } from "./fixtures";
import { evaluateResource, evaluateStack, mutate, UNKNOWN, type StackEntry } from "./harness";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const W = 'Deployment "shop/web"';

interface ResourceBypass {
    policy: PackPolicy;
    type: string;
    props: Props;
    violations: string[];
}

const resourceBypasses: Record<string, ResourceBypass> = {
    "1. a cluster under a versioned token, local accounts on": {
        policy: cluster.localAccountsDisabled,
        type: "azure-native:containerservice/v20250801:ManagedCluster",
        props: mutate(goodCluster(), (c: Props) => (c.disableLocalAccounts = false)),
        violations: ['ManagedCluster "test": disableLocalAccounts must be true (found false)'],
    },
    "1. a pool under a preview-version token, host encryption off": {
        policy: pools.poolHostEncryption,
        type: "azure-native:containerservice/v20240902preview:AgentPool",
        props: mutate(goodAgentPool(), (p: Props) => (p.enableEncryptionAtHost = false)),
        violations: ['AgentPool "test" (pool "gpu"): enableEncryptionAtHost must be true (found false)'],
    },
    "1. a cluster under a version newer than the installed SDK's alias list": {
        policy: cluster.localAccountsDisabled,
        type: "azure-native:containerservice/v20991231:ManagedCluster",
        props: mutate(goodCluster(), (c: Props) => (c.disableLocalAccounts = false)),
        violations: ['ManagedCluster "test": disableLocalAccounts must be true (found false)'],
    },
    "2. two halves of the internet as authorized ranges": {
        policy: cluster.apiServerRestricted,
        type: "azure-native:containerservice:ManagedCluster",
        props: mutate(goodCluster(), (c: Props) => (c.apiServerAccessProfile = { authorizedIPRanges: ["0.0.0.0/1", "128.0.0.0/1"] })),
        violations: ['ManagedCluster "test": apiServerAccessProfile.authorizedIPRanges together admit every IPv4 address (0.0.0.0/1, 128.0.0.0/1); list only the ranges that need the API server'],
    },
    "3. mode \"system\", one node, no taint (AKS-023)": {
        policy: pools.systemPoolIsolated,
        type: "azure-native:containerservice:AgentPool",
        props: mutate(goodAgentPool(), (p: Props) => Object.assign(p, { mode: "system", count: 1, nodeTaints: [] })),
        violations: ['AgentPool "test" (pool "gpu"): a System pool must carry the taint CriticalAddonsOnly=true:NoSchedule (nodeTaints: [])'],
    },
    "3. mode \"system\", one node, no taint (AKS-024)": {
        policy: pools.systemPoolSize,
        type: "azure-native:containerservice:AgentPool",
        props: mutate(goodAgentPool(), (p: Props) => Object.assign(p, { mode: "system", count: 1, nodeTaints: [] })),
        violations: ['AgentPool "test" (pool "gpu"): count must be at least 2 on a System pool (found 1)'],
    },
    "4. a privileged ReplicaSet": {
        policy: pssPrivileged,
        type: "kubernetes:apps/v1:ReplicaSet",
        props: mutate(goodDeployment(), (d: Props) => (d.spec.template.spec.containers[0].securityContext.privileged = true)),
        violations: ['ReplicaSet "shop/web": container "app" must not set securityContext.privileged to true'],
    },
    "4. a privileged ReplicationController": {
        policy: pssPrivileged,
        type: "kubernetes:core/v1:ReplicationController",
        props: mutate(goodDeployment(), (d: Props) => (d.spec.template.spec.containers[0].securityContext.privileged = true)),
        violations: ['ReplicationController "shop/web": container "app" must not set securityContext.privileged to true'],
    },
    "4. a Helm Release, whose objects the preview never sees": {
        policy: helmReleasesRendered,
        type: "kubernetes:helm.sh/v3:Release",
        props: { chart: "privileged-agent", namespace: "tools", name: "agent" },
        violations: ['Release "tools/agent": installs chart "privileged-agent" out of the pack\'s sight: none of its objects is judged; use helm.v4.Chart or exempt the release'],
    },
    "7. pod-level runAsNonRoot false under containers that set true": {
        policy: pssRunAsNonRoot,
        type: "kubernetes:apps/v1:Deployment",
        props: mutate(goodDeployment(), (d: Props) => {
            d.spec.template.spec.securityContext.runAsNonRoot = false;
            d.spec.template.spec.containers[0].securityContext.runAsNonRoot = true;
        }),
        violations: [`${W}: spec.template.spec.securityContext.runAsNonRoot must not be false: Pod Security admission refuses the pod whatever its containers set`],
    },
};

describe("resource bypasses now fail", () => {
    test.each(Object.entries(resourceBypasses))("%s", async (_name, { policy, type, props, violations }) => {
        expect(await evaluateResource(policy, type, props)).toEqual({ violations });
    });
});

interface StackBypass {
    policy: PackPolicy;
    stack: StackEntry[];
    violations: string[];
    unknownDuringPreview?: string;
}

const privilegedPatch: StackEntry = {
    type: "kubernetes:apps/v1:DeploymentPatch",
    name: "web-debug",
    props: { metadata: { name: "web", namespace: "shop" }, spec: { template: { spec: { containers: [{ name: "app", securityContext: { privileged: true } }] } } } },
};

const stackBypasses: Record<string, StackBypass> = {
    "4. a privileged DeploymentPatch of a Deployment the stack declares": {
        policy: pssPrivileged,
        stack: [{ type: "kubernetes:apps/v1:Deployment", name: "web", props: goodDeployment() }, privilegedPatch],
        violations: ['DeploymentPatch "shop/web": container "app" must not set securityContext.privileged to true'],
    },
    "4. a privileged DeploymentPatch of a Deployment managed elsewhere": {
        policy: pssPrivileged,
        stack: [privilegedPatch],
        violations: ['DeploymentPatch "shop/web": container "app" must not set securityContext.privileged to true'],
    },
    "5. an autoscaling/v1 HPA hides a drain-blocking PDB": {
        policy: disruptionBudget,
        stack: [
            { type: "kubernetes:apps/v1:Deployment", name: "web", props: mutate(goodDeployment(), (d: Props) => delete d.spec.replicas) },
            { type: "kubernetes:autoscaling/v1:HorizontalPodAutoscaler", name: "web-hpa", props: mutate(goodAutoscaler(), (h: Props) => (h.spec = { scaleTargetRef: h.spec.scaleTargetRef, minReplicas: 2, maxReplicas: 6 })) },
            { type: "kubernetes:policy/v1:PodDisruptionBudget", name: "web-pdb", props: mutate(goodBudget(), (b: Props) => (b.spec = { minAvailable: 2, selector: { matchLabels: { app: "web" } } })) },
        ],
        violations: [
            `PodDisruptionBudget "shop/web": allows 0 evictions of ${W} at 2 replica(s) (HorizontalPodAutoscaler "shop/web" minReplicas) with minAvailable 2, so a node drain or upgrade waits forever; use maxUnavailable 1 or a lower minAvailable`,
        ],
    },
    "6. a Pod whose owner reference names an owner nobody declared": {
        policy: noBarePods,
        stack: [{ type: "kubernetes:core/v1:Pod", name: "debug", props: goodPod() }],
        violations: ['Pod "shop/debug": its owner reference to ReplicaSet "debug-1": no ReplicaSet "shop/debug-1" is declared in the stack, so nothing recreates the pod and the garbage collector deletes it'],
    },
    "8. an image from a stranger's Azure Container Registry": {
        policy: allowedRegistries,
        stack: [{ type: "kubernetes:apps/v1:Deployment", name: "web", props: mutate(goodDeployment(), (d: Props) => (d.spec.template.spec.containers[0].image = "someoneelse.azurecr.io/web:1.4.2")) }],
        violations: [`${W}: container "app" image "someoneelse.azurecr.io/web:1.4.2" comes from someoneelse.azurecr.io, which is not an allowed registry (none: the stack declares no registry and the registries setting is empty)`],
    },
    "9. a PDB whose namespace is unknown at preview no longer yields a false \"no PodDisruptionBudget\"": {
        policy: disruptionBudget,
        stack: [
            { type: "kubernetes:apps/v1:Deployment", name: "web", props: goodDeployment() },
            { type: "kubernetes:policy/v1:PodDisruptionBudget", name: "web-pdb", props: mutate(goodBudget(), (b: Props) => (b.metadata.namespace = UNKNOWN)) },
        ],
        violations: [],
        unknownDuringPreview: "metadata.namespace is unknown during preview; k8s-pdb-allows-eviction checks it again at update, when the value is known",
    },
};

describe("stack bypasses now fail (or, for 9, wait for the update instead of failing falsely)", () => {
    test.each(Object.entries(stackBypasses))("%s", async (_name, { policy, stack, violations, unknownDuringPreview }) => {
        const outcome = await evaluateStack(policy, stack);
        expect({ violations: outcome.violations, unknownDuringPreview: outcome.unknownDuringPreview }).toEqual({ violations, unknownDuringPreview });
    });
});

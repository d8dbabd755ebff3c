import * as pulumi from "@pulumi/pulumi";
import YAML from "yaml";
import { AKS_CLUSTER_TYPE, AksCluster, aksClusterArgumentViolations, type AksClusterArgs } from "../../components/aks-cluster";
import { AKS_NODE_POOL_TYPE } from "../../components/aks-node-pool";
import type { PlatformSpec } from "../../config/platform-spec";
import { SUBSCRIPTION_ID, installMocks, outputValue, settle, type MockRecorder } from "../helpers/pulumi-mocks";
import { editedSpec, stackSpec } from "./fixtures";

// Each build costs about a second under mocks, so each describe builds once and its tests read the recording.

const MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster";
const AGENT_POOL = "azure-native:containerservice:AgentPool";
const RESOURCE_GROUP = "azure-native:resources:ResourceGroup";
const WORKSPACE = "azure-native:operationalinsights:Workspace";
const IDENTITY = "azure-native:managedidentity:UserAssignedIdentity";
const K8S_PROVIDER = "pulumi:providers:kubernetes";
const CREDENTIALS = "azure-native:containerservice:listManagedClusterUserCredentials";
const GET_RESOURCE_GROUP = "azure-native:resources:getResourceGroup";

function argsOf(spec: PlatformSpec, extra: Partial<AksClusterArgs> = {}): AksClusterArgs {
    return { location: spec.location, resourceGroup: spec.resourceGroup, cluster: spec.cluster, ...extra };
}

/** Builds a cluster and waits for every registration and invoke. */
async function build(name: string, args: AksClusterArgs): Promise<AksCluster> {
    const cluster = new AksCluster(name, args);
    await outputValue(pulumi.all([cluster.clusterId, cluster.kubeconfig, cluster.provider.urn, ...cluster.nodePools.map((p) => p.name)]));
    await settle(pulumi);
    return cluster;
}

function thrownBy(fn: () => unknown): pulumi.InputPropertiesError {
    try {
        fn();
    } catch (error) {
        if (pulumi.InputPropertiesError.isInstance(error)) {
            return error;
        }
        throw error;
    }
    throw new Error("expected an InputPropertiesError, nothing was thrown");
}

function addonsOf(recorder: MockRecorder, name: string): Record<string, { enabled: boolean; config?: Record<string, string> }> {
    return recorder.get(MANAGED_CLUSTER, name).inputs.addonProfiles as Record<string, { enabled: boolean; config?: Record<string, string> }>;
}

describe("AksCluster from the prod stack", () => {
    const spec = stackSpec("prod");
    let recorder: MockRecorder;
    let cluster: AksCluster;
    beforeAll(async () => {
        recorder = await installMocks(pulumi);
        cluster = await build("prod", argsOf(spec));
    });

    test("the managed cluster has exactly one inline pool, the System pool, and ignores inline pool changes", () => {
        const mc = recorder.get(MANAGED_CLUSTER, "prod-cluster");
        const profiles = mc.inputs.agentPoolProfiles as { name: string; mode: string; nodeTaints: string[] }[];
        expect(profiles.map((p) => [p.name, p.mode])).toEqual([["system", "System"]]);
        expect(profiles[0]!.nodeTaints).toEqual(["CriticalAddonsOnly=true:NoSchedule"]);
        expect(mc.ignoreChanges).toEqual(["agentPoolProfiles"]);
    });

    test("every other pool is an AksNodePool child with its own AgentPool in the cluster", () => {
        const pools = recorder.ofType(AKS_NODE_POOL_TYPE);
        expect(pools.map((p) => p.name)).toEqual(spec.cluster.nodePools.map((p) => `prod-pool-${p.name}`));
        expect(pools.map((p) => p.parents)).toEqual(pools.map(() => [AKS_CLUSTER_TYPE]));
        const agentPools = recorder.ofType(AGENT_POOL);
        expect(agentPools.map((p) => p.inputs.agentPoolName)).toEqual(spec.cluster.nodePools.map((p) => p.name));
        for (const pool of agentPools) {
            expect(pool.inputs).toMatchObject({ resourceName: spec.cluster.name, resourceGroupName: spec.resourceGroup.name });
            expect(pool.parents).toEqual([AKS_NODE_POOL_TYPE, AKS_CLUSTER_TYPE]);
        }
    });

    test("every child is named after the component and parented under it", () => {
        const children = recorder.registrations.filter((r) => r.type !== AKS_CLUSTER_TYPE);
        expect(children.filter((r) => !r.name.startsWith("prod-"))).toEqual([]);
        expect(children.filter((r) => r.parents.at(-1) !== AKS_CLUSTER_TYPE)).toEqual([]);
    });

    test("the control plane runs as the user-assigned identity the component creates", () => {
        const identity = recorder.get(IDENTITY, "prod-identity");
        expect(recorder.get(MANAGED_CLUSTER, "prod-cluster").inputs.identity).toEqual({
            type: "UserAssigned",
            userAssignedIdentities: [`/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${spec.resourceGroup.name}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${identity.inputs.resourceName}`],
        });
    });

    test("the resource group is created as a child, not looked up", () => {
        expect(recorder.get(RESOURCE_GROUP, "prod-rg").inputs).toMatchObject({ resourceGroupName: spec.resourceGroup.name, location: spec.location });
        expect(recorder.invocations.filter((i) => i.token === GET_RESOURCE_GROUP)).toEqual([]);
    });

    test("monitoring on: a workspace with the stack's retention, and Container Insights reporting to it", () => {
        const workspace = recorder.get(WORKSPACE, "prod-logs");
        expect(workspace.inputs.retentionInDays).toBe(spec.cluster.monitoring.retentionDays);
        expect(addonsOf(recorder, "prod-cluster").omsagent).toEqual({
            enabled: true,
            config: { logAnalyticsWorkspaceResourceID: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${spec.resourceGroup.name}/providers/Microsoft.OperationalInsights/workspaces/${workspace.inputs.workspaceName}`, useAADAuth: "true" },
        });
    });

    test("the Kubernetes provider takes the kubeconfig as a secret and is keyed on the cluster ID", async () => {
        const provider = recorder.get(K8S_PROVIDER, "prod-k8s");
        expect(provider.inputs.clusterIdentifier).toBe(await outputValue(cluster.clusterId));
        expect(provider.inputs.kubeconfig).toBe(await outputValue(cluster.kubeconfig));
        expect(provider.secretInputs).toEqual(["kubeconfig"]);
        expect(provider.parents).toEqual([AKS_CLUSTER_TYPE]);
    });

    test("the kubeconfig is secret, asked for in exec format, and logs in with the Azure CLI without prompting", async () => {
        expect(await pulumi.isSecret(cluster.kubeconfig)).toBe(true);
        expect(recorder.invocations.find((i) => i.token === CREDENTIALS)?.inputs).toMatchObject({ format: "exec", resourceName: spec.cluster.name });
        const exec = YAML.parse(await outputValue(cluster.kubeconfig)).users[0].user.exec;
        expect(exec.args).toEqual(expect.arrayContaining(["--login", "azurecli"]));
        expect(exec.args).not.toContain("devicecode");
    });

    test("the outputs carry the cluster's name, OIDC issuer and node resource group", async () => {
        expect(await outputValue(cluster.clusterName)).toBe(spec.cluster.name);
        expect(await outputValue(cluster.oidcIssuerUrl)).toMatch(/^https:\/\/westeurope\.oic\.prod-aks\.azure\.com\//);
        expect(await outputValue(cluster.nodeResourceGroup)).toBe(`MC_${spec.resourceGroup.name}_${spec.cluster.name}_westeurope`);
    });

    test("poolSpecs gives the System pool first, then the other pools, as plain data", () => {
        expect(cluster.poolSpecs()).toEqual([spec.cluster.systemPool, ...spec.cluster.nodePools]);
        expect(cluster.nodePools.map((p) => p.spec)).toEqual(spec.cluster.nodePools);
    });
});

describe("AksCluster in an existing resource group, without monitoring, Defender or Entra ID", () => {
    const spec = editedSpec("dev", (s) => {
        s.resourceGroup.create = false;
        s.cluster.monitoring.enabled = false;
        s.cluster.addons.defender = false;
        s.cluster.entraId = { enabled: false, azureRbac: false, adminGroupObjectIds: [], deployerRole: "none" };
        s.cluster.disableLocalAccounts = false;
    });
    let recorder: MockRecorder;
    let cluster: AksCluster;
    beforeAll(async () => {
        recorder = await installMocks(pulumi);
        cluster = await build("dev", argsOf(spec, { kubelogin: { mode: "spn" } }));
    });

    test("the resource group is looked up by name, not created", async () => {
        expect(recorder.ofType(RESOURCE_GROUP)).toEqual([]);
        expect(recorder.invocations.filter((i) => i.token === GET_RESOURCE_GROUP).map((i) => i.inputs)).toEqual([{ resourceGroupName: spec.resourceGroup.name }]);
        expect(await outputValue(cluster.resourceGroupName)).toBe(spec.resourceGroup.name);
    });

    test("no workspace is created and Container Insights is sent disabled", () => {
        expect(recorder.ofType(WORKSPACE)).toEqual([]);
        expect(addonsOf(recorder, "dev-cluster").omsagent).toEqual({ enabled: false });
    });

    test("the kubeconfig AKS returns is kept as it is, and is still secret", async () => {
        expect(await pulumi.isSecret(cluster.kubeconfig)).toBe(true);
        expect(recorder.invocations.find((i) => i.token === CREDENTIALS)?.inputs).not.toHaveProperty("format");
        const user = YAML.parse(await outputValue(cluster.kubeconfig)).users[0].user;
        expect(user).not.toHaveProperty("exec");
        expect(typeof user.token).toBe("string");
    });

    test("no aadProfile is sent", () => {
        expect(recorder.get(MANAGED_CLUSTER, "dev-cluster").inputs).not.toHaveProperty("aadProfile");
    });
});

describe("AksCluster with Defender but no monitoring, and workload identity login", () => {
    const spec = editedSpec("prod", (s) => {
        s.cluster.monitoring.enabled = false;
        s.cluster.addons.defender = true;
    });
    let recorder: MockRecorder;
    let cluster: AksCluster;
    beforeAll(async () => {
        recorder = await installMocks(pulumi);
        cluster = await build("c", argsOf(spec, { kubelogin: { mode: "workloadidentity" } }));
    });

    test("Defender still gets a workspace to report to, while Container Insights stays off", () => {
        expect(recorder.ofType(WORKSPACE)).toHaveLength(1);
        expect(addonsOf(recorder, "c-cluster").omsagent).toEqual({ enabled: false });
        const security = recorder.get(MANAGED_CLUSTER, "c-cluster").inputs.securityProfile as { defender?: { logAnalyticsWorkspaceResourceId?: string } };
        expect(security.defender?.logAnalyticsWorkspaceResourceId).toMatch(/\/workspaces\//);
    });

    test("the kubeconfig logs in with workload identity", async () => {
        const exec = YAML.parse(await outputValue(cluster.kubeconfig)).users[0].user.exec;
        expect(exec.args).toEqual(expect.arrayContaining(["--login", "workloadidentity"]));
    });
});

describe("AksCluster validation", () => {
    let recorder: MockRecorder;
    beforeAll(async () => {
        recorder = await installMocks(pulumi);
    });

    test("invalid arguments throw one InputPropertiesError listing every path, and nothing is registered", async () => {
        const spec = editedSpec("prod", (s) => {
            s.cluster.systemPool.maxPods = 5;
            s.cluster.nodePools[1]!.name = "Memory_Pool";
            s.cluster.addons.workloadIdentity = true;
            s.cluster.oidcIssuer = false;
        });
        const error = thrownBy(() => new AksCluster("bad", { ...argsOf(spec), location: " " }));
        expect(error.message).toMatch(/^AksCluster "bad" has \d+ invalid arguments; no resource was created$/);
        expect(error.errors.map((e) => e.propertyPath)).toEqual(expect.arrayContaining([
            "location",
            "cluster.systemPool.maxPods",
            "cluster.nodePools[1].name",
            "cluster.addons.workloadIdentity",
        ]));
        expect(error.errors.every((e) => e.reason.length > 0)).toBe(true);
        await settle(pulumi);
        expect(recorder.registrations).toEqual([]);
        expect(recorder.invocations).toEqual([]);
    });

    test("a spot pool with surge nodes is refused at its cluster path", () => {
        const spec = editedSpec("dev", (s) => {
            s.cluster.nodePools.find((p) => p.spot !== undefined)!.upgrade.maxSurge = "1";
        });
        const index = spec.cluster.nodePools.findIndex((p) => p.spot !== undefined);
        expect(thrownBy(() => new AksCluster("bad", argsOf(spec))).errors.map((e) => e.propertyPath)).toEqual([`cluster.nodePools[${index}].upgrade.maxSurge`]);
    });

    test("an unknown login mode is refused", () => {
        const args = argsOf(stackSpec("dev"), { kubelogin: { mode: "devicecode" as "azurecli" } });
        expect(thrownBy(() => new AksCluster("bad", args)).errors).toEqual([
            { propertyPath: "kubelogin.mode", reason: "\"devicecode\" is not a non-interactive login mode: use one of azurecli, workloadidentity, spn, msi" },
        ]);
    });

    test.each(["dev", "staging", "prod"] as const)("the %s stack gives valid arguments", (stack) => {
        expect(aksClusterArgumentViolations(argsOf(stackSpec(stack)))).toEqual([]);
    });
});

describe("two clusters in one program", () => {
    const west = stackSpec("prod");
    const north = editedSpec("prod", (s) => {
        s.location = "northeurope";
        s.resourceGroup.name = "rg-aks-platform-prod-ne";
        s.cluster.name = "aks-platform-prod-ne";
    });
    let recorder: MockRecorder;
    beforeAll(async () => {
        recorder = await installMocks(pulumi);
        await Promise.all([build("prod-we", argsOf(west)), build("prod-ne", argsOf(north))]);
    });

    test("two regions register with no name collision", () => {
        const keys = recorder.registrations.map((r) => `${r.type}::${r.name}`);
        expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
        expect(recorder.ofType(MANAGED_CLUSTER).map((r) => [r.name, r.inputs.location]).sort()).toEqual([
            ["prod-ne-cluster", "northeurope"],
            ["prod-we-cluster", "westeurope"],
        ]);
    });

    test("each cluster's pools join that cluster", () => {
        const poolsOf = (cluster: string) => recorder.ofType(AGENT_POOL).filter((r) => r.inputs.resourceName === cluster).map((r) => r.name).sort();
        expect(poolsOf("aks-platform-prod-ne")).toEqual(north.cluster.nodePools.map((p) => `prod-ne-pool-${p.name}-agentpool`).sort());
        expect(poolsOf("aks-platform-prod")).toEqual(west.cluster.nodePools.map((p) => `prod-we-pool-${p.name}-agentpool`).sort());
    });
});

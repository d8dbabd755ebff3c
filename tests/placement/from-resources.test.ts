import { agentPoolProperties } from "../../components/agent-pool-properties";
import { UNKNOWN_SENTINEL } from "../../components/agent-pool-spec";
import { kubernetesTypeOf, platformModelsFromResources, UnknownValueError, type RegisteredResource } from "../../placement";
import { InvalidObjectError } from "../../scheduling/model/errors";
import { CLUSTER, deployment, pool, SYSTEM_POOL } from "./fixtures";

const general = pool("general");

function cluster(name: string, overrides: Record<string, unknown> = {}): RegisteredResource {
    return {
        type: "azure-native:containerservice:ManagedCluster",
        name: `${name}-cluster`,
        urn: `urn:pulumi:test::p::azure-native:containerservice:ManagedCluster::${name}-cluster`,
        inputs: {
            resourceName: name,
            location: CLUSTER.location,
            kubernetesVersion: CLUSTER.kubernetesVersion,
            networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", networkDataplane: "azure", networkPolicy: "none", podCidr: "10.244.0.0/16" },
            addonProfiles: { azurepolicy: { enabled: false }, azureKeyvaultSecretsProvider: { enabled: false }, omsagent: { enabled: false } },
            securityProfile: { workloadIdentity: { enabled: false } },
            agentPoolProfiles: [{ name: SYSTEM_POOL.name, ...agentPoolProperties(SYSTEM_POOL) }],
            ...overrides,
        },
    };
}

function agentPool(clusterName: string): RegisteredResource {
    return { type: "azure-native:containerservice:AgentPool", name: "general", inputs: { resourceName: clusterName, agentPoolName: "general", ...agentPoolProperties(general) } };
}

function kube(type: string, name: string, inputs: Record<string, unknown>, provider?: string): RegisteredResource {
    return { type, name, inputs, ...(provider === undefined ? {} : { provider }) };
}

describe("platformModelsFromResources", () => {
    test("builds the cluster, its pools and its Kubernetes objects", () => {
        const web = deployment("web", 2, { pool: "general" }) as Record<string, unknown>;
        const { apiVersion: _a, kind: _k, ...withoutType } = web;
        const models = platformModelsFromResources([
            cluster("aks-test"),
            agentPool("aks-test"),
            kube("kubernetes:apps/v1:Deployment", "web", withoutType),
            kube("kubernetes:core/v1:Namespace", "shop", { metadata: {} }),
            kube("kubernetes:core/v1:Service", "web", { metadata: { name: "web" } }),
            kube("kubernetes:core/v1:ConfigMap", "settings", { metadata: { name: "settings" } }),
        ]);
        // The Service is kept (kube-scheduler's default spreading reads it); the ConfigMap is not.
        expect(models).toEqual([
            {
                clusterName: "aks-test",
                cluster: CLUSTER,
                pools: [SYSTEM_POOL, general],
                objects: [web, { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } }, { apiVersion: "v1", kind: "Service", metadata: { name: "web" } }],
            },
        ]);
    });

    test("a program without a cluster has no model", () => {
        expect(platformModelsFromResources([kube("azure-native:resources:ResourceGroup", "rg", {})])).toEqual([]);
    });

    test.each([
        ["kubernetes:apps/v1:StatefulSet", { apiVersion: "apps/v1", kind: "StatefulSet" }],
        ["kubernetes:core/v1:Pod", { apiVersion: "v1", kind: "Pod" }],
        ["kubernetes:scheduling.k8s.io/v1:PriorityClass", { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass" }],
        ["azure-native:containerservice:AgentPool", undefined],
    ])("reads the type token %s", (type, expected) => {
        expect(kubernetesTypeOf(type)).toEqual(expected);
    });

    test("attributes objects to their cluster by the provider when several clusters are registered", () => {
        const providers: RegisteredResource[] = ["blue", "green"].map((name) => ({
            type: "pulumi:providers:kubernetes",
            name: `${name}-k8s`,
            urn: `urn:pulumi:test::p::pulumi:providers:kubernetes::${name}-k8s`,
            inputs: { kubeconfig: `clusters: [{ name: aks-${name} }]` },
        }));
        const models = platformModelsFromResources([
            cluster("aks-blue"),
            cluster("aks-green"),
            ...providers,
            kube("kubernetes:apps/v1:Deployment", "web", deployment("web", 1) as Record<string, unknown>, `${providers[1].urn}::id-1`),
        ]);
        expect(models.map((m) => [m.clusterName, m.objects.length])).toEqual([["aks-blue", 0], ["aks-green", 1]]);
    });

    test.each([
        [
            "an AgentPool of no registered cluster",
            [cluster("aks-test"), agentPool("aks-other")],
            'AgentPool general: resourceName: "aks-other" names no registered ManagedCluster; registered: aks-test',
        ],
        [
            "a Kubernetes object without provider when two clusters are registered",
            [cluster("aks-blue"), cluster("aks-green"), kube("kubernetes:apps/v1:Deployment", "web", deployment("web", 1) as Record<string, unknown>)],
            "Deployment resource web: provider: 2 clusters are registered (aks-blue, aks-green): give the object the Kubernetes provider of its cluster",
        ],
        [
            "a cluster without network plugin",
            [cluster("aks-test", { networkProfile: {} })],
            "ManagedCluster urn:pulumi:test::p::azure-native:containerservice:ManagedCluster::aks-test-cluster: networkProfile.networkPlugin: undefined is not one of azure, kubenet, none",
        ],
        [
            "a cluster without inline pool",
            [cluster("aks-test", { agentPoolProfiles: [] })],
            "ManagedCluster urn:pulumi:test::p::azure-native:containerservice:ManagedCluster::aks-test-cluster: agentPoolProfiles: a cluster needs at least one inline pool (its System pool)",
        ],
    ])("rejects %s, naming the resource and field", (_name, resources, message) => {
        expect(() => platformModelsFromResources(resources)).toThrow(InvalidObjectError);
        expect(() => platformModelsFromResources(resources)).toThrow(message);
    });

    test.each([
        ["the Kubernetes version", [cluster("aks-test", { kubernetesVersion: UNKNOWN_SENTINEL })], "ManagedCluster urn:pulumi:test::p::azure-native:containerservice:ManagedCluster::aks-test-cluster: kubernetesVersion"],
        ["an AgentPool's cluster name", [cluster("aks-test"), { ...agentPool("x"), inputs: { ...agentPool("x").inputs, resourceName: UNKNOWN_SENTINEL } }], "AgentPool general: resourceName"],
        [
            "a field of a Deployment",
            [cluster("aks-test"), kube("kubernetes:apps/v1:Deployment", "web", { metadata: { name: "web" }, spec: { replicas: UNKNOWN_SENTINEL } })],
            "Deployment resource web: spec.replicas",
        ],
    ])("a value unknown during preview (%s) throws UnknownValueError naming it", (_name, resources, path) => {
        let caught: unknown;
        try {
            platformModelsFromResources(resources);
        } catch (e) {
            caught = e;
        }
        expect(caught).toBeInstanceOf(UnknownValueError);
        expect((caught as UnknownValueError).path).toBe(path);
        expect((caught as UnknownValueError).message).toBe(`${path} is unknown during preview; the placement checks run again when it is known`);
    });
});

/**
 * The platform model from what a program registered: each `ManagedCluster` (its inline System pool), its
 * `AgentPool`s and the Kubernetes objects for it. The same inverse translator reads every pool
 * (`nodePoolSpecFromAgentPool`), so the model holds exactly what would be deployed. Pure.
 */
import { nodePoolSpecFromAgentPool, isUnknownValue, UnknownValueError } from "../components/agent-pool-spec";
import type { ClusterNodeContext } from "../scheduling/aks/node-pool-spec";
import { InvalidObjectError } from "../scheduling/model/errors";
import type { PlatformModel, RegisteredResource } from "./types";

export { UnknownValueError, isUnknownValue } from "../components/agent-pool-spec";

/** Type token of the AKS cluster. */
export const MANAGED_CLUSTER_TYPE = "azure-native:containerservice:ManagedCluster";
/** Type token of an AKS node pool. */
export const AGENT_POOL_TYPE = "azure-native:containerservice:AgentPool";
/** Type token of the Kubernetes provider. */
export const KUBERNETES_PROVIDER_TYPE = "pulumi:providers:kubernetes";

/** The Kubernetes kinds the placement checks read; other Kubernetes resources (ConfigMaps, …) are ignored. */
export const PLACEMENT_KINDS: readonly string[] = [
    "Pod",
    "Deployment",
    "StatefulSet",
    "ReplicaSet",
    "DaemonSet",
    "Job",
    "CronJob",
    "PodDisruptionBudget",
    "HorizontalPodAutoscaler",
    "PriorityClass",
    "Namespace",
    "Service",
    "StorageClass",
    "PersistentVolumeClaim",
    "PersistentVolume",
    "CSINode",
];

type Props = Record<string, unknown>;

const isObject = (value: unknown): value is Props => typeof value === "object" && value !== null && !Array.isArray(value);

/** `kubernetes:apps/v1:Deployment` → `{ apiVersion: "apps/v1", kind: "Deployment" }`; core types are `v1`. */
export function kubernetesTypeOf(type: string): { apiVersion: string; kind: string } | undefined {
    const match = /^kubernetes:([^:]+):([A-Za-z]+)$/.exec(type);
    if (match === null) return undefined;
    const [, groupVersion, kind] = match;
    return { apiVersion: groupVersion.startsWith("core/") ? groupVersion.slice("core/".length) : groupVersion, kind };
}

function refOf(resource: RegisteredResource): string {
    return resource.urn ?? resource.name;
}

/** Throws {@link UnknownValueError} when any value inside `value` is unknown (objects read whole). */
function assertKnown(value: unknown, where: string, path = ""): void {
    if (isUnknownValue(value)) throw new UnknownValueError(path === "" ? where : `${where}: ${path}`);
    const join = (key: string) => (path === "" ? key : `${path}.${key}`);
    if (Array.isArray(value)) value.forEach((item, i) => assertKnown(item, where, `${path}[${i}]`));
    else if (isObject(value)) for (const [key, item] of Object.entries(value)) assertKnown(item, where, join(key));
}

function readString(props: Props, field: string, where: string): string | undefined {
    const value = props[field];
    if (isUnknownValue(value)) throw new UnknownValueError(`${where}: ${field}`);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw new InvalidObjectError(where, field, `expected a string, got ${JSON.stringify(value)}`);
    return value;
}

function readEnabled(props: Props, path: string[], where: string): boolean {
    let value: unknown = props;
    for (const key of path) {
        if (isUnknownValue(value)) throw new UnknownValueError(`${where}: ${path.join(".")}`);
        if (!isObject(value)) return false;
        value = value[key];
    }
    if (isUnknownValue(value)) throw new UnknownValueError(`${where}: ${path.join(".")}`);
    return value === true;
}

/** The cluster facts the node model needs, read from a ManagedCluster's inputs. */
function clusterContext(props: Props, where: string): ClusterNodeContext {
    const location = readString(props, "location", where);
    if (location === undefined) throw new InvalidObjectError(where, "location", "the cluster needs a location (an Azure region such as westeurope)");
    const kubernetesVersion = readString(props, "kubernetesVersion", where);
    if (kubernetesVersion === undefined) {
        throw new InvalidObjectError(where, "kubernetesVersion", "the placement checks need the Kubernetes version (e.g. \"1.33\"): AKS's memory reservation depends on it");
    }
    const network = props.networkProfile;
    assertKnown(network, where, "networkProfile");
    if (!isObject(network)) throw new InvalidObjectError(where, "networkProfile", "the placement checks need networkProfile.networkPlugin (azure, kubenet or none)");
    const plugin = network.networkPlugin;
    if (plugin !== "azure" && plugin !== "kubenet" && plugin !== "none") {
        throw new InvalidObjectError(where, "networkProfile.networkPlugin", `${JSON.stringify(plugin)} is not one of azure, kubenet, none`);
    }
    const pluginMode = network.networkPluginMode;
    if (pluginMode !== undefined && pluginMode !== "overlay") {
        throw new InvalidObjectError(where, "networkProfile.networkPluginMode", `${JSON.stringify(pluginMode)} is not "overlay" (or absent)`);
    }
    const dataplane = network.networkDataplane ?? "azure";
    if (dataplane !== "azure" && dataplane !== "cilium") {
        throw new InvalidObjectError(where, "networkProfile.networkDataplane", `${JSON.stringify(dataplane)} is not one of azure, cilium`);
    }
    const policy = network.networkPolicy ?? "none";
    if (policy !== "none" && policy !== "azure" && policy !== "calico" && policy !== "cilium") {
        throw new InvalidObjectError(where, "networkProfile.networkPolicy", `${JSON.stringify(policy)} is not one of none, azure, calico, cilium`);
    }
    return {
        location,
        kubernetesVersion,
        network: { plugin, ...(pluginMode === undefined ? {} : { pluginMode }), dataplane, policy },
        addons: {
            monitoring: readEnabled(props, ["addonProfiles", "omsagent", "enabled"], where),
            azurePolicy: readEnabled(props, ["addonProfiles", "azurepolicy", "enabled"], where),
            keyVaultSecretsProvider: readEnabled(props, ["addonProfiles", "azureKeyvaultSecretsProvider", "enabled"], where),
            workloadIdentity: readEnabled(props, ["securityProfile", "workloadIdentity", "enabled"], where),
        },
    };
}

/** A Kubernetes resource's inputs as the API object, `apiVersion`/`kind` from the type token when missing. */
function kubernetesObject(resource: RegisteredResource, type: { apiVersion: string; kind: string }): object {
    const where = `${type.kind} resource ${refOf(resource)}`;
    assertKnown(resource.inputs, where);
    const inputs = resource.inputs;
    const metadata = isObject(inputs.metadata) ? inputs.metadata : {};
    // Pulumi auto-names an object without metadata.name from its resource name (plus a suffix the provider picks).
    const name = typeof metadata.name === "string" ? metadata.name : resource.name;
    return { ...inputs, apiVersion: inputs.apiVersion ?? type.apiVersion, kind: inputs.kind ?? type.kind, metadata: { ...metadata, name } };
}

/**
 * One {@link PlatformModel} per `azure-native:containerservice:ManagedCluster`, in registration order.
 *
 * - The cluster: `location`, `kubernetesVersion`, `networkProfile`, `addonProfiles` (omsagent, azurepolicy,
 *   azureKeyvaultSecretsProvider) and `securityProfile.workloadIdentity`; `agentPoolProfiles` are its inline
 *   (System) pools.
 * - Its `AgentPool`s: those whose `resourceName` is the cluster's `resourceName` (the resource name when absent).
 * - The Kubernetes objects of {@link PLACEMENT_KINDS}: with one cluster, all of them; with several, by the
 *   resource's `provider`: the Kubernetes provider whose kubeconfig or name mentions exactly one cluster's name.
 *
 * @throws UnknownValueError for a value unknown during preview (its `path` names the resource and property);
 *   InvalidObjectError naming the resource and field for malformed inputs, an AgentPool of no registered
 *   cluster, or a Kubernetes object that cannot be attributed to one cluster.
 */
export function platformModelsFromResources(resources: RegisteredResource[]): PlatformModel[] {
    const clusters = resources.filter((r) => r.type === MANAGED_CLUSTER_TYPE);
    const models = clusters.map((resource) => {
        const where = `ManagedCluster ${refOf(resource)}`;
        const clusterName = readString(resource.inputs, "resourceName", where) ?? resource.name;
        const cluster = clusterContext(resource.inputs, where);
        const profiles = resource.inputs.agentPoolProfiles;
        if (isUnknownValue(profiles)) throw new UnknownValueError(`${where}: agentPoolProfiles`);
        if (!Array.isArray(profiles) || profiles.length === 0) {
            throw new InvalidObjectError(where, "agentPoolProfiles", "a cluster needs at least one inline pool (its System pool)");
        }
        const pools = profiles.map((profile, i) => {
            if (isUnknownValue(profile)) throw new UnknownValueError(`${where}: agentPoolProfiles[${i}]`);
            if (!isObject(profile)) throw new InvalidObjectError(where, `agentPoolProfiles[${i}]`, "expected an agent pool profile object");
            return nodePoolSpecFromAgentPool(profile, `${where} agentPoolProfiles[${i}]`, { network: cluster.network, kubernetesVersion: cluster.kubernetesVersion });
        });
        return { model: { clusterName, cluster, pools, objects: [] as object[] } satisfies PlatformModel, resource };
    });
    const byName = new Map(models.map((m) => [m.model.clusterName, m.model]));
    for (const resource of resources.filter((r) => r.type === AGENT_POOL_TYPE)) {
        const where = `AgentPool ${refOf(resource)}`;
        const clusterName = readString(resource.inputs, "resourceName", where);
        const model = clusterName === undefined ? undefined : byName.get(clusterName);
        if (model === undefined) {
            throw new InvalidObjectError(where, "resourceName", `${JSON.stringify(clusterName)} names no registered ManagedCluster; registered: ${[...byName.keys()].join(", ") || "none"}`);
        }
        model.pools.push(nodePoolSpecFromAgentPool(resource.inputs, where, { network: model.cluster.network, kubernetesVersion: model.cluster.kubernetesVersion }));
    }
    const providers = new Map(resources.filter((r) => r.type === KUBERNETES_PROVIDER_TYPE && r.urn !== undefined).map((r) => [r.urn!, r]));
    for (const resource of resources) {
        const type = kubernetesTypeOf(resource.type);
        if (type === undefined || !PLACEMENT_KINDS.includes(type.kind)) continue;
        const object = kubernetesObject(resource, type);
        const target = models.length === 1 ? models[0].model : attribute(resource, type.kind, providers, [...byName.keys()], byName);
        target.objects.push(object);
    }
    return models.map((m) => m.model);
}

function attribute(
    resource: RegisteredResource,
    kind: string,
    providers: Map<string, RegisteredResource>,
    names: string[],
    byName: Map<string, PlatformModel>,
): PlatformModel {
    const where = `${kind} resource ${refOf(resource)}`;
    if (names.length === 0) throw new InvalidObjectError(where, "provider", "a Kubernetes object was registered but no ManagedCluster: the placement checks need its cluster");
    const providerRef = resource.provider?.split("::").slice(0, -1).join("::");
    const provider = providerRef === undefined ? undefined : providers.get(providerRef);
    if (provider === undefined) {
        throw new InvalidObjectError(where, "provider", `${names.length} clusters are registered (${names.join(", ")}): give the object the Kubernetes provider of its cluster`);
    }
    const text = `${provider.name} ${typeof provider.inputs.kubeconfig === "string" ? provider.inputs.kubeconfig : ""}`;
    const matches = names.filter((n) => text.includes(n));
    if (matches.length !== 1) {
        throw new InvalidObjectError(where, "provider", `its provider ${provider.name} names ${matches.length === 0 ? "none" : matches.join(" and ")} of the clusters ${names.join(", ")}; expected exactly one`);
    }
    return byName.get(matches[0])!;
}

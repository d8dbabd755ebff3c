/**
 * Deployability: what makes a real `pulumi up` fail (or hang) although every input is valid. Each policy reads
 * what the engine hands the pack in a preview — inputs, resource options (`protect`, `deleteBeforeReplace`),
 * and the dependency graph — and the offline plan feeds it the same from the mock runtime.
 * The failures and their sources are in docs/first-deploy.md.
 */
import type { PolicyResource } from "@pulumi/policy";
import { resourcePolicy, stackPolicy, type PackPolicy, type StackFinding } from "../common/define";
import { asArray, asRecord, asString, at } from "../common/read";
import { stringListSetting } from "../common/settings";
import { AGENT_POOL, MANAGED_CLUSTER, clusterSubjects, poolSubjects } from "../aks/subjects";
import { DAEMON_SET, WORKLOAD_TYPES, podTemplateOf, workloadLabel } from "../workloads/pod-templates";
import { dependsOnTransitively, hasRole, inputSources, nameOf, refersTo } from "./graph";

const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";
const REGISTRY = "azure-native:containerregistry:Registry";
const K8S_PROVIDER = "pulumi:providers:kubernetes";
const AGENT_POOL_LABEL = "kubernetes.azure.com/agentpool";
const GPU = "nvidia.com/gpu";
/** Built-in role IDs (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles). */
const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
const AKS_RBAC_CLUSTER_ADMIN = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b";

/** DEP-001: a pool with a fixed name is deleted before its successor is created. */
export const poolReplacementDeletesFirst = resourcePolicy({
    doc: {
        name: "aks-pool-replacement-deletes-first",
        code: "DEP-001",
        title: "Pool replacement deletes first",
        severity: "high",
        description:
            "Checks that every AgentPool is replaced delete-first (deleteBeforeReplace). Its name is fixed, Azure refuses a second pool of that name, and Pulumi creates the successor first unless the provider itself asks otherwise, which azure-native does only for the properties it forces (vmSize, gpuInstanceProfile, nodePublicIPTags), not for replaceOnChanges or `pulumi up --replace`.",
        remediation: "Set deleteBeforeReplace: true on the AgentPool (the pool's pods wait for the new nodes), or rotate: add a pool under a new name, move the workloads, delete the old pool.",
        url: "https://www.pulumi.com/docs/iac/concepts/options/deletebeforereplace/",
        covers: { other: ["pulumi/pulumi-azure-native provider/pkg/provider/provider.go Diff (deleteBeforeReplace := len(replaces) > 0)"] },
    },
    types: [AGENT_POOL],
    subjects: poolSubjects,
    check: (_subject, _settings, args) =>
        args.opts.deleteBeforeReplace === true
            ? []
            : ["a replacement would create the new pool before deleting the old one under the same name, which Azure refuses: set deleteBeforeReplace, or rotate to a pool of another name"],
});

/** DEP-002: the stored inline pool list is still the one System pool. */
export const inlinePoolListUnchanged = resourcePolicy({
    doc: {
        name: "aks-inline-pool-list-unchanged",
        code: "DEP-002",
        title: "Inline pool list holds only the System pool",
        severity: "high",
        description:
            "Checks that the agentPoolProfiles a cluster update would send hold exactly one System pool. With ignoreChanges on agentPoolProfiles, Pulumi re-sends the list kept in its state; a refresh rewrites that list with every pool of the cluster (pulumi-azure-native#1298), and the update then puts every pool into Scaling (#4264) or fails with \"A new agent pool was introduced\" (#2719).",
        remediation: "Restore the stored list to the System pool alone (docs/first-deploy.md, \"The stored agentPoolProfiles\"): pulumi stack export, keep only the System pool in the cluster's inputs.agentPoolProfiles, pulumi stack import.",
        url: "https://github.com/pulumi/pulumi-azure-native/issues/2719",
        covers: { other: ["pulumi/pulumi-azure-native#1298", "#2719", "#4264"] },
    },
    types: [MANAGED_CLUSTER],
    subjects: clusterSubjects,
    check: (subject) => {
        const profiles = asArray(at(subject.value, "agentPoolProfiles")) ?? [];
        const names = profiles.map((p) => `${asString(at(p, "name")) ?? "<unnamed>"} (${asString(at(p, "mode")) ?? "User"})`);
        if (profiles.length === 1 && at(profiles[0], "mode") === "System") return [];
        return [`agentPoolProfiles holds ${names.join(", ") || "no pool"}; an update must carry only the one System pool the cluster was created with`];
    },
});

/** DEP-003: a private API server lands in a VNet the stack declares. */
export const privateClusterReachable = resourcePolicy({
    doc: {
        name: "aks-private-cluster-reachable",
        code: "DEP-003",
        title: "Private API server in the stack's VNet",
        severity: "high",
        description:
            "Checks that a private cluster's pools join a subnet of a VNet the stack declares (vnetSubnetID) and that API Server VNet Integration names its subnet. Without them the private endpoint lands in the AKS-managed VNet, which no runner can reach, and the Kubernetes half of `pulumi up` cannot connect.",
        remediation: "Declare aks-platform:vnet with the nodes' subnet (and an apiServer subnet for VNet integration), and run pulumi up from a runner in that VNet or a peered one (apiServer.deployFrom).",
        url: "https://learn.microsoft.com/azure/aks/private-clusters#options-for-connecting-to-the-private-cluster",
        covers: {},
    },
    types: [MANAGED_CLUSTER],
    subjects: clusterSubjects,
    check: (subject) => {
        const access = asRecord(at(subject.value, "apiServerAccessProfile"));
        if (access?.enablePrivateCluster !== true) return [];
        const findings: string[] = [];
        (asArray(at(subject.value, "agentPoolProfiles")) ?? []).forEach((p, i) => {
            if (at(p, "vnetSubnetID") === undefined) findings.push(`agentPoolProfiles[${i}] has no vnetSubnetID: the private endpoint would land in the AKS-managed VNet`);
        });
        if (access.enableVnetIntegration === true && access.subnetId === undefined) findings.push("apiServerAccessProfile.enableVnetIntegration needs subnetId, the API server subnet of your VNet");
        return findings;
    },
});

/** DEP-004: the cluster is protected. */
export const clusterProtected = resourcePolicy({
    doc: {
        name: "aks-cluster-protected",
        code: "DEP-004",
        title: "Cluster protected",
        severity: "high",
        description: "Checks that the ManagedCluster has Pulumi's protect option, so that an edit of a force-new property (dnsPrefix, the network profile, outboundType: pulumi-azure-native#4756) fails instead of deleting the cluster.",
        remediation: "Set cluster.protect: true in the stack file (protect on the ManagedCluster).",
        url: "https://www.pulumi.com/docs/iac/concepts/options/protect/",
        covers: { other: ["pulumi/pulumi-azure-native#4756"] },
    },
    types: [MANAGED_CLUSTER],
    subjects: clusterSubjects,
    check: (_subject, _settings, args) => (args.opts.protect ? [] : ["is not protected: a force-new edit would delete it"]),
});

function ofType(resources: readonly PolicyResource[], type: string): PolicyResource[] {
    return resources.filter((r) => r.type === type);
}

/** DEP-005: the deployer holds a Kubernetes role on an Azure-RBAC cluster, and the provider waits for it. */
export const deployerHasKubernetesRole = stackPolicy({
    doc: {
        name: "aks-deployer-has-kubernetes-role",
        code: "DEP-005",
        title: "Deployer has a Kubernetes role",
        severity: "critical",
        description:
            "Checks that a stack declaring Kubernetes objects on an Azure-RBAC cluster assigns \"Azure Kubernetes Service RBAC Cluster Admin\" on that cluster (namespaces need it) and that the Kubernetes provider depends on that assignment (role assignments take up to five minutes to propagate); otherwise the first Namespace gets a 403.",
        remediation: "Keep cluster.entraId.deployerRole at clusterAdmin (the program assigns the role to the deploying identity and waits for it), or give the deploying identity the role beforehand.",
        url: "https://learn.microsoft.com/azure/aks/manage-azure-rbac",
        covers: {},
    },
    check: (resources) => {
        if (!resources.some((r) => r.type.startsWith("kubernetes:"))) return [];
        const findings: StackFinding[] = [];
        const admins = ofType(resources, ROLE_ASSIGNMENT).filter((a) => hasRole(a, AKS_RBAC_CLUSTER_ADMIN));
        for (const cluster of ofType(resources, MANAGED_CLUSTER).filter((c) => at(c.props, "aadProfile", "enableAzureRBAC") === true)) {
            const grants = admins.filter((a) => refersTo(a, "scope", cluster));
            if (grants.length === 0) {
                findings.push({ urn: cluster.urn, message: `ManagedCluster "${cluster.name}" uses Azure RBAC but no role assignment gives the deployer Azure Kubernetes Service RBAC Cluster Admin on it: its Kubernetes objects would be refused (403)` });
                continue;
            }
            for (const provider of ofType(resources, K8S_PROVIDER).filter((p) => refersTo(p, "clusterIdentifier", cluster))) {
                if (!dependsOnTransitively(provider, (r) => grants.some((g) => g.urn === r.urn))) {
                    findings.push({ urn: provider.urn, message: `Kubernetes provider "${provider.name}" does not wait for the deployer's role on "${cluster.name}": its first request may come before the role propagates (up to five minutes)` });
                }
            }
        }
        return findings;
    },
});

/** The registry host of an image (Docker's rule: a first component with "." or ":" is a host, else docker.io). */
function registryOf(image: string): string {
    const slash = image.indexOf("/");
    const first = slash < 0 ? "" : image.slice(0, slash);
    return first.includes(".") || first.includes(":") || first === "localhost" ? first.toLowerCase() : "docker.io";
}

/** The login server of the registry a role assignment's scope names (an ID, or a Registry of the stack). */
function acrServerOf(assignment: PolicyResource): string | undefined {
    const source = inputSources(assignment, "scope").find((r) => r.type === REGISTRY);
    const name = source !== undefined ? nameOf(source, "registryName") : /\/registries\/([^/]+)$/i.exec(asString(at(assignment.props, "scope")) ?? "")?.[1];
    return name === undefined ? undefined : `${name.toLowerCase()}.azurecr.io`;
}

function containerImages(template: { spec: Record<string, unknown> }): string[] {
    return ["containers", "initContainers"].flatMap((list) => (asArray(template.spec[list]) ?? []).map((c) => asString(at(c, "image"))).filter((i): i is string => i !== undefined));
}

function workloadsOf(resources: readonly PolicyResource[]) {
    return resources.flatMap((r) => {
        if (!WORKLOAD_TYPES.includes(r.type)) return [];
        const template = podTemplateOf(r.type, r.props);
        return "problem" in template ? [] : [{ resource: r, template, label: workloadLabel(r.type, r.props, r.name) }];
    });
}

/** DEP-006: every image comes from a registry the kubelet can pull from. */
export const imagesFromPullableRegistries = stackPolicy<readonly string[]>({
    doc: {
        name: "aks-images-from-pullable-registries",
        code: "DEP-006",
        title: "Images from pullable registries",
        severity: "critical",
        description: "Checks that every container image comes from a public registry of the setting publicRegistries or from an Azure Container Registry on which a role assignment gives a cluster's kubelet identity AcrPull; otherwise pods sit in ImagePullBackOff until the deploy times out.",
        remediation: "Declare the registry in aks-platform:registries (the program gives the kubelet identity AcrPull on it), or add a public registry to the policy's publicRegistries.",
        url: "https://learn.microsoft.com/azure/aks/cluster-container-registry-integration",
        covers: {},
    },
    configSchema: { properties: { publicRegistries: { type: "array", items: { type: "string" }, default: ["mcr.microsoft.com"] } } },
    settings: (raw, name) => stringListSetting(raw, name, "publicRegistries", ["mcr.microsoft.com"]),
    check: (resources, publicRegistries) => {
        const clusters = ofType(resources, MANAGED_CLUSTER);
        const pullable = new Set(publicRegistries.map((r) => r.toLowerCase()));
        for (const a of ofType(resources, ROLE_ASSIGNMENT).filter((x) => hasRole(x, ACR_PULL))) {
            const server = acrServerOf(a);
            if (server !== undefined && inputSources(a, "principalId").some((s) => clusters.some((c) => c.urn === s.urn))) pullable.add(server);
        }
        return workloadsOf(resources).flatMap(({ resource, template, label }) =>
            containerImages(template)
                .filter((image) => !pullable.has(registryOf(image)))
                .map((image) => ({ urn: resource.urn, message: `${label}: image "${image}" comes from ${registryOf(image)}, from which no kubelet identity of the stack may pull (pullable: ${[...pullable].join(", ")})` })),
        );
    },
});

/** The pools a pod template selects through `kubernetes.azure.com/agentpool`. */
function selectedPools(spec: Record<string, unknown>): string[] {
    const selected = asString(at(spec, "nodeSelector", AGENT_POOL_LABEL));
    const terms = asArray(at(spec, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")) ?? [];
    const fromAffinity = terms.flatMap((t) => (asArray(at(t, "matchExpressions")) ?? []).filter((e) => at(e, "key") === AGENT_POOL_LABEL && at(e, "operator") === "In").flatMap((e) => (asArray(at(e, "values")) ?? []).map(String)));
    return [...new Set([...(selected === undefined ? [] : [selected]), ...fromAffinity])];
}

/** DEP-007: GPU requests have a device plugin to satisfy them, which the workload waits for. */
export const gpuWorkloadsHaveDevicePlugin = stackPolicy({
    doc: {
        name: "k8s-gpu-workloads-have-device-plugin",
        code: "DEP-007",
        title: "GPU workloads have the device plugin",
        severity: "critical",
        description: "Checks that every workload requesting nvidia.com/gpu waits for a DaemonSet running NVIDIA's k8s-device-plugin: AKS installs the GPU drivers, not the plugin, and without it no node advertises nvidia.com/gpu.",
        remediation: "Set gpuDevicePlugin: true on the GPU pool (the program deploys the plugin and makes GPU workloads depend on it).",
        url: "https://learn.microsoft.com/azure/aks/use-nvidia-gpu#nvidia-device-plugin-installation",
        covers: {},
    },
    check: (resources) => {
        const isPlugin = (r: PolicyResource) => r.type === DAEMON_SET && workloadsOf([r]).some((w) => containerImages(w.template).some((i) => i.includes("k8s-device-plugin")));
        return workloadsOf(resources)
            .filter(({ resource, template }) => !isPlugin(resource) && (asArray(template.spec.containers) ?? []).some((c) => at(c, "resources", "requests", GPU) !== undefined || at(c, "resources", "limits", GPU) !== undefined))
            .filter(({ resource }) => !dependsOnTransitively(resource, isPlugin))
            .map(({ resource, label }) => ({ urn: resource.urn, message: `${label} requests ${GPU} but waits for no NVIDIA device plugin DaemonSet: its pods would stay Pending` }));
    },
});

/** DEP-008: workloads wait for the pools they run on. */
export const workloadsDependOnPools = stackPolicy({
    doc: {
        name: "k8s-workloads-depend-on-their-pools",
        code: "DEP-008",
        title: "Workloads depend on their pools",
        severity: "high",
        description: "Checks that every workload selecting node pools through kubernetes.azure.com/agentpool depends on the AgentPool resources of those pools, so that `pulumi up` creates the capacity before the pods (spot and GPU pools start at 0 nodes).",
        remediation: "Pass the pools' AgentPool resources (or their AksNodePool components) in the workload's dependsOn; the Workload component does it for the pools it targets.",
        url: "https://www.pulumi.com/docs/iac/concepts/options/dependson/",
        covers: {},
    },
    check: (resources) => {
        const pools = ofType(resources, AGENT_POOL);
        return workloadsOf(resources).flatMap(({ resource, template, label }) =>
            selectedPools(template.spec).flatMap((pool) => {
                const agentPools = pools.filter((p) => nameOf(p, "agentPoolName") === pool);
                if (agentPools.length === 0 || dependsOnTransitively(resource, (r) => agentPools.some((p) => p.urn === r.urn))) return [];
                return [{ urn: resource.urn, message: `${label} runs on pool "${pool}" but does not depend on its AgentPool: its pods may be created before the pool exists` }];
            }),
        );
    },
});

/** The deployability policies, in code order. */
export const deployabilityPolicies: readonly PackPolicy[] = [
    poolReplacementDeletesFirst,
    inlinePoolListUnchanged,
    privateClusterReachable,
    clusterProtected,
    deployerHasKubernetesRole,
    imagesFromPullableRegistries,
    gpuWorkloadsHaveDevicePlugin,
    workloadsDependOnPools,
];

/**
 * `AksCluster`: an AKS cluster with secure defaults, exactly one inline System pool, and every other pool an
 * {@link AksNodePool} child. Exposes the pools as plain {@link NodePoolSpec}s for the scheduling model, a
 * secret non-interactive kubeconfig, and a Kubernetes provider for the cluster.
 *
 * Shaped like pulumi-eks's `Cluster` (pulumi/pulumi-eks `nodejs/eks/cluster/cluster.ts`, 7bf0c1b): a thin class
 * over {@link createAksCluster}, children named `${name}-<role>` and parented to the component, every argument
 * validated into one `InputPropertiesError` before the first child exists.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import type { ClusterSpec, ResourceGroupSpec } from "../config/platform-spec";
import { clusterRuleViolations } from "../config/rules/cluster-rules";
import type { NodePoolSpec } from "../scheduling/aks/node-pool-spec";
import { agentPoolProperties } from "./agent-pool-properties";
import { AksNodePool, type AksClusterHandle } from "./aks-node-pool";
import { createDeployerAccess, createRegistryAccess, type DeployerAccess, type RegistryAccess } from "./cluster-access";
import { createContainerInsights } from "./container-insights";
import { createNetwork, type ClusterNetwork } from "./network";
import { KUBELOGIN_MODES, decodeKubeconfig, toNonInteractiveKubeconfig, type KubeloginOptions } from "./kubeconfig";
import {
    aadProfile,
    addonProfiles,
    apiServerAccessProfile,
    autoScalerProfile,
    maintenanceConfigurations,
    maintenanceWindow,
    networkProfile,
    securityProfile,
} from "./managed-cluster-properties";
import { poolArgumentViolations } from "./pool-validation";
import { throwIfInvalid, type ArgumentViolation } from "./validation";

/** Type token of {@link AksCluster}. */
export const AKS_CLUSTER_TYPE = "aks-platform:index:AksCluster";

/** Arguments of {@link AksCluster}. */
export interface AksClusterArgs {
    /**
     * Azure region of every resource, e.g. `westeurope`. Required.
     * See https://learn.microsoft.com/azure/aks/quotas-skus-regions
     */
    location: string;
    /**
     * The resource group: created (`create: true`) or an existing one looked up by name.
     * See https://learn.microsoft.com/azure/azure-resource-manager/management/manage-resource-groups-portal
     */
    resourceGroup: ResourceGroupSpec;
    /**
     * The cluster, resolved, as `config/` produces it: `systemPool` becomes the one inline System profile,
     * each of `nodePools` an {@link AksNodePool}. See https://learn.microsoft.com/azure/aks/use-system-pools
     */
    cluster: ClusterSpec;
    /**
     * How the `kubeconfig` output logs in on an Entra ID cluster. Defaults to `{ mode: "azurecli" }`.
     * Ignored when `cluster.entraId.enabled` is false (the kubeconfig then holds AKS's own credentials).
     * See https://learn.microsoft.com/azure/aks/kubelogin-authentication
     */
    kubelogin?: KubeloginOptions;
}

/** What {@link createAksCluster} creates and computes. */
export interface AksClusterResources {
    resourceGroupName: pulumi.Output<string>;
    resourceGroup?: resources.ResourceGroup;
    identity: managedidentity.UserAssignedIdentity;
    workspace?: operationalinsights.Workspace;
    managedCluster: containerservice.ManagedCluster;
    maintenanceConfigurations: containerservice.MaintenanceConfiguration[];
    nodePools: AksNodePool[];
    kubeconfig: pulumi.Output<string>;
    provider: KubernetesProvider;
    /** The VNet, its subnets and the control plane's Network Contributor roles; absent without `cluster.vnet`. */
    network?: ClusterNetwork;
    /** Created registries and the kubelet's AcrPull assignments. */
    registryAccess: RegistryAccess;
    /** The deployer's Kubernetes role and its propagation wait; absent unless Azure RBAC and `deployerRole: clusterAdmin`. */
    deployerAccess?: DeployerAccess;
    /** The kubelet identity's object ID. */
    kubeletObjectId: pulumi.Output<string>;
    /** Container Insights' data collection rule and association; absent when monitoring is off. */
    containerInsights?: ReturnType<typeof createContainerInsights>;
}

/** Every problem of the arguments, as property paths under the argument names. */
export function aksClusterArgumentViolations(args: AksClusterArgs): ArgumentViolation[] {
    const out: ArgumentViolation[] = [];
    if (args.location.trim() === "") {
        out.push({ path: "location", message: "is empty: give an Azure region such as \"westeurope\"" });
    }
    if (args.resourceGroup.name.trim() === "") {
        out.push({ path: "resourceGroup.name", message: "is empty: give the resource group's name" });
    }
    if (args.kubelogin !== undefined && !KUBELOGIN_MODES.includes(args.kubelogin.mode)) {
        out.push({ path: "kubelogin.mode", message: `"${String(args.kubelogin.mode)}" is not a non-interactive login mode: use one of ${KUBELOGIN_MODES.join(", ")}` });
    }
    out.push(...poolArgumentViolations(args.cluster.systemPool, "cluster.systemPool"));
    args.cluster.nodePools.forEach((pool, i) => out.push(...poolArgumentViolations(pool, `cluster.nodePools[${i}]`)));
    out.push(...clusterRuleViolations(args.cluster).map((v) => ({ path: `cluster.${v.path}`, message: v.message })));
    return out;
}

/** Whether the cluster uses managed Entra ID (absent means on; see `EntraIdSpec.enabled`). */
function entraIdEnabled(cluster: ClusterSpec): boolean {
    return cluster.entraId.enabled !== false;
}

/**
 * Validates the arguments, then creates the cluster's resources under `parent`:
 * `${name}-rg` (when created, protected when `resourceGroup.protect`), `${name}-identity`, the network
 * (`createNetwork`), `${name}-logs` (when monitoring or Defender is on), `${name}-cluster` (protected when
 * `cluster.protect`), `${name}-insights-dcr`/`-dcra`, `${name}-upgrade-window` / `${name}-node-os-window`,
 * `${name}-pool-<pool>`, the registries' AcrPull (`createRegistryAccess`), the deployer's role and its wait
 * (`createDeployerAccess`) and `${name}-k8s`, which waits for that role.
 *
 * @throws pulumi.InputPropertiesError listing every invalid property before any resource exists.
 */
export function createAksCluster(name: string, args: AksClusterArgs, parent: pulumi.Resource): AksClusterResources {
    throwIfInvalid(`AksCluster "${name}"`, aksClusterArgumentViolations(args));
    const { cluster, location } = args;
    const tags = { ...cluster.tags };

    let resourceGroup: resources.ResourceGroup | undefined;
    let resourceGroupName: pulumi.Output<string>;
    if (args.resourceGroup.create) {
        resourceGroup = new resources.ResourceGroup(`${name}-rg`, { resourceGroupName: args.resourceGroup.name, location, tags }, { parent, protect: args.resourceGroup.protect });
        resourceGroupName = resourceGroup.name;
    } else {
        resourceGroupName = resources.getResourceGroupOutput({ resourceGroupName: args.resourceGroup.name }, { parent }).name;
    }

    // The control plane's own identity: a user-assigned one keeps its principal (and role assignments) across
    // cluster re-creation. See https://learn.microsoft.com/azure/aks/use-managed-identity
    const identity = new managedidentity.UserAssignedIdentity(
        `${name}-identity`,
        { resourceGroupName, location, resourceName: `${cluster.name}-control-plane`, tags },
        { parent },
    );

    const client = authorization.getClientConfigOutput({ parent });
    const network = cluster.vnet === undefined
        ? undefined
        : createNetwork(name, { vnet: cluster.vnet, resourceGroupName, location, controlPlanePrincipalId: identity.principalId, subscriptionId: client.subscriptionId, tags }, parent);
    const poolContext = (pool: string) => ({
        kubernetesVersion: cluster.kubernetesVersion,
        ...(network?.poolSubnetIds[pool] === undefined ? {} : { vnetSubnetId: network.poolSubnetIds[pool] }),
    });

    // Container Insights and Defender both report to a Log Analytics workspace.
    const needsWorkspace = cluster.monitoring.enabled || cluster.addons.defender;
    const workspace = needsWorkspace
        ? new operationalinsights.Workspace(
              `${name}-logs`,
              { resourceGroupName, location, workspaceName: `${cluster.name}-logs`, sku: { name: "PerGB2018" }, retentionInDays: cluster.monitoring.retentionDays, tags },
              { parent },
          )
        : undefined;

    const managedCluster = new containerservice.ManagedCluster(
        `${name}-cluster`,
        {
            resourceGroupName,
            location,
            resourceName: cluster.name,
            dnsPrefix: cluster.name,
            kubernetesVersion: cluster.kubernetesVersion,
            sku: { name: "Base", tier: cluster.tier },
            identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
            aadProfile: aadProfile(cluster),
            enableRBAC: true,
            disableLocalAccounts: cluster.disableLocalAccounts,
            oidcIssuerProfile: { enabled: cluster.oidcIssuer },
            securityProfile: securityProfile(cluster, workspace?.id),
            addonProfiles: addonProfiles(cluster, workspace?.id),
            networkProfile: networkProfile(cluster),
            apiServerAccessProfile: apiServerAccessProfile(cluster, network?.apiServerSubnetId),
            autoUpgradeProfile: { upgradeChannel: cluster.upgrades.channel, nodeOSUpgradeChannel: cluster.upgrades.nodeOsChannel },
            autoScalerProfile: autoScalerProfile(cluster),
            // Exactly one inline pool, never changed through the cluster afterwards: AKS refuses to add or remove
            // inline pools ("A new agent pool was introduced", pulumi/pulumi-azure-native#2719) and an inline edit
            // puts every pool into Scaling (#4264). Other pools are AgentPool resources.
            // The stored list is what a later cluster update re-sends (ignoreChanges keeps it); the deployability
            // policy aks-inline-pool-list-unchanged catches a list a refresh has rewritten (docs/first-deploy.md).
            agentPoolProfiles: [{ name: cluster.systemPool.name, ...agentPoolProperties(cluster.systemPool, poolContext(cluster.systemPool.name)) }],
            tags,
        },
        {
            parent,
            ignoreChanges: ["agentPoolProfiles"],
            // A force-new edit (dnsPrefix, the network profile, outboundType: pulumi/pulumi-azure-native#4756)
            // fails on a protected cluster instead of deleting it.
            protect: cluster.protect,
            // AKS checks the control plane's rights on the subnets when it creates the cluster.
            ...(network === undefined ? {} : { dependsOn: network.roleAssignments }),
        },
    );
    const containerInsights = cluster.monitoring.enabled && workspace !== undefined
        ? createContainerInsights(name, { clusterName: cluster.name, clusterId: managedCluster.id, workspaceId: workspace.id, resourceGroupName, location, tags }, parent)
        : undefined;

    const maintenance = maintenanceConfigurations(cluster).map(
        ({ role, configName, window }) =>
            new containerservice.MaintenanceConfiguration(
                `${name}-${role}`,
                { resourceGroupName, resourceName: managedCluster.name, configName, maintenanceWindow: maintenanceWindow(window) },
                { parent },
            ),
    );

    const handle: AksClusterHandle = { resourceGroupName, clusterName: managedCluster.name, kubernetesVersion: cluster.kubernetesVersion };
    const nodePools = cluster.nodePools.map(
        (spec) => new AksNodePool(`${name}-pool-${spec.name}`, { cluster: handle, spec, tags, ...(poolContext(spec.name).vnetSubnetId === undefined ? {} : { vnetSubnetId: poolContext(spec.name).vnetSubnetId }) }, { parent }),
    );

    const kubeletObjectId = managedCluster.identityProfile.apply((profile) => {
        const id = profile?.kubeletidentity?.objectId;
        if (id === undefined) throw new pulumi.ResourceError(`AKS returned no kubelet identity for cluster "${cluster.name}"`, parent);
        return id;
    });
    const registryAccess = createRegistryAccess(name, { registries: cluster.registries, kubeletObjectId, resourceGroupName, location, subscriptionId: client.subscriptionId, tags }, parent);
    const deployerAccess = entraIdEnabled(cluster) && cluster.entraId.azureRbac && cluster.entraId.deployerRole === "clusterAdmin"
        ? createDeployerAccess(name, { clusterId: managedCluster.id, deployerObjectId: client.objectId, subscriptionId: client.subscriptionId }, parent)
        : undefined;

    const entraId = entraIdEnabled(cluster);
    const login = args.kubelogin ?? { mode: "azurecli" };
    const credentials = containerservice.listManagedClusterUserCredentialsOutput(
        { resourceGroupName, resourceName: managedCluster.name, ...(entraId ? { format: "exec" } : {}) },
        { parent },
    );
    const kubeconfig = pulumi.secret(
        credentials.kubeconfigs.apply((configs) => {
            const first = configs[0];
            if (first === undefined) {
                throw new pulumi.ResourceError(`AKS returned no user kubeconfig for cluster "${cluster.name}"`, parent);
            }
            const text = decodeKubeconfig(first.value);
            return entraId ? toNonInteractiveKubeconfig(text, login) : text;
        }),
    );

    // clusterIdentifier: the provider is replaced only when the cluster is, not whenever the kubeconfig text
    // changes (pulumi/pulumi-kubernetes#2745), so an update of the cluster leaves the workloads alone.
    // The provider waits for the deployer's role to propagate: its first request would otherwise be refused (403).
    const provider = new KubernetesProvider(
        `${name}-k8s`,
        { kubeconfig, clusterIdentifier: managedCluster.id },
        { parent, ...(deployerAccess === undefined ? {} : { dependsOn: [deployerAccess.propagation] }) },
    );

    return {
        resourceGroupName,
        ...(resourceGroup === undefined ? {} : { resourceGroup }),
        identity,
        ...(workspace === undefined ? {} : { workspace }),
        managedCluster,
        maintenanceConfigurations: maintenance,
        nodePools,
        kubeconfig,
        provider,
        ...(network === undefined ? {} : { network }),
        registryAccess,
        ...(deployerAccess === undefined ? {} : { deployerAccess }),
        kubeletObjectId,
        ...(containerInsights === undefined ? {} : { containerInsights }),
    };
}

/**
 * An AKS cluster (`azure-native:containerservice:ManagedCluster`) with its identity, monitoring, maintenance
 * windows and node pools. See https://learn.microsoft.com/azure/aks/what-is-aks
 */
export class AksCluster extends pulumi.ComponentResource {
    /** Name of the managed cluster in Azure. */
    public readonly clusterName: pulumi.Output<string>;
    /** ARM ID of the managed cluster. */
    public readonly clusterId: pulumi.Output<string>;
    /** Resource group holding the cluster. */
    public readonly resourceGroupName: pulumi.Output<string>;
    /** OIDC issuer URL for workload identity federation; empty when the issuer is off. */
    public readonly oidcIssuerUrl: pulumi.Output<string>;
    /** The resource group AKS creates for the nodes (`MC_…` unless named). */
    public readonly nodeResourceGroup: pulumi.Output<string>;
    /** Cluster-user kubeconfig, always secret; on Entra ID clusters its kubelogin login is non-interactive. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** Kubernetes provider for this cluster, keyed on the cluster ID. */
    public readonly provider: KubernetesProvider;
    /** The managed cluster resource. */
    public readonly managedCluster: containerservice.ManagedCluster;
    /** The inline System pool, as plain data. */
    public readonly systemPool: NodePoolSpec;
    /** The other pools, each its own component. */
    public readonly nodePools: AksNodePool[];
    /** What a node pool created outside this component needs to join the cluster. */
    public readonly handle: AksClusterHandle;
    /** Everything {@link createAksCluster} created (network, role assignments, monitoring rule, …). */
    public readonly resources: AksClusterResources;

    /**
     * @param name - Pulumi name; every child's name starts with it, so two clusters in one program do not collide.
     * @throws pulumi.InputPropertiesError when an argument breaks an AKS rule, before anything is registered.
     */
    constructor(name: string, args: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfInvalid(`AksCluster "${name}"`, aksClusterArgumentViolations(args));
        super(AKS_CLUSTER_TYPE, name, {}, opts);
        const created = createAksCluster(name, args, this);
        const mc = created.managedCluster;
        this.managedCluster = mc;
        this.clusterName = mc.name;
        this.clusterId = mc.id;
        this.resourceGroupName = created.resourceGroupName;
        this.oidcIssuerUrl = mc.oidcIssuerProfile.apply((p) => p?.issuerURL ?? "");
        this.nodeResourceGroup = mc.nodeResourceGroup.apply((g) => g ?? "");
        this.kubeconfig = created.kubeconfig;
        this.provider = created.provider;
        this.systemPool = args.cluster.systemPool;
        this.nodePools = created.nodePools;
        this.handle = { resourceGroupName: created.resourceGroupName, clusterName: mc.name, kubernetesVersion: args.cluster.kubernetesVersion };
        this.resources = created;
        this.registerOutputs({
            clusterName: this.clusterName,
            clusterId: this.clusterId,
            oidcIssuerUrl: this.oidcIssuerUrl,
            nodeResourceGroup: this.nodeResourceGroup,
            kubeconfig: this.kubeconfig,
        });
    }

    /** Every pool of the cluster as plain data, the System pool first: what the scheduling model reads. */
    public poolSpecs(): NodePoolSpec[] {
        return [this.systemPool, ...this.nodePools.map((p) => p.spec)];
    }
}

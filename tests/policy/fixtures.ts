/**
 * Happy-path fixtures: resources that every policy of the pack accepts. Each test changes one thing
 * (see `mutate` in ./harness) and asserts the exact message.
 */
const RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers";
export const WORKSPACE = `${RG}/Microsoft.OperationalInsights/workspaces/logs`;
/** The nodes' subnet of the fixture's VNet. */
export const NODE_SUBNET = `${RG}/Microsoft.Network/virtualNetworks/vnet/subnets/snet-nodes`;
/** The API server's subnet (API Server VNet Integration). */
export const API_SERVER_SUBNET = `${RG}/Microsoft.Network/virtualNetworks/vnet/subnets/snet-apiserver`;
export const DISK_ENCRYPTION_SET = `${RG}/Microsoft.Compute/diskEncryptionSets/des-aks`;
export const KEY_VAULT = `${RG}/Microsoft.KeyVault/vaults/kv-aks`;

/** A System pool that passes every pool policy. */
export function systemPoolProfile(): Record<string, unknown> {
    return {
        name: "system",
        mode: "System",
        vmSize: "Standard_D4ds_v5",
        count: 3,
        availabilityZones: ["1", "2", "3"],
        maxPods: 110,
        osType: "Linux",
        osDiskType: "Ephemeral",
        osDiskSizeGB: 128,
        enableEncryptionAtHost: true,
        enableNodePublicIP: false,
        nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"],
        securityProfile: { sshAccess: "Disabled" },
        vnetSubnetID: NODE_SUBNET,
    };
}

/** A User pool that passes every pool policy. */
export function userPoolProfile(): Record<string, unknown> {
    return {
        name: "apps",
        mode: "User",
        vmSize: "Standard_D8ds_v5",
        count: 3,
        availabilityZones: ["1", "2", "3"],
        maxPods: 110,
        osType: "Linux",
        osDiskType: "Ephemeral",
        osDiskSizeGB: 128,
        enableEncryptionAtHost: true,
        securityProfile: { sshAccess: "Disabled" },
        vnetSubnetID: NODE_SUBNET,
    };
}

/** A ManagedCluster (azure-native inputs) that passes every cluster and pool policy. */
export function goodCluster(): Record<string, unknown> {
    return {
        resourceGroupName: "rg",
        dnsPrefix: "aks",
        kubernetesVersion: "1.33",
        enableRBAC: true,
        disableLocalAccounts: true,
        aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: ["00000000-0000-0000-0000-000000000001"] },
        identity: { type: "UserAssigned", userAssignedIdentities: [`${RG}/Microsoft.ManagedIdentity/userAssignedIdentities/aks`] },
        apiServerAccessProfile: { enablePrivateCluster: true, enableVnetIntegration: true, subnetId: API_SERVER_SUBNET, disableRunCommand: true },
        diskEncryptionSetID: DISK_ENCRYPTION_SET,
        networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "cilium", networkDataplane: "cilium" },
        addonProfiles: {
            omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: WORKSPACE } },
            azurepolicy: { enabled: true },
            azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: "true" } },
        },
        securityProfile: {
            workloadIdentity: { enabled: true },
            defender: { securityMonitoring: { enabled: true }, logAnalyticsWorkspaceResourceId: WORKSPACE },
            imageCleaner: { enabled: true, intervalHours: 168 },
            azureKeyVaultKms: { enabled: true, keyId: "https://kv-aks.vault.azure.net/keys/etcd/0123456789abcdef0123456789abcdef", keyVaultNetworkAccess: "Private", keyVaultResourceId: KEY_VAULT },
        },
        oidcIssuerProfile: { enabled: true },
        autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
        sku: { name: "Base", tier: "Standard" },
        agentPoolProfiles: [systemPoolProfile(), userPoolProfile()],
    };
}

/** A separate AgentPool (azure-native inputs) that passes every pool policy. */
export function goodAgentPool(): Record<string, unknown> {
    return {
        resourceGroupName: "rg",
        resourceName: "aks",
        agentPoolName: "gpu",
        mode: "User",
        vmSize: "Standard_NC4as_T4_v3",
        count: 2,
        availabilityZones: ["1", "2", "3"],
        maxPods: 50,
        osType: "Linux",
        osDiskType: "Ephemeral",
        osDiskSizeGB: 128,
        enableEncryptionAtHost: true,
        nodeTaints: ["sku=gpu:NoSchedule"],
        securityProfile: { sshAccess: "Disabled" },
    };
}

/** A pod spec that passes every workload policy (PSS restricted included). */
export function goodPodSpec(app = "web"): Record<string, unknown> {
    return {
        securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: "RuntimeDefault" } },
        automountServiceAccountToken: false,
        priorityClassName: "business-critical",
        containers: [
            {
                name: "app",
                image: "contoso.azurecr.io/web:1.4.2",
                imagePullPolicy: "Always",
                ports: [{ name: "http", containerPort: 8080 }],
                resources: { requests: { cpu: "250m", memory: "256Mi", "ephemeral-storage": "100Mi" }, limits: { cpu: "500m", memory: "256Mi", "ephemeral-storage": "1Gi" } },
                readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
                livenessProbe: { httpGet: { path: "/live", port: 8080 } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
            },
        ],
        volumes: [{ name: "cache", emptyDir: {} }],
        topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app } } },
        ],
    };
}

const POD_LABELS = { app: "web", tier: "frontend" };

/** The recommended labels a controller named `name` carries. */
function recommended(name: string): Record<string, string> {
    return { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": name };
}

/** A Deployment `shop/web` with 3 replicas that passes every workload policy. */
export function goodDeployment(): Record<string, unknown> {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "shop", labels: recommended("web") },
        spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { ...POD_LABELS } }, spec: goodPodSpec() } },
    };
}

/** A StatefulSet `shop/db` with 3 replicas. */
export function goodStatefulSet(): Record<string, unknown> {
    return {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name: "db", namespace: "shop", labels: recommended("db") },
        spec: { replicas: 3, serviceName: "db", selector: { matchLabels: { app: "db" } }, template: { metadata: { labels: { app: "db" } }, spec: goodPodSpec("db") } },
    };
}

/** A DaemonSet `shop/agent`. */
export function goodDaemonSet(): Record<string, unknown> {
    return {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: "agent", namespace: "shop", labels: recommended("agent") },
        spec: { selector: { matchLabels: { app: "agent" } }, template: { metadata: { labels: { app: "agent" } }, spec: goodPodSpec("agent") } },
    };
}

/** A Job `shop/migrate`. */
export function goodJob(): Record<string, unknown> {
    return {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: "migrate", namespace: "shop", labels: recommended("migrate") },
        spec: { ttlSecondsAfterFinished: 3600, template: { metadata: { labels: { app: "migrate" } }, spec: { ...goodPodSpec("migrate"), restartPolicy: "Never" } } },
    };
}

/** A CronJob `shop/report`. */
export function goodCronJob(): Record<string, unknown> {
    return {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: "report", namespace: "shop", labels: recommended("report") },
        spec: { schedule: "0 3 * * *", startingDeadlineSeconds: 600, jobTemplate: { spec: { template: { metadata: { labels: { app: "report" } }, spec: { ...goodPodSpec("report"), restartPolicy: "OnFailure" } } } } },
    };
}

/** A Pod `shop/debug` owned by a ReplicaSet (not bare). */
export function goodPod(): Record<string, unknown> {
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "debug", namespace: "shop", labels: { app: "debug" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "debug-1", uid: "1", controller: true }] },
        spec: goodPodSpec("debug"),
    };
}

/** A PodDisruptionBudget `shop/web` selecting the web pods, allowing one eviction. */
export function goodBudget(): Record<string, unknown> {
    return {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name: "web", namespace: "shop" },
        spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow", selector: { matchLabels: { app: "web" } } },
    };
}

/** A PodDisruptionBudget `shop/db`. */
export function dbBudget(): Record<string, unknown> {
    return {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name: "db", namespace: "shop" },
        spec: { minAvailable: "50%", unhealthyPodEvictionPolicy: "AlwaysAllow", selector: { matchExpressions: [{ key: "app", operator: "In", values: ["db"] }] } },
    };
}

/** An HPA `shop/web` scaling the web Deployment between 2 and 10. */
export function goodAutoscaler(): Record<string, unknown> {
    return {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: { name: "web", namespace: "shop" },
        spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 2, maxReplicas: 10 },
    };
}

/** A ReplicaSet `shop/cache` with 2 replicas. */
export function goodReplicaSet(): Record<string, unknown> {
    return {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: { name: "cache", namespace: "shop", labels: recommended("cache") },
        spec: { replicas: 2, selector: { matchLabels: { app: "cache" } }, template: { metadata: { labels: { app: "cache" } }, spec: goodPodSpec("cache") } },
    };
}

/** A ReplicationController `shop/legacy` with 2 replicas (its selector is a plain label map). */
export function goodReplicationController(): Record<string, unknown> {
    return {
        apiVersion: "v1",
        kind: "ReplicationController",
        metadata: { name: "legacy", namespace: "shop", labels: recommended("legacy") },
        spec: { replicas: 2, selector: { app: "legacy" }, template: { metadata: { labels: { app: "legacy" } }, spec: goodPodSpec("legacy") } },
    };
}

/** The PriorityClass `business-critical` the happy-path pod specs name. */
export function goodPriorityClass(): Record<string, unknown> {
    return { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "business-critical" }, value: 100000 };
}

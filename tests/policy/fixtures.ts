/**
 * Happy-path fixtures: resources that every policy of the pack accepts. Each test changes one thing
 * (see `mutate` in ./harness) and asserts the exact message.
 */
export const WORKSPACE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs";

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
        apiServerAccessProfile: { authorizedIPRanges: ["203.0.113.0/24"] },
        networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "cilium", networkDataplane: "cilium" },
        addonProfiles: {
            omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: WORKSPACE } },
            azurepolicy: { enabled: true },
            azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: "true" } },
        },
        securityProfile: { workloadIdentity: { enabled: true }, defender: { securityMonitoring: { enabled: true }, logAnalyticsWorkspaceResourceId: WORKSPACE } },
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
        maxPods: 50,
        osType: "Linux",
        osDiskType: "Ephemeral",
        osDiskSizeGB: 128,
        enableEncryptionAtHost: true,
        nodeTaints: ["sku=gpu:NoSchedule"],
    };
}

/** A pod spec that passes every workload policy (PSS restricted included). */
export function goodPodSpec(): Record<string, unknown> {
    return {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        containers: [
            {
                name: "app",
                image: "contoso.azurecr.io/web:1.4.2",
                ports: [{ containerPort: 8080 }],
                resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "256Mi" } },
                readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
                livenessProbe: { httpGet: { path: "/live", port: 8080 } },
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            },
        ],
        volumes: [{ name: "cache", emptyDir: {} }],
        topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "web" } } },
        ],
    };
}

const POD_LABELS = { app: "web", tier: "frontend" };

/** A Deployment `shop/web` with 3 replicas that passes every workload policy. */
export function goodDeployment(): Record<string, unknown> {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "shop" },
        spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { ...POD_LABELS } }, spec: goodPodSpec() } },
    };
}

/** A StatefulSet `shop/db` with 3 replicas. */
export function goodStatefulSet(): Record<string, unknown> {
    return {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name: "db", namespace: "shop" },
        spec: { replicas: 3, serviceName: "db", selector: { matchLabels: { app: "db" } }, template: { metadata: { labels: { app: "db" } }, spec: goodPodSpec() } },
    };
}

/** A DaemonSet `shop/agent`. */
export function goodDaemonSet(): Record<string, unknown> {
    return {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: "agent", namespace: "shop" },
        spec: { selector: { matchLabels: { app: "agent" } }, template: { metadata: { labels: { app: "agent" } }, spec: goodPodSpec() } },
    };
}

/** A Job `shop/migrate`. */
export function goodJob(): Record<string, unknown> {
    return {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: "migrate", namespace: "shop" },
        spec: { template: { metadata: { labels: { app: "migrate" } }, spec: { ...goodPodSpec(), restartPolicy: "Never" } } },
    };
}

/** A CronJob `shop/report`. */
export function goodCronJob(): Record<string, unknown> {
    return {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: "report", namespace: "shop" },
        spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: { metadata: { labels: { app: "report" } }, spec: { ...goodPodSpec(), restartPolicy: "OnFailure" } } } } },
    };
}

/** A Pod `shop/debug` owned by a ReplicaSet (not bare). */
export function goodPod(): Record<string, unknown> {
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "debug", namespace: "shop", labels: { app: "debug" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "debug-1", uid: "1" }] },
        spec: goodPodSpec(),
    };
}

/** A PodDisruptionBudget `shop/web` selecting the web pods, allowing one eviction. */
export function goodBudget(): Record<string, unknown> {
    return {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name: "web", namespace: "shop" },
        spec: { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } },
    };
}

/** A PodDisruptionBudget `shop/db`. */
export function dbBudget(): Record<string, unknown> {
    return {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name: "db", namespace: "shop" },
        spec: { minAvailable: "50%", selector: { matchExpressions: [{ key: "app", operator: "In", values: ["db"] }] } },
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

/**
 * The kube-system workloads AKS runs, as Kubernetes objects the engine can place: DaemonSets on every node
 * of the matching OS, and Deployments that prefer the system pool.
 *
 * AKS publishes no table of its add-ons' requests (aks-facts §4.5). Each figure below names its source:
 * a `kubectl describe node` from an Azure/AKS issue, an upstream chart or manifest, or — where nothing is
 * published — an ESTIMATE, chosen on the high side so the model leaves less room rather than more. Each
 * workload is one container carrying the sum of its containers' requests (only the sum matters for fit).
 *
 * Placement rules (DOC-SYS https://learn.microsoft.com/azure/aks/use-system-pools; aks-facts §2a):
 * - AKS DaemonSets tolerate every taint (an `Exists` toleration with no key, as in Azure/azure-container-networking
 *   `cns/azure-cns.yaml`), so they land on spot, GPU and tainted pools too; a required node affinity picks the OS.
 * - Add-on Deployments require Linux, prefer `kubernetes.azure.com/mode=system` and tolerate `CriticalAddonsOnly`.
 * - Priorities are the built-in classes: `system-node-critical` (2000001000) for DaemonSets,
 *   `system-cluster-critical` (2000000000) for Deployments (https://kubernetes.io/docs/tasks/administer-cluster/guaranteed-scheduling-critical-addon-pods/).
 */
import type { V1DaemonSet, V1Deployment, V1PodTemplateSpec, V1Toleration } from "../model/types";
import type { ClusterNodeContext, NodePoolSpec } from "./node-pool-spec";
import { count, mebibytes, millicores } from "./quantities";

/** The namespace of every AKS system workload. */
export const KUBE_SYSTEM = "kube-system";

/** One AKS system component and where its figures come from. */
export interface SystemComponent {
    /** Object name in kube-system. */
    name: string;
    kind: "DaemonSet" | "Deployment";
    /** The node OS it runs on. */
    os: "linux" | "windows";
    /** Replicas, for Deployments. */
    replicas?: number;
    /** CPU request of one pod, in millicores. */
    cpuMillicores: number;
    /** Memory request of one pod, in MiB. */
    memoryMiB: number;
    /** Source of the requests; "ESTIMATE" marks figures AKS does not publish. */
    source: string;
    /** Whether the cluster runs it. */
    runsIn: (cluster: ClusterNodeContext) => boolean;
}

const always = (): boolean => true;
const azureCni = (c: ClusterNodeContext): boolean => c.network.plugin === "azure";
const keyVault = (c: ClusterNodeContext): boolean => c.addons.keyVaultSecretsProvider;
const monitoring = (c: ClusterNodeContext): boolean => c.addons.monitoring;
const azureNpm = (c: ClusterNodeContext): boolean => c.network.policy === "azure";

const ISSUE_1558 = "Azure/AKS#1558 (kubectl describe node)";
const DISK_CHART = "kubernetes-sigs/azuredisk-csi-driver charts/latest values.yaml (3 containers: 10m/20Mi each); 30m/60Mi also seen in azuredisk-csi-driver#662";
const CNM_CHART = "kubernetes-sigs/cloud-provider-azure helm/cloud-provider-azure/values.yaml";
const AMA_CHART = "microsoft/Docker-Provider charts/azuremonitor-containers/values.yaml";
const SSCSI = "ESTIMATE from kubernetes-sigs/secrets-store-csi-driver chart defaults (driver 50m/100Mi + registrar 10m/20Mi + liveness 10m/20Mi)";
const SSCSI_PROVIDER = "ESTIMATE from Azure/secrets-store-csi-driver-provider-azure chart defaults (50m/100Mi)";
const NPM = "Azure/AKS#2792 (250m/300Mi)";
const CNS = "ESTIMATE: CPU not published; memory ~250Mi inferred from Azure/AKS#3525 (cns + npm ≈ 550 MB, npm 300Mi)";

/** Every component the model knows, in a stable order (DaemonSets first). */
export const SYSTEM_COMPONENTS: readonly SystemComponent[] = [
    // DaemonSets, Linux.
    { name: "kube-proxy", kind: "DaemonSet", os: "linux", cpuMillicores: 100, memoryMiB: 64, source: `${ISSUE_1558} for 100m; memory not published, ESTIMATE 64Mi`, runsIn: (c) => c.network.dataplane !== "cilium" },
    { name: "cilium", kind: "DaemonSet", os: "linux", cpuMillicores: 100, memoryMiB: 128, source: "ESTIMATE: AKS publishes no requests for the Cilium agent (Azure CNI powered by Cilium)", runsIn: (c) => c.network.dataplane === "cilium" },
    { name: "azure-cns", kind: "DaemonSet", os: "linux", cpuMillicores: 40, memoryMiB: 250, source: CNS, runsIn: azureCni },
    { name: "azure-ip-masq-agent", kind: "DaemonSet", os: "linux", cpuMillicores: 100, memoryMiB: 50, source: ISSUE_1558, runsIn: (c) => c.network.plugin !== "none" },
    { name: "cloud-node-manager", kind: "DaemonSet", os: "linux", cpuMillicores: 50, memoryMiB: 50, source: CNM_CHART, runsIn: always },
    { name: "csi-azuredisk-node", kind: "DaemonSet", os: "linux", cpuMillicores: 30, memoryMiB: 60, source: DISK_CHART, runsIn: always },
    { name: "csi-azurefile-node", kind: "DaemonSet", os: "linux", cpuMillicores: 30, memoryMiB: 60, source: "ESTIMATE: assumed the same as csi-azuredisk-node", runsIn: always },
    { name: "azure-npm", kind: "DaemonSet", os: "linux", cpuMillicores: 250, memoryMiB: 300, source: NPM, runsIn: azureNpm },
    { name: "calico-node", kind: "DaemonSet", os: "linux", cpuMillicores: 250, memoryMiB: 128, source: "projectcalico calico.yaml manifest (250m); memory not published, ESTIMATE 128Mi", runsIn: (c) => c.network.policy === "calico" },
    { name: "ama-logs", kind: "DaemonSet", os: "linux", cpuMillicores: 150, memoryMiB: 550, source: `${AMA_CHART} (75m/325Mi + prometheus sidecar 75m/225Mi)`, runsIn: monitoring },
    { name: "aks-secrets-store-csi-driver", kind: "DaemonSet", os: "linux", cpuMillicores: 70, memoryMiB: 140, source: SSCSI, runsIn: keyVault },
    { name: "aks-secrets-store-provider-azure", kind: "DaemonSet", os: "linux", cpuMillicores: 50, memoryMiB: 100, source: SSCSI_PROVIDER, runsIn: keyVault },
    // DaemonSets, Windows.
    { name: "azure-cns-win", kind: "DaemonSet", os: "windows", cpuMillicores: 40, memoryMiB: 250, source: CNS, runsIn: azureCni },
    { name: "cloud-node-manager-windows", kind: "DaemonSet", os: "windows", cpuMillicores: 50, memoryMiB: 50, source: CNM_CHART, runsIn: always },
    { name: "csi-azuredisk-node-win", kind: "DaemonSet", os: "windows", cpuMillicores: 30, memoryMiB: 60, source: DISK_CHART, runsIn: always },
    { name: "csi-azurefile-node-win", kind: "DaemonSet", os: "windows", cpuMillicores: 30, memoryMiB: 60, source: "ESTIMATE: assumed the same as csi-azuredisk-node", runsIn: always },
    { name: "azure-npm-win", kind: "DaemonSet", os: "windows", cpuMillicores: 250, memoryMiB: 300, source: `${NPM}, assumed the same on Windows`, runsIn: azureNpm },
    { name: "ama-logs-windows", kind: "DaemonSet", os: "windows", cpuMillicores: 500, memoryMiB: 700, source: AMA_CHART, runsIn: monitoring },
    { name: "aks-secrets-store-csi-driver-windows", kind: "DaemonSet", os: "windows", cpuMillicores: 70, memoryMiB: 140, source: SSCSI, runsIn: keyVault },
    { name: "aks-secrets-store-provider-azure-windows", kind: "DaemonSet", os: "windows", cpuMillicores: 50, memoryMiB: 100, source: SSCSI_PROVIDER, runsIn: keyVault },
    // Deployments on the system pool (Linux).
    { name: "coredns", kind: "Deployment", os: "linux", replicas: 2, cpuMillicores: 100, memoryMiB: 70, source: "kubernetes/kubernetes cluster/addons/dns/coredns manifest (100m/70Mi); AKS values unconfirmed", runsIn: always },
    { name: "coredns-autoscaler", kind: "Deployment", os: "linux", replicas: 1, cpuMillicores: 20, memoryMiB: 10, source: "kubernetes/kubernetes cluster/addons/dns-horizontal-autoscaler manifest (20m/10Mi)", runsIn: always },
    { name: "metrics-server", kind: "Deployment", os: "linux", replicas: 2, cpuMillicores: 150, memoryMiB: 100, source: "AKS doc use-metrics-server-vertical-pod-autoscaler (150m + 0.5m/node, 100Mi + 4Mi/node)", runsIn: always },
    { name: "konnectivity-agent", kind: "Deployment", os: "linux", replicas: 2, cpuMillicores: 50, memoryMiB: 128, source: "ESTIMATE: AKS publishes no requests for konnectivity-agent", runsIn: always },
    { name: "azure-policy", kind: "Deployment", os: "linux", replicas: 1, cpuMillicores: 50, memoryMiB: 128, source: "ESTIMATE: AKS publishes no requests for the Azure Policy add-on", runsIn: (c) => c.addons.azurePolicy },
    { name: "azure-policy-webhook", kind: "Deployment", os: "linux", replicas: 1, cpuMillicores: 50, memoryMiB: 128, source: "ESTIMATE: AKS publishes no requests for the Azure Policy add-on", runsIn: (c) => c.addons.azurePolicy },
    { name: "gatekeeper-controller", kind: "Deployment", os: "linux", replicas: 2, cpuMillicores: 100, memoryMiB: 512, source: "ESTIMATE from open-policy-agent/gatekeeper chart defaults (100m/512Mi)", runsIn: (c) => c.addons.azurePolicy },
    { name: "gatekeeper-audit", kind: "Deployment", os: "linux", replicas: 1, cpuMillicores: 100, memoryMiB: 512, source: "ESTIMATE from open-policy-agent/gatekeeper chart defaults (100m/512Mi)", runsIn: (c) => c.addons.azurePolicy },
    { name: "ama-logs-rs", kind: "Deployment", os: "linux", replicas: 1, cpuMillicores: 150, memoryMiB: 250, source: AMA_CHART, runsIn: monitoring },
    { name: "azure-wi-webhook-controller-manager", kind: "Deployment", os: "linux", replicas: 2, cpuMillicores: 100, memoryMiB: 20, source: "ESTIMATE from Azure/azure-workload-identity chart defaults (100m/20Mi)", runsIn: (c) => c.addons.workloadIdentity },
];

/** Options of {@link kubeSystemWorkloads}. */
export interface KubeSystemOptions {
    /**
     * Nodes in the cluster, for metrics-server's addon-resizer (+0.5m CPU and +4Mi memory per node).
     * Defaults to 0: metrics-server's base requests (150m, 100Mi).
     */
    nodeCount?: number;
}

/** The kube-system workloads of a cluster, ready for the engine. */
export interface KubeSystemWorkloads {
    daemonSets: V1DaemonSet[];
    deployments: V1Deployment[];
}

const TOLERATE_EVERYTHING: V1Toleration[] = [{ operator: "Exists" }];
const TOLERATE_CRITICAL_ADDONS: V1Toleration[] = [{ key: "CriticalAddonsOnly", operator: "Exists" }];
const PRIORITY = {
    DaemonSet: { className: "system-node-critical", value: 2000001000 },
    Deployment: { className: "system-cluster-critical", value: 2000000000 },
} as const;

/** The components that run in `cluster`, in {@link SYSTEM_COMPONENTS} order. */
export function systemComponents(cluster: ClusterNodeContext): SystemComponent[] {
    return SYSTEM_COMPONENTS.filter((c) => c.runsIn(cluster));
}

/**
 * The kube-system DaemonSets and Deployments AKS runs in `cluster` (see the file header for the rules).
 *
 * @param cluster - Network and add-on settings decide which components run.
 * @param options - Cluster size, for metrics-server.
 */
export function kubeSystemWorkloads(cluster: ClusterNodeContext, options: KubeSystemOptions = {}): KubeSystemWorkloads {
    const nodeCount = options.nodeCount ?? 0;
    if (!(Number.isSafeInteger(nodeCount) && nodeCount >= 0)) {
        throw new RangeError(`kubeSystemWorkloads: options.nodeCount must be a whole number ≥ 0, got ${nodeCount}`);
    }
    const daemonSets: V1DaemonSet[] = [];
    const deployments: V1Deployment[] = [];
    for (const component of systemComponents(cluster)) {
        if (component.kind === "DaemonSet") {
            daemonSets.push({
                apiVersion: "apps/v1",
                kind: "DaemonSet",
                metadata: { name: component.name, namespace: KUBE_SYSTEM, labels: { "k8s-app": component.name } },
                spec: { selector: { matchLabels: { "k8s-app": component.name } }, template: podTemplate(component, component.cpuMillicores, component.memoryMiB) },
            });
        } else {
            const scaled = component.name === "metrics-server";
            // metrics-server's addon-resizer: 0.5m per node, rounded up to whole millicores.
            const cpu = scaled ? component.cpuMillicores + Math.ceil(nodeCount / 2) : component.cpuMillicores;
            const memory = scaled ? component.memoryMiB + 4 * nodeCount : component.memoryMiB;
            deployments.push({
                apiVersion: "apps/v1",
                kind: "Deployment",
                metadata: { name: component.name, namespace: KUBE_SYSTEM, labels: { "k8s-app": component.name } },
                spec: { replicas: component.replicas ?? 1, selector: { matchLabels: { "k8s-app": component.name } }, template: podTemplate(component, cpu, memory) },
            });
        }
    }
    return { daemonSets, deployments };
}

/**
 * What the AKS DaemonSets request on one node of `pool`: the sum over the DaemonSets of the pool's OS,
 * as quantity strings `{ cpu: "<n>m", memory: "<n>Mi", pods: "<n>" }` (`pods` = how many DaemonSet pods,
 * i.e. pod slots they take). Every AKS DaemonSet tolerates every taint, so only the OS decides.
 */
export function daemonSetRequestsPerNode(cluster: ClusterNodeContext, pool: NodePoolSpec): Record<string, string> {
    const os = pool.osType === "Windows" ? "windows" : "linux";
    const onNode = systemComponents(cluster).filter((c) => c.kind === "DaemonSet" && c.os === os);
    return {
        cpu: millicores(onNode.reduce((sum, c) => sum + c.cpuMillicores, 0)),
        memory: mebibytes(onNode.reduce((sum, c) => sum + c.memoryMiB, 0)),
        pods: count(onNode.length),
    };
}

function podTemplate(component: SystemComponent, cpuMillicores: number, memoryMiB: number): V1PodTemplateSpec {
    const osRequirement = { key: "kubernetes.io/os", operator: "In", values: [component.os] };
    const daemon = component.kind === "DaemonSet";
    const priority = PRIORITY[component.kind];
    return {
        metadata: { labels: { "k8s-app": component.name } },
        spec: {
            priorityClassName: priority.className,
            priority: priority.value,
            tolerations: (daemon ? TOLERATE_EVERYTHING : TOLERATE_CRITICAL_ADDONS).map((t) => ({ ...t })),
            affinity: {
                nodeAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [osRequirement] }] },
                    ...(daemon
                        ? {}
                        : {
                              preferredDuringSchedulingIgnoredDuringExecution: [
                                  { weight: 100, preference: { matchExpressions: [{ key: "kubernetes.azure.com/mode", operator: "In", values: ["system"] }] } },
                              ],
                          }),
                },
            },
            containers: [
                {
                    name: component.name,
                    resources: { requests: { cpu: millicores(cpuMillicores), memory: mebibytes(memoryMiB) } },
                },
            ],
        },
    };
}

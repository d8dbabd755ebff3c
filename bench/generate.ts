/**
 * The benchmark's reference clusters, generated deterministically from a seed:
 * - pools of assorted catalog VM sizes over zones 1–3 (the first a System pool), a fifth of them dedicated
 *   (label `workload=<pool>`, taint `dedicated=<pool>:NoSchedule`), nodes from the AKS node model;
 * - pods in Deployments of 10–60 replicas: 60% plain, 15% node affinity to a dedicated pool with its
 *   toleration, 15% zone topology spread (maxSkew 1, DoNotSchedule), 10% required hostname anti-affinity;
 * - with `storageShare`, that share of the pods (taken from the plain ones) are StatefulSets of 10–60 replicas
 *   with one 32Gi claim each on a Premium LRS Azure Disk class (WaitForFirstConsumer), with the nodes' CSINodes;
 * - plus the AKS kube-system DaemonSets and Deployments the cluster runs.
 */
import { buildPoolNodes } from "../scheduling/aks/node-model";
import { kubeSystemWorkloads } from "../scheduling/aks/kube-system";
import type { ClusterNodeContext, NodePoolSpec } from "../scheduling/aks/node-pool-spec";
import { findVmSize } from "../scheduling/aks/vm-sizes";
import { poolCsiNodes } from "../scheduling/aks/storage";
import type { StorageInput } from "../scheduling/framework/storage";
import type { V1Deployment, V1Node, V1PodSpec, V1StatefulSet, V1StorageClass } from "../scheduling/model/types";
import { Prng } from "./prng";

/** The size of a reference cluster. */
export interface ReferenceSize {
    pools: number;
    nodesPerPool: number;
    pods: number;
}

/** The XL reference: 100 pools, 5,000 nodes, 150,000 pods. */
export const XL: ReferenceSize = { pools: 100, nodesPerPool: 50, pods: 150_000 };
/** The reduced reference for regression checks: 10 pools, 500 nodes, 15,000 pods. */
export const REDUCED: ReferenceSize = { pools: 10, nodesPerPool: 50, pods: 15_000 };

const VM_SIZES = ["Standard_D8s_v5", "Standard_D16s_v5", "Standard_D8ds_v5", "Standard_D16ds_v5", "Standard_D8as_v5", "Standard_E8s_v5", "Standard_E16s_v5", "Standard_F16s_v2", "Standard_D16s_v3", "Standard_D32s_v5"];

/** The cluster every reference uses. */
export const CLUSTER: ClusterNodeContext = {
    location: "westeurope",
    kubernetesVersion: "1.33",
    network: { plugin: "azure", pluginMode: "overlay", dataplane: "cilium", policy: "cilium" },
    addons: { monitoring: true, azurePolicy: false, keyVaultSecretsProvider: true, workloadIdentity: false },
};

/** One reference scenario. */
export interface Reference {
    pools: NodePoolSpec[];
    nodes: V1Node[];
    workloads: object[];
    /** Workload pods (kube-system pods not counted). */
    podCount: number;
    /** Pools that only plain, resource-only pods target (for the estimator check). */
    dedicatedPools: string[];
    /** The storage class and CSINodes, when the reference has StatefulSets with claims. */
    storage?: StorageInput;
}

/** The class the storage share's claims use: zonal Premium SSD, bound when the pod is scheduled. */
export const BENCH_STORAGE_CLASS: V1StorageClass = {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: "bench-premium-lrs" },
    provisioner: "disk.csi.azure.com",
    parameters: { skuName: "Premium_LRS" },
    volumeBindingMode: "WaitForFirstConsumer",
};

function makePool(index: number, vmSize: string, dedicated: boolean, count: number): NodePoolSpec {
    const name = index === 0 ? "system" : `${dedicated ? "ded" : "gen"}${index}`;
    return {
        name,
        mode: index === 0 ? "System" : "User",
        vmSize,
        capacity: findVmSize(vmSize)!,
        zones: ["1", "2", "3"],
        count,
        maxPods: 110,
        osType: "Linux",
        osSku: "AzureLinux",
        osDiskType: "Managed",
        osDiskSizeGB: 128,
        labels: dedicated ? { workload: name } : {},
        taints: dedicated ? [{ key: "dedicated", value: name, effect: "NoSchedule" }] : [],
        upgrade: { maxSurge: "33%", maxUnavailable: "0", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 },
        gpuDevicePlugin: false,
        enableNodePublicIP: false,
        enableEncryptionAtHost: false,
    };
}

function container(rng: Prng): V1PodSpec["containers"] {
    const cpu = rng.int(2, 30) * 10;
    const memory = rng.int(1, 8) * 64;
    return [{ name: "app", image: "registry.example/app:1", resources: { requests: { cpu: `${cpu}m`, memory: `${memory}Mi` } } }];
}

type Mix = "plain" | "affinity" | "spread" | "anti" | "storage";

function deployment(name: string, namespace: string, replicas: number, mix: Mix, rng: Prng, dedicated: string[]): V1Deployment {
    const labels = { app: name };
    const spec: V1PodSpec = { containers: container(rng) };
    if (mix === "affinity") {
        const pool = rng.pick(dedicated);
        spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "workload", operator: "In", values: [pool] }] }] } } };
        spec.tolerations = [{ key: "dedicated", operator: "Equal", value: pool, effect: "NoSchedule" }];
    } else if (mix === "spread") {
        spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: labels } }];
    } else if (mix === "anti") {
        spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: labels } }] } };
    }
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace },
        spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec } },
    };
}

function statefulSet(name: string, namespace: string, replicas: number, rng: Prng): V1StatefulSet {
    const labels = { app: name };
    return {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name, namespace },
        spec: {
            replicas,
            serviceName: name,
            podManagementPolicy: "Parallel",
            selector: { matchLabels: labels },
            template: { metadata: { labels }, spec: { containers: container(rng) } },
            volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: BENCH_STORAGE_CLASS.metadata!.name, resources: { requests: { storage: "32Gi" } } } }],
        },
    };
}

/**
 * Generates a reference scenario from `seed`.
 * @param size - Pools, nodes per pool and workload pods.
 * @param seed - The PRNG seed. Defaults to 42.
 * @param withSystem - Whether to add the kube-system DaemonSets and Deployments. Defaults to true.
 * @param storageShare - The share of pods in StatefulSets with claims (taken from the plain share). Defaults to 0.
 */
export function generateReference(size: ReferenceSize, seed = 42, withSystem = true, storageShare = 0): Reference {
    const rng = new Prng(seed);
    const pools: NodePoolSpec[] = [];
    for (let i = 0; i < size.pools; i++) pools.push(makePool(i, rng.pick(VM_SIZES), i > 0 && i % 5 === 0, size.nodesPerPool));
    const nodes = pools.flatMap((pool) => buildPoolNodes(pool, CLUSTER, { count: size.nodesPerPool }));
    const dedicated = pools.filter((p) => p.taints.length > 0).map((p) => p.name);
    const system = kubeSystemWorkloads(CLUSTER, { nodeCount: nodes.length });
    const workloads: object[] = withSystem ? [...system.daemonSets, ...system.deployments] : [];
    const shares: [Mix, number][] = [
        ["plain", 0.6 - storageShare],
        ["affinity", 0.15],
        ["spread", 0.15],
        ["anti", 0.1],
        ...(storageShare > 0 ? [["storage", storageShare] as [Mix, number]] : []),
    ];
    let podCount = 0;
    let index = 0;
    for (const [mix, share] of shares) {
        let left = Math.round(size.pods * share);
        while (left > 0) {
            const replicas = Math.min(left, rng.int(10, 60));
            const name = `${mix}-${index}`;
            const namespace = `team-${index % 20}`;
            workloads.push(mix === "storage" ? statefulSet(name, namespace, replicas, rng) : deployment(name, namespace, replicas, mix, rng, dedicated));
            left -= replicas;
            podCount += replicas;
            index++;
        }
    }
    // Interleave the mixes as a real stack's manifests would be, deterministically.
    const system_ = withSystem ? workloads.splice(0, system.daemonSets.length + system.deployments.length) : [];
    const shuffled = workloads.map((w) => ({ w, k: rng.next() })).sort((a, b) => a.k - b.k).map((e) => e.w);
    const storage = storageShare > 0 ? { storageClasses: [BENCH_STORAGE_CLASS], csiNodes: pools.flatMap((pool) => poolCsiNodes(pool, nodes.filter((n) => n.metadata!.labels!["kubernetes.azure.com/agentpool"] === pool.name))) } : undefined;
    return { pools, nodes, workloads: [...system_, ...shuffled], podCount, dedicatedPools: dedicated, ...(storage === undefined ? {} : { storage }) };
}

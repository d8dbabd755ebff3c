/**
 * The labels and taints AKS puts on the nodes of a pool, and the checks AKS (and the kubelet) apply to a
 * pool's own `nodeLabels` and `nodeTaints`.
 *
 * Sources (keys of /work/shared/reference/aks-facts.md §0, §2a):
 * - DOC-LBL: https://learn.microsoft.com/azure/aks/use-labels (reserved labels and prefixes).
 * - DOC-SPOT: https://learn.microsoft.com/azure/aks/spot-node-pool (spot label and taint).
 * - DOC-GPU: https://learn.microsoft.com/azure/aks/use-nvidia-gpu (`accelerator=nvidia`).
 * - kubernetes-sigs/azuredisk-csi-driver `deploy/example/topology/README.md` (`topology.disk.csi.azure.com/zone`).
 * - Azure/AgentBaker#264 (`storageprofile=managed|ephemeral`); KARP `pkg/apis/v1beta1/labels.go` (legacy
 *   `agentpool` label, lowercase mode); zone format: https://kubernetes-sigs.github.io/cloud-provider-azure/topics/availability-zones/
 * - kubelet's own labels: kubernetes/kubernetes `pkg/kubelet/kubelet_node_status.go` (v1.33); the kubelet refuses
 *   `--node-labels` in the kubernetes.io / k8s.io namespaces outside its allow-list
 *   (`staging/src/k8s.io/kubelet/pkg/apis/well_known_labels.go`, `IsKubeletLabel`).
 */
import { InvalidObjectError } from "../model/errors";
import type { V1Taint } from "../model/types";
import { labelKeyPrefix, labelKeyProblem, labelValueProblem } from "../model/label-syntax";
import type { ClusterNodeContext, NodePoolSpec, OsSku, Taint, TaintEffect } from "./node-pool-spec";

/**
 * Cluster facts that name nodes, beyond {@link ClusterNodeContext}. Both are optional so a bare
 * `ClusterNodeContext` works; a `ClusterSpec` spread with the location (`{ ...cluster, location }`) fills `name`.
 */
export interface ClusterNaming {
    /**
     * Cluster name (`resourceName`). Seeds the 8-digit number in every hostname of the cluster.
     * Defaults to none: the number is then derived from the location alone.
     */
    name?: string;
    /**
     * The node resource group, the value of `kubernetes.azure.com/cluster`
     * (AKS default `MC_<resourceGroup>_<cluster>_<location>`, https://learn.microsoft.com/azure/aks/faq).
     * Defaults to none: the label is then not set, as its value is unknown.
     */
    nodeResourceGroup?: string;
}

/** The cluster as the node model reads it. */
export type NodeModelCluster = ClusterNodeContext & ClusterNaming;

/** Where one node of a pool sits. */
export interface NodePlacement {
    /** The VMSS instance number (0, 1, 2, …), the last part of the hostname in base 36. */
    index: number;
    /** Availability zone ("1"–"3") for zonal pools; undefined for regional pools. */
    zone?: string;
}

/** Label domains AKS reserves for itself (DOC-LBL): a pool's own labels may not use them. */
export const AKS_RESERVED_LABEL_PREFIXES: readonly string[] = ["kubernetes.azure.com", "kubernetes.io"];

/** Sub-domains of kubernetes.io / k8s.io the kubelet accepts in `--node-labels` (`IsKubeletLabel`). */
const KUBELET_ALLOWED_NAMESPACES: readonly string[] = ["node.kubernetes.io", "kubelet.kubernetes.io"];

/** Every label key the node model sets besides the pool's own (a pool's label may not reuse one). */
export const AKS_NODE_LABEL_KEYS: readonly string[] = [
    "kubernetes.azure.com/agentpool",
    "agentpool",
    "kubernetes.azure.com/mode",
    "kubernetes.azure.com/role",
    "kubernetes.azure.com/managedby",
    "kubernetes.azure.com/nodepool-type",
    "kubernetes.azure.com/os-sku",
    "kubernetes.azure.com/os-sku-requested",
    "kubernetes.azure.com/sku-cpu",
    "kubernetes.azure.com/priority",
    "kubernetes.azure.com/scalesetpriority",
    "kubernetes.azure.com/storageprofile",
    "storageprofile",
    "kubernetes.azure.com/accelerator",
    "accelerator",
    "kubernetes.azure.com/cluster",
    "kubernetes.io/os",
    "beta.kubernetes.io/os",
    "kubernetes.io/arch",
    "beta.kubernetes.io/arch",
    "kubernetes.io/hostname",
    "node.kubernetes.io/instance-type",
    "beta.kubernetes.io/instance-type",
    "node.kubernetes.io/windows-build",
    "topology.kubernetes.io/region",
    "failure-domain.beta.kubernetes.io/region",
    "topology.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/zone",
    "topology.disk.csi.azure.com/zone",
];

/** The taint AKS puts on spot nodes (DOC-SPOT). */
export const SPOT_TAINT: Readonly<Taint> = { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" };

const TAINT_EFFECTS: readonly TaintEffect[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** One problem in a pool's labels or taints: the field path inside the pool and what is wrong. */
export interface PoolMetadataViolation {
    /** E.g. `labels["kubernetes.io/role"]` or `taints[1].effect`. */
    field: string;
    message: string;
}

/**
 * Every problem in a pool's declared labels and taints: invalid syntax, reserved prefixes
 * (`kubernetes.azure.com/`, `kubernetes.io/`, which AKS rejects), kubernetes.io / k8s.io sub-domains the
 * kubelet refuses, keys AKS sets itself, and duplicate taints (same key and effect).
 */
export function poolMetadataViolations(pool: NodePoolSpec): PoolMetadataViolation[] {
    const violations: PoolMetadataViolation[] = [];
    for (const [key, value] of Object.entries(pool.labels)) {
        const field = `labels[${JSON.stringify(key)}]`;
        const keyProblem = labelKeyProblem(key);
        if (keyProblem !== undefined) violations.push({ field, message: keyProblem });
        const prefix = labelKeyPrefix(key);
        if (prefix !== undefined && AKS_RESERVED_LABEL_PREFIXES.includes(prefix)) {
            violations.push({
                field,
                message: `the prefix "${prefix}/" is reserved by AKS (reserved: ${AKS_RESERVED_LABEL_PREFIXES.map((p) => `"${p}/"`).join(", ")}); use your own domain, e.g. "example.com/${key.slice(prefix.length + 1)}"`,
            });
        } else if (prefix !== undefined && isKubernetesNamespace(prefix) && !KUBELET_ALLOWED_NAMESPACES.includes(prefix)) {
            violations.push({
                field,
                message: `the kubelet refuses node labels under "${prefix}/" (only ${KUBELET_ALLOWED_NAMESPACES.map((p) => `"${p}/"`).join(", ")} are allowed in the kubernetes.io and k8s.io namespaces)`,
            });
        } else if (AKS_NODE_LABEL_KEYS.includes(key)) {
            violations.push({ field, message: `AKS sets the label "${key}" itself; choose another key` });
        }
        const valueProblem = labelValueProblem(value);
        if (valueProblem !== undefined) violations.push({ field, message: valueProblem });
    }
    const seen = new Map<string, number>();
    pool.taints.forEach((taint, i) => {
        const field = `taints[${i}]`;
        const keyProblem = labelKeyProblem(taint.key, "taint key");
        if (keyProblem !== undefined) violations.push({ field: `${field}.key`, message: keyProblem });
        if (taint.value !== undefined) {
            const valueProblem = labelValueProblem(taint.value, "taint value");
            if (valueProblem !== undefined) violations.push({ field: `${field}.value`, message: valueProblem });
        }
        if (!TAINT_EFFECTS.includes(taint.effect)) {
            violations.push({ field: `${field}.effect`, message: `${JSON.stringify(taint.effect)} is not a taint effect; expected one of ${TAINT_EFFECTS.join(", ")}` });
        }
        const identity = `${taint.key}:${taint.effect}`;
        const first = seen.get(identity);
        if (first !== undefined) {
            violations.push({ field, message: `duplicates taints[${first}] (same key "${taint.key}" and effect ${taint.effect})` });
        } else {
            seen.set(identity, i);
        }
    });
    return violations;
}

/**
 * Throws on the first problem {@link poolMetadataViolations} finds, naming the pool and the key.
 *
 * @throws InvalidObjectError `NodePool/<name>: labels["<key>"]: <what is wrong and what would be valid>`.
 */
export function assertValidPoolMetadata(pool: NodePoolSpec): void {
    const [first] = poolMetadataViolations(pool);
    if (first !== undefined) throw new InvalidObjectError(`NodePool/${pool.name}`, first.field, first.message);
}

/**
 * All labels of one node of `pool`: AKS's and the kubelet's, then the pool's own.
 *
 * @throws InvalidObjectError when the pool's labels or taints are invalid (see {@link poolMetadataViolations}).
 */
export function nodeLabels(pool: NodePoolSpec, cluster: NodeModelCluster, placement: NodePlacement): Record<string, string> {
    assertValidPoolMetadata(pool);
    return { ...aksLabels(pool, cluster, placement), ...pool.labels };
}

/**
 * The taints of every node of `pool`: the declared taints, plus the spot taint on spot pools when the
 * spec lacks it (AKS adds it, DOC-SPOT), in Kubernetes' shape (no `value` key for value-less taints).
 *
 * @throws InvalidObjectError when the pool's labels or taints are invalid.
 */
export function nodeTaints(pool: NodePoolSpec): V1Taint[] {
    assertValidPoolMetadata(pool);
    const taints: Taint[] = [...pool.taints];
    if (pool.spot !== undefined && !taints.some((t) => t.key === SPOT_TAINT.key && t.effect === SPOT_TAINT.effect)) {
        taints.push(SPOT_TAINT);
    }
    return taints.map((t) => (t.value === undefined ? { key: t.key, effect: t.effect } : { key: t.key, value: t.value, effect: t.effect }));
}

/**
 * The hostname (and Node name) AKS gives a VMSS node: `aks-<pool>-<8 digits>-vmss<6 base-36 chars>`, e.g.
 * `aks-nodepool1-28993262-vmss000000`. The digits are one number per cluster (pools of one cluster share
 * it, as observed on AKS nodes); here they are an FNV-1a hash of the cluster name and location, so the
 * same inputs always give the same names. The suffix is the VMSS instance number in base 36.
 */
export function nodeHostname(pool: NodePoolSpec, cluster: NodeModelCluster, index: number): string {
    if (!Number.isSafeInteger(index) || index < 0 || index >= 36 ** 6) {
        throw new InvalidObjectError(`NodePool/${pool.name}`, "count", `node index ${index} is outside 0–${36 ** 6 - 1}`);
    }
    const digits = String(fnv1a32(`${cluster.name ?? ""}|${regionName(cluster.location)}`) % 100_000_000).padStart(8, "0");
    return `aks-${pool.name}-${digits}-vmss${index.toString(36).padStart(6, "0")}`;
}

/** The region as node labels spell it: lowercase, no spaces (`"West Europe"` → `"westeurope"`). */
export function regionName(location: string): string {
    return location.toLowerCase().replace(/\s+/g, "");
}

/**
 * `topology.kubernetes.io/zone`: `<region>-<zone>` for zonal nodes, the fault domain `"0"` for regional ones
 * (fault domains of regional pools are not modelled: every regional node reads "0").
 */
export function zoneLabel(location: string, zone: string | undefined): string {
    return zone === undefined ? "0" : `${regionName(location)}-${zone}`;
}

/** The OS SKU family AKS writes in `kubernetes.azure.com/os-sku` (versioned SKUs keep their family name). */
function osSkuLabel(sku: OsSku): string {
    switch (sku) {
        case "Ubuntu":
        case "Ubuntu2204":
        case "Ubuntu2404":
            return "Ubuntu";
        case "AzureLinux":
        case "AzureLinux3":
            return "AzureLinux";
        case "Windows2019":
        case "Windows2022":
            return sku;
    }
}

/** `node.kubernetes.io/windows-build` per Windows SKU (Azure/AKS#1461: 10.0.17763 on Windows Server 2019). */
const WINDOWS_BUILD: Partial<Record<OsSku, string>> = { Windows2019: "10.0.17763", Windows2022: "10.0.20348" };

function aksLabels(pool: NodePoolSpec, cluster: NodeModelCluster, placement: NodePlacement): Record<string, string> {
    const os = pool.osType === "Windows" ? "windows" : "linux";
    const arch = pool.capacity.architecture;
    const region = regionName(cluster.location);
    const zone = zoneLabel(cluster.location, placement.zone);
    const spot = pool.spot !== undefined;
    const storage = pool.osDiskType === "Ephemeral" ? "ephemeral" : "managed";
    const labels: Record<string, string> = {
        "kubernetes.azure.com/agentpool": pool.name,
        agentpool: pool.name,
        "kubernetes.azure.com/mode": pool.mode === "System" ? "system" : "user",
        "kubernetes.azure.com/role": "agent",
        "kubernetes.azure.com/managedby": "aks",
        "kubernetes.azure.com/nodepool-type": "VirtualMachineScaleSets",
        "kubernetes.azure.com/os-sku": osSkuLabel(pool.osSku),
        "kubernetes.azure.com/os-sku-requested": pool.osSku,
        "kubernetes.azure.com/sku-cpu": String(pool.capacity.vcpus),
        "kubernetes.azure.com/priority": spot ? "spot" : "regular",
        "kubernetes.azure.com/storageprofile": storage,
        storageprofile: storage,
        "kubernetes.io/os": os,
        "beta.kubernetes.io/os": os,
        "kubernetes.io/arch": arch,
        "beta.kubernetes.io/arch": arch,
        "kubernetes.io/hostname": nodeHostname(pool, cluster, placement.index),
        "node.kubernetes.io/instance-type": pool.vmSize,
        "beta.kubernetes.io/instance-type": pool.vmSize,
        "topology.kubernetes.io/region": region,
        "failure-domain.beta.kubernetes.io/region": region,
        "topology.kubernetes.io/zone": zone,
        "failure-domain.beta.kubernetes.io/zone": zone,
        // The Azure Disk CSI driver's topology key, which the kubelet copies onto the node when the driver registers:
        // `<region>-<zone>`, empty on regional nodes (kubernetes-sigs/azuredisk-csi-driver
        // `deploy/example/topology/README.md`). Provisioned LRS disks are pinned to it.
        "topology.disk.csi.azure.com/zone": placement.zone === undefined ? "" : zone,
    };
    if (cluster.nodeResourceGroup !== undefined) labels["kubernetes.azure.com/cluster"] = cluster.nodeResourceGroup;
    if (spot) labels["kubernetes.azure.com/scalesetpriority"] = "spot";
    if (pool.capacity.gpu !== undefined && pool.capacity.gpu.count > 0) {
        labels["kubernetes.azure.com/accelerator"] = "nvidia";
        labels.accelerator = "nvidia";
    }
    const windowsBuild = WINDOWS_BUILD[pool.osSku];
    if (windowsBuild !== undefined) labels["node.kubernetes.io/windows-build"] = windowsBuild;
    return labels;
}

function isKubernetesNamespace(prefix: string): boolean {
    return prefix === "k8s.io" || prefix.endsWith(".k8s.io") || prefix.endsWith(".kubernetes.io");
}

/** 32-bit FNV-1a over UTF-16 code units: a small, stable, well-spread hash (no randomness). */
function fnv1a32(text: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
}

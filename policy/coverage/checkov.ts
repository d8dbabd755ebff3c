/** Checkov's AKS checks (counted) and the Kubernetes checks some policy claims (listed). */
import { rows, type PeerCheck } from "./catalog";

const TF = "checkov/terraform/checks/resource/azure";
const ARM = "checkov/arm/checks/resource";
const K8S = "checkov/kubernetes/checks/resource/k8s";

export const CHECKOV_CHECKS: readonly PeerCheck[] = [
    ...rows("checkov", true, [
        ["CKV_AZURE_4", "Ensure AKS logging to Azure Monitoring is Configured", `${ARM}/AKSLoggingEnabled.py, ${TF}/AKSLoggingEnabled.py`],
        ["CKV_AZURE_5", "Ensure RBAC is enabled on AKS clusters", `${ARM}/AKSRbacEnabled.py, ${TF}/AKSRbacEnabled.py`],
        ["CKV_AZURE_6", "Ensure AKS has an API Server Authorized IP Ranges enabled", `${TF}/AKSApiServerAuthorizedIpRanges.py, ${ARM}/AKSApiServerAuthorizedIpRanges.py`],
        ["CKV_AZURE_7", "Ensure AKS cluster has Network Policy configured", `${ARM}/AKSNetworkPolicy.py, ${TF}/AKSNetworkPolicy.py`],
        ["CKV_AZURE_8", "Ensure Kubernetes Dashboard is disabled", `${TF}/AKSDashboardDisabled.py, ${ARM}/AKSDashboardDisabled.py`],
        ["CKV_AZURE_115", "Ensure that AKS enables private clusters", `${TF}/AKSEnablesPrivateClusters.py`],
        ["CKV_AZURE_116", "Ensure that AKS uses Azure Policies Add-on", `${TF}/AKSUsesAzurePoliciesAddon.py`],
        ["CKV_AZURE_117", "Ensure that AKS uses disk encryption set", `${TF}/AKSUsesDiskEncryptionSet.py`],
        ["CKV_AZURE_141", "Ensure AKS local admin account is disabled", `${ARM}/AKSLocalAdminDisabled.py, ${TF}/AKSLocalAdminDisabled.py`],
        ["CKV_AZURE_143", "Ensure AKS cluster nodes do not have public IP addresses", `${TF}/AKSNodePublicIpDisabled.py`],
        ["CKV_AZURE_168", "Ensure Azure Kubernetes Cluster (AKS) nodes should use a minimum number of 50 pods", `${ARM}/AKSMaxPodsMinimum.py, ${TF}/AKSMaxPodsMinimum.py`],
        ["CKV_AZURE_169", "Ensure Azure Kubernetes Cluster (AKS) nodes use scale sets", `${ARM}/AKSPoolTypeIsScaleSet.py, ${TF}/AKSPoolTypeIsScaleSet.py`],
        ["CKV_AZURE_170", "Ensure that AKS use the Paid Sku for its SLA", `${TF}/AKSIsPaidSku.py`],
        ["CKV_AZURE_171", "Ensure AKS cluster upgrade channel is chosen", `${ARM}/AKSUpgradeChannel.py, ${TF}/AKSUpgradeChannel.py`],
        ["CKV_AZURE_172", "Ensure autorotation of Secrets Store CSI Driver secrets for AKS clusters", `${ARM}/AkSSecretStoreRotation.py, ${TF}/AKSSecretStoreRotation.py`],
        ["CKV_AZURE_226", "Ensure ephemeral disks are used for OS disks", `${ARM}/AKSEphemeralOSDisks.py, ${TF}/AKSEphemeralOSDisks.py`],
        ["CKV_AZURE_227", "Ensure that the AKS cluster encrypt temp disks, caches, and data flows", `${ARM}/AKSEncryptionAtHostEnabled.py, ${TF}/AKSEncryptionAtHostEnabled.py`],
        ["CKV_AZURE_232", "Ensure that only critical system pods run on system nodes", `${TF}/AKSOnlyCriticalPodsOnSystemNodes.py`],
        ["CKV_AZURE_246", "Ensure Azure AKS cluster HTTP application routing is disabled", `${TF}/KubernetesClusterHTTPApplicationRouting.py`],
        ["CKV2_AZURE_29", "Ensure AKS cluster has Azure CNI networking enabled", "checkov/terraform/checks/graph_checks/azure/AzureAKSclusterAzureCNIEnabled.yaml"],
        [
            "CKV_AZURE_85",
            "Ensure that Azure Defender is set to On for Kubernetes",
            `${TF}/AzureDefenderOnKubernetes.py`,
            "reads the subscription's Defender plan (azurerm_security_center_subscription_pricing / Microsoft.Security/pricings), a subscription setting no AKS stack declares; the cluster's own Defender profile is AKS-011's",
        ],
    ]),
    ...rows("checkov", false, [
        ["CKV_K8S_8", "Liveness Probe Should be Configured", `${K8S}/LivenessProbe.py`],
        ["CKV_K8S_9", "Readiness Probe Should be Configured", `${K8S}/ReadinessProbe.py`],
        ["CKV_K8S_10", "CPU requests should be set", `${K8S}/CPURequests.py`],
        ["CKV_K8S_11", "CPU limits should be set", `${K8S}/CPULimits.py`],
        ["CKV_K8S_12", "Memory requests should be set", `${K8S}/MemoryRequests.py`],
        ["CKV_K8S_13", "Memory limits should be set", `${K8S}/MemoryLimits.py`],
        ["CKV_K8S_14", "Image Tag should be fixed - not latest or blank", `${K8S}/ImageTagFixed.py`],
        ["CKV_K8S_15", "Image Pull Policy should be Always", `${K8S}/ImagePullPolicyAlways.py`],
        ["CKV_K8S_16", "Container should not be privileged", `${K8S}/PrivilegedContainers.py`],
        ["CKV_K8S_17", "Containers should not share the host process ID namespace", `${K8S}/ShareHostPID.py`],
        ["CKV_K8S_18", "Containers should not share the host IPC namespace", `${K8S}/ShareHostIPC.py`],
        ["CKV_K8S_19", "Containers should not share the host network namespace", `${K8S}/SharedHostNetworkNamespace.py`],
        ["CKV_K8S_20", "Containers should not run with allowPrivilegeEscalation", `${K8S}/AllowPrivilegeEscalation.py`],
        ["CKV_K8S_22", "Use read-only filesystem for containers where possible", `${K8S}/ReadOnlyFilesystem.py`],
        ["CKV_K8S_23", "Minimize the admission of root containers", `${K8S}/RootContainers.py`],
        ["CKV_K8S_25", "Minimize the admission of containers with added capability", `${K8S}/AllowedCapabilities.py`],
        ["CKV_K8S_26", "Do not specify hostPort unless absolutely necessary", `${K8S}/HostPort.py`],
        ["CKV_K8S_27", "Do not expose the docker daemon socket to containers", `${K8S}/DockerSocketVolume.py`],
        ["CKV_K8S_28", "Minimize the admission of containers with the NET_RAW capability", `${K8S}/DropCapabilities.py`],
        ["CKV_K8S_31", "Ensure that the seccomp profile is set to docker/default or runtime/default", `${K8S}/Seccomp.py`],
        ["CKV_K8S_37", "Minimize the admission of containers with capabilities assigned", `${K8S}/MinimizeCapabilities.py`],
        ["CKV_K8S_38", "Ensure that Service Account Tokens are only mounted where necessary", `${K8S}/ServiceAccountTokens.py`],
        ["CKV_K8S_39", "Do not use the CAP_SYS_ADMIN linux capability", `${K8S}/AllowedCapabilitiesSysAdmin.py`],
        ["CKV_K8S_40", "Containers should run as a high UID to avoid host conflict", `${K8S}/RootContainersHighUID.py`],
    ]),
];

/**
 * Azure Policy's built-in definitions on `Microsoft.ContainerService/managedClusters` (counted: the cluster-level
 * ones, audits and their DeployIfNotExists twins) and the in-cluster Kubernetes definitions some policy claims
 * (listed). Files under `built-in-policies/policyDefinitions/`.
 */
import { rows, type PeerCheck } from "./catalog";

const K = "built-in-policies/policyDefinitions/Kubernetes";
const SC = "built-in-policies/policyDefinitions/Security Center";
const BK = "built-in-policies/policyDefinitions/Backup";

const DINE = (audit: string) => `a DeployIfNotExists twin that changes the cluster after deployment; the condition it remediates is ${audit}'s, which the pack checks before deployment`;
const FLUX = "configures a Flux (GitOps) extension and configuration; this platform deploys its workloads with Pulumi, not Flux";
const BACKUP = "(preview) backs up persistent volumes through the Azure Backup extension and a Backup vault, outside the cluster's own configuration; the sample estate keeps no state in persistent volumes";

export const AZURE_POLICY_CHECKS: readonly PeerCheck[] = [
    ...rows("azurePolicy", true, [
        ["AKS_AAD_Integration_Audit", "Azure Kubernetes Service Clusters should enable Microsoft Entra ID integration", `${K}/AKS_AAD_Integration_Audit.json`],
        ["AKS_AAD_AdminGroup_DINE", "Configure Microsoft Entra ID integrated AKS Clusters with required Admin Group Access", `${K}/AKS_AAD_AdminGroup_DINE.json`, DINE("AKS_AAD_Integration_Audit")],
        ["AKS_Autojoin_Fleet_Manager_DINE", "Configure AKS clusters to automatically join the specified Azure Kubernetes Fleet Manager", `${K}/AKS_Autojoin_Fleet_Manager_DINE.json`, DINE("AKS_Detect_Non_Fleet_Manager_Member_Audit")],
        ["AKS_Autoupgrade_Cluster_Audit", "Azure Kubernetes Service Clusters should enable cluster auto-upgrade", `${K}/AKS_Autoupgrade_Cluster_Audit.json`],
        ["AKS_Autoupgrade_NodeOS_Audit", "Azure Kubernetes Service Clusters should enable node os auto-upgrade", `${K}/AKS_Autoupgrade_NodeOS_Audit.json`],
        ["AKS_Autoupgrade_NodeOS_DINE", "Configure Node OS Auto upgrade on Azure Kubernetes Cluster", `${K}/AKS_Autoupgrade_NodeOS_DINE.json`, DINE("AKS_Autoupgrade_NodeOS_Audit")],
        ["AKS_AzurePolicyAddOn_Audit", "Azure Policy Add-on for Kubernetes service (AKS) should be installed and enabled on your clusters", `${K}/AKS_AzurePolicyAddOn_Audit.json`],
        ["AKS_AzurePolicyAddOn_DINE", "Deploy Azure Policy Add-on to Azure Kubernetes Service clusters", `${K}/AKS_AzurePolicyAddOn_DINE.json`, DINE("AKS_AzurePolicyAddOn_Audit")],
        ["AKS_CMK_Deny", "Both operating systems and data disks in AKS clusters should be encrypted by customer-managed keys", `${K}/AKS_CMK_Deny.json`],
        ["AKS_CSI", "Azure Kubernetes Clusters should enable Container Storage Interface(CSI)", `${K}/AKS_CSI.json`],
        ["AKS_Detect_Non_Fleet_Manager_Member_Audit", "Azure Kubernetes Service clusters should be a member of an Azure Kubernetes Fleet Manager", `${K}/AKS_Detect_Non_Fleet_Manager_Member_Audit.json`],
        ["AKS_DisableLocalAccounts_Deny", "Azure Kubernetes Service Clusters should have local authentication methods disabled", `${K}/AKS_DisableLocalAccounts_Deny.json`],
        ["AKS_DisableRunCommand_Audit", "Azure Kubernetes Service Clusters should disable Command Invoke", `${K}/AKS_DisableRunCommand_Audit.json`],
        ["AKS_DisableRunCommand_DINE", "Disable Command Invoke on Azure Kubernetes Service clusters", `${K}/AKS_DisableRunCommand_DINE.json`, DINE("AKS_DisableRunCommand_Audit")],
        ["AKS_DisableSSH_Audit", "Azure Kubernetes Clusters should disable SSH", `${K}/AKS_DisableSSH_Audit.json`],
        ["AKS_EnableCNI", "Azure Kubernetes Clusters should use Azure CNI", `${K}/AKS_EnableCNI.json`],
        ["AKS_EnableKMS", "Azure Kubernetes Clusters should enable Key Management Service (KMS)", `${K}/AKS_EnableKMS.json`],
        ["AKS_EncryptionAtHost_Deny", "Temp disks and cache for agent node pools in AKS clusters should be encrypted at host", `${K}/AKS_EncryptionAtHost_Deny.json`],
        ["AKS_ImageCleaner_Audit", "Azure Kubernetes Service Clusters should enable Image Cleaner", `${K}/AKS_ImageCleaner_Audit.json`],
        ["AKS_ImageCleaner_DINE", "Deploy Image Cleaner on Azure Kubernetes Service", `${K}/AKS_ImageCleaner_DINE.json`, DINE("AKS_ImageCleaner_Audit")],
        [
            "AKS_ImageIntegrity_DINE",
            "[Preview]: Deploy Image Integrity on Azure Kubernetes Service",
            `${K}/AKS_ImageIntegrity_DINE.json`,
            "(preview) installs the Image Integrity (Ratify) add-on that verifies image signatures in the cluster; signatures are made in the image pipeline, which a Pulumi preview cannot see, and the preview's side (images only from the stack's registries) is WL-004's",
        ],
        ["AKS_MSI_Audit", "Azure Kubernetes Service Clusters should use managed identities", `${K}/AKS_MSI_Audit.json`],
        ["AKS_Maintenance_DINE", "Deploy Planned Maintenance to schedule and control upgrades for your AKS cluster", `${K}/AKS_Maintenance_DINE.json`],
        ["AKS_PrivateCluster_Deny", "Azure Kubernetes Service Private Clusters should be enabled", `${K}/AKS_PrivateCluster_Deny.json`],
        ["AKS_WorkloadIdentity_Audit", "Azure Kubernetes Service Clusters should enable workload identity", `${K}/AKS_WorkloadIdentity_Audit.json`],
        ["ASC_Azure_Defender_AKS_SecurityProfile_Audit", "Azure Kubernetes Service clusters should have Defender profile enabled", `${K}/ASC_Azure_Defender_AKS_SecurityProfile_Audit.json`],
        ["ASC_Azure_Defender_AKS_SecurityProfile_DINE", "Configure Azure Kubernetes Service clusters to enable Defender profile", `${K}/ASC_Azure_Defender_AKS_SecurityProfile_DINE.json`, DINE("ASC_Azure_Defender_AKS_SecurityProfile_Audit")],
        ["AuditDiagnosticLog_Audit", "Resource logs in Azure Kubernetes Service should be enabled", `${K}/AuditDiagnosticLog_Audit.json`],
        ["DataConnectorsAzureKubernetes_DINE", "Deploy - Configure diagnostic settings for Azure Kubernetes Service to Log Analytics workspace", `${K}/DataConnectorsAzureKubernetes_DINE.json`, DINE("AuditDiagnosticLog_Audit")],
        ["ASC_EnableIpRanges_KubernetesService_Audit", "Authorized IP ranges should be defined on Kubernetes Services", `${SC}/ASC_EnableIpRanges_KubernetesService_Audit.json`],
        ["ASC_EnableRBAC_KubernetesService_Audit", "Role-Based Access Control (RBAC) should be used on Kubernetes Services", `${SC}/ASC_EnableRBAC_KubernetesService_Audit.json`],
        [
            "ASC_UpgradeVersion_KubernetesService_Audit",
            "Kubernetes Services should be upgraded to a non-vulnerable Kubernetes version",
            `${SC}/ASC_UpgradeVersion_KubernetesService_Audit.json`,
            "fails only Kubernetes 1.11.x to 1.13.x, which AKS has not created for years (it supports the three newest minors); the version is picked from AKS's supported list and kept current by the cluster auto-upgrade channel AKS-012 requires",
        ],
        ["ASC_EnableAdvancedThreatProtectionOnKubernetesService_Audit", "[Deprecated]: Azure Defender for Kubernetes should be enabled", `${SC}/ASC_EnableAdvancedThreatProtectionOnKubernetesService_Audit.json`, "deprecated, and a subscription-level setting no AKS stack declares"],
        ["ASC_EnablePSP_KubernetesService_Audit_Deprecated", "[Deprecated]: Pod Security Policies should be defined on Kubernetes Services", `${SC}/ASC_EnablePSP_KubernetesService_Audit_Deprecated.json`, "deprecated: PodSecurityPolicy was removed in Kubernetes 1.25; Pod Security admission labels (components/namespaces.ts) and the WL-01x/WL-02x policies replace it"],
        ["ASC_Azure_Defender_Kuberneitis_DINE", "[Deprecated]: Configure Azure Defender for Kubernetes to be enabled", `${SC}/ASC_Azure_Defender_Kuberneitis_DINE.json`, "deprecated, and a subscription-level setting no AKS stack declares"],
        ["ContainerService_managedclusters_ZoneRedundant_Audit", "[Preview]: Azure Kubernetes Service Managed Clusters should be Zone Redundant", "built-in-policies/policyDefinitions/Resilience/ContainerService_managedclusters_ZoneRedundant_Audit.json"],
        ["Kubernetes_EnableAzureBackup_Audit", "[Preview]: Azure Backup should be enabled for AKS clusters", `${BK}/Kubernetes_EnableAzureBackup_Audit.json`, BACKUP],
        ["Kubernetes_InstallAzureBackupExtension_Audit", "[Preview]: Azure Backup Extension should be installed in AKS clusters", `${BK}/Kubernetes_InstallAzureBackupExtension_Audit.json`, BACKUP],
        ["Kubernetes_InstallAzureBackupExtensionWithTag_DINE", "[Preview]: Install Azure Backup Extension in AKS clusters (Managed Cluster) with a given tag", `${BK}/Kubernetes_InstallAzureBackupExtensionWithTag_DINE.json`, BACKUP],
        ["Kubernetes_InstallAzureBackupExtensionWithoutTag_DINE", "[Preview]: Install Azure Backup Extension in AKS clusters (Managed Cluster) without a given tag", `${BK}/Kubernetes_InstallAzureBackupExtensionWithoutTag_DINE.json`, BACKUP],
        ["Deploy-GitOps-Flux2-Extension-to-Kubernetes-cluster_DINE", "Configure installation of Flux extension on Kubernetes cluster", `${K}/Deploy-GitOps-Flux2-Extension-to-Kubernetes-cluster_DINE.json`, FLUX],
        ["Deploy-GitOps-Flux2-to-Kubernetes-cluster-HTTPS-secrets_DINE", "Configure Kubernetes clusters with Flux v2 configuration using Git repository and HTTPS secrets", `${K}/Deploy-GitOps-Flux2-to-Kubernetes-cluster-HTTPS-secrets_DINE.json`, FLUX],
        ["Deploy-GitOps-Flux2-to-Kubernetes-cluster-HTTPs-CA-Cert_DINE", "Configure Kubernetes clusters with Flux v2 configuration using Git repository and HTTPS CA Certificate", `${K}/Deploy-GitOps-Flux2-to-Kubernetes-cluster-HTTPs-CA-Cert_DINE.json`, FLUX],
        ["Deploy-GitOps-Flux2-to-Kubernetes-cluster-LocalAuthRef_DINE", "Configure Kubernetes clusters with Flux v2 configuration using Git repository and local secrets", `${K}/Deploy-GitOps-Flux2-to-Kubernetes-cluster-LocalAuthRef_DINE.json`, FLUX],
        ["Deploy-GitOps-Flux2-to-Kubernetes-cluster-SSH_DINE", "Configure Kubernetes clusters with Flux v2 configuration using Git repository and SSH secrets", `${K}/Deploy-GitOps-Flux2-to-Kubernetes-cluster-SSH_DINE.json`, FLUX],
        ["Deploy-GitOps-Flux2-to-Kubernetes-cluster-no-secrets_DINE", "Configure Kubernetes clusters with Flux v2 configuration using public Git repository", `${K}/Deploy-GitOps-Flux2-to-Kubernetes-cluster-no-secrets_DINE.json`, FLUX],
        ["Deploy-GitOps-to-Kubernetes-cluster-HTTPS-secrets_DINE", "Configure Kubernetes clusters with specified GitOps configuration using HTTPS secrets", `${K}/Deploy-GitOps-to-Kubernetes-cluster-HTTPS-secrets_DINE.json`, FLUX],
        ["Deploy-GitOps-to-Kubernetes-cluster-SSH-secrets_DINE", "Configure Kubernetes clusters with specified GitOps configuration using SSH secrets", `${K}/Deploy-GitOps-to-Kubernetes-cluster-SSH-secrets_DINE.json`, FLUX],
        ["Deploy-GitOps-to-Kubernetes-cluster-no-secrets_DINE", "Configure Kubernetes clusters with specified GitOps configuration using no secrets", `${K}/Deploy-GitOps-to-Kubernetes-cluster-no-secrets_DINE.json`, FLUX],
        ["GitOps-Flux2-to-Kubernetes-cluster-Bucket-K8sSecret_DINE", "Configure Kubernetes clusters with specified Flux v2 Bucket source using local secrets", `${K}/GitOps-Flux2-to-Kubernetes-cluster-Bucket-K8sSecret_DINE.json`, FLUX],
        ["GitOps-Flux2-to-Kubernetes-cluster-Bucket-KVSecret_DINE", "Configure Kubernetes clusters with Flux v2 configuration using Bucket source and secrets in KeyVault", `${K}/GitOps-Flux2-to-Kubernetes-cluster-Bucket-KVSecret_DINE.json`, FLUX],
    ]),
    ...rows("azurePolicy", false, [
        ["ContainerNoPrivilege", "Kubernetes cluster should not allow privileged containers", `${K}/ContainerNoPrivilege.json`],
        ["BlockHostNamespace", "Kubernetes cluster containers should not share host process ID or host IPC namespace", `${K}/BlockHostNamespace.json`],
        ["ContainerNoPrivilegeEscalation", "Kubernetes clusters should not allow container privilege escalation", `${K}/ContainerNoPrivilegeEscalation.json`],
        ["AllowedUsersGroups", "Kubernetes cluster pods and containers should only run with approved user and group IDs", `${K}/AllowedUsersGroups.json`],
        ["ReadOnlyRootFileSystem", "Kubernetes cluster containers should run with a read only root file system", `${K}/ReadOnlyRootFileSystem.json`],
        ["BlockAutomountToken", "Kubernetes clusters should disable automounting API credentials", `${K}/BlockAutomountToken.json`],
        ["LoadbalancerNoPublicIPs", "Kubernetes clusters should use internal load balancers", `${K}/LoadbalancerNoPublicIPs.json`],
        ["ImagesDoNotUseLatest", "Kubernetes cluster containers should not use the latest image tag", `${K}/ImagesDoNotUseLatest.json`],
        ["ContainerAllowedImages", "Kubernetes cluster containers should only use allowed images", `${K}/ContainerAllowedImages.json`],
    ]),
];

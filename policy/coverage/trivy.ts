/** Trivy's AZU container checks (counted) and the Kubernetes (KSV) checks some policy claims (listed). */
import { rows, type PeerCheck } from "./catalog";

const AZU = "checks/cloud/azure/container";
const KSV = "checks/kubernetes";

export const TRIVY_CHECKS: readonly PeerCheck[] = [
    ...rows("trivy", true, [
        ["AZU-0040", "Ensure AKS logging to Azure Monitoring is Configured", `${AZU}/logging.rego`],
        ["AZU-0041", "Ensure AKS has an API Server Authorized IP Ranges enabled", `${AZU}/limit_authorized_ips.rego`],
        ["AZU-0042", "Ensure RBAC is enabled on AKS clusters", `${AZU}/use_rbac_permissions.rego`],
        ["AZU-0043", "Ensure AKS cluster has Network Policy configured", `${AZU}/configured_network_policy.rego`],
        ["AZU-0065", "Ensure AKS cluster has private cluster enabled", `${AZU}/enable_private_cluster.rego`],
        ["AZU-0066", "Ensure AKS cluster has Azure Policy add-on enabled", `${AZU}/enable_azure_policy_addon.rego`],
        ["AZU-0067", "Ensure AKS cluster has disk encryption set ID configured", `${AZU}/enable_disk_encryption.rego`],
    ]),
    ...rows("trivy", false, [
        ["KSV-0001", "Can elevate its own privileges", `${KSV}/can_elevate_its_own_privileges.rego`],
        ["KSV-0003", "Default capabilities: some containers do not drop all", `${KSV}/capabilities_no_drop_all.rego`],
        ["KSV-0004", "Default capabilities: some containers do not drop any", `${KSV}/capabilities_no_drop_at_least_one.rego`],
        ["KSV-0005", "SYS_ADMIN capability added", `${KSV}/SYS_ADMIN_capability.rego`],
        ["KSV-0006", "hostPath volume mounted with docker.sock", `${KSV}/mounts_docker_socket.rego`],
        ["KSV-0008", "Access to host IPC namespace", `${KSV}/host_ipc.rego`],
        ["KSV-0009", "Access to host network", `${KSV}/host_network.rego`],
        ["KSV-0010", "Access to host PID", `${KSV}/host_pid.rego`],
        ["KSV-0011", "CPU not limited", `${KSV}/CPU_not_limited.rego`],
        ["KSV-0012", "Runs as root user", `${KSV}/runs_as_root.rego`],
        ["KSV-0013", "Image tag \":latest\" used", `${KSV}/uses_image_tag_latest.rego`],
        ["KSV-0014", "Root file system is not read-only", `${KSV}/file_system_not_read_only.rego`],
        ["KSV-0015", "CPU requests not specified", `${KSV}/CPU_requests_not_specified.rego`],
        ["KSV-0016", "Memory requests not specified", `${KSV}/memory_requests_not_specified.rego`],
        ["KSV-0017", "Privileged", `${KSV}/privileged.rego`],
        ["KSV-0018", "Memory not limited", `${KSV}/memory_not_limited.rego`],
        ["KSV-0020", "Runs with UID <= 10000", `${KSV}/runs_with_UID_le_10000.rego`],
        ["KSV-0021", "Runs with GID <= 10000", `${KSV}/runs_with_GID_le_10000.rego`],
        ["KSV-0023", "hostPath volumes mounted", `${KSV}/hostpath_volumes_mounted.rego`],
        ["KSV-0024", "Access to host ports", `${KSV}/access_to_host_ports.rego`],
        ["KSV-0025", "SELinux custom options set", `${KSV}/selinux_custom_options_set.rego`],
        ["KSV-0026", "Unsafe sysctl options set", `${KSV}/unsafe_sysctl_options_set.rego`],
        ["KSV-0027", "Non-default /proc masks set", `${KSV}/non_default_proc_masks_set.rego`],
        ["KSV-0028", "Non-core volume types used", `${KSV}/non_core_volume_types.rego`],
        ["KSV-0030", "Runtime/Default Seccomp profile not set", `${KSV}/runtime_default_seccomp_profile_not_set.rego`],
        ["KSV-0032", "All container images must start with the *.azurecr.io domain", `${KSV}/uses_untrusted_azure_registry.rego`],
        ["KSV-0036", "Protecting Pod service account tokens", `${KSV}/protecting_pod_service_account_tokens.rego`],
        ["KSV-0038", "Selector usage in network policies", `${KSV}/selector_usage_in_network_policies.rego`],
    ]),
];

/**
 * The Pod Security Standards as pod-security-admission checks them (kubernetes/kubernetes
 * `staging/src/k8s.io/pod-security-admission/policy/check_*.go`, the checks registered for v1.34): the baseline
 * checks and those the restricted profile adds.
 */
import { rows, type PeerCheck } from "./catalog";

const P = "staging/src/k8s.io/pod-security-admission/policy";

export const PSS_CHECKS: readonly PeerCheck[] = rows("pss", true, [
    ["hostNamespaces", "Baseline: host namespaces", `${P}/check_hostNamespaces.go`],
    ["privileged", "Baseline: privileged containers", `${P}/check_privileged.go`],
    ["capabilities_baseline", "Baseline: capabilities", `${P}/check_capabilities_baseline.go`],
    ["hostPathVolumes", "Baseline: hostPath volumes", `${P}/check_hostPathVolumes.go`],
    ["hostPorts", "Baseline: host ports", `${P}/check_hostPorts.go`],
    ["appArmorProfile", "Baseline: AppArmor", `${P}/check_appArmorProfile.go`],
    ["seLinuxOptions", "Baseline: SELinux", `${P}/check_seLinuxOptions.go`],
    ["procMount", "Baseline: /proc mount type", `${P}/check_procMount.go`],
    ["seccompProfile_baseline", "Baseline: seccomp", `${P}/check_seccompProfile_baseline.go`],
    ["sysctls", "Baseline: sysctls", `${P}/check_sysctls.go`],
    ["windowsHostProcess", "Baseline: Windows HostProcess", `${P}/check_windowsHostProcess.go`],
    ["hostProbesAndHostLifecycle", "Baseline (1.34+): host field in probes and lifecycle hooks", `${P}/check_hostProbesAndhostLifecycle.go`],
    ["restrictedVolumes", "Restricted: volume types", `${P}/check_restrictedVolumes.go`],
    ["allowPrivilegeEscalation", "Restricted: privilege escalation", `${P}/check_allowPrivilegeEscalation.go`],
    ["runAsNonRoot", "Restricted: running as non-root", `${P}/check_runAsNonRoot.go`],
    ["runAsUser", "Restricted: running as non-root user", `${P}/check_runAsUser.go`],
    ["seccompProfile_restricted", "Restricted: seccomp", `${P}/check_seccompProfile_restricted.go`],
    ["capabilities_restricted", "Restricted: capabilities", `${P}/check_capabilities_restricted.go`],
]);

/**
 * Pod Security Standards, baseline profile: one policy per control, as the pod-security-admission
 * library checks them (kubernetes/kubernetes `staging/src/k8s.io/pod-security-admission/policy/`,
 * `check_*.go`, v1.30; https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline).
 * Every container list is checked: containers, initContainers and ephemeralContainers.
 */
import { equivalent, stricter } from "../common/coverage";
import type { PackPolicy } from "../common/define";
import { asArray, asRecord, asString, at, describe } from "../common/read";
import { ALL_CONTAINER_LISTS, containersOf, type PodTemplate } from "./pod-templates";
import { workloadPolicy } from "./workload-policy";

const PSS_URL = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";

/** Per-container findings: `check` returns the problem for one container's securityContext, if any. */
export function perContainer(
    template: PodTemplate,
    check: (securityContext: Record<string, unknown> | undefined, container: Record<string, unknown>) => string | undefined,
): string[] {
    const { containers, problems } = containersOf(template, ALL_CONTAINER_LISTS);
    const findings = [...problems];
    for (const c of containers) {
        const problem = check(asRecord(c.container.securityContext), c.container);
        if (problem !== undefined) findings.push(`${c.label} ${problem}`);
    }
    return findings;
}

/** WL-010: privileged containers. */
export const pssPrivileged = workloadPolicy(
    {
        name: "k8s-pss-no-privileged-containers",
        code: "WL-010",
        title: "No privileged containers (PSS baseline)",
        severity: "critical",
        description: "Checks that no container runs privileged (securityContext.privileged), as the Pod Security Standards baseline profile requires.",
        remediation: "Remove securityContext.privileged or set it to false; grant only the capabilities the process needs.",
        url: `${PSS_URL}#baseline`,
        covers: [
            equivalent("pss", "privileged"),
            equivalent("checkov", "CKV_K8S_16"),
            equivalent("trivy", "KSV-0017"),
            equivalent("azurePolicy", "ContainerNoPrivilege"),
            equivalent("kubeScore", "container-security-context-privileged"),
            equivalent("polaris", "runAsPrivileged"),
            equivalent("kubeLinter", "privileged-container"),
        ],
    },
    (template) => perContainer(template, (sc) => (sc?.privileged === true ? "must not set securityContext.privileged to true" : undefined)),
);

/** WL-011: host namespaces. */
export const pssHostNamespaces = workloadPolicy(
    {
        name: "k8s-pss-no-host-namespaces",
        code: "WL-011",
        title: "No host namespaces (PSS baseline)",
        severity: "high",
        description: "Checks that the pod shares none of the node's namespaces (hostNetwork, hostPID, hostIPC), as the Pod Security Standards baseline profile requires.",
        remediation: "Remove hostNetwork, hostPID and hostIPC (or set them to false).",
        url: `${PSS_URL}#baseline`,
        covers: [
            equivalent("pss", "hostNamespaces"),
            equivalent("checkov", "CKV_K8S_17"),
            equivalent("checkov", "CKV_K8S_18"),
            equivalent("checkov", "CKV_K8S_19"),
            equivalent("trivy", "KSV-0008"),
            equivalent("trivy", "KSV-0009"),
            equivalent("trivy", "KSV-0010"),
            stricter("azurePolicy", "BlockHostNamespace"),
            equivalent("polaris", "hostIPCSet"),
            equivalent("polaris", "hostPIDSet"),
            equivalent("polaris", "hostNetworkSet"),
            equivalent("kubeLinter", "host-ipc"),
            equivalent("kubeLinter", "host-network"),
            equivalent("kubeLinter", "host-pid"),
        ],
    },
    (template) =>
        ["hostNetwork", "hostPID", "hostIPC"].filter((f) => template.spec[f] === true).map((f) => `${template.path}.${f} must not be true`),
);

/** WL-012: hostPath volumes. */
export const pssHostPath = workloadPolicy(
    {
        name: "k8s-pss-no-host-path-volumes",
        code: "WL-012",
        title: "No hostPath volumes (PSS baseline)",
        severity: "high",
        description: "Checks that the pod mounts no hostPath volume, as the Pod Security Standards baseline profile requires.",
        remediation: "Replace hostPath volumes with emptyDir, a ConfigMap or Secret, or a PersistentVolumeClaim.",
        url: `${PSS_URL}#baseline`,
        covers: [
            equivalent("pss", "hostPathVolumes"),
            stricter("checkov", "CKV_K8S_27"),
            equivalent("trivy", "KSV-0023"),
            stricter("trivy", "KSV-0006"),
            equivalent("polaris", "hostPathSet"),
            stricter("kubeLinter", "docker-sock"),
            stricter("kubeLinter", "sensitive-host-mounts"),
        ],
    },
    (template) => {
        const volumes = asArray(template.spec.volumes) ?? [];
        const findings: string[] = [];
        volumes.forEach((v, i) => {
            if (asRecord(v)?.hostPath !== undefined) findings.push(`${template.path}.volumes[${i}] ("${asString(at(v, "name")) ?? i}") must not be a hostPath volume`);
        });
        return findings;
    },
);

/** WL-013: host ports. */
export const pssHostPorts = workloadPolicy(
    {
        name: "k8s-pss-no-host-ports",
        code: "WL-013",
        title: "No host ports (PSS baseline)",
        severity: "high",
        description: "Checks that no container binds a host port (ports[].hostPort), as the Pod Security Standards baseline profile requires; a host port also allows only one such pod per node.",
        remediation: "Remove hostPort and expose the container through a Service.",
        url: `${PSS_URL}#baseline`,
        covers: [equivalent("pss", "hostPorts"), equivalent("checkov", "CKV_K8S_26"), equivalent("trivy", "KSV-0024"), equivalent("polaris", "hostPortSet")],
    },
    (template) =>
        perContainer(template, (_sc, container) => {
            const ports = (asArray(container.ports) ?? []).map((p) => at(p, "hostPort")).filter((h) => h !== undefined && h !== 0);
            return ports.length > 0 ? `must not set hostPort (found ${ports.map((p) => describe(p)).join(", ")})` : undefined;
        }),
);

/** Capabilities the baseline profile allows containers to add. */
export const BASELINE_CAPABILITIES: readonly string[] = [
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
];

/** WL-014: capabilities beyond the baseline set. */
export const pssBaselineCapabilities = workloadPolicy(
    {
        name: "k8s-pss-baseline-capabilities",
        code: "WL-014",
        title: "Only baseline capabilities added (PSS baseline)",
        severity: "high",
        description: "Checks that containers add only capabilities from the Pod Security Standards baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT).",
        remediation: "Remove the other capabilities from securityContext.capabilities.add (SYS_ADMIN, NET_ADMIN, NET_RAW, …).",
        url: `${PSS_URL}#baseline`,
        covers: [equivalent("pss", "capabilities_baseline"), stricter("checkov", "CKV_K8S_39"), stricter("trivy", "KSV-0005"), stricter("polaris", "dangerousCapabilities")],
    },
    (template) =>
        perContainer(template, (sc) => {
            const added = asArray(at(sc, "capabilities", "add")) ?? [];
            const extra = added.filter((c) => !BASELINE_CAPABILITIES.includes(asString(c) ?? ""));
            return extra.length > 0 ? `must not add capabilities beyond the baseline set (found ${extra.map((c) => describe(c)).join(", ")})` : undefined;
        }),
);

/** WL-015: /proc mount type. */
export const pssProcMount = workloadPolicy(
    {
        name: "k8s-pss-default-proc-mount",
        code: "WL-015",
        title: "Default /proc mount (PSS baseline)",
        severity: "medium",
        description: "Checks that no container asks for an unmasked /proc (securityContext.procMount other than Default), as the Pod Security Standards baseline profile requires.",
        remediation: "Remove securityContext.procMount or set it to Default.",
        url: `${PSS_URL}#baseline`,
        covers: [equivalent("pss", "procMount"), equivalent("trivy", "KSV-0027"), equivalent("polaris", "procMount")],
    },
    (template) =>
        perContainer(template, (sc) => {
            const value = sc?.procMount;
            return value === undefined || value === "Default" ? undefined : `must not set securityContext.procMount to ${describe(value)} (only Default)`;
        }),
);

/** SELinux types the baseline profile allows. */
export const BASELINE_SELINUX_TYPES: readonly string[] = ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

function seLinuxProblem(options: unknown): string | undefined {
    const record = asRecord(options);
    if (record === undefined) return undefined;
    const problems: string[] = [];
    const type = record.type;
    if (type !== undefined && !BASELINE_SELINUX_TYPES.includes(asString(type) ?? "\u0000")) problems.push(`type ${describe(type)}`);
    if (record.user !== undefined) problems.push(`user ${describe(record.user)}`);
    if (record.role !== undefined) problems.push(`role ${describe(record.role)}`);
    return problems.length > 0 ? problems.join(", ") : undefined;
}

/** WL-016: SELinux options. */
export const pssSeLinux = workloadPolicy(
    {
        name: "k8s-pss-selinux-restricted",
        code: "WL-016",
        title: "No custom SELinux options (PSS baseline)",
        severity: "medium",
        description: "Checks that seLinuxOptions set no user or role and only a container type (container_t, container_init_t, container_kvm_t, container_engine_t), as the Pod Security Standards baseline profile requires.",
        remediation: "Remove seLinuxOptions.user and .role, and use one of the container SELinux types or none.",
        url: `${PSS_URL}#baseline`,
        covers: [equivalent("pss", "seLinuxOptions"), equivalent("trivy", "KSV-0025")],
    },
    (template) => {
        const findings: string[] = [];
        const podProblem = seLinuxProblem(at(template.spec, "securityContext", "seLinuxOptions"));
        if (podProblem !== undefined) findings.push(`${template.path}.securityContext.seLinuxOptions must not set ${podProblem}`);
        findings.push(
            ...perContainer(template, (sc) => {
                const p = seLinuxProblem(sc?.seLinuxOptions);
                return p === undefined ? undefined : `securityContext.seLinuxOptions must not set ${p}`;
            }),
        );
        return findings;
    },
);

/** Sysctls the baseline profile allows (the "safe" set). */
export const SAFE_SYSCTLS: readonly string[] = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];

/** WL-017: sysctls. */
export const pssSysctls = workloadPolicy(
    {
        name: "k8s-pss-safe-sysctls",
        code: "WL-017",
        title: "Only safe sysctls (PSS baseline)",
        severity: "medium",
        description: "Checks that the pod sets only the sysctls the Pod Security Standards baseline profile calls safe (securityContext.sysctls).",
        remediation: "Remove the other sysctls, or set them on a dedicated node pool through AKS's linuxOSConfig.",
        url: `${PSS_URL}#baseline`,
        covers: [
            stricter("pss", "sysctls", "allows only the safe sysctls of Kubernetes 1.30; later releases added a few more (tcp_rmem/tcp_wmem), which this policy still refuses"),
            equivalent("trivy", "KSV-0026"),
            equivalent("kubeLinter", "unsafe-sysctls"),
        ],
    },
    (template) => {
        const sysctls = asArray(at(template.spec, "securityContext", "sysctls")) ?? [];
        const unsafe = sysctls.map((s) => at(s, "name")).filter((n) => !SAFE_SYSCTLS.includes(asString(n) ?? ""));
        return unsafe.length > 0 ? [`${template.path}.securityContext.sysctls must list only safe sysctls (found ${unsafe.map((n) => describe(n)).join(", ")})`] : [];
    },
);

const APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

/** WL-018: AppArmor. */
export const pssAppArmor = workloadPolicy(
    {
        name: "k8s-pss-apparmor-not-unconfined",
        code: "WL-018",
        title: "AppArmor not unconfined (PSS baseline)",
        severity: "medium",
        description: "Checks that no AppArmor profile (securityContext.appArmorProfile or the beta annotation) is Unconfined: only RuntimeDefault or Localhost, as the Pod Security Standards baseline profile requires.",
        remediation: "Remove the Unconfined AppArmor profile, or use RuntimeDefault (annotation value runtime/default).",
        url: `${PSS_URL}#baseline`,
        covers: [equivalent("pss", "appArmorProfile")],
    },
    (template) => {
        const findings: string[] = [];
        const allowedType = (v: unknown) => v === undefined || v === "RuntimeDefault" || v === "Localhost";
        const podType = at(template.spec, "securityContext", "appArmorProfile", "type");
        if (!allowedType(podType)) findings.push(`${template.path}.securityContext.appArmorProfile.type must be RuntimeDefault or Localhost (found ${describe(podType)})`);
        findings.push(
            ...perContainer(template, (sc) => {
                const t = at(sc, "appArmorProfile", "type");
                return allowedType(t) ? undefined : `securityContext.appArmorProfile.type must be RuntimeDefault or Localhost (found ${describe(t)})`;
            }),
        );
        const annotations = asRecord(template.metadata?.annotations) ?? {};
        for (const key of Object.keys(annotations)) {
            if (!key.startsWith(APPARMOR_ANNOTATION)) continue;
            const value = asString(annotations[key]);
            if (value !== "runtime/default" && !(value ?? "").startsWith("localhost/")) {
                findings.push(`annotation ${key} must be runtime/default or localhost/<profile> (found ${describe(annotations[key])})`);
            }
        }
        return findings;
    },
);

/** WL-019: Windows HostProcess. */
export const pssHostProcess = workloadPolicy(
    {
        name: "k8s-pss-no-host-process",
        code: "WL-019",
        title: "No Windows HostProcess containers (PSS baseline)",
        severity: "critical",
        description: "Checks that no Windows pod or container runs as a HostProcess container (securityContext.windowsOptions.hostProcess), as the Pod Security Standards baseline profile requires.",
        remediation: "Remove windowsOptions.hostProcess; run node-level Windows tooling outside application workloads.",
        url: `${PSS_URL}#baseline`,
        covers: [equivalent("pss", "windowsHostProcess"), equivalent("polaris", "hostProcess")],
    },
    (template) => {
        const findings: string[] = [];
        if (at(template.spec, "securityContext", "windowsOptions", "hostProcess") === true) {
            findings.push(`${template.path}.securityContext.windowsOptions.hostProcess must not be true`);
        }
        findings.push(...perContainer(template, (sc) => (at(sc, "windowsOptions", "hostProcess") === true ? "must not set securityContext.windowsOptions.hostProcess to true" : undefined)));
        return findings;
    },
);

/** The probe and lifecycle handlers of a container, by field path. */
const HOST_HANDLERS: readonly (readonly string[])[] = [
    ["livenessProbe", "httpGet"],
    ["livenessProbe", "tcpSocket"],
    ["readinessProbe", "httpGet"],
    ["readinessProbe", "tcpSocket"],
    ["startupProbe", "httpGet"],
    ["startupProbe", "tcpSocket"],
    ["lifecycle", "postStart", "httpGet"],
    ["lifecycle", "postStart", "tcpSocket"],
    ["lifecycle", "preStop", "httpGet"],
    ["lifecycle", "preStop", "tcpSocket"],
];

/** WL-026: no host in probes or lifecycle hooks (baseline since Kubernetes 1.34). */
export const pssProbeHost = workloadPolicy(
    {
        name: "k8s-pss-no-probe-or-lifecycle-host",
        code: "WL-026",
        title: "No host in probes or lifecycle hooks (PSS baseline)",
        severity: "medium",
        description: "Checks that no probe (liveness, readiness, startup) or lifecycle hook (postStart, preStop) sets httpGet.host or tcpSocket.host, which would make the kubelet connect to another address, as the Pod Security Standards baseline profile requires from Kubernetes 1.34.",
        remediation: "Remove host from the probe or hook: the kubelet then connects to the pod's own IP.",
        url: `${PSS_URL}#baseline`,
        covers: [equivalent("pss", "hostProbesAndHostLifecycle")],
    },
    (template) =>
        perContainer(template, (_sc, container) => {
            const hosts = HOST_HANDLERS.map((path) => ({ path, host: at(container, ...path, "host") })).filter((h) => h.host !== undefined && h.host !== "");
            return hosts.length > 0 ? `must not set a host in probes or lifecycle hooks (found ${hosts.map((h) => `${h.path.join(".")}.host ${describe(h.host)}`).join(", ")})` : undefined;
        }),
);

/** The baseline policies, in code order. */
export const baselinePolicies: readonly PackPolicy[] = [
    pssPrivileged,
    pssHostNamespaces,
    pssHostPath,
    pssHostPorts,
    pssBaselineCapabilities,
    pssProcMount,
    pssSeLinux,
    pssSysctls,
    pssAppArmor,
    pssHostProcess,
    pssProbeHost,
];

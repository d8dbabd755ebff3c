/**
 * Pod Security Standards, restricted profile: the controls it adds to baseline, one policy each, as the
 * pod-security-admission library checks them (kubernetes/kubernetes
 * `staging/src/k8s.io/pod-security-admission/policy/check_{runAsNonRoot,runAsUser,allowPrivilegeEscalation,capabilities_restricted,seccompProfile_restricted,restrictedVolumes}.go`,
 * v1.30; https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted).
 * Windows pods (`spec.os.name: windows`) are exempt from the Linux-only controls upstream; this pack
 * checks them the same way and says so in docs/policies.md.
 */
import type { PackPolicy } from "../common/define";
import { asArray, asRecord, asString, at, describe } from "../common/read";
import { perContainer } from "./pod-security-baseline";
import { workloadPolicy } from "./workload-policy";

const PSS_URL = "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted";

/** WL-020: run as non-root. */
export const pssRunAsNonRoot = workloadPolicy(
    {
        name: "k8s-pss-run-as-non-root",
        code: "WL-020",
        title: "Containers run as non-root (PSS restricted)",
        severity: "high",
        description: "Checks that every container must run as a non-root user (runAsNonRoot true on the pod or on each container, never false) and that no runAsUser is 0, as the Pod Security Standards restricted profile requires.",
        remediation: "Set spec.securityContext.runAsNonRoot to true (and runAsUser to a non-zero UID if the image's user is root).",
        url: PSS_URL,
        covers: { checkov: ["CKV_K8S_23", "CKV_K8S_40"], trivy: ["KSV-0012", "KSV-0020"], azurePolicy: ["AllowedUsersGroups.json"], kubeScore: ["container-security-context-user-group-id"] },
    },
    (template) => {
        const findings: string[] = [];
        const podNonRoot = at(template.spec, "securityContext", "runAsNonRoot");
        if (at(template.spec, "securityContext", "runAsUser") === 0) findings.push(`${template.path}.securityContext.runAsUser must not be 0`);
        findings.push(
            ...perContainer(template, (sc) => {
                if (sc?.runAsUser === 0) return "securityContext.runAsUser must not be 0";
                const own = sc?.runAsNonRoot;
                if (own === false) return "must not set securityContext.runAsNonRoot to false";
                if (own !== true && podNonRoot !== true) return "must run as non-root: set runAsNonRoot to true on the pod or the container";
                return undefined;
            }),
        );
        return findings;
    },
);

/** WL-021: no privilege escalation. */
export const pssNoPrivilegeEscalation = workloadPolicy(
    {
        name: "k8s-pss-no-privilege-escalation",
        code: "WL-021",
        title: "Privilege escalation disallowed (PSS restricted)",
        severity: "high",
        description: "Checks that every container sets securityContext.allowPrivilegeEscalation to false, as the Pod Security Standards restricted profile requires.",
        remediation: "Set securityContext.allowPrivilegeEscalation: false on each container.",
        url: PSS_URL,
        covers: { checkov: ["CKV_K8S_20"], trivy: ["KSV-0001"], azurePolicy: ["ContainerNoPrivilegeEscalation.json"] },
    },
    (template) =>
        perContainer(template, (sc) =>
            sc?.allowPrivilegeEscalation === false ? undefined : `must set securityContext.allowPrivilegeEscalation to false (found ${describe(sc?.allowPrivilegeEscalation)})`,
        ),
);

/** WL-022: drop ALL, add at most NET_BIND_SERVICE. */
export const pssDropAllCapabilities = workloadPolicy(
    {
        name: "k8s-pss-drop-all-capabilities",
        code: "WL-022",
        title: "Capabilities dropped (PSS restricted)",
        severity: "medium",
        description: "Checks that every container drops ALL capabilities and adds back at most NET_BIND_SERVICE, as the Pod Security Standards restricted profile requires.",
        remediation: 'Set securityContext.capabilities to { drop: ["ALL"] } (add: ["NET_BIND_SERVICE"] only to bind ports below 1024).',
        url: PSS_URL,
        covers: { checkov: ["CKV_K8S_28", "CKV_K8S_37"], trivy: ["KSV-0003", "KSV-0004"], azurePolicy: ["ContainerAllowedCapabilities.json"] },
    },
    (template) =>
        perContainer(template, (sc) => {
            const problems: string[] = [];
            const dropped = asArray(at(sc, "capabilities", "drop")) ?? [];
            if (!dropped.includes("ALL")) problems.push(`must drop ALL capabilities (capabilities.drop: ${describe(at(sc, "capabilities", "drop"))})`);
            const added = (asArray(at(sc, "capabilities", "add")) ?? []).filter((c) => c !== "NET_BIND_SERVICE");
            if (added.length > 0) problems.push(`may add only NET_BIND_SERVICE (found ${added.map((c) => describe(c)).join(", ")})`);
            return problems.length > 0 ? problems.join(" and ") : undefined;
        }),
);

const SECCOMP_ALLOWED = ["RuntimeDefault", "Localhost"];

/** WL-023: seccomp RuntimeDefault or Localhost. */
export const pssSeccomp = workloadPolicy(
    {
        name: "k8s-pss-seccomp-profile",
        code: "WL-023",
        title: "Seccomp profile set (PSS restricted)",
        severity: "medium",
        description: "Checks that a RuntimeDefault or Localhost seccomp profile applies to every container (from the pod or the container) and that none is Unconfined, as the Pod Security Standards restricted profile requires (baseline forbids Unconfined).",
        remediation: "Set spec.securityContext.seccompProfile to { type: RuntimeDefault }.",
        url: PSS_URL,
        covers: { checkov: ["CKV_K8S_31"], trivy: ["KSV-0030"], azurePolicy: ["AllowedSeccompProfile.json"], kubeScore: ["container-seccomp-profile"] },
    },
    (template) => {
        const findings: string[] = [];
        const podType = at(template.spec, "securityContext", "seccompProfile", "type");
        if (podType !== undefined && !SECCOMP_ALLOWED.includes(asString(podType) ?? "")) {
            findings.push(`${template.path}.securityContext.seccompProfile.type must be RuntimeDefault or Localhost (found ${describe(podType)})`);
        }
        const podCovers = SECCOMP_ALLOWED.includes(asString(podType) ?? "");
        findings.push(
            ...perContainer(template, (sc) => {
                const own = at(sc, "seccompProfile", "type");
                if (own !== undefined) return SECCOMP_ALLOWED.includes(asString(own) ?? "") ? undefined : `securityContext.seccompProfile.type must be RuntimeDefault or Localhost (found ${describe(own)})`;
                return podCovers ? undefined : "has no seccomp profile: set seccompProfile.type RuntimeDefault on the pod or the container";
            }),
        );
        return findings;
    },
);

/** Volume sources the restricted profile allows. */
export const RESTRICTED_VOLUME_SOURCES: readonly string[] = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

/** WL-024: volume types. */
export const pssVolumeTypes = workloadPolicy(
    {
        name: "k8s-pss-restricted-volume-types",
        code: "WL-024",
        title: "Only restricted volume types (PSS restricted)",
        severity: "medium",
        description: "Checks that every volume uses a source the Pod Security Standards restricted profile allows: configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret.",
        remediation: "Replace other volume sources (hostPath, nfs, azureFile, …) with a PersistentVolumeClaim or a CSI volume.",
        url: PSS_URL,
        covers: { trivy: ["KSV-0028"], azurePolicy: ["AllowedVolumeTypes.json"] },
    },
    (template) => {
        const raw = template.spec.volumes;
        if (raw === undefined) return [];
        const volumes = asArray(raw);
        if (volumes === undefined) return [`${template.path}.volumes must be a list of volumes, got ${describe(raw)}`];
        const findings: string[] = [];
        volumes.forEach((v, i) => {
            const volume = asRecord(v);
            if (volume === undefined) {
                findings.push(`${template.path}.volumes[${i}] must be a volume object, got ${describe(v)}`);
                return;
            }
            const sources = Object.keys(volume).filter((k) => k !== "name" && volume[k] !== undefined && volume[k] !== null);
            const bad = sources.filter((k) => !RESTRICTED_VOLUME_SOURCES.includes(k));
            if (bad.length > 0) findings.push(`${template.path}.volumes[${i}] ("${asString(volume.name) ?? i}") uses ${bad.join(", ")}, which the restricted profile does not allow`);
        });
        return findings;
    },
);

/** The restricted policies, in code order. */
export const restrictedPolicies: readonly PackPolicy[] = [pssRunAsNonRoot, pssNoPrivilegeEscalation, pssDropAllCapabilities, pssSeccomp, pssVolumeTypes];

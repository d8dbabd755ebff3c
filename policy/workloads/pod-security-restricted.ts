/**
 * Pod Security Standards, restricted profile: the controls it adds to baseline, one policy each, as the
 * pod-security-admission library checks them (kubernetes/kubernetes
 * `staging/src/k8s.io/pod-security-admission/policy/check_{runAsNonRoot,runAsUser,allowPrivilegeEscalation,capabilities_restricted,seccompProfile_restricted,restrictedVolumes}.go`,
 * v1.30; https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted).
 * Windows pods (`spec.os.name: windows`) are exempt from the Linux-only controls upstream; this pack
 * checks them the same way and says so in docs/policies.md.
 */
import { equivalent, stricter, weaker } from "../common/coverage";
import type { PackPolicy } from "../common/define";
import { asArray, asNumber, asRecord, asString, at, describe } from "../common/read";
import { booleanSetting } from "../common/settings";
import { perContainer } from "./pod-security-baseline";
import { workloadPolicy } from "./workload-policy";

const PSS_URL = "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted";

/** The effective value of a security-context field for a container: its own, else the pod's. */
export function effective(template: { spec: Record<string, unknown> }, sc: Record<string, unknown> | undefined, field: string): unknown {
    return sc?.[field] ?? at(template.spec, "securityContext", field);
}

/** WL-020: run as non-root. */
export const pssRunAsNonRoot = workloadPolicy<{ requireNonRootGroup: boolean }>(
    {
        name: "k8s-pss-run-as-non-root",
        code: "WL-020",
        title: "Containers run as non-root (PSS restricted)",
        severity: "high",
        description:
            "Checks that every container must run as a non-root user (runAsNonRoot true on the pod or on each container, and false nowhere, not even on the pod when every container sets true) and that no runAsUser is 0, as the Pod Security Standards restricted profile requires; with setting requireNonRootGroup (default false; true in staging and prod) also that every container runs with a non-zero runAsGroup and that fsGroup and supplementalGroups hold no 0.",
        remediation: "Set spec.securityContext.runAsNonRoot to true and runAsUser, runAsGroup and fsGroup to non-zero IDs (the Workload component sets them), and never runAsNonRoot: false.",
        url: PSS_URL,
        covers: [
            equivalent("pss", "runAsNonRoot"),
            equivalent("pss", "runAsUser"),
            equivalent("checkov", "CKV_K8S_23"),
            equivalent("trivy", "KSV-0012"),
            equivalent("azurePolicy", "AllowedUsersGroups", "with requireNonRootGroup (prod): non-root user, and group, fsGroup and supplementalGroups from 1 up"),
            stricter("polaris", "runAsRootAllowed"),
            equivalent("kubeLinter", "run-as-non-root", "the root group part needs requireNonRootGroup, on in staging and prod"),
        ],
    },
    (template, settings) => {
        const findings: string[] = [];
        const podNonRoot = at(template.spec, "securityContext", "runAsNonRoot");
        if (podNonRoot === false) findings.push(`${template.path}.securityContext.runAsNonRoot must not be false: Pod Security admission refuses the pod whatever its containers set`);
        if (at(template.spec, "securityContext", "runAsUser") === 0) findings.push(`${template.path}.securityContext.runAsUser must not be 0`);
        if (settings.requireNonRootGroup) {
            const fsGroup = at(template.spec, "securityContext", "fsGroup");
            if (!(asNumber(fsGroup) !== undefined && (asNumber(fsGroup) ?? 0) > 0)) findings.push(`${template.path}.securityContext.fsGroup must be a non-zero group ID (found ${describe(fsGroup)})`);
            const supplemental = asArray(at(template.spec, "securityContext", "supplementalGroups")) ?? [];
            if (supplemental.includes(0)) findings.push(`${template.path}.securityContext.supplementalGroups must not include 0 (the root group)`);
        }
        findings.push(
            ...perContainer(template, (sc) => {
                const problems: string[] = [];
                if (sc?.runAsUser === 0) problems.push("securityContext.runAsUser must not be 0");
                const own = sc?.runAsNonRoot;
                if (own === false) problems.push("must not set securityContext.runAsNonRoot to false");
                else if (own !== true && podNonRoot !== true) problems.push("must run as non-root: set runAsNonRoot to true on the pod or the container");
                if (settings.requireNonRootGroup) {
                    const group = effective(template, sc, "runAsGroup");
                    if (!((asNumber(group) ?? 0) > 0)) problems.push(`must run with a non-zero runAsGroup (pod or container; found ${describe(group)})`);
                }
                return problems.length > 0 ? problems.join(" and ") : undefined;
            }),
        );
        return findings;
    },
    {
        configSchema: { properties: { requireNonRootGroup: { type: "boolean", default: false } } },
        settings: (raw, name) => ({ requireNonRootGroup: booleanSetting(raw, name, "requireNonRootGroup", false) }),
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
        covers: [
            equivalent("pss", "allowPrivilegeEscalation"),
            equivalent("checkov", "CKV_K8S_20"),
            equivalent("trivy", "KSV-0001"),
            equivalent("azurePolicy", "ContainerNoPrivilegeEscalation"),
            equivalent("polaris", "privilegeEscalationAllowed"),
            equivalent("kubeLinter", "privilege-escalation-container"),
        ],
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
        covers: [
            equivalent("pss", "capabilities_restricted"),
            stricter("checkov", "CKV_K8S_28"),
            equivalent("checkov", "CKV_K8S_37"),
            weaker("checkov", "CKV_K8S_25", "lets a container add NET_BIND_SERVICE back after dropping ALL, as the restricted profile does; Checkov fails any added capability"),
            equivalent("trivy", "KSV-0003"),
            stricter("trivy", "KSV-0004"),
            equivalent("polaris", "insecureCapabilities"),
            stricter("kubeLinter", "drop-net-raw-capability"),
        ],
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
        covers: [
            equivalent("pss", "seccompProfile_restricted"),
            stricter("pss", "seccompProfile_baseline"),
            equivalent("checkov", "CKV_K8S_31"),
            equivalent("trivy", "KSV-0030"),
            stricter("polaris", "linuxHardening"),
        ],
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
        covers: [equivalent("pss", "restrictedVolumes"), equivalent("trivy", "KSV-0028")],
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

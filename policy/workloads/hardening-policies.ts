/**
 * Container hardening beyond the Pod Security Standards: a read-only root filesystem, no service-account token
 * where nothing needs it, high user and group IDs, and no secrets written into environment variables or
 * ConfigMaps. See https://kubernetes.io/docs/concepts/security/security-checklist/
 */
import { equivalent, stricter } from "../common/coverage";
import { resourcePolicy, type PackPolicy, type Subject } from "../common/define";
import { asArray, asNumber, asRecord, asString, at, describe } from "../common/read";
import { integerSetting } from "../common/settings";
import { perContainer } from "./pod-security-baseline";
import { effective } from "./pod-security-restricted";
import { containersOf, WORKLOAD_TYPES, workloadLabel, workloadSubjects, type PodTemplate } from "./pod-templates";
import { workloadPolicy } from "./workload-policy";

/** WL-008: read-only root filesystem. */
export const readOnlyRootFilesystem = workloadPolicy(
    {
        name: "k8s-read-only-root-filesystem",
        code: "WL-008",
        title: "Read-only root filesystem",
        severity: "medium",
        description: "Checks that every container and init container sets securityContext.readOnlyRootFilesystem true, so that an intruder cannot change the container's binaries; writes go to emptyDir or volume mounts.",
        remediation: "Set securityContext.readOnlyRootFilesystem: true (the Workload component does) and mount an emptyDir where the process writes (/tmp, caches).",
        url: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
        covers: [
            equivalent("checkov", "CKV_K8S_22"),
            equivalent("trivy", "KSV-0014"),
            equivalent("azurePolicy", "ReadOnlyRootFileSystem"),
            equivalent("kubeScore", "container-security-context-readonlyrootfilesystem"),
            equivalent("polaris", "notReadOnlyRootFilesystem"),
            equivalent("kubeLinter", "no-read-only-root-fs"),
        ],
    },
    (template) => {
        const { containers, problems } = containersOf(template, ["containers", "initContainers"]);
        return [
            ...problems,
            ...containers
                .filter((c) => at(c.container, "securityContext", "readOnlyRootFilesystem") !== true)
                .map((c) => `${c.label} must set securityContext.readOnlyRootFilesystem to true (found ${describe(at(c.container, "securityContext", "readOnlyRootFilesystem"))})`),
        ];
    },
);

/** WL-009: no service-account token unless asked for. */
export const serviceAccountTokenNotMounted = workloadPolicy(
    {
        name: "k8s-service-account-token-not-mounted",
        code: "WL-009",
        title: "Service-account token not mounted",
        severity: "medium",
        description: "Checks that every pod sets automountServiceAccountToken false, so that a compromised container holds no Kubernetes API credentials unless the workload needs them (then exempt it).",
        remediation: "Set spec.automountServiceAccountToken: false (the Workload component does unless serviceAccountToken: true); workloads calling the API mount a projected token explicitly.",
        url: "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting",
        covers: [equivalent("checkov", "CKV_K8S_38"), equivalent("trivy", "KSV-0036"), stricter("azurePolicy", "BlockAutomountToken"), stricter("polaris", "automountServiceAccountToken")],
    },
    (template) => {
        const value = template.spec.automountServiceAccountToken;
        return value === false ? [] : [`${template.path}.automountServiceAccountToken must be false (found ${describe(value)})`];
    },
);

/** WL-025: high user and group IDs. */
export const runAsHighIds = workloadPolicy<{ minUid: number; minGid: number }>(
    {
        name: "k8s-run-as-high-ids",
        code: "WL-025",
        title: "Containers run with high user and group IDs",
        severity: "medium",
        description: "Checks that every container runs with a runAsUser of at least setting minUid and a runAsGroup of at least setting minGid (default 10000 each; pod or container level), so that a process escaping its container matches no user or group of the node.",
        remediation: "Set spec.securityContext.runAsUser and runAsGroup to IDs from 10000 up (the Workload component uses 65532, distroless's nonroot user) and build images that run as that user.",
        url: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
        covers: [equivalent("checkov", "CKV_K8S_40"), equivalent("trivy", "KSV-0020"), equivalent("trivy", "KSV-0021"), equivalent("kubeScore", "container-security-context-user-group-id")],
    },
    (template, settings) =>
        perContainer(template, (sc) => {
            const problems: string[] = [];
            const uid = effective(template, sc, "runAsUser");
            const gid = effective(template, sc, "runAsGroup");
            if (!((asNumber(uid) ?? -1) >= settings.minUid)) problems.push(`runAsUser must be at least ${settings.minUid} (found ${describe(uid)})`);
            if (!((asNumber(gid) ?? -1) >= settings.minGid)) problems.push(`runAsGroup must be at least ${settings.minGid} (found ${describe(gid)})`);
            return problems.length > 0 ? problems.join(" and ") : undefined;
        }),
    {
        configSchema: { properties: { minUid: { type: "integer", minimum: 1, default: 10000 }, minGid: { type: "integer", minimum: 1, default: 10000 } } },
        settings: (raw, name) => ({ minUid: integerSetting(raw, name, "minUid", 10000, 1), minGid: integerSetting(raw, name, "minGid", 10000, 1) }),
    },
);

const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

/** Names that mark a value as a credential (Polaris `sensitiveContainerEnvVar`, kube-linter `env-var-secret`). */
const SENSITIVE_NAME = /^AWS_SECRET_ACCESS_KEY$|^GOOGLE_APPLICATION_CREDENTIALS$|^AZURE_.+KEY$|^OCI_CLI_KEY_CONTENT$|password|secret|token|bearer/i;
/** A PEM private key in a value. */
const PRIVATE_KEY = /-BEGIN\s+.*PRIVATE KEY-/i;

function literalSecrets(template: PodTemplate): string[] {
    const { containers, problems } = containersOf(template, ["containers", "initContainers", "ephemeralContainers"]);
    const findings = [...problems];
    for (const c of containers) {
        for (const e of asArray(c.container.env) ?? []) {
            const name = asString(at(e, "name")) ?? "";
            const value = asString(at(e, "value"));
            if (value === undefined || value === "") continue;
            if (SENSITIVE_NAME.test(name)) findings.push(`${c.label} sets ${name} as a literal value; read it from a Secret (valueFrom.secretKeyRef) or a mounted file`);
            else if (PRIVATE_KEY.test(value)) findings.push(`${c.label} puts a private key in environment variable ${name}; mount it from a Secret`);
        }
    }
    return findings;
}

/** WL-027: credentials stay in Secrets. */
export const noLiteralSecrets = resourcePolicy({
    doc: {
        name: "k8s-no-literal-secrets",
        code: "WL-027",
        title: "Credentials not written into env or ConfigMaps",
        severity: "high",
        description:
            "Checks that no container sets an environment variable whose name marks a credential (password, secret, token, bearer, AZURE_…KEY, AWS_SECRET_ACCESS_KEY, …) to a literal value or carries a private key, and that no ConfigMap holds such a key or a private key: they end up in the stack's state, the manifests and the pod spec in clear text.",
        remediation: "Put the value in a Secret (or Key Vault through the secrets store CSI driver) and reference it with valueFrom.secretKeyRef or a volume.",
        url: "https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets",
        covers: [equivalent("polaris", "sensitiveContainerEnvVar"), equivalent("polaris", "sensitiveConfigmapContent"), stricter("kubeLinter", "env-var-secret")],
    },
    types: [...WORKLOAD_TYPES, CONFIG_MAP],
    subjects: (args): Subject[] => (args.type === CONFIG_MAP ? [{ label: workloadLabel(args.type, args.props, args.name), value: args.props }] : workloadSubjects(args)),
    check: (subject, _settings, args) => {
        if (args.type !== CONFIG_MAP) return literalSecrets(subject.value as PodTemplate);
        const data = { ...asRecord(at(subject.value, "data")) };
        const findings: string[] = [];
        for (const [key, value] of Object.entries(data)) {
            if (SENSITIVE_NAME.test(key)) findings.push(`data key ${key} names a credential; keep it in a Secret`);
            else if (typeof value === "string" && PRIVATE_KEY.test(value)) findings.push(`data key ${key} holds a private key; keep it in a Secret`);
        }
        return findings;
    },
});

/** The hardening policies, in code order. */
export const hardeningPolicies: readonly PackPolicy[] = [readOnlyRootFilesystem, serviceAccountTokenNotMounted, runAsHighIds, noLiteralSecrets];

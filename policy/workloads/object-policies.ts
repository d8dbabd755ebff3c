/**
 * Kubernetes objects that deploy as declared: references that resolve inside the stack (Services, NetworkPolicies
 * and Ingresses to pods and Services, StatefulSets to their headless Service, pods to their ServiceAccount), API
 * versions the cluster still serves, selectors that select their own template, valid labels and port names,
 * recommended labels, least-privilege RBAC, and Helm releases the pack can see into.
 */
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { equivalent, stricter } from "../common/coverage";
import { resourcePolicy, stackPolicy, type PackPolicy, type StackFinding, type Subject } from "../common/define";
import { asArray, asRecord, asString, asStringMap, at, describe } from "../common/read";
import { compileSelector, mapSelector } from "../common/selectors";
import { SYSTEM_NAMESPACES } from "../../config/rules/namespace-rules";
import { resourceKindOf } from "../resource-types/resource-kinds";
import { TYPE_TOKENS } from "../resource-types/type-tokens";
import { INGRESS, NETWORK_POLICY, SERVICE } from "./network-policies";
import { containersOf, CONTROLLER_TYPES, podTemplateOf, REPLICATION_CONTROLLER, STATEFUL_SET, workloadLabel, workloadSubjects, WORKLOAD_TYPES, JOB, type PodTemplate } from "./pod-templates";

const SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount";
const RBAC = "kubernetes:rbac.authorization.k8s.io/v1";
const ROLE = `${RBAC}:Role`;
const CLUSTER_ROLE = `${RBAC}:ClusterRole`;
const ROLE_BINDING = `${RBAC}:RoleBinding`;
const CLUSTER_ROLE_BINDING = `${RBAC}:ClusterRoleBinding`;
const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/** Every whole-object Kubernetes type the pack knows (the canonical tokens, not the Patch kinds). */
export const KUBERNETES_TYPES: readonly string[] = Object.keys(TYPE_TOKENS).filter((t) => t.startsWith("kubernetes:") && resourceKindOf(t)?.patch === false && t !== HELM_RELEASE);

function namespaceOf(r: PolicyResource): string {
    return asString(at(r.props, "metadata", "namespace")) ?? "default";
}

function nameOf(r: PolicyResource): string {
    return asString(at(r.props, "metadata", "name")) ?? r.name;
}

function label(r: PolicyResource): string {
    return workloadLabel(r.type, r.props, r.name);
}

/** The pod templates' labels of the stack's workloads in a namespace. */
function podLabelsIn(resources: readonly PolicyResource[], namespace: string): Record<string, string>[] {
    return resources.flatMap((r) => {
        if (!WORKLOAD_TYPES.includes(r.type) || namespaceOf(r) !== namespace) return [];
        const template = podTemplateOf(r.type, r.props);
        return "problem" in template ? [] : [asStringMap(template.metadata?.labels) ?? {}];
    });
}

/** The Service names an Ingress sends traffic to. */
function ingressBackends(ingress: unknown): string[] {
    const names = [asString(at(ingress, "spec", "defaultBackend", "service", "name"))];
    for (const rule of asArray(at(ingress, "spec", "rules")) ?? []) {
        for (const path of asArray(at(rule, "http", "paths")) ?? []) names.push(asString(at(path, "backend", "service", "name")));
    }
    return [...new Set(names.filter((n): n is string => n !== undefined))];
}

/** WL-043: references resolve inside the stack. */
export const referencesResolve = stackPolicy({
    doc: {
        name: "k8s-references-resolve",
        code: "WL-043",
        title: "References resolve to declared objects",
        severity: "medium",
        description:
            "Checks that what objects name exists in the stack, in their namespace: every Service with a selector selects some workload's pods, every NetworkPolicy selects some pods, every Ingress backend is a Service, every StatefulSet's serviceName is a headless Service, and every serviceAccountName other than default is a ServiceAccount. System namespaces are not judged; an object managed elsewhere needs an exemption.",
        remediation: "Fix the name or selector, or declare the missing object in the stack (or exempt the reference with a reason when another stack owns the target).",
        url: "https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors",
        covers: [
            equivalent("kubeScore", "service-targets-pod"),
            equivalent("kubeScore", "networkpolicy-targets-pod"),
            equivalent("kubeScore", "ingress-targets-service"),
            equivalent("kubeScore", "statefulset-has-servicename"),
            equivalent("kubeLinter", "dangling-service"),
            equivalent("kubeLinter", "non-existent-service-account"),
        ],
    },
    check: (resources, _settings, ledger) => {
        const findings: StackFinding[] = [];
        const judged = resources.filter((r) => !SYSTEM_NAMESPACES.includes(namespaceOf(r)));
        const services = resources.filter((r) => r.type === SERVICE);
        for (const s of judged.filter((r) => r.type === SERVICE)) {
            ledger.guard(() => {
                const selector = asStringMap(at(s.props, "spec", "selector"));
                if (selector === undefined || Object.keys(selector).length === 0 || at(s.props, "spec", "type") === "ExternalName") return;
                if (!podLabelsIn(resources, namespaceOf(s)).some((labels) => mapSelector(selector).matches(labels))) {
                    findings.push({ urn: s.urn, message: `${label(s)}: spec.selector ${describe(selector)} selects no pods of a workload the stack declares in namespace ${namespaceOf(s)}` });
                }
            });
        }
        for (const p of judged.filter((r) => r.type === NETWORK_POLICY)) {
            ledger.guard(() => {
                const selector = compileSelector(at(p.props, "spec", "podSelector"), label(p), "spec.podSelector");
                if ("problem" in selector) findings.push({ urn: p.urn, message: `${label(p)}: ${selector.problem}` });
                else if (!podLabelsIn(resources, namespaceOf(p)).some((labels) => selector.matches(labels))) {
                    findings.push({ urn: p.urn, message: `${label(p)}: spec.podSelector selects no pods of a workload the stack declares in namespace ${namespaceOf(p)}` });
                }
            });
        }
        for (const i of judged.filter((r) => r.type === INGRESS)) {
            ledger.guard(() => {
                for (const backend of ingressBackends(i.props)) {
                    if (!services.some((s) => namespaceOf(s) === namespaceOf(i) && nameOf(s) === backend)) {
                        findings.push({ urn: i.urn, message: `${label(i)}: backend Service "${backend}" is not declared in namespace ${namespaceOf(i)}` });
                    }
                }
            });
        }
        for (const w of judged.filter((r) => WORKLOAD_TYPES.includes(r.type))) {
            ledger.guard(() => {
                if (w.type === STATEFUL_SET) {
                    const serviceName = asString(at(w.props, "spec", "serviceName"));
                    const headless = services.some((s) => namespaceOf(s) === namespaceOf(w) && nameOf(s) === serviceName && at(s.props, "spec", "clusterIP") === "None");
                    if (!headless) findings.push({ urn: w.urn, message: `${label(w)}: spec.serviceName ${describe(serviceName)} names no headless Service (clusterIP None) declared in namespace ${namespaceOf(w)}` });
                }
                const template = podTemplateOf(w.type, w.props);
                if ("problem" in template) return;
                const account = asString(template.spec.serviceAccountName);
                if (account !== undefined && account !== "default" && !resources.some((r) => r.type === SERVICE_ACCOUNT && namespaceOf(r) === namespaceOf(w) && nameOf(r) === account)) {
                    findings.push({ urn: w.urn, message: `${label(w)}: ${template.path}.serviceAccountName "${account}" names no ServiceAccount declared in namespace ${namespaceOf(w)}` });
                }
            });
        }
        return findings;
    },
});

/** Whether a registered module (group/version) is one Kubernetes no longer serves: an alpha or beta version, or `extensions`. */
export function isRemovedApi(module: string): boolean {
    const [group, version] = module.split("/");
    return version !== undefined && (group === "extensions" || /^v\d+(alpha|beta)\d*$/.test(version));
}

/** WL-044: API versions the cluster serves, no deprecated fields. */
export const stableApiVersions = stackPolicy({
    doc: {
        name: "k8s-stable-api-versions",
        code: "WL-044",
        title: "Stable API versions, no deprecated fields",
        severity: "high",
        description:
            "Checks that no Kubernetes object is registered under an alpha or beta API version or the extensions group (every such version of the kinds the pack knows was removed by Kubernetes 1.26 and AKS refuses them), and that no pod template uses the deprecated serviceAccount field.",
        remediation: "Register the object with its stable class (apps/v1 Deployment, policy/v1 PodDisruptionBudget, autoscaling/v2 HorizontalPodAutoscaler, networking.k8s.io/v1 Ingress, …) and use serviceAccountName.",
        url: "https://kubernetes.io/docs/reference/using-api/deprecation-guide/",
        covers: [stricter("kubeScore", "stable-version"), stricter("kubeLinter", "no-extensions-v1beta"), equivalent("kubeLinter", "deprecated-service-account-field")],
    },
    check: (_view, _settings, ledger, args: StackValidationArgs) => {
        const findings: StackFinding[] = [];
        for (const r of args.resources) {
            const kind = resourceKindOf(r.type);
            const module = kind?.module ?? r.type.split(":")[1] ?? "";
            if (r.type.startsWith("kubernetes:") && isRemovedApi(module)) {
                const replacement = kind === undefined ? "" : `; use ${kind.canonical.split(":")[1]}`;
                findings.push({ urn: r.urn, message: `${label(r)}: is registered as ${r.type}; Kubernetes no longer serves ${module}${replacement}` });
            }
            const base = kind?.canonical;
            if (base !== undefined && WORKLOAD_TYPES.includes(base)) {
                ledger.guard(() => {
                    const template = podTemplateOf(r.type, r.props);
                    if ("problem" in template || template.spec.serviceAccount === undefined) return;
                    findings.push({ urn: r.urn, message: `${label(r)}: ${template.path}.serviceAccount is deprecated; use serviceAccountName` });
                });
            }
        }
        return findings;
    },
});

/** WL-045: controllers select their own template. */
export const selectorMatchesTemplate = resourcePolicy({
    doc: {
        name: "k8s-selector-matches-template",
        code: "WL-045",
        title: "Selectors select their own pod template",
        severity: "high",
        description:
            "Checks that every Deployment, StatefulSet, DaemonSet, ReplicaSet and ReplicationController (and a Job with a manual selector) has a selector that selects its own pod template's labels; the API server refuses the object otherwise, so the deploy fails.",
        remediation: "Make spec.selector.matchLabels a subset of spec.template.metadata.labels (the Workload component uses the same labels for both).",
        url: "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector",
        covers: [
            equivalent("kubeScore", "deployment-pod-selector-labels-match-template-metadata-labels"),
            equivalent("kubeScore", "statefulset-pod-selector-labels-match-template-metadata-labels"),
            equivalent("kubeLinter", "mismatching-selector"),
        ],
    },
    types: CONTROLLER_TYPES.filter((t) => !t.includes(":batch/v1:CronJob")),
    subjects: workloadSubjects,
    check: (subject, _settings, args) => {
        const template = subject.value as PodTemplate;
        const labels = asStringMap(template.metadata?.labels) ?? {};
        const raw = at(args.props, "spec", "selector");
        if (args.type === JOB && raw === undefined) return [];
        if (args.type === REPLICATION_CONTROLLER) {
            const map = asStringMap(raw);
            return map === undefined || mapSelector(map).matches(labels) ? [] : [`spec.selector ${describe(raw)} does not select the pod template's labels ${describe(labels)}`];
        }
        const selector = compileSelector(raw, subject.label, "spec.selector");
        if ("problem" in selector) return [selector.problem];
        return selector.matches(labels) ? [] : [`spec.selector does not select the pod template's labels ${describe(labels)}, so the API server refuses it`];
    },
});

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** What is wrong with one label, if anything (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set). */
export function labelProblem(key: string, value: unknown): string | undefined {
    const slash = key.lastIndexOf("/");
    const prefix = slash < 0 ? undefined : key.slice(0, slash);
    const name = slash < 0 ? key : key.slice(slash + 1);
    if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return `key "${key}" has an invalid prefix (a DNS subdomain of at most 253 characters)`;
    if (name.length > 63 || !LABEL_NAME.test(name)) return `key "${key}" has an invalid name (at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric)`;
    if (typeof value !== "string") return `value of "${key}" must be a string (found ${describe(value)})`;
    if (value !== "" && (value.length > 63 || !LABEL_NAME.test(value))) return `value of "${key}" is not a valid label value (at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric): ${describe(value)}`;
    return undefined;
}

/** WL-046: valid labels. */
export const labelsValid = resourcePolicy({
    doc: {
        name: "k8s-labels-valid",
        code: "WL-046",
        title: "Labels are valid",
        severity: "medium",
        description: "Checks that every label key and value on a Kubernetes object and on its pod template follows Kubernetes' syntax; the API server refuses the object otherwise, so the deploy fails.",
        remediation: "Shorten the label to 63 characters and use only letters, digits, \"-\", \"_\" and \".\" (starting and ending with a letter or digit).",
        url: "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set",
        covers: [stricter("kubeScore", "label-values")],
    },
    types: KUBERNETES_TYPES,
    subjects: (args): Subject[] => [{ label: workloadLabel(args.type, args.props, args.name), value: args.props }],
    check: (subject, _settings, args) => {
        const places: [string, unknown][] = [["metadata.labels", at(subject.value, "metadata", "labels")]];
        if (WORKLOAD_TYPES.includes(args.type) && args.type !== "kubernetes:core/v1:Pod") {
            const template = podTemplateOf(args.type, subject.value);
            if (!("problem" in template)) places.push([template.path.replace(/spec$/, "metadata.labels"), template.metadata?.labels]);
        }
        const findings: string[] = [];
        for (const [where, labels] of places) {
            if (labels === undefined) continue;
            const record = asRecord(labels);
            if (record === undefined) {
                findings.push(`${where} must map keys to values (found ${describe(labels)})`);
                continue;
            }
            for (const [key, value] of Object.entries(record)) {
                const problem = labelProblem(key, value);
                if (problem !== undefined) findings.push(`${where}: ${problem}`);
            }
        }
        return findings;
    },
});

/** The recommended labels (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */
const NAME_LABEL = "app.kubernetes.io/name";
const INSTANCE_LABEL = "app.kubernetes.io/instance";

/** WL-047: recommended labels. */
export const recommendedLabels = resourcePolicy({
    doc: {
        name: "k8s-recommended-labels",
        code: "WL-047",
        title: "Controllers carry the recommended labels",
        severity: "low",
        description: "Checks that every controller (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob) carries app.kubernetes.io/name and app.kubernetes.io/instance labels, the instance label equal to the object's name, so that tools and selectors find the application's objects.",
        remediation: "Add metadata.labels app.kubernetes.io/name (the application) and app.kubernetes.io/instance (the object's name); the Workload component does.",
        url: "https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/",
        covers: [stricter("polaris", "metadataAndInstanceMismatched")],
        references: ["Pulumi compliance-ready kubernetes-*-configure-recommended-labels"],
    },
    types: CONTROLLER_TYPES,
    subjects: (args) => (workloadSubjects(args).length === 0 ? [] : [{ label: workloadLabel(args.type, args.props, args.name), value: args.props }]),
    check: (subject) => {
        const labels = asStringMap(at(subject.value, "metadata", "labels")) ?? {};
        const name = asString(at(subject.value, "metadata", "name"));
        const findings: string[] = [];
        if (labels[NAME_LABEL] === undefined) findings.push(`metadata.labels must set ${NAME_LABEL}`);
        if (name === undefined) findings.push(`metadata.name must be set for ${INSTANCE_LABEL} to match it (Pulumi's auto-naming adds a suffix)`);
        else if (labels[INSTANCE_LABEL] !== name) findings.push(`metadata.labels ${INSTANCE_LABEL} must equal metadata.name "${name}" (found ${describe(labels[INSTANCE_LABEL])})`);
        return findings;
    },
});

/** IANA service names, which named ports must be (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports). */
const IANA_SVC_NAME = /^(?=.*[a-z])(?!.*--)[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;
const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"];

/** WL-048: container ports. */
export const containerPortsSound = resourcePolicy({
    doc: {
        name: "k8s-container-ports-sound",
        code: "WL-048",
        title: "Probe ports declared, port names valid, no SSH port",
        severity: "medium",
        description:
            "Checks that every probe (liveness, readiness, startup) targets a port its container declares (by name or number), that container port names and Service target port names are valid IANA service names (at most 15 lowercase letters, digits or \"-\"), and that no container exposes port 22.",
        remediation: "Declare the probed port in the container's ports (with the name the probe uses), rename ports to valid service names, and do not run SSH in workloads.",
        url: "https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/",
        covers: [
            equivalent("kubeLinter", "liveness-port"),
            equivalent("kubeLinter", "readiness-port"),
            equivalent("kubeLinter", "startup-port"),
            equivalent("kubeLinter", "invalid-target-ports"),
            equivalent("kubeLinter", "ssh-port"),
        ],
    },
    types: [...WORKLOAD_TYPES, SERVICE],
    subjects: (args): Subject[] => (args.type === SERVICE ? [{ label: workloadLabel(args.type, args.props, args.name), value: args.props }] : workloadSubjects(args)),
    check: (subject, _settings, args) => {
        if (args.type === SERVICE) {
            return (asArray(at(subject.value, "spec", "ports")) ?? []).flatMap((p, i) => {
                const target = at(p, "targetPort");
                return typeof target === "string" && !IANA_SVC_NAME.test(target) ? [`spec.ports[${i}].targetPort "${target}" is not a valid port name (IANA service name)`] : [];
            });
        }
        const { containers, problems } = containersOf(subject.value as PodTemplate, ["containers", "initContainers"]);
        const findings = [...problems];
        for (const c of containers) {
            const ports = asArray(c.container.ports) ?? [];
            const names = new Set(ports.map((p) => asString(at(p, "name"))).filter((n): n is string => n !== undefined));
            const numbers = new Set(ports.map((p) => at(p, "containerPort")));
            for (const name of names) if (!IANA_SVC_NAME.test(name)) findings.push(`${c.label} port name "${name}" is not a valid IANA service name`);
            if (ports.some((p) => at(p, "containerPort") === 22 && (asString(at(p, "protocol")) ?? "TCP") === "TCP")) findings.push(`${c.label} exposes port 22, the SSH port`);
            for (const probe of PROBES) {
                for (const handler of ["httpGet", "tcpSocket", "grpc"]) {
                    const port = at(c.container, probe, handler, "port");
                    if (port === undefined) continue;
                    const declared = typeof port === "string" ? names.has(port) : numbers.has(port);
                    if (!declared) findings.push(`${c.label} ${probe} targets port ${describe(port)}, which the container does not declare in ports`);
                }
            }
        }
        return findings;
    },
});

/** Whether a rule grants exec into or attach to pods (Polaris `clusterrolePodExecAttach.yaml`). */
function grantsExec(rule: unknown): boolean {
    const has = (field: string, values: string[]) => (asArray(at(rule, field)) ?? []).some((v) => values.includes(asString(v) ?? "\u0000"));
    return has("apiGroups", ["", "*"]) && has("resources", ["*", "pods/exec", "pods/attach"]) && has("verbs", ["*", "get", "create"]);
}

/** Built-in ClusterRoles that grant exec (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles). */
const BUILT_IN_EXEC_ROLES = ["cluster-admin", "admin", "edit"];

/** WL-049: least-privilege RBAC. */
export const rbacLeastPrivilege = stackPolicy({
    doc: {
        name: "k8s-rbac-least-privilege",
        code: "WL-049",
        title: "RBAC grants no exec, attach or cluster-admin",
        severity: "high",
        description:
            "Checks that no Role or ClusterRole grants pods/exec or pods/attach (verbs get, create or *), that no binding gives such a role (or the built-in admin or edit) and that none binds cluster-admin; a binding to a ClusterRole the stack does not declare is reported too, as its rules cannot be checked. Names starting system: are Kubernetes' own and not judged.",
        remediation: "Grant only the verbs and resources the subject needs; run debugging through break-glass access (Entra ID admin group) instead of standing exec rights.",
        url: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
        covers: [
            equivalent("polaris", "clusterrolePodExecAttach"),
            equivalent("polaris", "rolePodExecAttach"),
            equivalent("polaris", "clusterrolebindingPodExecAttach"),
            equivalent("polaris", "rolebindingClusterRolePodExecAttach"),
            equivalent("polaris", "rolebindingRolePodExecAttach"),
            equivalent("polaris", "clusterrolebindingClusterAdmin"),
            equivalent("polaris", "rolebindingClusterAdminClusterRole"),
            equivalent("polaris", "rolebindingClusterAdminRole"),
        ],
    },
    check: (resources, _settings, ledger) => {
        const findings: StackFinding[] = [];
        const own = (r: PolicyResource) => !nameOf(r).startsWith("system:");
        const roles = resources.filter((r) => r.type === ROLE || r.type === CLUSTER_ROLE);
        for (const role of roles.filter(own)) {
            ledger.guard(() => {
                if ((asArray(at(role.props, "rules")) ?? []).some(grantsExec)) findings.push({ urn: role.urn, message: `${label(role)}: grants pods/exec or pods/attach` });
            });
        }
        for (const binding of resources.filter((r) => (r.type === ROLE_BINDING || r.type === CLUSTER_ROLE_BINDING) && own(r))) {
            ledger.guard(() => {
                const refKind = asString(at(binding.props, "roleRef", "kind"));
                const refName = asString(at(binding.props, "roleRef", "name")) ?? "";
                if (refName === "cluster-admin") {
                    findings.push({ urn: binding.urn, message: `${label(binding)}: binds ${refKind ?? "role"} cluster-admin` });
                    return;
                }
                const target = roles.find((r) => (refKind === "ClusterRole" ? r.type === CLUSTER_ROLE : r.type === ROLE && namespaceOf(r) === namespaceOf(binding)) && nameOf(r) === refName);
                if (target !== undefined) {
                    if ((asArray(at(target.props, "rules")) ?? []).some(grantsExec)) findings.push({ urn: binding.urn, message: `${label(binding)}: binds ${refKind} ${refName}, which grants pods/exec or pods/attach` });
                } else if (refKind === "ClusterRole" && BUILT_IN_EXEC_ROLES.includes(refName)) {
                    findings.push({ urn: binding.urn, message: `${label(binding)}: binds the built-in ClusterRole ${refName}, which grants pods/exec` });
                } else if (refKind === "ClusterRole" && !refName.startsWith("system:")) {
                    findings.push({ urn: binding.urn, message: `${label(binding)}: binds ClusterRole ${refName}, which the stack does not declare, so its rules cannot be checked` });
                }
            });
        }
        return findings;
    },
});

/** WL-050: Helm releases the pack can judge. */
export const helmReleasesRendered = resourcePolicy({
    doc: {
        name: "k8s-helm-releases-rendered",
        code: "WL-050",
        title: "Helm charts rendered where the pack can judge them",
        severity: "medium",
        description:
            "Checks that the stack installs no Helm chart as a helm.sh/v3 Release: the provider renders and installs a Release's manifests itself, so no preview shows its Deployments, and none of the workload, Pod Security or scheduling policies can judge them. A helm.v4.Chart renders the chart at preview and registers every object, which the pack then judges.",
        remediation: "Use kubernetes.helm.v4.Chart (or v3 Chart) instead of helm.v3.Release; exempt a Release you have reviewed, with the reason and an expiry.",
        url: "https://www.pulumi.com/registry/packages/kubernetes/api-docs/helm/v4/chart/",
        covers: [],
    },
    types: [HELM_RELEASE],
    subjects: (args) => [{ label: `Release "${asString(at(args.props, "namespace")) ?? "default"}/${asString(at(args.props, "name")) ?? args.name}"`, value: args.props }],
    check: (subject) => [`installs chart ${describe(at(subject.value, "chart"))} out of the pack's sight: none of its objects is judged; use helm.v4.Chart or exempt the release`],
});

/** The object policies, in code order. */
export const objectPolicies: readonly PackPolicy[] = [referencesResolve, stableApiVersions, selectorMatchesTemplate, labelsValid, recommendedLabels, containerPortsSound, rbacLeastPrivilege, helmReleasesRendered];

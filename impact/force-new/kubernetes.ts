/**
 * The force-new table of the Kubernetes kinds: pulumi-kubernetes replaces an object when one of its forceNew
 * fields changes (`provider/pkg/provider/diff.go`, matched against the JSON patch of the inputs), and always
 * when `metadata.name` or `metadata.namespace` changes. The `refused` entries are fields the API server keeps
 * immutable that the provider does not force: the update fails (kubernetes/kubernetes `pkg/apis/<group>/validation/validation.go`).
 *
 * Kinds not listed here get the metadata entries only, as the provider gives them.
 */
import type { ForceNewRule, TypeTable } from "./rule";
import type { SourceId } from "./sources";

/** The entries every Kubernetes kind has. */
export const KUBERNETES_METADATA_RULES: readonly ForceNewRule[] = [
    { path: "metadata.name", effect: "replace", source: "kubernetesProviderForceNew" },
    { path: "metadata.namespace", effect: "replace", source: "kubernetesProviderForceNew" },
];

const provider = (paths: string[]): ForceNewRule[] => paths.map((path) => ({ path, effect: "replace", source: "kubernetesProviderForceNew" }));

function table(type: string, rules: ForceNewRule[]): TypeTable {
    return { type, provider: "kubernetes", rules: [...KUBERNETES_METADATA_RULES, ...rules] };
}

/** The Kubernetes part of the table: the kinds the program registers, and Job and PersistentVolumeClaim. */
export const KUBERNETES_TABLES: readonly TypeTable[] = [
    table("kubernetes:apps/v1:Deployment", provider(["spec.selector"])),
    table("kubernetes:apps/v1:DaemonSet", provider(["spec.selector"])),
    table("kubernetes:apps/v1:StatefulSet", [
        ...provider(["spec.podManagementPolicy", "spec.revisionHistoryLimit", "spec.selector", "spec.serviceName", "spec.volumeClaimTemplates"]),
    ]),
    table("kubernetes:batch/v1:Job", [
        ...provider(["spec.completions", "spec.parallelism", "spec.selector", "spec.template"]),
        { path: "spec.completionMode", effect: "refused", source: "k8sJobValidation" },
    ]),
    table("kubernetes:core/v1:Service", provider(["spec.clusterIP"])),
    table("kubernetes:core/v1:PersistentVolumeClaim", [
        ...provider(["spec.accessModes", "spec.selector", "spec.storageClassName", "spec.volumeName"]),
        { path: "spec.volumeMode", effect: "refused", source: "k8sPvcValidation" },
        { path: "spec.dataSource", effect: "refused", source: "k8sPvcValidation" },
        { path: "spec.dataSourceRef", effect: "refused", source: "k8sPvcValidation" },
    ]),
    table("kubernetes:core/v1:Namespace", []),
    table("kubernetes:networking.k8s.io/v1:NetworkPolicy", []),
    table("kubernetes:policy/v1:PodDisruptionBudget", []),
    table("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", []),
];

/** The API validation each provider entry agrees with, for the docs: the provider replaces what the API forbids. */
export const KUBERNETES_API_AGREEMENT: Readonly<Record<string, SourceId>> = {
    "kubernetes:apps/v1:Deployment spec.selector": "k8sSelectorValidation",
    "kubernetes:apps/v1:DaemonSet spec.selector": "k8sSelectorValidation",
    "kubernetes:apps/v1:StatefulSet spec.selector": "k8sStatefulSetValidation",
    "kubernetes:apps/v1:StatefulSet spec.serviceName": "k8sStatefulSetValidation",
    "kubernetes:apps/v1:StatefulSet spec.volumeClaimTemplates": "k8sStatefulSetValidation",
    "kubernetes:apps/v1:StatefulSet spec.podManagementPolicy": "k8sStatefulSetValidation",
    "kubernetes:batch/v1:Job spec.template": "k8sJobValidation",
    "kubernetes:batch/v1:Job spec.selector": "k8sJobValidation",
    "kubernetes:batch/v1:Job spec.completions": "k8sJobValidation",
    "kubernetes:core/v1:Service spec.clusterIP": "k8sServiceValidation",
    "kubernetes:core/v1:PersistentVolumeClaim spec.accessModes": "k8sPvcValidation",
    "kubernetes:core/v1:PersistentVolumeClaim spec.storageClassName": "k8sPvcValidation",
};

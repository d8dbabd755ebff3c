/**
 * Network exposure of workloads: every workload's pods isolated by NetworkPolicies in both directions (the
 * default-deny policies `components/namespaces.ts` creates count), Services not exposed on node ports, external
 * IPs or public load balancers unless allowed, and Ingresses served over TLS.
 * See https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import type { PolicyResource } from "@pulumi/policy";
import { equivalent, stricter } from "../common/coverage";
import { resourcePolicy, stackPolicy, UnknownLedger, type PackPolicy, type StackFinding } from "../common/define";
import { asArray, asString, asStringMap, at, describe, enumIn } from "../common/read";
import { compileSelector } from "../common/selectors";
import { booleanSetting } from "../common/settings";
import { SYSTEM_NAMESPACES } from "../../config/rules/namespace-rules";
import { podTemplateOf, workloadLabel, WORKLOAD_TYPES } from "./pod-templates";

/** Pulumi type token of a `networking.k8s.io/v1` NetworkPolicy. */
export const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
/** Pulumi type token of a `v1` Service. */
export const SERVICE = "kubernetes:core/v1:Service";
/** Pulumi type token of a `networking.k8s.io/v1` Ingress. */
export const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";

/** The annotation that keeps an AKS LoadBalancer Service on an internal load balancer (https://learn.microsoft.com/azure/aks/internal-lb). */
export const INTERNAL_LB_ANNOTATION = "service.beta.kubernetes.io/azure-load-balancer-internal";

function namespaceOf(r: PolicyResource): string {
    return asString(at(r.props, "metadata", "namespace")) ?? "default";
}

/** The directions a NetworkPolicy isolates (kube-score `score/networkpolicy/networkpolicy.go`: no policyTypes means Ingress, plus Egress when it has egress rules). */
export function isolatedDirections(policy: unknown): { ingress: boolean; egress: boolean } {
    const types = asArray(at(policy, "spec", "policyTypes"));
    if (types === undefined || types.length === 0) return { ingress: true, egress: (asArray(at(policy, "spec", "egress")) ?? []).length > 0 };
    return { ingress: types.includes("Ingress"), egress: types.includes("Egress") };
}

/** WL-040: every workload's pods are isolated in both directions. */
export const networkPolicyCoverage = stackPolicy({
    doc: {
        name: "k8s-network-policy-coverage",
        code: "WL-040",
        title: "Pods isolated by NetworkPolicies both ways",
        severity: "high",
        description:
            "Checks that the pods of every workload outside the system namespaces are selected, in their namespace, by NetworkPolicies isolating both Ingress and Egress (a default-deny policy with podSelector {} counts), so that no pod accepts or opens connections the platform did not declare.",
        remediation: "Declare the namespace in aks-platform:namespaces or give the workload a namespace: the program adds a default-deny NetworkPolicy and the allow rules the workloads declare (components/namespaces.ts).",
        url: "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies",
        covers: [equivalent("kubeScore", "pod-networkpolicy"), stricter("polaris", "missingNetworkPolicy"), stricter("trivy", "KSV-0038")],
    },
    check: (resources, _settings, ledger) => {
        const policies: { namespace: string; selects: (labels: Record<string, string>) => boolean; ingress: boolean; egress: boolean }[] = [];
        const undecided: (string | undefined)[] = [];
        for (const p of resources.filter((r) => r.type === NETWORK_POLICY)) {
            const read = ledger.guard(() => {
                const selector = compileSelector(at(p.props, "spec", "podSelector"), workloadLabel(p.type, p.props, p.name), "spec.podSelector");
                return { namespace: namespaceOf(p), selects: "matches" in selector ? selector.matches : () => false, ...isolatedDirections(p.props) };
            });
            if (read !== undefined) policies.push(read);
            else {
                const probe = new UnknownLedger();
                undecided.push(probe.guard(() => namespaceOf(p)));
            }
        }
        const findings: StackFinding[] = [];
        for (const w of resources.filter((r) => WORKLOAD_TYPES.includes(r.type))) {
            ledger.guard(() => {
                const namespace = namespaceOf(w);
                if (SYSTEM_NAMESPACES.includes(namespace) || undecided.some((ns) => ns === undefined || ns === namespace)) return;
                const template = podTemplateOf(w.type, w.props);
                if ("problem" in template) return;
                const labels = asStringMap(template.metadata?.labels) ?? {};
                const selecting = policies.filter((p) => p.namespace === namespace && p.selects(labels));
                const missing = [...(selecting.some((p) => p.ingress) ? [] : ["Ingress"]), ...(selecting.some((p) => p.egress) ? [] : ["Egress"])];
                if (missing.length > 0) {
                    findings.push({ urn: w.urn, message: `${workloadLabel(w.type, w.props, w.name)}: no NetworkPolicy in namespace ${namespace} isolates its pods for ${missing.join(" and ")}; add a default-deny policy (podSelector {}, policyTypes Ingress and Egress)` });
                }
            });
        }
        return findings;
    },
});

/** WL-041: Services not exposed beyond the cluster's network. */
export const servicesNotExposed = resourcePolicy<{ allowPublicLoadBalancers: boolean }>({
    doc: {
        name: "k8s-services-not-exposed",
        code: "WL-041",
        title: "Services not exposed on nodes or public IPs",
        severity: "high",
        description:
            "Checks that no Service is of type NodePort or sets externalIPs, and that every LoadBalancer Service stays on AKS's internal load balancer (annotation service.beta.kubernetes.io/azure-load-balancer-internal: \"true\") unless setting allowPublicLoadBalancers is true (default false).",
        remediation: "Use ClusterIP behind an ingress controller, or annotate the LoadBalancer Service with service.beta.kubernetes.io/azure-load-balancer-internal: \"true\"; exempt the one public entry point if the platform has one.",
        url: "https://learn.microsoft.com/azure/aks/internal-lb",
        covers: [stricter("kubeScore", "service-type"), equivalent("azurePolicy", "LoadbalancerNoPublicIPs")],
    },
    types: [SERVICE],
    configSchema: { properties: { allowPublicLoadBalancers: { type: "boolean", default: false } } },
    settings: (raw, name) => ({ allowPublicLoadBalancers: booleanSetting(raw, name, "allowPublicLoadBalancers", false) }),
    subjects: (args) => [{ label: workloadLabel(args.type, args.props, args.name), value: args.props }],
    check: (subject, settings) => {
        const findings: string[] = [];
        const type = at(subject.value, "spec", "type");
        if (enumIn(type, ["NodePort"])) findings.push("spec.type must not be NodePort: it opens the port on every node");
        if ((asArray(at(subject.value, "spec", "externalIPs")) ?? []).length > 0) findings.push(`spec.externalIPs must be unset (found ${describe(at(subject.value, "spec", "externalIPs"))})`);
        if (enumIn(type, ["LoadBalancer"]) && !settings.allowPublicLoadBalancers) {
            const internal = asString(at(subject.value, "metadata", "annotations", INTERNAL_LB_ANNOTATION));
            if (internal !== "true") findings.push(`a LoadBalancer Service gets a public IP unless annotated ${INTERNAL_LB_ANNOTATION}: "true" (found ${describe(internal)})`);
        }
        return findings;
    },
});

/** WL-042: Ingresses terminate TLS. */
export const ingressTls = resourcePolicy({
    doc: {
        name: "k8s-ingress-tls",
        code: "WL-042",
        title: "Ingresses serve TLS",
        severity: "medium",
        description: "Checks that every Ingress declares spec.tls for its hosts, so that traffic reaches the cluster encrypted.",
        remediation: "Add spec.tls with the hosts and the Secret holding their certificate (or let cert-manager issue it).",
        url: "https://kubernetes.io/docs/concepts/services-networking/ingress/#tls",
        covers: [equivalent("polaris", "tlsSettingsMissing")],
    },
    types: [INGRESS],
    subjects: (args) => [{ label: workloadLabel(args.type, args.props, args.name), value: args.props }],
    check: (subject) => ((asArray(at(subject.value, "spec", "tls")) ?? []).length > 0 ? [] : ["spec.tls must list the Ingress's hosts and their certificate Secret"]),
});

/** The network policies, in code order. */
export const networkPolicies: readonly PackPolicy[] = [networkPolicyCoverage, servicesNotExposed, ingressTls];

/**
 * Workload namespaces and their traffic rules. Each namespace the program creates carries Pod Security
 * Admission labels (enforce, audit and warn at its level, pinned to the cluster's minor version, as the
 * Kubernetes docs advise: https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/).
 * Each namespace with workloads gets a default-deny NetworkPolicy (ingress and egress) and what its workloads
 * need: DNS to CoreDNS, ingress on their declared port from any namespace, and the egress the stack declares
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies). Cilium, the
 * default dataplane here, enforces them; kubelet probes come from the node and stay allowed.
 * The translators are pure; {@link createNamespaces} registers them.
 */
import * as pulumi from "@pulumi/pulumi";
import { Namespace, type NamespaceArgs } from "@pulumi/kubernetes/core/v1";
import { NetworkPolicy, type NetworkPolicyArgs } from "@pulumi/kubernetes/networking/v1";
import type { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import type { NetworkPolicy as V1NetworkPolicy, NetworkPolicyEgressRule } from "kubernetes-types/networking/v1";
import type { Namespace as V1Namespace } from "kubernetes-types/core/v1";
import type { NamespaceSpec, WorkloadSpec } from "../config/platform-spec";
import { egressTarget } from "../config/rules/namespace-rules";
import { workloadPodLabels } from "./workload-manifests";

/** The label every namespace carries with its own name (https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-metadata-name). */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
/** The label of AKS's CoreDNS pods. */
export const KUBE_DNS_SELECTOR = { "k8s-app": "kube-dns" };

type Manifest<T, K extends string> = T & { apiVersion: string; kind: K; metadata: { name: string; namespace?: string } };

/** A namespace with its Pod Security labels. */
export function namespaceManifest(ns: NamespaceSpec, kubernetesVersion: string): Manifest<V1Namespace, "Namespace"> {
    const version = `v${kubernetesVersion.split(".").slice(0, 2).join(".")}`;
    const labels: Record<string, string> = {};
    for (const mode of ["enforce", "audit", "warn"]) {
        labels[`pod-security.kubernetes.io/${mode}`] = ns.podSecurity;
        labels[`pod-security.kubernetes.io/${mode}-version`] = version;
    }
    return { apiVersion: "v1", kind: "Namespace", metadata: { name: ns.name, labels } };
}

function policy(namespace: string, name: string, spec: V1NetworkPolicy["spec"]): Manifest<V1NetworkPolicy, "NetworkPolicy"> {
    return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec };
}

function egressRule(from: WorkloadSpec, egress: WorkloadSpec["egress"][number], workloads: readonly WorkloadSpec[]): NetworkPolicyEgressRule {
    const ports = [{ protocol: "TCP", port: egress.port }];
    if (egress.cidr !== undefined) return { to: [{ ipBlock: { cidr: egress.cidr } }], ports };
    const target = egressTarget(from, egress.to ?? "", workloads);
    if (target === undefined) throw new Error(`workload "${from.name}": egress to "${egress.to}" names no workload of the stack`);
    return { to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: target.namespace } }, podSelector: { matchLabels: workloadPodLabels(target) } }], ports };
}

/**
 * The NetworkPolicies of one namespace: `default-deny`, `allow-dns`, then per workload `<name>-ingress` (when it
 * has a port) and `<name>-egress` (when it declares egress).
 *
 * @throws Error when an egress names no workload (the config rules report that first).
 */
export function networkPolicies(namespace: string, workloads: readonly WorkloadSpec[]): Manifest<V1NetworkPolicy, "NetworkPolicy">[] {
    const out = [
        policy(namespace, "default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
        policy(namespace, "allow-dns", {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [{ to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: "kube-system" } }, podSelector: { matchLabels: { ...KUBE_DNS_SELECTOR } } }], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }],
        }),
    ];
    for (const w of workloads.filter((x) => x.namespace === namespace)) {
        const podSelector = { matchLabels: workloadPodLabels(w) };
        if (w.port !== undefined) {
            out.push(policy(namespace, `${w.name}-ingress`, { podSelector, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ protocol: "TCP", port: w.port }] }] }));
        }
        if (w.egress.length > 0) {
            out.push(policy(namespace, `${w.name}-egress`, { podSelector, policyTypes: ["Egress"], egress: w.egress.map((e) => egressRule(w, e, workloads)) }));
        }
    }
    return out;
}

/** What {@link createNamespaces} registers for one namespace. */
export interface NamespaceResources {
    /** Absent for `default`, which Kubernetes creates. */
    namespace?: Namespace;
    policies: NetworkPolicy[];
}

/**
 * Registers every namespace of `namespaces` (`ns-<name>`) and the NetworkPolicies of every namespace with
 * workloads (`netpol-<namespace>-<policy>`), each policy after its namespace.
 */
export function createNamespaces(
    args: { namespaces: readonly NamespaceSpec[]; workloads: readonly WorkloadSpec[]; kubernetesVersion: string; provider: KubernetesProvider },
    opts: pulumi.CustomResourceOptions = {},
): Map<string, NamespaceResources> {
    const out = new Map<string, NamespaceResources>();
    for (const ns of args.namespaces) {
        out.set(ns.name, { namespace: new Namespace(`ns-${ns.name}`, namespaceManifest(ns, args.kubernetesVersion) as NamespaceArgs, { ...opts, provider: args.provider }), policies: [] });
    }
    const used = [...new Set([...args.namespaces.map((n) => n.name), ...args.workloads.map((w) => w.namespace)])];
    for (const name of used) {
        const entry = out.get(name) ?? { policies: [] };
        const dependsOn = entry.namespace === undefined ? [] : [entry.namespace];
        entry.policies = networkPolicies(name, args.workloads).map(
            (p) => new NetworkPolicy(`netpol-${name}-${p.metadata.name}`, p as NetworkPolicyArgs, { ...opts, provider: args.provider, dependsOn }),
        );
        out.set(name, entry);
    }
    return out;
}

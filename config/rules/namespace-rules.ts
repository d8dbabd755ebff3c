/**
 * Namespaces and the traffic their NetworkPolicies allow: workloads stay out of the namespaces AKS runs its own
 * privileged pods in, declared namespaces are valid names, and every declared egress names a real target. Pure.
 * See https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import type { NamespaceSpec, WorkloadSpec } from "../platform-spec";
import { didYouMean } from "../did-you-mean";
import { appendPath } from "./field-path";
import type { RuleViolation } from "./rule-violation";

/**
 * Namespaces the platform keeps for system components (AKS's add-ons, the NVIDIA device plugin, Azure Policy's
 * Gatekeeper, Azure Arc): the policy pack's workload checks skip them, as Azure Policy's own Kubernetes
 * definitions do by default (parameter `excludedNamespaces`: kube-system, gatekeeper-system, azure-arc).
 */
export const SYSTEM_NAMESPACES: readonly string[] = ["kube-system", "gatekeeper-system", "azure-arc"];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The workload an egress `to` names: `name` in the same namespace, or `namespace/name`. */
export function egressTarget(from: Pick<WorkloadSpec, "namespace">, to: string, workloads: readonly WorkloadSpec[]): WorkloadSpec | undefined {
    const [namespace, name] = to.includes("/") ? to.split("/", 2) : [from.namespace, to];
    return workloads.find((w) => w.namespace === namespace && w.name === name);
}

/** Every broken namespace and egress rule; paths as in the stack file. */
export function namespaceRuleViolations(namespaces: readonly NamespaceSpec[], workloads: readonly WorkloadSpec[]): RuleViolation[] {
    const out: RuleViolation[] = [];
    for (const ns of namespaces) {
        const at = appendPath("namespaces", ns.name);
        if (SYSTEM_NAMESPACES.includes(ns.name)) out.push({ path: at, message: `"${ns.name}" is kept for system components; declare your own namespace` });
        else if (!DNS_LABEL.test(ns.name)) out.push({ path: at, message: `"${ns.name}" is not a DNS-1123 label: 1–63 lowercase letters, digits or "-"` });
    }
    const names = workloads.map((w) => `${w.namespace}/${w.name}`);
    workloads.forEach((w, i) => {
        const at = `workloads[${i}]`;
        if (SYSTEM_NAMESPACES.includes(w.namespace)) {
            out.push({ path: appendPath(at, "namespace"), message: `"${w.name}": "${w.namespace}" is kept for system components, whose pods the policy pack does not check; use your own namespace` });
        }
        w.egress.forEach((e, j) => {
            const path = appendPath(appendPath(at, "egress"), j);
            if ((e.to === undefined) === (e.cidr === undefined)) {
                out.push({ path, message: `"${w.name}": give to (a workload) or cidr (an address range), exactly one` });
                return;
            }
            if (e.to === undefined) return;
            const target = egressTarget(w, e.to, workloads);
            if (target === undefined) {
                out.push({ path: appendPath(path, "to"), message: `"${w.name}": "${e.to}" is not a workload of the stack${didYouMean(e.to, names)}; use name (same namespace) or namespace/name` });
            } else if (target.port !== e.port) {
                out.push({ path: appendPath(path, "port"), message: `"${w.name}": ${target.namespace}/${target.name} listens on ${target.port === undefined ? "no port" : `port ${target.port}`}, not ${e.port}` });
            }
        });
    });
    return out;
}

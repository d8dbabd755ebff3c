/**
 * The peers' checks, read in their own rule files: every check of the seven sets the pack is compared with
 * (Checkov's AKS checks, Trivy's AZU checks, Azure Policy's cluster-level definitions for AKS, the Pod Security
 * Standards' baseline and restricted checks, and the default checks of kube-score, Polaris and kube-linter), and
 * further peer checks some policy claims (Checkov's and Trivy's Kubernetes checks, Azure Policy's in-cluster
 * definitions), which are listed but not counted. A check either is covered by the policies that claim it
 * (`covers` in each policy) or says why it does not apply to an AKS stack judged at preview.
 */
import type { PeerId } from "../common/coverage";

/** Where a peer's checks were read. */
export interface PeerSource {
    peer: PeerId;
    /** The tool and the set of its checks. */
    title: string;
    repository: string;
    /** The commit read, and its date. */
    snapshot: string;
}

/** One peer check. */
export interface PeerCheck {
    peer: PeerId;
    /** The peer's ID. */
    id: string;
    title: string;
    /** The rule file in the peer's repository. */
    file: string;
    /** Part of the set counted for this peer (the defaults); false for a further check some policy claims. */
    counted: boolean;
    /** Why the check does not apply, when it does not; absent when the pack covers it. */
    notApplicable?: string;
}

export const PEER_SOURCES: readonly PeerSource[] = [
    { peer: "checkov", title: "Checkov AKS checks (ARM and Terraform)", repository: "bridgecrewio/checkov", snapshot: "03d5fdad8d (2026-08-20)" },
    { peer: "trivy", title: "Trivy AZU container checks", repository: "aquasecurity/trivy-checks", snapshot: "80e53822 (2026-08-21)" },
    { peer: "azurePolicy", title: "Azure Policy cluster-level definitions for AKS", repository: "Azure/azure-policy", snapshot: "f4a50bac (2026-04-29)" },
    { peer: "pss", title: "Pod Security Standards, baseline and restricted (pod-security-admission checks)", repository: "kubernetes/kubernetes", snapshot: "v1.34 (check files under staging/src/k8s.io/pod-security-admission/policy/)" },
    { peer: "kubeScore", title: "kube-score default checks", repository: "zegl/kube-score", snapshot: "06dedc9 (2026-05-20)" },
    { peer: "polaris", title: "Polaris default checks", repository: "FairwindsOps/polaris", snapshot: "c0e23a23 (2026-08-21)" },
    { peer: "kubeLinter", title: "kube-linter checks enabled by default", repository: "stackrox/kube-linter", snapshot: "35de568 (2026-08-19)" },
];

/** A compact row: [id, title, file, notApplicable?]. */
export type Row = readonly [string, string, string, string?];

/** Expands compact rows into checks of one peer. */
export function rows(peer: PeerId, counted: boolean, list: readonly Row[]): PeerCheck[] {
    return list.map(([id, title, file, notApplicable]) => ({ peer, id, title, file, counted, ...(notApplicable === undefined ? {} : { notApplicable }) }));
}

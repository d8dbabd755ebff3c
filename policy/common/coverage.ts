/**
 * How a policy states which checks of other tools it stands for. Each claim names one peer check by the
 * peer's own ID and says how the policy compares, judged with the settings of the strictest environment the
 * pack ships (`policy/config/prod.json`):
 * - `equivalent`: fails what the peer fails and passes what it passes (up to wording);
 * - `stricter`: fails everything the peer fails, and more;
 * - `weaker`: passes something the peer fails; the note says what and why.
 * The peers' checks, with their rule files, are catalogued in `policy/coverage/`; docs/policies.md's coverage
 * table and counts are generated from these claims and that catalogue.
 */

/** The tools the pack is compared with. */
export type PeerId = "checkov" | "trivy" | "azurePolicy" | "pss" | "kubeScore" | "polaris" | "kubeLinter";

/** How a policy compares with one peer check. */
export type Relation = "equivalent" | "stricter" | "weaker";

/** One peer check a policy stands for. */
export interface PeerClaim {
    peer: PeerId;
    /** The peer's own ID: `CKV_AZURE_6`, `AZU-0041`, `AKS_CMK_Deny`, `privileged`, `container-resources`, … */
    check: string;
    relation: Relation;
    /** Required for `weaker`: what the policy passes that the peer fails, and why. */
    note?: string;
}

/** An equivalent claim. */
export function equivalent(peer: PeerId, check: string, note?: string): PeerClaim {
    return { peer, check, relation: "equivalent", ...(note === undefined ? {} : { note }) };
}

/** A stricter claim. */
export function stricter(peer: PeerId, check: string, note?: string): PeerClaim {
    return { peer, check, relation: "stricter", ...(note === undefined ? {} : { note }) };
}

/** A weaker claim: the note says what passes here and fails there, and why. */
export function weaker(peer: PeerId, check: string, note: string): PeerClaim {
    return { peer, check, relation: "weaker", note };
}

/** Every peer check the pack is compared with (see `catalog.ts`). */
import type { PeerCheck } from "./catalog";
import { AZURE_POLICY_CHECKS } from "./azure-policy";
import { CHECKOV_CHECKS } from "./checkov";
import { KUBE_LINTER_CHECKS } from "./kube-linter";
import { KUBE_SCORE_CHECKS } from "./kube-score";
import { POLARIS_CHECKS } from "./polaris";
import { PSS_CHECKS } from "./pss";
import { TRIVY_CHECKS } from "./trivy";

export * from "./catalog";

export const PEER_CHECKS: readonly PeerCheck[] = [...CHECKOV_CHECKS, ...TRIVY_CHECKS, ...AZURE_POLICY_CHECKS, ...PSS_CHECKS, ...KUBE_SCORE_CHECKS, ...POLARIS_CHECKS, ...KUBE_LINTER_CHECKS];

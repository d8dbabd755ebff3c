/**
 * The policy pack's content: its name, description and every policy, in groups. `index.ts` only hands
 * this to `new PolicyPack(...)` (which starts the analyzer server), so tests and the benchmark import
 * this module instead. A group is one file exporting a readonly list of policies.
 */
import type { PolicyPackArgs } from "@pulumi/policy";
import { clusterPolicies } from "./aks/cluster-policies";
import { poolPolicies } from "./aks/pool-policies";
import type { PackPolicy } from "./common/define";
import { deployabilityPolicies } from "./deployability/deployability-policies";
import { schedulingPolicies } from "./scheduling/scheduling-policies";
import { availabilityPolicies } from "./workloads/availability-policies";
import { containerPolicies } from "./workloads/container-policies";
import { baselinePolicies } from "./workloads/pod-security-baseline";
import { restrictedPolicies } from "./workloads/pod-security-restricted";

/** The pack's name, as `pulumi preview` reports it. */
export const PACK_NAME = "aks-platform-policies";

/** The policy groups, by name (the names are used in docs and tests only). */
export const policyGroups: Readonly<Record<string, readonly PackPolicy[]>> = {
    "aks-cluster": clusterPolicies,
    "aks-node-pools": poolPolicies,
    "workload-containers": containerPolicies,
    "pod-security-baseline": baselinePolicies,
    "pod-security-restricted": restrictedPolicies,
    "workload-availability": availabilityPolicies,
    "scheduling-feasibility": schedulingPolicies,
    deployability: deployabilityPolicies,
};

/** Every policy of the pack. */
export const allPolicies: readonly PackPolicy[] = Object.values(policyGroups).flat();

/**
 * The arguments of the pack. Every policy defaults to advisory; `policy/config/<env>.json` raises them
 * per environment (`"all": "mandatory"` in prod).
 */
export const packArgs: PolicyPackArgs = {
    description: "AKS cluster, node-pool, Kubernetes workload, scheduling-feasibility and deployability policies for pull-request previews.",
    displayName: "AKS platform policies",
    provider: "azure-native, kubernetes",
    enforcementLevel: "advisory",
    policies: [...allPolicies],
};

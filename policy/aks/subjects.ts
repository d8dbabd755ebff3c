/**
 * The AKS resources the pack judges and how they split into subjects: the cluster itself, and every node
 * pool — each inline `agentPoolProfiles[i]` of a `ManagedCluster` (all of them, not only the first) and
 * each separate `AgentPool`. Property names follow the azure-native v3 `containerservice` SDK (ARM API
 * 2025-08-01). See https://learn.microsoft.com/azure/templates/microsoft.containerservice/managedclusters
 */
import type { ResourceValidationArgs } from "@pulumi/policy";
import type { Subject } from "../common/define";
import { asArray, asRecord, asString, describe } from "../common/read";
import { isUnknownValueError } from "../common/unknowns";

/** Pulumi type token of an AKS cluster. */
export const MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster";
/** Pulumi type token of a separately declared AKS node pool. */
export const AGENT_POOL = "azure-native:containerservice:AgentPool";

/** Reads a name for a message; a name unknown during preview reads `<unknown>` rather than stopping. */
function nameFor(read: () => unknown, fallback: string): string {
    try {
        return asString(read()) ?? fallback;
    } catch (e) {
        if (isUnknownValueError(e)) return "<unknown during preview>";
        throw e;
    }
}

/** The cluster as one subject (for cluster-level policies). */
export function clusterSubjects(args: ResourceValidationArgs): Subject[] {
    return [{ label: `ManagedCluster "${args.name}"`, value: args.props }];
}

/** One subject per node pool: each inline profile of a cluster, or the `AgentPool` itself. */
export function poolSubjects(args: ResourceValidationArgs): Subject[] {
    if (args.type === AGENT_POOL) {
        const poolName = nameFor(() => asRecord(args.props)?.agentPoolName, args.name);
        return [{ label: `AgentPool "${args.name}" (pool "${poolName}")`, value: args.props }];
    }
    const cluster = `ManagedCluster "${args.name}"`;
    const profiles = asRecord(args.props)?.agentPoolProfiles;
    if (profiles === undefined) return [];
    const list = asArray(profiles);
    if (list === undefined) {
        return [{ label: cluster, value: profiles, problem: `agentPoolProfiles must be a list of agent pool profiles, got ${describe(profiles)}` }];
    }
    return list.map((profile, i) => {
        const where = `agentPoolProfiles[${i}]`;
        if (asRecord(profile) === undefined) {
            return { label: `${cluster} ${where}`, value: profile, problem: `must be an agent pool profile object, got ${describe(profile)}` };
        }
        const poolName = nameFor(() => asRecord(profile)?.name, "<unnamed>");
        return { label: `${cluster} pool "${poolName}" (${where})`, value: profile };
    });
}

/**
 * The pool mode as AKS reads it: `System` or `User` (the API default for a pool without a mode), compared
 * case-insensitively as Azure compares enum values (`mode: "system"` is a System pool); any other text is
 * returned as written.
 */
export function poolMode(pool: unknown): string {
    const mode = asString(asRecord(pool)?.mode);
    if (mode === undefined) return "User";
    return ["System", "User"].find((m) => m.toLowerCase() === mode.toLowerCase()) ?? mode;
}

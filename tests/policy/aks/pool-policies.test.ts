import * as pp from "../../../policy/aks/pool-policies";
import { AGENT_POOL, MANAGED_CLUSTER } from "../../../policy/aks/subjects";
import type { PackPolicy } from "../../../policy/common/define";
import { goodAgentPool, goodCluster } from "../fixtures";
import { evaluateResource, mutate, UNKNOWN } from "../harness";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SYSTEM = 'ManagedCluster "test" pool "system" (agentPoolProfiles[0])';
const APPS = 'ManagedCluster "test" pool "apps" (agentPoolProfiles[1])';
const GPU = 'AgentPool "test" (pool "gpu")';

describe("every pool policy accepts the happy-path cluster and agent pool", () => {
    test.each(pp.poolPolicies.map((p) => [p.name, p] as const))("%s", async (_name, policy) => {
        expect(await evaluateResource(policy, MANAGED_CLUSTER, goodCluster())).toEqual({ violations: [] });
        expect(await evaluateResource(policy, AGENT_POOL, goodAgentPool())).toEqual({ violations: [] });
    });
});

interface Case {
    policy: PackPolicy;
    type: string;
    change: (p: Props) => void;
    violations: string[];
    config?: Record<string, unknown>;
}

const onCluster = (change: (c: Props) => void) => ({ type: MANAGED_CLUSTER, change });
const onPool = (change: (p: Props) => void) => ({ type: AGENT_POOL, change });

const cases: Record<string, Case> = {
    "host encryption off on the second inline pool (every pool is checked, not only the first)": {
        policy: pp.poolHostEncryption,
        ...onCluster((c) => (c.agentPoolProfiles[1].enableEncryptionAtHost = false)),
        violations: [`${APPS}: enableEncryptionAtHost must be true (found false)`],
    },
    "host encryption unset on an agent pool": {
        policy: pp.poolHostEncryption,
        ...onPool((p) => delete p.enableEncryptionAtHost),
        violations: [`${GPU}: enableEncryptionAtHost must be true (found unset)`],
    },
    "node public IPs on an agent pool": {
        policy: pp.poolNoPublicIp,
        ...onPool((p) => (p.enableNodePublicIP = true)),
        violations: [`${GPU}: enableNodePublicIP must be false or unset (found true)`],
    },
    "maxPods below the floor": {
        policy: pp.poolMaxPodsFloor,
        ...onCluster((c) => (c.agentPoolProfiles[0].maxPods = 30)),
        violations: [`${SYSTEM}: maxPods must be at least 50 (found 30)`],
    },
    "maxPods unset leaves the plugin default": {
        policy: pp.poolMaxPodsFloor,
        ...onPool((p) => delete p.maxPods),
        violations: [`${GPU}: maxPods is unset, so AKS picks its network plugin's default (30 for Azure CNI with a node subnet); set it to at least 50`],
    },
    "the floor is a setting": {
        policy: pp.poolMaxPodsFloor,
        ...onPool((p) => (p.maxPods = 60)),
        config: { minimum: 100 },
        violations: [`${GPU}: maxPods must be at least 100 (found 60)`],
    },
    "a System pool without the CriticalAddonsOnly taint": {
        policy: pp.systemPoolIsolated,
        ...onCluster((c) => delete c.agentPoolProfiles[0].nodeTaints),
        violations: [`${SYSTEM}: a System pool must carry the taint CriticalAddonsOnly=true:NoSchedule (nodeTaints: unset)`],
    },
    "a System pool with the taint as PreferNoSchedule": {
        policy: pp.systemPoolIsolated,
        ...onCluster((c) => (c.agentPoolProfiles[0].nodeTaints = ["CriticalAddonsOnly=true:PreferNoSchedule"])),
        violations: [`${SYSTEM}: a System pool must carry the taint CriticalAddonsOnly=true:NoSchedule (nodeTaints: ["CriticalAddonsOnly=true:PreferNoSchedule"])`],
    },
    "a System agent pool is checked too": {
        policy: pp.systemPoolIsolated,
        ...onPool((p) => (p.mode = "System")),
        violations: [`${GPU}: a System pool must carry the taint CriticalAddonsOnly=true:NoSchedule (nodeTaints: ["sku=gpu:NoSchedule"])`],
    },
    "a cluster whose inline pools include no System pool": {
        policy: pp.systemPoolIsolated,
        ...onCluster((c) => (c.agentPoolProfiles[0].mode = "User")),
        violations: ['ManagedCluster "test": agentPoolProfiles declare no pool with mode System; AKS needs at least one System pool for its add-ons'],
    },
    "mode compares as Azure compares enums: a lower-case system pool without the taint fails": {
        policy: pp.systemPoolIsolated,
        ...onPool((p) => (p.mode = "system")),
        violations: [`${GPU}: a System pool must carry the taint CriticalAddonsOnly=true:NoSchedule (nodeTaints: ["sku=gpu:NoSchedule"])`],
    },
    "a lower-case system pool of one node in one zone is held to the System pool size": {
        policy: pp.systemPoolSize,
        ...onPool((p) => Object.assign(p, { mode: "SYSTEM", count: 1, availabilityZones: ["1"] })),
        violations: [`${GPU}: count must be at least 2 on a System pool (found 1)`, `${GPU}: availabilityZones must list at least 3 zones on a System pool (found ["1"])`],
    },
    "SSH left at AKS's default (LocalUser)": {
        policy: pp.poolSshDisabled,
        ...onCluster((c) => delete c.agentPoolProfiles[1].securityProfile),
        violations: [`${APPS}: securityProfile.sshAccess is unset, which AKS reads as LocalUser: set it to Disabled`],
    },
    "SSH as a local user, spelled in lower case": {
        policy: pp.poolSshDisabled,
        ...onPool((p) => (p.securityProfile.sshAccess = "localuser")),
        violations: [`${GPU}: securityProfile.sshAccess must not be LocalUser (found "localuser"): set it to Disabled`],
    },
    "an availability-set pool": {
        policy: pp.poolScaleSets,
        ...onCluster((c) => (c.agentPoolProfiles[0].type = "AvailabilitySet")),
        violations: [`${SYSTEM}: type must not be AvailabilitySet (found "AvailabilitySet"): use VirtualMachineScaleSets`],
    },
    "a User pool in one zone": {
        policy: pp.poolZoneRedundant,
        ...onCluster((c) => (c.agentPoolProfiles[1].availabilityZones = ["1"])),
        violations: [`${APPS}: availabilityZones must list at least 3 zones (found ["1"])`],
    },
    "a regional agent pool (no zones)": {
        policy: pp.poolZoneRedundant,
        ...onPool((p) => delete p.availabilityZones),
        violations: [`${GPU}: availabilityZones must list at least 3 zones (found unset)`],
    },
    "a scale-from-zero pool over three zones is zone-redundant": {
        policy: pp.poolZoneRedundant,
        ...onPool((p) => Object.assign(p, { enableAutoScaling: true, minCount: 0, maxCount: 6, count: 0 })),
        violations: [],
    },
    "a System pool of one node in one zone": {
        policy: pp.systemPoolSize,
        ...onCluster((c) => {
            c.agentPoolProfiles[0].count = 1;
            c.agentPoolProfiles[0].availabilityZones = ["1"];
        }),
        violations: [
            `${SYSTEM}: count must be at least 2 on a System pool (found 1)`,
            `${SYSTEM}: availabilityZones must list at least 3 zones on a System pool (found ["1"])`,
        ],
    },
    "prod requires three System nodes": {
        policy: pp.systemPoolSize,
        ...onCluster((c) => (c.agentPoolProfiles[0].count = 2)),
        config: { minNodes: 3 },
        violations: [`${SYSTEM}: count must be at least 3 on a System pool (found 2)`],
    },
    "an autoscaled System pool is judged by minCount": {
        policy: pp.systemPoolSize,
        ...onCluster((c) => Object.assign(c.agentPoolProfiles[0], { enableAutoScaling: true, minCount: 1, maxCount: 5 })),
        violations: [`${SYSTEM}: minCount must be at least 2 on a System pool (found 1)`],
    },
    "a System pool without a count gets one node": {
        policy: pp.systemPoolSize,
        ...onCluster((c) => delete c.agentPoolProfiles[0].count),
        violations: [`${SYSTEM}: count must be at least 2 on a System pool (found unset, which AKS reads as 1)`],
    },
    "User pools are not held to the System pool size": {
        policy: pp.systemPoolSize,
        ...onCluster((c) => (c.agentPoolProfiles[1].count = 1)),
        violations: [],
    },
    "a managed OS disk on a size whose temp disk could hold it": {
        policy: pp.poolEphemeralOsDisk,
        ...onCluster((c) => (c.agentPoolProfiles[1].osDiskType = "Managed")),
        violations: [`${APPS}: osDiskType must be Ephemeral: Standard_D8ds_v5 offers 300 GiB of local disk for the OS disk (found osDiskType "Managed")`],
    },
    "an ephemeral OS disk larger than the size's cache": {
        policy: pp.poolEphemeralOsDisk,
        ...onCluster((c) => Object.assign(c.agentPoolProfiles[0], { vmSize: "Standard_DS2_v2", osDiskSizeGB: 128 })),
        violations: [`${SYSTEM}: osDiskSizeGB 128 exceeds the 86 GiB local disk Standard_DS2_v2 offers for an ephemeral OS disk`],
    },
    "an ephemeral OS disk on a size without a local disk": {
        policy: pp.poolEphemeralOsDisk,
        ...onPool((p) => (p.vmSize = "Standard_D4s_v5")),
        violations: [`${GPU}: osDiskType is Ephemeral but Standard_D4s_v5 has no local disk to hold it; use a size with a local disk or a Managed OS disk`],
    },
    "a managed OS disk on a size without a local disk is fine": {
        policy: pp.poolEphemeralOsDisk,
        ...onPool((p) => Object.assign(p, { vmSize: "Standard_D4s_v5", osDiskType: "Managed" })),
        violations: [],
    },
    "a VM size missing from the catalog is named, not guessed": {
        policy: pp.poolEphemeralOsDisk,
        ...onPool((p) => (p.vmSize = "Standard_L8s_v3")),
        violations: [`${GPU}: vmSize Standard_L8s_v3 is not in the VM size catalog (scheduling/aks/vm-sizes.ts), so the policy cannot tell whether an ephemeral OS disk fits; add the size to the catalog`],
    },
};

describe("pool policy mutations", () => {
    test.each(Object.entries(cases))("%s", async (_sentence, { policy, type, change, violations, config }) => {
        const base = type === MANAGED_CLUSTER ? goodCluster() : goodAgentPool();
        expect(await evaluateResource(policy, type, mutate(base, change), { config })).toEqual({ violations });
    });
});

describe("values unknown during preview", () => {
    test("an unknown field of one pool is named plainly and the other pools are still judged", async () => {
        const cluster = mutate(goodCluster(), (c: Props) => {
            c.agentPoolProfiles[0].enableEncryptionAtHost = UNKNOWN;
            c.agentPoolProfiles[1].enableEncryptionAtHost = false;
        });
        expect(await evaluateResource(pp.poolHostEncryption, MANAGED_CLUSTER, cluster)).toEqual({
            violations: [`${APPS}: enableEncryptionAtHost must be true (found false)`],
            unknownDuringPreview: "agentPoolProfiles[0].enableEncryptionAtHost is unknown during preview; aks-pool-host-encryption checks it again at update, when the value is known",
        });
    });
    test("a whole pool list unknown during preview", async () => {
        const cluster = mutate(goodCluster(), (c: Props) => (c.agentPoolProfiles = UNKNOWN));
        expect(await evaluateResource(pp.poolMaxPodsFloor, MANAGED_CLUSTER, cluster)).toEqual({
            violations: [],
            unknownDuringPreview: "agentPoolProfiles is unknown during preview; aks-pool-max-pods-floor checks it again at update, when the value is known",
        });
    });
    test("an unknown pool name still lets the pool be judged", async () => {
        const pool = mutate(goodAgentPool(), (p: Props) => {
            p.agentPoolName = UNKNOWN;
            p.maxPods = 20;
        });
        expect(await evaluateResource(pp.poolMaxPodsFloor, AGENT_POOL, pool)).toEqual({
            violations: ['AgentPool "test" (pool "<unknown during preview>"): maxPods must be at least 50 (found 20)'],
        });
    });
});

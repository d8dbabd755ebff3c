/**
 * The program (`index.ts`) under mocks for each of the project's stacks: what would be sent to Azure.
 * One run per stack (about two seconds each, most of it loading the SDKs afresh); the tests read the recording.
 */
import YAML from "yaml";
import { runStack, type Registration, type StackRun } from "../helpers/pulumi-mocks";

const CLUSTER_COMPONENT = "aks-platform:index:AksCluster";
const MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster";
const AGENT_POOL = "azure-native:containerservice:AgentPool";
const MAINTENANCE = "azure-native:containerservice:MaintenanceConfiguration";
const IDENTITY = "azure-native:managedidentity:UserAssignedIdentity";
const K8S_PROVIDER = "pulumi:providers:kubernetes";
const SPOT_TAINT = "kubernetes.azure.com/scalesetpriority=spot:NoSchedule";

interface PoolFacts {
    zones: string[];
    minCount: number;
    maxCount: number;
    taints: string[];
    spot: boolean;
}

interface Window {
    dayOfWeek: string;
    startTime: string;
    utcOffset: string;
    durationHours: number;
}

/** What each stack file declares, restated as the AKS properties it must produce. */
const STACKS: {
    stack: "dev" | "staging" | "prod";
    tier: string;
    privateCluster: boolean;
    defender: boolean;
    system: { vmSize: string; count: number; zones: string[]; taints: string[] };
    pools: Record<string, PoolFacts>;
    windows: Record<string, Window>;
}[] = [
    {
        stack: "dev",
        tier: "Free",
        privateCluster: false,
        defender: false,
        system: { vmSize: "Standard_D2ds_v5", count: 2, zones: ["1"], taints: [] },
        pools: {
            general: { zones: ["1"], minCount: 1, maxCount: 3, taints: [], spot: false },
            spot: { zones: ["1"], minCount: 0, maxCount: 3, taints: [SPOT_TAINT], spot: true },
        },
        windows: {
            aksManagedAutoUpgradeSchedule: { dayOfWeek: "Tuesday", startTime: "05:00", utcOffset: "+01:00", durationHours: 4 },
            aksManagedNodeOSUpgradeSchedule: { dayOfWeek: "Wednesday", startTime: "05:00", utcOffset: "+01:00", durationHours: 4 },
        },
    },
    {
        stack: "staging",
        tier: "Standard",
        privateCluster: false,
        defender: true,
        system: { vmSize: "Standard_D4ds_v5", count: 3, zones: ["1", "2", "3"], taints: ["CriticalAddonsOnly=true:NoSchedule"] },
        pools: {
            general: { zones: ["1", "2", "3"], minCount: 3, maxCount: 6, taints: [], spot: false },
            spot: { zones: ["1", "2", "3"], minCount: 0, maxCount: 6, taints: [SPOT_TAINT], spot: true },
        },
        windows: {
            aksManagedAutoUpgradeSchedule: { dayOfWeek: "Saturday", startTime: "22:00", utcOffset: "+00:00", durationHours: 6 },
            aksManagedNodeOSUpgradeSchedule: { dayOfWeek: "Friday", startTime: "22:00", utcOffset: "+00:00", durationHours: 6 },
        },
    },
    {
        stack: "prod",
        tier: "Standard",
        privateCluster: true,
        defender: true,
        system: { vmSize: "Standard_D4ds_v5", count: 3, zones: ["1", "2", "3"], taints: ["CriticalAddonsOnly=true:NoSchedule"] },
        pools: {
            general: { zones: ["1", "2", "3"], minCount: 3, maxCount: 12, taints: [], spot: false },
            memory: { zones: ["1", "2", "3"], minCount: 0, maxCount: 6, taints: ["workload.example.com/class=memory:NoSchedule"], spot: false },
            gpu: { zones: ["1", "2", "3"], minCount: 0, maxCount: 4, taints: ["sku=gpu:NoSchedule"], spot: false },
        },
        windows: {
            aksManagedAutoUpgradeSchedule: { dayOfWeek: "Sunday", startTime: "02:00", utcOffset: "+00:00", durationHours: 6 },
            aksManagedNodeOSUpgradeSchedule: { dayOfWeek: "Saturday", startTime: "02:00", utcOffset: "+00:00", durationHours: 6 },
        },
    },
];

function only(run: StackRun, type: string): Registration {
    const found = run.ofType(type);
    if (found.length !== 1) {
        throw new Error(`expected one ${type}, found ${found.length}`);
    }
    return found[0]!;
}

describe.each(STACKS)("the $stack stack", (facts) => {
    let run: StackRun;
    let cluster: Record<string, unknown>;
    beforeAll(async () => {
        run = await runStack(facts.stack);
        cluster = only(run, MANAGED_CLUSTER).inputs;
    });

    test("the cluster is created with the secure settings on", () => {
        expect(cluster).toMatchObject({
            sku: { name: "Base", tier: facts.tier },
            enableRBAC: true,
            disableLocalAccounts: true,
            aadProfile: { managed: true, enableAzureRBAC: true },
            oidcIssuerProfile: { enabled: true },
            securityProfile: { workloadIdentity: { enabled: true } },
            addonProfiles: {
                azurepolicy: { enabled: true },
                azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: "true", rotationPollInterval: "2m" } },
                omsagent: { enabled: true, config: { useAADAuth: "true" } },
            },
            networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", networkDataplane: "cilium", networkPolicy: "cilium" },
            apiServerAccessProfile: { enablePrivateCluster: facts.privateCluster },
            autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
            kubernetesVersion: "1.33",
        });
        expect((cluster.securityProfile as Record<string, unknown>).defender !== undefined).toBe(facts.defender);
    });

    test("a public API server is limited to authorized ranges; a private one has none", () => {
        const ranges = (cluster.apiServerAccessProfile as { authorizedIPRanges?: string[] }).authorizedIPRanges ?? [];
        expect(ranges.length > 0).toBe(!facts.privateCluster);
    });

    test("the control plane runs as the stack's user-assigned identity", () => {
        const identity = only(run, IDENTITY);
        expect(cluster.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: [expect.stringMatching(new RegExp(`/userAssignedIdentities/${identity.inputs.resourceName}$`))] });
    });

    test("the System pool is the one inline pool, with its zones, count and taints", () => {
        const profiles = cluster.agentPoolProfiles as Record<string, unknown>[];
        expect(profiles).toHaveLength(1);
        expect(profiles[0]).toMatchObject({
            name: "system",
            mode: "System",
            vmSize: facts.system.vmSize,
            count: facts.system.count,
            availabilityZones: facts.system.zones,
            nodeTaints: facts.system.taints,
            enableNodePublicIP: false,
        });
        expect(only(run, MANAGED_CLUSTER).ignoreChanges).toEqual(["agentPoolProfiles"]);
    });

    test("each other pool is an AgentPool with its zones, autoscaler bounds and taints in AKS form", () => {
        const pools = Object.fromEntries(run.ofType(AGENT_POOL).map((p) => [p.inputs.agentPoolName, p]));
        expect(Object.keys(pools).sort()).toEqual(Object.keys(facts.pools).sort());
        for (const [name, want] of Object.entries(facts.pools)) {
            expect({ name, ...pools[name]!.inputs }).toMatchObject({
                name,
                mode: "User",
                availabilityZones: want.zones,
                enableAutoScaling: true,
                minCount: want.minCount,
                maxCount: want.maxCount,
                count: want.minCount,
                nodeTaints: want.taints,
                scaleSetPriority: want.spot ? "Spot" : "Regular",
                enableNodePublicIP: false,
            });
        }
    });

    test("autoscaled pools leave count to the cluster autoscaler after creation", () => {
        for (const pool of run.ofType(AGENT_POOL)) {
            expect({ pool: pool.name, ignoreChanges: pool.ignoreChanges }).toEqual({ pool: pool.name, ignoreChanges: ["count"] });
        }
    });

    test("spot pools carry the spot label and no surge; other pools keep their surge", () => {
        for (const pool of run.ofType(AGENT_POOL)) {
            const spot = facts.pools[pool.inputs.agentPoolName as string]!.spot;
            const labels = pool.inputs.nodeLabels as Record<string, string>;
            expect({ pool: pool.name, label: labels["kubernetes.azure.com/scalesetpriority"], surge: "maxSurge" in (pool.inputs.upgradeSettings as object) })
                .toEqual({ pool: pool.name, label: spot ? "spot" : undefined, surge: !spot });
        }
    });

    test("the maintenance windows are the stack's", () => {
        const windows = Object.fromEntries(run.ofType(MAINTENANCE).map((m) => [m.inputs.configName, m.inputs.maintenanceWindow]));
        expect(windows).toEqual(Object.fromEntries(Object.entries(facts.windows).map(([config, w]) => [config, {
            schedule: { weekly: { dayOfWeek: w.dayOfWeek, intervalWeeks: 1 } },
            startTime: w.startTime,
            utcOffset: w.utcOffset,
            durationHours: w.durationHours,
        }])));
    });

    test("the kubeconfig output is secret and logs in without a prompt", () => {
        const output = run.outputs.kubeconfig!;
        expect(output.secret).toBe(true);
        const users = (YAML.parse(output.value as string) as { users: { user: { exec: { args: string[]; interactiveMode: string } } }[] }).users;
        expect(users.map((u) => u.user.exec.args.includes("devicecode"))).toEqual([false]);
        expect(users[0]!.user.exec.interactiveMode).toBe("Never");
    });

    test("the Kubernetes provider is keyed on the cluster ID", () => {
        expect(only(run, K8S_PROVIDER).inputs.clusterIdentifier).toBe(run.outputs.clusterId!.value);
    });

    test("every resource is parented under the cluster component, pools under theirs", () => {
        const roots = run.registrations.filter((r) => r.parents.length === 0).map((r) => r.type);
        expect(roots).toEqual([CLUSTER_COMPONENT]);
        expect(run.registrations.filter((r) => r.type !== CLUSTER_COMPONENT && r.parents.at(-1) !== CLUSTER_COMPONENT)).toEqual([]);
        expect(run.ofType(AGENT_POOL).map((r) => r.parents)).toEqual(run.ofType(AGENT_POOL).map(() => ["aks-platform:index:AksNodePool", CLUSTER_COMPONENT]));
    });

    test("the pool summary output lists every pool with its taints", () => {
        const summary = run.outputs.pools!.value as { name: string; taints: string[] }[];
        expect(Object.fromEntries(summary.map((p) => [p.name, p.taints]))).toEqual({
            system: facts.system.taints,
            ...Object.fromEntries(Object.entries(facts.pools).map(([name, p]) => [name, p.taints])),
        });
        expect(run.outputs.pools!.secret).toBe(false);
    });
});

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
const WORKLOAD_COMPONENT = "aks-platform:index:Workload";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const SPOT_TOLERATION = "kubernetes.azure.com/scalesetpriority=spot:NoSchedule";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const DAEMON_SET = "kubernetes:apps/v1:DaemonSet";

/** One declared workload: where it runs, the tolerations that takes, and the objects it registers. */
interface WorkloadFacts {
    namespace: string;
    pools: string[];
    tolerations: string[];
    /** Zone spread required (DoNotSchedule) where the stack has zones. */
    zonesRequired: boolean;
    types: string[];
}

const SHOP_TYPES = ["kubernetes:apps/v1:Deployment", "kubernetes:core/v1:Service", "kubernetes:policy/v1:PodDisruptionBudget", "kubernetes:autoscaling/v2:HorizontalPodAutoscaler"];
const WORKER_TYPES = ["kubernetes:apps/v1:Deployment", "kubernetes:core/v1:Service", "kubernetes:policy/v1:PodDisruptionBudget"];
const INFERENCE_TYPES = ["kubernetes:apps/v1:Deployment", "kubernetes:core/v1:Service", "kubernetes:policy/v1:PodDisruptionBudget"];

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
    workloads: Record<string, WorkloadFacts>;
    promises: string[];
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
        },        workloads: {
            web: { namespace: "shop", pools: ["general"], tolerations: [], zonesRequired: false, types: SHOP_TYPES },
            api: { namespace: "shop", pools: ["general"], tolerations: [], zonesRequired: false, types: SHOP_TYPES },
            "batch-worker": { namespace: "batch", pools: ["spot"], tolerations: [SPOT_TOLERATION], zonesRequired: false, types: WORKER_TYPES },
        },
        promises: ["max-size"],
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
        },        workloads: {
            web: { namespace: "shop", pools: ["general"], tolerations: [], zonesRequired: true, types: SHOP_TYPES },
            api: { namespace: "shop", pools: ["general"], tolerations: [], zonesRequired: true, types: SHOP_TYPES },
            "batch-worker": { namespace: "batch", pools: ["spot"], tolerations: [SPOT_TOLERATION], zonesRequired: false, types: WORKER_TYPES },
        },
        promises: ["max-size", "upgrade-drain"],
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
            gpu: { zones: ["1", "2", "3"], minCount: 0, maxCount: 6, taints: ["sku=gpu:NoSchedule"], spot: false },
        },
        windows: {
            aksManagedAutoUpgradeSchedule: { dayOfWeek: "Sunday", startTime: "02:00", utcOffset: "+00:00", durationHours: 6 },
            aksManagedNodeOSUpgradeSchedule: { dayOfWeek: "Saturday", startTime: "02:00", utcOffset: "+00:00", durationHours: 6 },
        },        workloads: {
            web: { namespace: "shop", pools: ["general"], tolerations: [], zonesRequired: true, types: SHOP_TYPES },
            api: { namespace: "shop", pools: ["general"], tolerations: [], zonesRequired: true, types: SHOP_TYPES },
            inference: { namespace: "ml", pools: ["gpu"], tolerations: ["sku=gpu:NoSchedule"], zonesRequired: true, types: INFERENCE_TYPES },
        },
        promises: ["max-size", "zone-loss", "upgrade-drain"],
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

    test("the cluster, the namespaces, their network policies, the device plugin and the workloads are the roots; everything else is parented under one of them", () => {
        const rootTypes = [CLUSTER_COMPONENT, NAMESPACE, NETWORK_POLICY, DAEMON_SET, WORKLOAD_COMPONENT];
        const roots = run.registrations.filter((r) => r.parents.length === 0);
        expect([...new Set(roots.map((r) => r.type))].sort()).toEqual(rootTypes.filter((t) => t !== DAEMON_SET || facts.stack === "prod").sort());
        expect(run.registrations.filter((r) => !rootTypes.includes(r.type) && !rootTypes.includes(r.parents.at(-1) ?? ""))).toEqual([]);
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

    test("each workload registers its objects under its component, on the cluster's Kubernetes provider", () => {
        const provider = only(run, K8S_PROVIDER);
        for (const [name, want] of Object.entries(facts.workloads)) {
            const component = `${want.namespace}.${name}`;
            const children = run.registrations.filter((r) => r.parents[0] === WORKLOAD_COMPONENT && r.name.startsWith(`${component}-`));
            expect({ name, types: children.map((r) => r.type).sort() }).toEqual({ name, types: [...want.types].sort() });
            for (const child of children) {
                expect({ child: child.name, provider: child.provider?.split("::").slice(0, -1).join("::") }).toEqual({ child: child.name, provider: provider.urn });
                expect(child.inputs.metadata).toMatchObject({ name, namespace: want.namespace });
            }
        }
    });

    test("each workload's pods select its pools and tolerate exactly their taints", () => {
        for (const [name, want] of Object.entries(facts.workloads)) {
            const deployment = run.get("kubernetes:apps/v1:Deployment", `${want.namespace}.${name}-deployment`);
            const pod = (deployment.inputs.spec as { template: { spec: Record<string, unknown> } }).template.spec;
            const tolerations = ((pod.tolerations ?? []) as { key: string; value?: string; effect: string }[]).map((t) => `${t.key}=${t.value ?? ""}:${t.effect}`);
            expect({ name, nodeSelector: pod.nodeSelector, tolerations }).toEqual({ name, nodeSelector: { "kubernetes.azure.com/agentpool": want.pools[0] }, tolerations: want.tolerations });
        }
    });

    test("zone spread is required exactly where the stack promises it", () => {
        for (const [name, want] of Object.entries(facts.workloads)) {
            const deployment = run.get("kubernetes:apps/v1:Deployment", `${want.namespace}.${name}-deployment`);
            const constraints = ((deployment.inputs.spec as { template: { spec: { topologySpreadConstraints?: { topologyKey: string; whenUnsatisfiable: string }[] } } }).template.spec.topologySpreadConstraints ?? []);
            const zone = constraints.find((c) => c.topologyKey === "topology.kubernetes.io/zone");
            expect({ name, required: zone?.whenUnsatisfiable === "DoNotSchedule" }).toEqual({ name, required: want.zonesRequired });
        }
    });

    test("the workloads output lists each workload with its pools and tolerations", () => {
        const summary = run.outputs.workloads!.value as { name: string; namespace: string; pools: string[]; tolerations: string[] }[];
        expect(summary.map((w) => [w.name, w.namespace, w.pools, w.tolerations])).toEqual(
            Object.entries(facts.workloads).map(([name, w]) => [name, w.namespace, w.pools, w.tolerations]),
        );
    });

    test("the scheduling output says every workload schedules in each scenario the stack promises", () => {
        const summary = run.outputs.scheduling!.value as { ok: boolean; scenarios: Record<string, { ok: boolean; problems: string[] }> };
        expect(summary.ok).toBe(true);
        expect(Object.keys(summary.scenarios)).toEqual(facts.promises);
        expect(Object.values(summary.scenarios).flatMap((s) => s.problems)).toEqual([]);
    });
});

/**
 * What a first `pulumi up` of each stack needs, read from one mocked run per stack: the network, identities and
 * roles, the device plugin, the order of creation (dependencies) and the lifecycle options (protect,
 * deleteBeforeReplace, replaceOnChanges, timeouts). Each fix also has its failing case: the deployability
 * policy run on the stack's own registrations with the fix taken out.
 */
import type { PackPolicy } from "../../policy/common/define";
import * as dep from "../../policy/deployability/deployability-policies";
import { fakeUuid, runStack, type Registration, type StackRun } from "../helpers/pulumi-mocks";
import { evaluateResource, evaluateStack, type StackEntry } from "../policy/harness";

const MC = "azure-native:containerservice:ManagedCluster";
const AGENT_POOL = "azure-native:containerservice:AgentPool";
const ROLE = "azure-native:authorization:RoleAssignment";
const SLEEP = "time:index/sleep:Sleep";
const K8S_PROVIDER = "pulumi:providers:kubernetes";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const DAEMON_SET = "kubernetes:apps/v1:DaemonSet";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
const CLUSTER_ADMIN = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b";
const NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7";
const REGISTRY_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-platform-shared/providers/Microsoft.ContainerRegistry/registries/crplatform";

const STACKS = [
    { stack: "dev", vnet: "created", outbound: "loadBalancer", protect: false, rgProtect: false, gpu: false, subnets: ["snet-nodes"], namespaces: ["shop", "batch"], fromZero: ["batch-worker"] },
    { stack: "staging", vnet: "existing", outbound: "userDefinedRouting", protect: true, rgProtect: false, gpu: false, subnets: ["snet-aks-nodes"], namespaces: ["shop", "batch"], fromZero: ["batch-worker"] },
    { stack: "prod", vnet: "created", outbound: "userAssignedNATGateway", protect: true, rgProtect: true, gpu: true, subnets: ["snet-nodes", "snet-apiserver"], namespaces: ["shop", "ml"], fromZero: ["inference"] },
] as const;

function only(run: StackRun, type: string): Registration {
    const found = run.ofType(type);
    if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
    return found[0]!;
}

/** The stack's custom resources as policy entries, options and dependencies included. */
function entries(run: StackRun, edit: (e: StackEntry[]) => void = () => undefined): StackEntry[] {
    const out: StackEntry[] = run.registrations
        .filter((r) => r.custom)
        .map((r) => ({ type: r.type, name: r.name, props: JSON.parse(JSON.stringify(r.inputs)), urn: r.urn, protect: r.protect, deleteBeforeReplace: r.deleteBeforeReplace, dependencies: [...r.dependencies], propertyDependencies: { ...r.propertyDependencies } }));
    edit(out);
    return out;
}

async function stackViolations(policy: PackPolicy, list: StackEntry[]): Promise<string[]> {
    return (await evaluateStack(policy, list)).violations;
}

describe.each(STACKS)("the first deploy of $stack", (facts) => {
    let run: StackRun;
    let cluster: Registration;
    beforeAll(async () => {
        run = await runStack(facts.stack);
        cluster = only(run, MC);
    });

    test("the nodes join the stack's VNet: every pool has a vnetSubnetID, egress is the stack's", () => {
        const subnet = (cluster.inputs.agentPoolProfiles as { vnetSubnetID: string }[])[0]!.vnetSubnetID;
        expect(subnet).toMatch(/\/subnets\/snet-/);
        for (const pool of run.ofType(AGENT_POOL)) expect({ pool: pool.name, subnet: pool.inputs.vnetSubnetID }).toEqual({ pool: pool.name, subnet });
        expect(cluster.inputs.networkProfile).toMatchObject({ outboundType: facts.outbound });
        expect(run.ofType("azure-native:network:VirtualNetwork")).toHaveLength(facts.vnet === "created" ? 1 : 0);
        expect(run.ofType("azure-native:network:NatGateway")).toHaveLength(facts.outbound === "userAssignedNATGateway" ? 1 : 0);
    });

    test("the control plane gets Network Contributor on its subnets before the cluster is created", () => {
        const roles = run.ofType(ROLE).filter((r) => String(r.inputs.roleDefinitionId).endsWith(NETWORK_CONTRIBUTOR));
        expect(roles.map((r) => String(r.inputs.scope).split("/").pop()).sort()).toEqual([...facts.subnets].sort());
        expect(roles.every((r) => cluster.dependencies.includes(r.urn))).toBe(true);
    });

    test("the kubelet identity gets AcrPull on the declared registry", () => {
        const [acrPull, ...more] = run.ofType(ROLE).filter((r) => String(r.inputs.roleDefinitionId).endsWith(ACR_PULL));
        expect(more).toEqual([]);
        expect(acrPull!.inputs).toMatchObject({ scope: REGISTRY_ID, principalId: fakeUuid(`kubelet-object:${cluster.inputs.resourceName as string}`), principalType: "ServicePrincipal" });
        expect(acrPull!.propertyDependencies.principalId).toEqual([cluster.urn]);
    });

    test("the deployer gets RBAC Cluster Admin on the cluster, and the Kubernetes provider waits five minutes for it", () => {
        const [admin] = run.ofType(ROLE).filter((r) => String(r.inputs.roleDefinitionId).endsWith(CLUSTER_ADMIN));
        expect(admin!.inputs.principalId).toBe(fakeUuid("cli-object"));
        expect(admin!.propertyDependencies.scope).toEqual([cluster.urn]);
        const wait = only(run, SLEEP);
        expect(wait.inputs).toMatchObject({ createDuration: "300s" });
        expect(wait.dependencies).toContain(admin!.urn);
        expect(only(run, K8S_PROVIDER).dependencies).toContain(wait.urn);
    });

    test("every workload waits for its namespace, its network policies and the pools it runs on", () => {
        const pools = Object.fromEntries(run.ofType(AGENT_POOL).map((p) => [p.inputs.agentPoolName, p.urn]));
        for (const d of run.ofType(DEPLOYMENT)) {
            const selector = ((d.inputs.spec as { template: { spec: { nodeSelector: Record<string, string> } } }).template.spec.nodeSelector)["kubernetes.azure.com/agentpool"]!;
            const ns = (d.inputs.metadata as { namespace: string }).namespace;
            const policies = run.ofType(NETWORK_POLICY).filter((p) => (p.inputs.metadata as { namespace: string }).namespace === ns).map((p) => p.urn);
            expect(d.dependencies).toEqual(expect.arrayContaining([pools[selector] ?? cluster.urn, run.get(NAMESPACE, `ns-${ns}`).urn, ...policies]));
        }
    });

    test("GPU workloads wait for the NVIDIA device plugin, which runs from MCR on the GPU pool only", () => {
        const plugins = run.ofType(DAEMON_SET);
        expect(plugins).toHaveLength(facts.gpu ? 1 : 0);
        if (!facts.gpu) return;
        const spec = (plugins[0]!.inputs.spec as { template: { spec: Record<string, unknown> } }).template.spec;
        expect(spec).toMatchObject({
            containers: [{ image: expect.stringMatching(/^mcr\.microsoft\.com\/oss\/nvidia\/k8s-device-plugin:v\d/) }],
            tolerations: [{ key: "sku", operator: "Equal", value: "gpu", effect: "NoSchedule" }],
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.azure.com/agentpool", operator: "In", values: ["gpu"] }] }] } } },
        });
        expect(run.get(DEPLOYMENT, "ml.inference-deployment").dependencies).toContain(plugins[0]!.urn);
    });

    test("namespaces enforce restricted Pod Security and deny traffic by default, allowing DNS", () => {
        for (const ns of facts.namespaces) {
            expect(run.get(NAMESPACE, `ns-${ns}`).inputs.metadata).toMatchObject({ labels: { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "v1.33" } });
            expect(run.get(NETWORK_POLICY, `netpol-${ns}-default-deny`).inputs.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
            expect(run.get(NETWORK_POLICY, `netpol-${ns}-allow-dns`).inputs.spec).toMatchObject({ egress: [{ ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }] });
        }
        expect(run.get(NETWORK_POLICY, "netpol-shop-web-egress").inputs.spec).toMatchObject({ egress: [{ ports: [{ port: 8080 }], to: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "api" } } }] }] });
    });

    test("lifecycle: versions on every pool, protect per stack, pools replaced delete-first on the corrected create-only list", () => {
        expect((cluster.inputs.agentPoolProfiles as { orchestratorVersion: string }[])[0]!.orchestratorVersion).toBe("1.33");
        expect(cluster.protect).toBe(facts.protect);
        expect(run.ofType("azure-native:resources:ResourceGroup")[0]!.protect).toBe(facts.rgProtect);
        for (const pool of run.ofType(AGENT_POOL)) {
            expect({ pool: pool.name, version: pool.inputs.orchestratorVersion, deleteFirst: pool.deleteBeforeReplace }).toEqual({ pool: pool.name, version: "1.33", deleteFirst: true });
            expect(pool.replaceOnChanges).toEqual(expect.arrayContaining(["vmSize", "enableEncryptionAtHost", "vnetSubnetID"]));
            expect(pool.replaceOnChanges).not.toContain("osSKU");
        }
    });

    test("controllers on pools that scale from zero wait for node provisioning; the others keep Pulumi's default", () => {
        const timed = run.ofType(DEPLOYMENT).filter((d) => d.customTimeouts !== undefined).map((d) => [(d.inputs.metadata as { name: string }).name, d.customTimeouts]);
        expect(timed).toEqual(facts.fromZero.map((name) => [name, { create: "25m", update: "25m" }]));
    });

    test("Container Insights collects through its data collection rule, associated with the cluster", () => {
        const rule = only(run, "azure-native:monitor:DataCollectionRule");
        const association = only(run, "azure-native:monitor:DataCollectionRuleAssociation");
        expect(association.propertyDependencies).toMatchObject({ resourceUri: [cluster.urn], dataCollectionRuleId: [rule.urn] });
        expect(rule.inputs).toMatchObject({ kind: "Linux", dataFlows: [{ destinations: ["workspace"] }] });
    });

    test("the whole deployability group passes on what the stack registers", async () => {
        const list = entries(run);
        for (const policy of dep.deployabilityPolicies.filter((p) => p.types === undefined)) expect({ policy: policy.name, violations: await stackViolations(policy, list) }).toEqual({ policy: policy.name, violations: [] });
    });
});

describe("each fix, taken out of the prod stack, is caught", () => {
    let run: StackRun;
    beforeAll(async () => {
        run = await runStack("prod");
    });
    const without = (type: string, match: (e: StackEntry) => boolean, edit: (e: StackEntry) => void) => (list: StackEntry[]) => list.filter((e) => e.type === type && match(e)).forEach(edit);

    test.each([
        ["no deployer role: the Azure-RBAC cluster refuses the Kubernetes objects", dep.deployerHasKubernetesRole, (l: StackEntry[]) => l.splice(l.findIndex((e) => e.type === ROLE && String((e.props as Record<string, unknown>).roleDefinitionId).endsWith(CLUSTER_ADMIN)), 1), /no role assignment gives the deployer/],
        ["a provider that does not wait for the role", dep.deployerHasKubernetesRole, without(K8S_PROVIDER, () => true, (e) => (e.dependencies = [])), /does not wait for the deployer's role/],
        ["a GPU workload that does not wait for the device plugin", dep.gpuWorkloadsHaveDevicePlugin, without(DEPLOYMENT, (e) => e.name === "ml.inference-deployment", (e) => (e.dependencies = e.dependencies!.filter((u) => !u.includes("DaemonSet")))), /"ml\/inference" requests nvidia\.com\/gpu but waits for no NVIDIA device plugin/],
        ["a workload that does not wait for its pool", dep.workloadsDependOnPools, without(DEPLOYMENT, (e) => e.name === "shop.web-deployment", (e) => (e.dependencies = [])), /"shop\/web" runs on pool "general" but does not depend on its AgentPool/],
    ] as const)("%s", async (_name, policy, edit, message) => {
        expect(await stackViolations(policy, entries(run, edit))).toEqual([expect.stringMatching(message)]);
    });

    test("no AcrPull for the kubelet: every image from the registry is reported", async () => {
        const list = entries(run, (l) => l.splice(l.findIndex((e) => e.type === ROLE && String((e.props as Record<string, unknown>).roleDefinitionId).endsWith(ACR_PULL)), 1));
        expect(await stackViolations(dep.imagesFromPullableRegistries, list)).toEqual(
            ["shop/web", "shop/api", "ml/inference"].map((w) => expect.stringMatching(new RegExp(`^Deployment "${w}": image "crplatform\\.azurecr\\.io/[^"]+" comes from crplatform\\.azurecr\\.io, from which no kubelet identity`))),
        );
    });

    test.each([
        ["a pool replaced create-first collides on its name", dep.poolReplacementDeletesFirst, AGENT_POOL, "platform-pool-gpu-agentpool", { deleteBeforeReplace: false }, /would create the new pool before deleting the old one/],
        ["an unprotected prod cluster", dep.clusterProtected, MC, "platform-cluster", { protect: false }, /is not protected/],
    ] as const)("%s", async (_name, policy, type, name, options, message) => {
        const entry = entries(run).find((e) => e.type === type && e.name === name)!;
        expect(await evaluateResource(policy, type, entry.props, { name, options })).toEqual({ violations: [expect.stringMatching(message)] });
    });

    test.each([
        ["a refresh copied every pool into the stored inline list", dep.inlinePoolListUnchanged, (p: Record<string, unknown[]>) => p.agentPoolProfiles!.push({ name: "general", mode: "User" }), /agentPoolProfiles holds system \(System\), general \(User\)/],
        ["a private cluster whose pools join no VNet of the stack", dep.privateClusterReachable, (p: Record<string, Record<string, unknown>[]>) => delete p.agentPoolProfiles![0]!.vnetSubnetID, /agentPoolProfiles\[0\] has no vnetSubnetID/],
    ] as const)("%s", async (_name, policy, edit, message) => {
        const props = entries(run).find((e) => e.type === MC)!.props as Record<string, never>;
        edit(props);
        expect(await evaluateResource(policy, MC, props, { name: "platform-cluster", options: { protect: true } })).toEqual({ violations: [expect.stringMatching(message)] });
    });
});

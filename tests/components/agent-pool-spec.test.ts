import { agentPoolProperties } from "../../components/agent-pool-properties";
import { nodePoolSpecFromAgentPool, UNKNOWN_SENTINEL, UnknownValueError } from "../../components/agent-pool-spec";
import { loadPlatformSpec } from "../../config/load";
import { InvalidObjectError } from "../../scheduling/model/errors";
import { REPO_ROOT } from "../helpers/pulumi-mocks";

const WHERE = "AgentPool/platform-gpu-agentpool";

const stackPools = (["dev", "staging", "prod"] as const).flatMap((stack) => {
    const spec = loadPlatformSpec(stack, REPO_ROOT);
    return [spec.cluster.systemPool, ...spec.cluster.nodePools].map((pool) => [`${stack}/${pool.name}`, pool] as const);
});

describe("nodePoolSpecFromAgentPool", () => {
    test.each(stackPools)("the pool %s survives spec → properties → spec unchanged", (_name, pool) => {
        expect(nodePoolSpecFromAgentPool({ agentPoolName: pool.name, ...agentPoolProperties(pool) }, WHERE)).toEqual(pool);
    });

    test("the inline profile of a ManagedCluster reads its name from `name`", () => {
        const [, pool] = stackPools[0];
        expect(nodePoolSpecFromAgentPool({ name: pool.name, ...agentPoolProperties(pool) }, "ManagedCluster/aks agentPoolProfiles[0]").name).toBe(pool.name);
    });

    test("what is left out gets AKS's defaults", () => {
        const spec = nodePoolSpecFromAgentPool({ agentPoolName: "general", vmSize: "Standard_D4ds_v5" }, WHERE, { network: { plugin: "azure", pluginMode: "overlay" } });
        expect(spec).toMatchObject({
            mode: "User",
            count: 1,
            zones: [],
            maxPods: 250,
            osType: "Linux",
            osSku: "Ubuntu",
            osDiskType: "Ephemeral",
            osDiskSizeGB: 150,
            labels: {},
            taints: [],
            upgrade: { maxSurge: "10%", maxUnavailable: "0", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 },
            gpuDevicePlugin: false,
            enableNodePublicIP: false,
            enableEncryptionAtHost: false,
        });
        expect(spec.autoscaling).toBeUndefined();
        expect(spec.spot).toBeUndefined();
    });

    test("an autoscaled pool without count starts at its minimum", () => {
        const spec = nodePoolSpecFromAgentPool({ agentPoolName: "general", vmSize: "Standard_D4ds_v5", maxPods: 30, enableAutoScaling: true, minCount: 2, maxCount: 5 }, WHERE);
        expect([spec.count, spec.autoscaling]).toEqual([2, { minCount: 2, maxCount: 5 }]);
    });

    test("a spot pool without the spot label and taint gets the taint AKS adds, and spot defaults", () => {
        const spec = nodePoolSpecFromAgentPool({ agentPoolName: "spot", vmSize: "Standard_D4ds_v5", maxPods: 30, scaleSetPriority: "Spot" }, WHERE);
        expect(spec.taints).toEqual([{ key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" }]);
        expect(spec.spot).toEqual({ evictionPolicy: "Delete", maxPrice: -1 });
        expect(spec.upgrade).toMatchObject({ maxSurge: "0", maxUnavailable: "1" });
    });

    test("a regular pool keeps a label that only looks like the spot label", () => {
        const spec = nodePoolSpecFromAgentPool({ agentPoolName: "general", vmSize: "Standard_D4ds_v5", maxPods: 30, nodeLabels: { "kubernetes.azure.com/scalesetpriority": "spot" } }, WHERE);
        expect(spec.labels).toEqual({ "kubernetes.azure.com/scalesetpriority": "spot" });
    });

    test("a GPU size advertises nvidia.com/gpu unless the GPU driver is turned off", () => {
        const base = { agentPoolName: "gpu", vmSize: "Standard_NC4as_T4_v3", maxPods: 30 };
        expect(nodePoolSpecFromAgentPool(base, WHERE).gpuDevicePlugin).toBe(true);
        expect(nodePoolSpecFromAgentPool({ ...base, gpuProfile: { driver: "None" } }, WHERE).gpuDevicePlugin).toBe(false);
    });

    test.each([
        ["a size not in the catalog", { vmSize: "Standard_Z99" }, `${WHERE}: vmSize: "Standard_Z99" is not in the VM size catalog (scheduling/aks/vm-sizes.ts); use a catalogued size or add it there`],
        ["no VM size", { vmSize: undefined }, `${WHERE}: vmSize: the pool needs a VM size, e.g. Standard_D4ds_v5`],
        ["no maxPods and no network to default it from", { maxPods: undefined }, `${WHERE}: maxPods: is required here: AKS's default depends on the cluster's network plugin, which is not known for this pool`],
        ["an autoscaled pool without maxCount", { enableAutoScaling: true, minCount: 1 }, `${WHERE}: maxCount: an autoscaled pool (enableAutoScaling: true) needs minCount and maxCount`],
        ["a taint without effect", { nodeTaints: ["sku=gpu"] }, `${WHERE}: nodeTaints[0]: "sku=gpu" is not a taint in AKS form "key=value:Effect" or "key:Effect": the effect is missing (one of NoSchedule, PreferNoSchedule, NoExecute)`],
        ["a mode AKS does not have", { mode: "Gateway" }, `${WHERE}: mode: "Gateway" is not one of System, User`],
        ["a negative count", { count: -1 }, `${WHERE}: count: expected a whole number ≥ 0, got -1`],
        ["a surge that is neither count nor percentage", { upgradeSettings: { maxSurge: "a lot" } }, `${WHERE}: upgradeSettings.maxSurge: expected a count ("1") or a percentage ("33%"), got "a lot"`],
    ])("rejects %s, naming the resource and field", (_name, change, message) => {
        const properties = { agentPoolName: "gpu", vmSize: "Standard_D4ds_v5", maxPods: 30, ...change };
        expect(() => nodePoolSpecFromAgentPool(properties, WHERE)).toThrow(InvalidObjectError);
        expect(() => nodePoolSpecFromAgentPool(properties, WHERE)).toThrow(message);
    });

    test.each([
        ["vmSize", { vmSize: UNKNOWN_SENTINEL }, `${WHERE}: vmSize`],
        ["a taint", { nodeTaints: ["a=b:NoSchedule", UNKNOWN_SENTINEL] }, `${WHERE}: nodeTaints[1]`],
        ["the upgrade settings", { upgradeSettings: UNKNOWN_SENTINEL }, `${WHERE}: upgradeSettings.maxSurge`],
    ])("a value unknown during preview (%s) throws UnknownValueError with its path", (_name, change, path) => {
        const properties = { agentPoolName: "gpu", vmSize: "Standard_D4ds_v5", maxPods: 30, ...change };
        let caught: unknown;
        try {
            nodePoolSpecFromAgentPool(properties, WHERE);
        } catch (e) {
            caught = e;
        }
        expect(caught).toBeInstanceOf(UnknownValueError);
        expect((caught as UnknownValueError).path).toBe(path);
    });
});

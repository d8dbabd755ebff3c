import * as pulumi from "@pulumi/pulumi";
import { CREATE_ONLY_AGENT_POOL_PROPERTIES } from "../../components/agent-pool-properties";
import { AKS_NODE_POOL_TYPE, AksNodePool, type AksClusterHandle } from "../../components/aks-node-pool";
import { poolArgumentViolations } from "../../components/pool-validation";
import { installMocks, outputValue, settle, type MockRecorder } from "../helpers/pulumi-mocks";
import { spotPool, userPool } from "./fixtures";

// The pools are built once; the tests read the recording.

const AGENT_POOL = "azure-native:containerservice:AgentPool";
const HANDLE: AksClusterHandle = { resourceGroupName: "rg-test", clusterName: "aks-test" };

describe("AksNodePool", () => {
    const fixed = userPool({ name: "fixed", autoscaling: undefined, count: 3 });
    const autoscaled = userPool({ name: "general", autoscaling: { minCount: 1, maxCount: 5 }, count: 1 });
    const spot = spotPool();
    let recorder: MockRecorder;
    let pools: AksNodePool[];
    beforeAll(async () => {
        recorder = await installMocks(pulumi);
        pools = [
            new AksNodePool("t-fixed", { cluster: HANDLE, spec: fixed }),
            new AksNodePool("t-general", { cluster: HANDLE, spec: autoscaled, tags: { environment: "test" } }),
            new AksNodePool("t-spot", { cluster: HANDLE, spec: spot }),
        ];
        await outputValue(pulumi.all(pools.map((p) => p.name)));
        await settle(pulumi);
    });

    test("each pool registers one AgentPool named after the component and parented under it, in the cluster", () => {
        expect(recorder.ofType(AKS_NODE_POOL_TYPE).map((r) => r.name)).toEqual(["t-fixed", "t-general", "t-spot"]);
        const agentPool = recorder.get(AGENT_POOL, "t-general-agentpool");
        expect(agentPool.parents).toEqual([AKS_NODE_POOL_TYPE]);
        expect(agentPool.inputs).toMatchObject({ resourceGroupName: "rg-test", resourceName: "aks-test", agentPoolName: "general", mode: "User" });
    });

    test("the component exposes the plain spec and the agent pool's name", async () => {
        expect(pools.map((p) => p.spec)).toEqual([fixed, autoscaled, spot]);
        expect(await outputValue(pulumi.all(pools.map((p) => p.name)))).toEqual(["fixed", "general", "spot"]);
    });

    test.each([
        { name: "an autoscaled pool ignores count drift caused by the autoscaler", pool: "t-general-agentpool", want: ["count"] },
        { name: "a fixed-size pool keeps count under Pulumi's control", pool: "t-fixed-agentpool", want: [] },
    ])("$name", ({ pool, want }) => {
        expect(recorder.get(AGENT_POOL, pool).ignoreChanges).toEqual(want);
    });

    test("an autoscaled pool sends its bounds and its initial count", () => {
        expect(recorder.get(AGENT_POOL, "t-general-agentpool").inputs).toMatchObject({ enableAutoScaling: true, minCount: 1, maxCount: 5, count: 1 });
    });

    test("create-only properties replace the pool instead of updating it", () => {
        expect(recorder.get(AGENT_POOL, "t-fixed-agentpool").replaceOnChanges).toEqual([...CREATE_ONLY_AGENT_POOL_PROPERTIES]);
    });

    test("a spot pool is sent with its priority, label and taint, and without surge", () => {
        const inputs = recorder.get(AGENT_POOL, "t-spot-agentpool").inputs;
        expect(inputs).toMatchObject({
            scaleSetPriority: "Spot",
            scaleSetEvictionPolicy: "Delete",
            spotMaxPrice: -1,
            nodeLabels: { "kubernetes.azure.com/scalesetpriority": "spot" },
            nodeTaints: ["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"],
            enableNodePublicIP: false,
        });
        expect(inputs.upgradeSettings).not.toHaveProperty("maxSurge");
    });

    test("a regular pool is sent as Regular, with its surge", () => {
        const inputs = recorder.get(AGENT_POOL, "t-fixed-agentpool").inputs;
        expect(inputs.scaleSetPriority).toBe("Regular");
        expect(inputs.upgradeSettings).toHaveProperty("maxSurge", fixed.upgrade.maxSurge);
    });

    test.each([
        { name: "tags given are put on the scale set", pool: "t-general-agentpool", want: { environment: "test" } },
        { name: "no tags given sends none", pool: "t-fixed-agentpool", want: undefined },
    ])("$name", ({ pool, want }) => {
        expect(recorder.get(AGENT_POOL, pool).inputs.tags).toEqual(want);
    });
});

describe("AksNodePool validation", () => {
    let recorder: MockRecorder;
    beforeAll(async () => {
        recorder = await installMocks(pulumi);
    });

    test("invalid arguments throw one InputPropertiesError with every path, and nothing is registered", async () => {
        const spec = spotPool({ name: "Spot_Pool", maxPods: 5, upgrade: { maxSurge: "33%", maxUnavailable: "0", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 } });
        let thrown: unknown;
        try {
            new AksNodePool("bad", { cluster: HANDLE, spec });
        } catch (error) {
            thrown = error;
        }
        expect(pulumi.InputPropertiesError.isInstance(thrown)).toBe(true);
        const error = thrown as pulumi.InputPropertiesError;
        expect(error.message).toMatch(/^AksNodePool "bad" has \d+ invalid arguments; no resource was created$/);
        expect(error.errors.map((e) => e.propertyPath)).toEqual(expect.arrayContaining(["spec.name", "spec.maxPods", "spec.upgrade.maxSurge"]));
        expect(error.errors.find((e) => e.propertyPath === "spec.upgrade.maxSurge")?.reason).toMatch(/spot pools take no surge nodes/);
        await settle(pulumi);
        expect(recorder.registrations).toEqual([]);
    });

    test("a spot pool without AKS's spot taint is refused, since the nodes will carry it", () => {
        expect(poolArgumentViolations(spotPool({ taints: [] }), "spec")).toEqual([
            { path: "spec.taints", message: "spot pools carry AKS's taint kubernetes.azure.com/scalesetpriority=spot:NoSchedule: add it to taints" },
        ]);
    });

    test("a regular pool needs no spot taint", () => {
        expect(poolArgumentViolations(userPool({ taints: [] }), "spec")).toEqual([]);
    });

    test.each([
        { name: "a spot pool without surge, with the spot taint, is valid", spec: spotPool() },
        { name: "a spot pool with surge given as 0% is valid", spec: spotPool({ upgrade: { maxSurge: "0%", maxUnavailable: "1", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 } }) },
    ])("$name", ({ spec }) => {
        expect(poolArgumentViolations(spec, "spec")).toEqual([]);
    });
});

import { addPodToNode, createNodeInfo, createPodInfo, hostPortConflicts, removePodFromNode } from "../../../scheduling/framework/node-info";
import type { V1Pod } from "../../../scheduling/model/types";

const webPod = (name: string): V1Pod => ({
    metadata: { name, namespace: "shop" },
    spec: {
        containers: [{ name: "c", ports: [{ containerPort: 80, hostPort: 8080 }], resources: { requests: { cpu: "250m", memory: "256Mi" } } }],
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname" }] } },
    },
});

describe("createPodInfo", () => {
    test("derives requests, host ports (defaults filled in) and affinity flags once", () => {
        expect(createPodInfo(webPod("a"))).toMatchObject({
            requests: { cpu: 250, memory: 268435456 },
            hostPorts: [{ protocol: "TCP", hostIP: "0.0.0.0", port: 8080 }],
            hasAffinity: true,
            hasRequiredAntiAffinity: true,
        });
    });
    test("a plain pod has no ports and no affinity", () => {
        expect(createPodInfo({ metadata: { name: "b" }, spec: { containers: [{ name: "c" }] } })).toMatchObject({ requests: {}, hostPorts: [], hasAffinity: false, hasRequiredAntiAffinity: false });
    });
});

describe("addPodToNode and removePodFromNode keep the node's totals right", () => {
    test("adding then removing restores requested, ports, affinity lists; generation moves each time", () => {
        const nodeInfo = createNodeInfo({ metadata: { name: "n1" }, status: { allocatable: { cpu: "2", pods: "10" } } });
        const a = createPodInfo(webPod("a"));
        const b = createPodInfo(webPod("b"));
        addPodToNode(nodeInfo, a);
        addPodToNode(nodeInfo, b);
        expect(nodeInfo).toMatchObject({ requested: { cpu: 500, memory: 536870912 }, generation: 2 });
        expect(nodeInfo.usedPorts).toHaveLength(2);
        expect(nodeInfo.podsWithRequiredAntiAffinity).toEqual([a, b]);
        removePodFromNode(nodeInfo, a);
        expect(nodeInfo).toMatchObject({ requested: { cpu: 250, memory: 268435456 }, generation: 3, pods: [b], podsWithAffinity: [b], podsWithRequiredAntiAffinity: [b] });
        expect(nodeInfo.usedPorts).toHaveLength(1);
    });
    test("removing a pod that is not on the node is an error", () => {
        const nodeInfo = createNodeInfo({ metadata: { name: "n1" } });
        expect(() => removePodFromNode(nodeInfo, createPodInfo(webPod("a")))).toThrow("Pod/shop/a is not on Node/n1");
    });
    test("createNodeInfo adds the given pods", () => {
        const nodeInfo = createNodeInfo({ metadata: { name: "n1" } }, [createPodInfo(webPod("a"))]);
        expect(nodeInfo.pods).toHaveLength(1);
        expect(nodeInfo.requested.cpu).toBe(250);
    });
});

describe("hostPortConflicts", () => {
    const used = [{ protocol: "TCP", hostIP: "10.0.0.1", port: 80 }];
    test.each([
        ["same IP, protocol and port", { protocol: "TCP", hostIP: "10.0.0.1", port: 80 }, true],
        ["0.0.0.0 wanted against a specific IP", { protocol: "TCP", hostIP: "0.0.0.0", port: 80 }, true],
        ["another IP", { protocol: "TCP", hostIP: "10.0.0.2", port: 80 }, false],
        ["another protocol", { protocol: "UDP", hostIP: "10.0.0.1", port: 80 }, false],
        ["another port", { protocol: "TCP", hostIP: "10.0.0.1", port: 81 }, false],
    ])("%s conflicts: %p", (_name, wanted, want) => {
        expect(hostPortConflicts(used, wanted)).toBe(want);
    });
});

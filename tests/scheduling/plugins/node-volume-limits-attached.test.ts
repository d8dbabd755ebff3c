/**
 * NodeVolumeLimits counts a volume the node already has attached once, however many pods mount it (upstream
 * `csi.go` `Filter`: new volumes already in the node's attached set are deleted before the count, v1.35). Upstream's
 * TestCSILimits has no case where the new pod shares a volume with a pod of the node, so these cases, on the same
 * storage objects, check it on both sides of the limit, including when the pod's new volumes alone would exceed the
 * room left on the node but some of them are attached already.
 */
import { nodeVolumeLimitsPlugin } from "../../../scheduling/plugins/node-volume-limits";
import type { V1Pod } from "../../../scheduling/model/types";
import fixture from "../fixtures/volumes/node-volume-limits.json";
import type { WantStatus } from "./plugin-case";
import { runVolumeCase, wantedVolume, type VolumeCase, type VolumeFixture } from "./volume-case";

const upstream = fixture as unknown as VolumeFixture;
const NODE = "node-for-max-pd-test-1";
const EXCEEDED: WantStatus = { code: "Unschedulable", reasons: ["node(s) exceed max volume count"] };

function podWith(...claims: number[]): V1Pod {
    return {
        metadata: {},
        spec: { containers: [], volumes: claims.map((i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: `csi-ebs.csi.aws.com-${i}` } })) },
    };
}

/** A case on one node whose CSINode gives the EBS driver a limit of 2. */
function limitTwo(name: string, attached: number[], wanted: number[], want?: VolumeCase["want"]): VolumeCase {
    return {
        name,
        pod: podWith(...wanted),
        nodes: [{ metadata: { name: NODE }, status: { allocatable: {} } }],
        existingPods: [podWith(...attached)],
        storage: "ebs",
        extraStorage: { csiNodes: [{ metadata: { name: NODE }, spec: { drivers: [{ name: "ebs.csi.aws.com", nodeID: NODE, allocatable: { count: 2 } }] } }] },
        ...(want === undefined ? {} : { want }),
    };
}

const table: VolumeFixture = {
    source: "this project, on the storage objects of upstream's TestCSILimits",
    filterWhen: upstream.filterWhen,
    storages: upstream.storages,
    cases: [
        limitTwo("fits at the limit when the pod's volume is attached already", [0, 1], [0]),
        limitTwo("exceeds at the limit with a volume not attached yet", [0, 1], [2], EXCEEDED),
        limitTwo("fits when the new volumes that are not attached yet fit in the room left", [0], [0, 1]),
        limitTwo("exceeds when the new volumes that are not attached yet do not fit in the room left", [0], [0, 1, 2], EXCEEDED),
    ],
};

describe(`NodeVolumeLimits with volumes the node has attached already (${table.source})`, () => {
    test.each(table.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        expect(runVolumeCase(nodeVolumeLimitsPlugin, table, c)).toEqual(wantedVolume(table, c));
    });
});

/**
 * VolumeBinding's Filter for a delayed claim that no volume matches: it can be provisioned on a node when its class
 * has a provisioner and the class's `allowedTopologies` admit the node's labels (upstream `checkVolumeProvisions` and
 * `MatchTopologySelectorTerms`, v1.35: no terms admit every node; a term without expressions admits none). Upstream's
 * TestVolumeBinding uses no-provisioner classes only, so these cases check the provisioning side.
 */
import type { V1Pod, V1StorageClass, V1TopologySelectorTerm } from "../../../scheduling/model/types";
import { ErrReasonBindConflict, volumeBindingPlugin } from "../../../scheduling/plugins/volume-binding";
import type { WantStatus } from "./plugin-case";
import { runVolumeCase, wantedVolume, type VolumeCase, type VolumeFixture } from "./volume-case";

const ZONE = "topology.disk.csi.azure.com/zone";
const BIND_CONFLICT: WantStatus = { code: "UnschedulableAndUnresolvable", reasons: [ErrReasonBindConflict] };

const pod: V1Pod = { metadata: { name: "web-0", namespace: "default" }, spec: { containers: [], volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data-web-0" } }] } };

function provisioning(name: string, allowedTopologies: V1TopologySelectorTerm[] | undefined, want: VolumeCase["want"]): VolumeCase {
    const storageClass: V1StorageClass = {
        metadata: { name: "zonal" },
        provisioner: "disk.csi.azure.com",
        volumeBindingMode: "WaitForFirstConsumer",
        ...(allowedTopologies === undefined ? {} : { allowedTopologies }),
    };
    return {
        name,
        pod,
        nodes: ["1", "2"].map((zone) => ({ metadata: { name: `node-zone-${zone}`, labels: { [ZONE]: `westeurope-${zone}` } }, status: { allocatable: {} } })),
        storage: {
            storageClasses: [storageClass],
            persistentVolumeClaims: [
                { metadata: { name: "data-web-0", namespace: "default" }, spec: { storageClassName: "zonal", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "32Gi" } } } },
            ],
        },
        want,
    };
}

const table: VolumeFixture = {
    source: "this project: provisioning under allowedTopologies",
    filterWhen: "success",
    cases: [
        provisioning("a class without allowedTopologies provisions on every node", undefined, null),
        provisioning("a class with an empty allowedTopologies list provisions on every node", [], null),
        provisioning("allowedTopologies admit the nodes of the zone they name only", [{ matchLabelExpressions: [{ key: ZONE, values: ["westeurope-1"] }] }], { "node-zone-2": BIND_CONFLICT }),
        provisioning("a term without expressions admits no node", [{ matchLabelExpressions: [] }], BIND_CONFLICT),
    ],
};

describe(`VolumeBinding provisioning (${table.source})`, () => {
    test.each(table.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        expect(runVolumeCase(volumeBindingPlugin, table, c)).toEqual(wantedVolume(table, c));
    });
});

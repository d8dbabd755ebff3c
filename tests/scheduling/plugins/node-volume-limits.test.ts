import { nodeVolumeLimitsPlugin } from "../../../scheduling/plugins/node-volume-limits";
import fixture from "../fixtures/volumes/node-volume-limits.json";
import { runVolumeCase, wantedVolume, type VolumeFixture } from "./volume-case";

const table = fixture as unknown as VolumeFixture;

describe(`NodeVolumeLimits PreFilter and Filter (${table.source})`, () => {
    test.each(table.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        expect(runVolumeCase(nodeVolumeLimitsPlugin, table, c)).toEqual(wantedVolume(table, c));
    });
});

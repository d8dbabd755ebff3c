import { volumeZonePlugin } from "../../../scheduling/plugins/volume-zone";
import fixture from "../fixtures/volumes/volume-zone.json";
import { runVolumeCase, wantedVolume, type VolumeFixture } from "./volume-case";

const table = fixture as unknown as VolumeFixture;

describe(`VolumeZone PreFilter and Filter (${table.source})`, () => {
    test.each(table.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        expect(runVolumeCase(volumeZonePlugin, table, c)).toEqual(wantedVolume(table, c));
    });
});

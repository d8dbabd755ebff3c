import { volumeRestrictionsPlugin } from "../../../scheduling/plugins/volume-restrictions";
import fixture from "../fixtures/volumes/volume-restrictions.json";
import { runVolumeCase, wantedVolume, type VolumeFixture } from "./volume-case";

const table = fixture as unknown as VolumeFixture;

describe(`VolumeRestrictions PreFilter and Filter (${table.source})`, () => {
    test.each(table.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        expect(runVolumeCase(volumeRestrictionsPlugin, table, c)).toEqual(wantedVolume(table, c));
    });
});

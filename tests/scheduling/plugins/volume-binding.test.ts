import { volumeBindingPlugin } from "../../../scheduling/plugins/volume-binding";
import fixture from "../fixtures/volumes/volume-binding.json";
import { runVolumeCase, wantedVolume, type VolumeFixture } from "./volume-case";

const table = fixture as unknown as VolumeFixture;

describe(`VolumeBinding PreFilter and Filter (${table.source})`, () => {
    test.each(table.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        expect(runVolumeCase(volumeBindingPlugin, table, c)).toEqual(wantedVolume(table, c));
    });
});

import { nodeUnschedulablePlugin } from "../../../scheduling/plugins/node-unschedulable";
import fixture from "../fixtures/node-unschedulable.json";
import { type PluginFixture, runPluginCase, wanted } from "./plugin-case";

const table = (fixture as PluginFixture).cases;

describe(`NodeUnschedulable Filter (${(fixture as PluginFixture).source})`, () => {
    test.each(table.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        expect(runPluginCase(nodeUnschedulablePlugin, c)).toEqual(wanted(c));
    });
});

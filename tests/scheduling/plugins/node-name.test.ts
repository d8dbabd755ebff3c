import { nodeNamePlugin } from "../../../scheduling/plugins/node-name";
import fixture from "../fixtures/node-name.json";
import { type PluginFixture, runPluginCase, wanted } from "./plugin-case";

const table = (fixture as PluginFixture).cases;

describe(`NodeName Filter (${(fixture as PluginFixture).source})`, () => {
    test.each(table.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        expect(runPluginCase(nodeNamePlugin, c)).toEqual(wanted(c));
    });
});

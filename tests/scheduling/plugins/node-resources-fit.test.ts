import { nodeResourcesFitPlugin } from "../../../scheduling/plugins/node-resources-fit";
import fixture from "../fixtures/node-resources-fit.json";
import { type PluginFixture, runPluginCase, wanted } from "./plugin-case";

const table = (fixture as PluginFixture).cases;

describe(`NodeResourcesFit PreFilter and Filter (${(fixture as PluginFixture).source})`, () => {
    test.each(table.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        expect(runPluginCase(nodeResourcesFitPlugin, c)).toEqual(wanted(c));
    });
});

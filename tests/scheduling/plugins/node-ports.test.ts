import { nodePortsPlugin } from "../../../scheduling/plugins/node-ports";
import fixture from "../fixtures/node-ports.json";
import { type PluginFixture, runPluginCase, wanted } from "./plugin-case";

const table = (fixture as PluginFixture).cases;

describe(`NodePorts PreFilter and Filter (${(fixture as PluginFixture).source})`, () => {
    test.each(table.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        expect(runPluginCase(nodePortsPlugin, c)).toEqual(wanted(c));
    });
});

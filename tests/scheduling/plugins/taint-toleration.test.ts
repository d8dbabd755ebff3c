import { taintTolerationPlugin } from "../../../scheduling/plugins/taint-toleration";
import fixture from "../fixtures/taint-toleration.json";
import { type PluginFixture, runPluginCase, wanted } from "./plugin-case";

const table = (fixture as PluginFixture).cases;

describe(`TaintToleration Filter (${(fixture as PluginFixture).source})`, () => {
    test.each(table.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        expect(runPluginCase(taintTolerationPlugin, c)).toEqual(wanted(c));
    });
});

/** Priority resolution, as the Priority admission plugin does it. */
import { InvalidObjectError } from "../../../scheduling/model/errors";
import { indexPriorityClasses, resolvePriority } from "../../../scheduling/simulate/priority";
import type { V1PriorityClass } from "../../../scheduling/model/types";

const pc = (name: string, value: number, globalDefault = false): V1PriorityClass => ({ metadata: { name }, value, globalDefault });
const classes = indexPriorityClasses([pc("high", 1000), pc("batch", -10, true)]);

describe("resolvePriority", () => {
    test.each([
        ["a class name gives the class's value", { priorityClassName: "high" }, 1000],
        ["a matching priority beside the class is accepted", { priorityClassName: "high", priority: 1000 }, 1000],
        ["a built-in class", { priorityClassName: "system-cluster-critical" }, 2000000000],
        ["a bare priority", { priority: 3 }, 3],
        ["nothing set takes the global default", {}, -10],
    ])("%s", (_name, spec, expected) => {
        expect(resolvePriority({ containers: [], ...spec }, classes, "Pod/default/p", "spec")).toBe(expected);
    });

    test("nothing set and no global default is 0", () => {
        expect(resolvePriority({ containers: [] }, indexPriorityClasses([]), "Pod/default/p", "spec")).toBe(0);
    });

    test.each([
        ["an unknown class", { priorityClassName: "nope" }, 'Pod/default/p: spec.priorityClassName: no PriorityClass named "nope"; known classes: system-node-critical, system-cluster-critical, high, batch'],
        ["a priority contradicting the class", { priorityClassName: "high", priority: 5 }, "Pod/default/p: spec.priority: 5 contradicts PriorityClass high (value 1000); leave priority out or set it to 1000"],
    ])("rejects %s", (_name, spec, message) => {
        expect(() => resolvePriority({ containers: [], ...spec }, classes, "Pod/default/p", "spec")).toThrow(new InvalidObjectError("Pod/default/p", message.split(": ")[1], message.split(": ").slice(2).join(": ")));
    });

    test("rejects two global defaults", () => {
        expect(() => indexPriorityClasses([pc("a", 1, true), pc("b", 2, true)])).toThrow("PriorityClass/b: globalDefault: PriorityClass a is already the global default; only one may be");
    });
});

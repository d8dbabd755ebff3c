/** priorityClassRuleViolations: class names unique and not built in; a workload names a class that exists. */
import type { PriorityClassSpec, WorkloadSpec } from "../../../config/platform-spec";
import { priorityClassRuleViolations } from "../../../config/rules/priority-class-rules";

const cls = (name: string, value = 1000): PriorityClassSpec => ({ name, value, preemptionPolicy: "PreemptLowerPriority" });
const workload = (name: string, priorityClassName?: string) => ({ name, ...(priorityClassName === undefined ? {} : { priorityClassName }) }) as WorkloadSpec;

describe("priorityClassRuleViolations", () => {
    test.each<[string, PriorityClassSpec[], WorkloadSpec[]]>([
        ["no classes and no class named", [], [workload("web")]],
        ["a workload naming a declared class", [cls("platform-high"), cls("batch-low", 10)], [workload("web", "platform-high"), workload("job", "batch-low")]],
        ["a workload naming a class Kubernetes creates", [], [workload("agent", "system-node-critical")]],
    ])("accepts %s", (_name, classes, workloads) => {
        expect(priorityClassRuleViolations(classes, workloads)).toEqual([]);
    });

    test.each<[string, PriorityClassSpec[], WorkloadSpec[], { path: string; message: string }]>([
        ["a class declared twice", [cls("high"), cls("high", 5)], [], { path: "priorityClasses[1].name", message: `"high" is declared twice; give each class a name of its own` }],
        ["a class named like a built-in one", [cls("system-cluster-critical")], [], { path: "priorityClasses[0].name", message: `"system-cluster-critical" is a class Kubernetes creates itself; give each class a name of its own` }],
        [
            "a workload naming a class nobody declares",
            [cls("high")],
            [workload("web", "hihg")],
            { path: "workloads[0].priorityClassName", message: `"web" names PriorityClass "hihg", which is neither declared in aks-platform:priorityClasses (high) nor built in (system-cluster-critical, system-node-critical)` },
        ],
    ])("rejects %s", (_name, classes, workloads, violation) => {
        expect(priorityClassRuleViolations(classes, workloads)).toEqual([violation]);
    });
});

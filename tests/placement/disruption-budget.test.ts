import { budgetsFor, disruptionAllowance, upgradeStepCount, upgradeSteps } from "../../placement";
import type { V1Pod, V1PodDisruptionBudget } from "../../scheduling";
import { InvalidObjectError } from "../../scheduling/model/errors";
import { pool } from "./fixtures";

const pdb = (spec: Record<string, unknown>, namespace = "default"): V1PodDisruptionBudget => ({ metadata: { name: "api", namespace }, spec: { selector: { matchLabels: { app: "api" } }, ...spec } });

describe("disruptionAllowance (pkg/controller/disruption, v1.35)", () => {
    test.each<[string, Record<string, unknown>, number, number, number]>([
        // [name, rule, expected, healthy, allowed]
        ["minAvailable as a count: healthy beyond it may go", { minAvailable: 2 }, 3, 3, 1],
        ["minAvailable equal to the replicas allows nothing", { minAvailable: 3 }, 3, 3, 0],
        ["minAvailable 50% of 3 rounds up to 2", { minAvailable: "50%" }, 3, 3, 1],
        ["minAvailable 34% of 3 rounds up to 2", { minAvailable: "34%" }, 3, 2, 0],
        ["maxUnavailable 1 of 3 allows one", { maxUnavailable: 1 }, 3, 3, 1],
        ["maxUnavailable 1 of 3 with one already down allows none", { maxUnavailable: 1 }, 3, 2, 0],
        ["maxUnavailable 10% of 3 rounds up to 1", { maxUnavailable: "10%" }, 3, 3, 1],
        ["maxUnavailable 0 allows nothing", { maxUnavailable: 0 }, 4, 4, 0],
    ])("%s", (_name, rule, expected, healthy, allowed) => {
        expect(disruptionAllowance(pdb(rule), expected, healthy).allowed).toBe(allowed);
    });

    test.each([
        ["neither field", {}, "PodDisruptionBudget/default/api: spec: set exactly one of minAvailable and maxUnavailable"],
        ["both fields", { minAvailable: 1, maxUnavailable: 1 }, "PodDisruptionBudget/default/api: spec: set exactly one of minAvailable and maxUnavailable"],
        ["a malformed percentage", { minAvailable: "half" }, 'PodDisruptionBudget/default/api: spec.minAvailable: expected a whole number ≥ 0 or a percentage ("50%"), got "half"'],
    ])("rejects a budget with %s", (_name, rule, message) => {
        expect(() => disruptionAllowance(pdb(rule), 3, 3)).toThrow(InvalidObjectError);
        expect(() => disruptionAllowance(pdb(rule), 3, 3)).toThrow(message);
    });

    test("a budget selects the pods of its namespace whose labels match", () => {
        const pod = (app: string, namespace: string): V1Pod => ({ metadata: { name: "p", namespace, labels: { app } } });
        expect(budgetsFor(pod("api", "default"), [pdb({ maxUnavailable: 1 })])).toHaveLength(1);
        expect(budgetsFor(pod("web", "default"), [pdb({ maxUnavailable: 1 })])).toHaveLength(0);
        expect(budgetsFor(pod("api", "shop"), [pdb({ maxUnavailable: 1 })])).toHaveLength(0);
    });
});

describe("upgrade steps (https://learn.microsoft.com/azure/aks/upgrade-aks-cluster#customize-node-surge-upgrade)", () => {
    test.each([
        ["1", 5, 1],
        ["10%", 3, 1],
        ["33%", 10, 4],
        ["100%", 4, 4],
        ["0", 4, 0],
    ])("%s of %i nodes is %i node(s), percentages rounded up", (setting, nodes, count) => {
        expect(upgradeStepCount(setting, nodes)).toBe(count);
    });

    test("a regular pool surges and drains maxSurge + maxUnavailable nodes at a time", () => {
        expect(upgradeSteps(pool("general", { upgrade: { maxSurge: "2", maxUnavailable: "1", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 } }), 6)).toEqual({ surge: 2, batch: 3 });
    });

    test("a spot pool takes no surge and drains maxUnavailable nodes at a time", () => {
        const spot = pool("spot", { spot: { evictionPolicy: "Delete", maxPrice: -1 }, upgrade: { maxSurge: "0", maxUnavailable: "2", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 } });
        expect(upgradeSteps(spot, 6)).toEqual({ surge: 0, batch: 2 });
    });
});

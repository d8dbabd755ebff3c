/** The report's pure parts: the verdict of a stack, and the resource counts and component tree. */
import { exitOf, resourcesSection } from "../../plan/build-report";
import type { Registration } from "../../plan/mock-runtime";
import { planReport, scenario, violation } from "./fixtures";

describe("exitOf", () => {
    const cases = [
        { name: "passes with only advisory violations and unpromised failing scenarios", results: [violation("advisory", "no probes")], scenarios: [scenario("max-size", true, true), scenario("zone-loss", false, false, ["lost"])], code: 0, reasons: [] },
        { name: "fails on a mandatory violation, naming the policy", results: [violation("mandatory", "no probes")], scenarios: [scenario("max-size", true, true)], code: 1, reasons: ["stack dev: mandatory policy k8s-container-probes-set (WL-002) fails: no probes"] },
        {
            name: "fails on a promised scenario that is not ok, once per problem",
            results: [],
            scenarios: [scenario("max-size", false, true, ["Deployment/shop/huge: 2 of 2 replica(s) fit on no node", "pool \"general\" needs more"])],
            code: 1,
            reasons: ["stack dev: promised scenario max-size fails: Deployment/shop/huge: 2 of 2 replica(s) fit on no node", "stack dev: promised scenario max-size fails: pool \"general\" needs more"],
        },
    ];
    test.each(cases)("$name", ({ results, scenarios, code, reasons }) => {
        const report = planReport("dev", (r) => {
            r.placement.scenarios = scenarios;
            r.policies.results = results;
        });
        expect(exitOf("dev", report.placement, report.policies)).toEqual({ code, reasons });
    });
});

function registration(type: string, name: string, parentUrn?: string): Registration {
    return { type, name, inputs: {}, secretInputs: [], custom: !type.startsWith("aks-platform:"), urn: `urn:${type}::${name}`, ...(parentUrn === undefined ? {} : { parentUrn }), parents: [], ignoreChanges: [], replaceOnChanges: [], deleteBeforeReplace: false, deleteBeforeReplaceDefined: false, aliases: [], protect: false, dependencies: [], propertyDependencies: {} };
}

describe("resourcesSection", () => {
    const cluster = registration("aks-platform:index:AksCluster", "platform");
    const pool = registration("aks-platform:index:AksNodePool", "platform-pool-a", cluster.urn);
    const agentPool = registration("azure-native:containerservice:AgentPool", "a", pool.urn);
    const namespace = registration("kubernetes:core/v1:Namespace", "ns");

    test("counts registrations by type, sorted by type", () => {
        expect(resourcesSection([cluster, pool, agentPool, namespace, registration("kubernetes:core/v1:Namespace", "ns2")])).toMatchObject({
            total: 5,
            byType: { "aks-platform:index:AksCluster": 1, "aks-platform:index:AksNodePool": 1, "azure-native:containerservice:AgentPool": 1, "kubernetes:core/v1:Namespace": 2 },
        });
    });

    test("nests each resource under its parent and keeps parentless ones at the root", () => {
        expect(resourcesSection([cluster, pool, agentPool, namespace]).tree).toEqual([
            { type: cluster.type, name: "platform", custom: false, children: [{ type: pool.type, name: "platform-pool-a", custom: false, children: [{ type: agentPool.type, name: "a", custom: true, children: [] }] }] },
            { type: namespace.type, name: "ns", custom: true, children: [] },
        ]);
    });
});

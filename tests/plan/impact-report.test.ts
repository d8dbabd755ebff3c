/** The impact section in each report format, and its failures in the plan's verdict (hand-made, no program run). */
import { BaseRevisionError } from "../../plan/base-revision";
import { withImpactFailures } from "../../plan/build-report";
import { impactSection } from "../../plan/impact-run";
import type { Registration } from "../../plan/mock-runtime";
import { renderHtmlReport } from "../../plan/html";
import { impactMarkdown, impactText } from "../../plan/impact-report";
import { formatMarkdown } from "../../plan/markdown";
import { formatPlanReport } from "../../plan/print";
import { formatSarif } from "../../plan/sarif";
import { sarifSchemaErrors } from "../helpers/sarif-schema";
import type { ImpactSection } from "../../plan/report-types";
import type { ResourceChange } from "../../impact/types";
import { planReport } from "./fixtures";

const CLUSTER_URN = "urn:pulumi:prod::aks-platform::aks-platform:index:AksCluster$azure-native:containerservice:ManagedCluster::platform-cluster";
const base = { deleteFirst: false, destructive: false, protectedFailure: false, ignoredPaths: [], refusedPaths: [], untabled: false, paths: [] };
const cluster: ResourceChange = {
    ...base,
    type: "azure-native:containerservice:ManagedCluster",
    name: "platform-cluster",
    urn: CLUSTER_URN,
    action: "replace",
    paths: ["dnsPrefix"],
    deleteFirst: true,
    destructive: true,
    protectedFailure: true,
    placement: { kind: "cluster", cluster: "aks", workloads: ["Deployment/shop/web"], volumes: [] },
};
const follower: ResourceChange = { ...base, type: "kubernetes:apps/v1:Deployment", name: "web", urn: "urn:web", action: "replace", paths: ["provider"], destructive: true, causedBy: CLUSTER_URN };
const update: ResourceChange = { ...base, type: "azure-native:containerservice:AgentPool", name: "pool-<x>", urn: "urn:pool", action: "update", paths: ["maxCount"], ignoredPaths: ["count"] };

const impact: ImpactSection = {
    base: { label: "main (abc1234)", ref: "main", commit: "abc1234def", stackExisted: true },
    changes: [cluster, follower, update],
    counts: { create: 0, update: 1, replace: 2, delete: 0, same: 10 },
    gates: [{ change: "replace-cluster", target: "aks", urn: CLUSTER_URN, message: "replaces cluster aks (dnsPrefix): every workload and volume on it is destroyed", verdict: "refused" }],
    failures: ["replaces cluster aks (dnsPrefix): refused by the change gates"],
};

describe("the impact section", () => {
    test("text: the summary, destructive lines first and marked, followers folded under their cause", () => {
        expect(impactText(impact)).toEqual([
            "Change impact against main (abc1234): 2 to replace, 0 to delete, 1 to update, 0 to create, 10 unchanged",
            "  !! replace containerservice:ManagedCluster platform-cluster: dnsPrefix (delete-first)",
            "        destroys everything on cluster aks: 1 workload(s) (Deployment/shop/web) and 0 volume(s)",
            "        REFUSED by the change gates (replace-cluster): allow it with aks-platform:changeImpact.allow and a reason",
            "        FAILS in pulumi up: the resource is protected (protect: true)",
            "        with it: 1 replaced (apps/v1:Deployment 1)",
            "  ~  update  containerservice:AgentPool pool-<x>: maxCount",
            "        not applied: ignoreChanges keeps count as deployed",
        ]);
    });

    test("text: the terminal report prints it before the resources", () => {
        const text = formatPlanReport(planReport("prod", (r) => (r.impact = impact))).split("\n");
        expect(text.indexOf(impactText(impact)[0])).toBeLessThan(text.findIndex((l) => l.startsWith("Resources:")));
    });

    test("markdown: a table, destructive marks in bold, cells escaped", () => {
        const md = impactMarkdown(impact);
        expect(md).toContain("| **!!** | replace | containerservice:ManagedCluster platform-cluster: dnsPrefix (delete-first) | destroys everything on cluster aks: 1 workload(s) (Deployment/shop/web) and 0 volume(s)<br>REFUSED by the change gates (replace-cluster): allow it with aks-platform:changeImpact.allow and a reason<br>FAILS in pulumi up: the resource is protected (protect: true)<br>with it: 1 replaced (apps/v1:Deployment 1) |");
        expect(md).toContain("| ~ | update | containerservice:AgentPool pool-&lt;x>: maxCount | not applied: ignoreChanges keeps count as deployed |");
        expect(formatMarkdown({ reports: [planReport("prod", (r) => (r.impact = impact))], exit: { code: 0, reasons: [] } })).toContain(md[0]);
    });

    test("html: its own section, every text escaped", () => {
        const html = renderHtmlReport([planReport("prod", (r) => (r.impact = impact))]);
        expect(html).toContain("<h3>Change impact</h3>");
        expect(html).toContain("<code>containerservice:AgentPool pool-&lt;x&gt;: maxCount</code>");
        expect(html).not.toContain("pool-<x>");
    });

    test("a stack with no file at the base: every resource is created, and it says so", () => {
        const fresh: ImpactSection = { ...impact, base: { ...impact.base, stackExisted: false }, changes: [], gates: [], failures: [] };
        expect(impactText(fresh)[1]).toBe("  (the stack has no stack file at main (abc1234): every resource is created)");
    });

    test("no --base: no section in any format", () => {
        const report = planReport("prod");
        expect(formatPlanReport(report)).not.toContain("Change impact");
        expect(renderHtmlReport([report])).not.toContain("Change impact");
    });
});

describe("withImpactFailures", () => {
    test("each failure joins the verdict's reasons, naming the stack, and fails the plan", () => {
        expect(withImpactFailures({ code: 0, reasons: [] }, "prod", impact)).toEqual({ code: 1, reasons: ["stack prod: change impact: replaces cluster aks (dnsPrefix): refused by the change gates"] });
    });

    test("no failure leaves the verdict as it was", () => {
        expect(withImpactFailures({ code: 0, reasons: [] }, "dev", { ...impact, failures: [] })).toEqual({ code: 0, reasons: [] });
    });
});

describe("SARIF", () => {
    test("a destructive change that fails is an error on its stack-file entry; followers and plain updates report nothing", () => {
        const located: ImpactSection = { ...impact, changes: [{ ...cluster, location: { file: "Pulumi.prod.yaml", line: 12, column: 3, key: "aks-platform:cluster" } }, follower, update] };
        const log = formatSarif({ reports: [planReport("prod", (r) => (r.impact = located))], exit: { code: 1, reasons: [] } }, { version: "0.1.0", root: "/repo" });
        expect(sarifSchemaErrors(log)).toEqual([]);
        const results = log.runs[0].results!.filter((r) => r.ruleId!.startsWith("impact/"));
        expect(results).toHaveLength(1);
        expect(results[0]).toMatchObject({
            ruleId: "impact/replace",
            level: "error",
            message: { text: expect.stringMatching(/^prod: replace containerservice:ManagedCluster platform-cluster: dnsPrefix \(delete-first\) — destroys everything on cluster aks/) },
            locations: [{ physicalLocation: { artifactLocation: { uri: "Pulumi.prod.yaml" }, region: { startLine: 12, startColumn: 3 } } }],
            properties: { stack: "prod", action: "replace", deleteFirst: true },
        });
    });

    test("a replacement that fails nothing is a warning", () => {
        const quiet: ImpactSection = { ...impact, gates: [], changes: [{ ...cluster, protectedFailure: false }] };
        const log = formatSarif({ reports: [planReport("dev", (r) => (r.impact = quiet))], exit: { code: 0, reasons: [] } }, { version: "0.1.0" });
        expect(log.runs[0].results!.filter((r) => r.ruleId === "impact/replace").map((r) => r.level)).toEqual(["warning"]);
    });
});

describe("impactSection", () => {
    const registration = (inputs: Record<string, unknown>): Registration => ({
        type: "azure-native:containerservice:AgentPool",
        name: "pool",
        inputs,
        secretInputs: [],
        custom: true,
        urn: "urn:pulumi:prod::aks-platform::azure-native:containerservice:AgentPool::pool",
        parents: [],
        ignoreChanges: [],
        replaceOnChanges: [],
        deleteBeforeReplace: true,
        deleteBeforeReplaceDefined: true,
        aliases: [],
        protect: false,
        dependencies: [],
        propertyDependencies: {},
    });
    const prepared = { projectDir: "/tmp/x", label: "old (1a2b3c4)", dispose: () => undefined };

    test("a base whose resources the placement checks cannot read is bad input naming the base", () => {
        const base = { prepared, registrations: [registration({ resourceName: "gone", agentPoolName: "pool", vmSize: "Standard_D4ds_v5" })], stackExisted: true };
        const head = [registration({ resourceName: "gone", agentPoolName: "pool", vmSize: "Standard_D8ds_v5" })];
        expect(() => impactSection(base, head, { gates: "mandatory", allow: [] })).toThrow(BaseRevisionError);
        expect(() => impactSection(base, head, { gates: "mandatory", allow: [] })).toThrow(/^the base old \(1a2b3c4\) registers resources the placement checks cannot read: AgentPool .*resourceName.*; compare against a newer revision, or give the deployed stack file with --base-file$/);
    });

    test("the same change with no pool to place is reported without a placement", () => {
        const base = { prepared, registrations: [registration({ resourceName: "gone", agentPoolName: "pool", maxCount: 3 })], stackExisted: true };
        const section = impactSection(base, [registration({ resourceName: "gone", agentPoolName: "pool", maxCount: 4 })], { gates: "mandatory", allow: [] });
        expect(section.changes.map((c) => [c.action, c.paths, c.placement])).toEqual([["update", ["maxCount"], undefined]]);
    });
});

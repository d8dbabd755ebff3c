/** The pull-request comment: a summary row per stack, details per stack, and GitHub's comment limit. */
import { cell, formatMarkdown, GITHUB_COMMENT_LIMIT, POLICY_ROWS_SHOWN } from "../../plan/markdown";
import { runOf } from "../../plan/cli";
import { renderHtmlReport } from "../../plan/html";
import { formatPlanReport } from "../../plan/print";
import { planReport, scenario, violation } from "./fixtures";

describe("formatMarkdown", () => {
    test("a passing run says so and gives each stack a row ending in pass", () => {
        const md = formatMarkdown(runOf([planReport("dev"), planReport("prod")]));
        expect(md).toMatch(/^## Offline plan: every stack passes\n/);
        expect(md).toContain("| dev | 2 | 1 | 1 (2/2 replicas) | max-size ok | 0 mandatory, 0 advisory | pass |");
        expect(md).toContain("| prod | 2 | 1 |");
    });

    test("a failing stack is marked, with its reasons, its failing promised scenario and its violations", () => {
        const failing = planReport("prod", (r) => {
            r.placement.scenarios = [scenario("max-size", false, true, ["Deployment/shop/web: 2 of 2 replica(s) fit on no node"])];
            r.policies.results = [violation("mandatory", "container | web must declare probes")];
            r.exit = { code: 1, reasons: ["stack prod: promised scenario max-size fails: Deployment/shop/web"] };
        });
        const md = formatMarkdown(runOf([planReport("dev"), failing]));
        expect(md).toMatch(/^## Offline plan: \*\*some stacks fail\*\*/);
        expect(md).toMatch(/^\| prod \|.*\| \*\*FAIL\*\* \|$/m);
        expect(md).toContain("- stack prod: promised scenario max-size fails: Deployment/shop/web");
        expect(md).toContain("| max-size | yes | FAIL | Deployment/shop/web: 2 of 2 replica(s) fit on no node |");
        expect(md).toContain("| mandatory | WL-002 `k8s-container-probes-set` | medium | container \\| web must declare probes |");
    });

    test("every exemption of the policy config is listed in each report, expired ones marked", () => {
        const exempted = planReport("prod", (r) => {
            r.policies.exemptions = [
                { policy: "k8s-container-probes-set", resource: "Deployment/shop/web", reason: "probes land with ticket 42", expires: "2027-01-31", status: "active", matches: "urn:pulumi:prod::aks::web" },
                { policy: "k8s-image-pinned", resource: "Deployment/shop/old", reason: "legacy image", expires: "2026-11-30", status: "expired" },
            ];
        });
        const md = formatMarkdown(runOf([exempted]));
        expect(md).toContain("| active | `k8s-container-probes-set` | Deployment/shop/web | 2027-01-31 | probes land with ticket 42 |");
        expect(md).toContain("| **expired** | `k8s-image-pinned` | Deployment/shop/old | 2026-11-30 | legacy image |");
        const text = formatPlanReport(exempted);
        expect(text).toContain("exemption active from k8s-container-probes-set for Deployment/shop/web until 2027-01-31 (on urn:pulumi:prod::aks::web): probes land with ticket 42");
        expect(text).toContain("exemption EXPIRED from k8s-image-pinned for Deployment/shop/old until 2026-11-30 (names no resource of this stack): legacy image");
        const html = renderHtmlReport([exempted]);
        expect(html).toContain("<h4>Exemptions</h4>");
        expect(html).toContain("legacy image");
    });

    test("long policy lists are cut after the shown rows, saying how many more there are", () => {
        const many = planReport("dev", (r) => {
            r.policies.results = Array.from({ length: POLICY_ROWS_SHOWN + 5 }, (_, i) => violation("advisory", `finding ${i}`));
        });
        const md = formatMarkdown(runOf([many]));
        expect(md.match(/^\| advisory \|/gm)).toHaveLength(POLICY_ROWS_SHOWN);
        expect(md).toContain("… and 5 more violation(s)");
    });

    test.each([GITHUB_COMMENT_LIMIT, 4_000])("stays under a %i-character limit, naming the stacks whose details were left out", (limit) => {
        const huge = (stack: string) =>
            planReport(stack, (r) => {
                r.placement.scenarios = [scenario("zone-loss", false, true, Array.from({ length: 400 }, (_, i) => `problem ${i} ${"x".repeat(100)}`))];
            });
        const md = formatMarkdown(runOf(["a", "b", "c"].map(huge)), limit);
        expect(md.length).toBeLessThanOrEqual(limit);
        expect(md).toMatch(/\| a \|.*\n\| b \|.*\n\| c \|/);
        expect(md).toMatch(/_Details of .*c left out to stay under GitHub's \d+-character comment limit/);
    });

    test("a short run is not cut", () => {
        expect(formatMarkdown(runOf([planReport("dev")]))).not.toContain("left out");
    });
});

describe("cell", () => {
    test.each([
        { text: "a|b", wanted: "a\\|b" },
        { text: "line\nbreak", wanted: "line break" },
        { text: "<script>", wanted: "&lt;script>" },
        { text: "plain", wanted: "plain" },
    ])("escapes $text", ({ text, wanted }) => {
        expect(cell(text)).toBe(wanted);
    });
});

import { renderHtmlReport, escapeHtml, poolBar, poolPictureSvg } from "../../plan/html";
import { drawnResources } from "../../plan/html/pool-picture";
import type { PlanReport, PoolLoad } from "../../plan/report-types";

/** A pool of 2 nodes × 4 cores: 8 cores, 32Gi, 60 pods; AKS's pods take 1 core, two workloads 2 and 3 cores. */
const MAX_LOAD: PoolLoad = {
    cluster: "aks-test",
    pool: "general",
    size: "max",
    nodes: 2,
    allocatable: { cpu: "8", memory: "32Gi", pods: "60" },
    requested: { cpu: "6", memory: "12Gi", pods: "10" },
    workloads: [
        { workload: "Deployment/shop/web", pods: 4, requests: { cpu: "2", memory: "4Gi" } },
        { workload: "Deployment/shop/api", pods: 2, requests: { cpu: "3", memory: "6Gi" } },
    ],
    system: { cpu: "1", memory: "2Gi", pods: "4" },
};

const MIN_LOAD: PoolLoad = { ...MAX_LOAD, size: "min", nodes: 0, allocatable: {}, requested: {}, workloads: [], system: {} };

function report(overrides: Partial<PlanReport> = {}): PlanReport {
    return {
        stack: "test",
        file: "Pulumi.test.yaml",
        location: "westeurope",
        kubernetesVersion: "1.33",
        manifests: [],
        skipped: [],
        resources: { total: 3, byType: { "aks:index:AksCluster": 1, "azure-native:containerservice:AgentPool": 2 }, tree: [{ type: "aks:index:AksCluster", name: "aks", custom: false, children: [] }] },
        pools: [
            {
                cluster: "aks-test",
                name: "general",
                mode: "User",
                vmSize: "Standard_D4ds_v5",
                zones: ["westeurope-1"],
                spot: false,
                minNodes: 0,
                maxNodes: 2,
                allocatablePerNode: { cpu: "3860m", memory: "12Gi", pods: "30" },
                labels: {},
                taints: ["dedicated=shop:NoSchedule"],
            },
        ],
        poolLoads: [MAX_LOAD, MIN_LOAD],
        placement: {
            promised: ["max-size"],
            workloads: [
                { cluster: "aks-test", workload: "Deployment/shop/web", source: "Pulumi program", podRequests: { cpu: "500m", memory: "1Gi" }, replicas: 4, placed: 4, byPool: { general: { "westeurope-1": 4 } }, reasons: [] },
                { cluster: "aks-test", workload: "Deployment/shop/api", source: "Pulumi program", podRequests: { cpu: "1500m", memory: "3Gi" }, replicas: 3, placed: 2, byPool: { general: { "westeurope-1": 2 } }, reasons: ["0/2 nodes are available: 2 Insufficient cpu."] },
            ],
            pools: [{ cluster: "aks-test", pool: "general", nodesNeeded: 3, min: 0, max: 2, headroom: { cpu: "2", memory: "20Gi" }, podsBeyondMax: 1 }],
            scenarios: [
                { cluster: "aks-test", promised: true, scenario: "max-size", description: "pools at their maximum size", ok: false, workloads: [], pools: [], problems: ["Deployment/shop/api: 2/3 placed"], findings: [{ problem: "Deployment/shop/api: 2/3 placed", location: { file: "Pulumi.test.yaml", line: 1, column: 1 } }] },
                { cluster: "aks-test", promised: false, scenario: "zone-loss", description: "zone westeurope-1 lost", ok: true, workloads: [], pools: [], problems: [], findings: [] },
            ],
        },
        policies: {
            configFile: "policy/config/test.json",
            evaluated: 12,
            disabled: [],
            results: [{ id: "aks-local-accounts-disabled", code: "AKS-003", name: "Local accounts disabled", severity: "high", enforcement: "mandatory", message: "Cluster aks must disable local accounts.", resource: "azure-native:containerservice:ManagedCluster::aks" }],
        },
        exit: { code: 1, reasons: ["test: promised scenario max-size fails"] },
        ...overrides,
    };
}

describe("escapeHtml", () => {
    test.each([
        ["markup characters are escaped", `<b a="1">'x' & y</b>`, "&lt;b a=&quot;1&quot;&gt;&#39;x&#39; &amp; y&lt;/b&gt;"],
        ["plain text is left as it is", "Deployment/shop/web 2/3", "Deployment/shop/web 2/3"],
    ])("%s", (_name, input, expected) => {
        expect(escapeHtml(input)).toBe(expected);
    });
});

describe("poolBar", () => {
    test("segments are proportional to the requests, the allocatable filling the track", () => {
        const bar = poolBar(MAX_LOAD, "cpu", 400);
        expect(bar).toEqual({
            resource: "cpu",
            allocatable: 8000,
            requested: 6000,
            segments: [
                { key: "system", amount: 1000, x: 0, width: 50 },
                { key: "Deployment/shop/web", amount: 2000, x: 50, width: 100 },
                { key: "Deployment/shop/api", amount: 3000, x: 150, width: 150 },
            ],
        });
    });

    test("a resource no workload requests has only the system segment", () => {
        const bar = poolBar(MAX_LOAD, "pods", 600);
        expect(bar.segments).toEqual([{ key: "system", amount: 4, x: 0, width: 40 }]);
    });

    test("requests beyond the allocatable rescale the bar to the requests", () => {
        const over: PoolLoad = { ...MAX_LOAD, allocatable: { cpu: "4" } };
        const bar = poolBar(over, "cpu", 600);
        expect(bar.segments.map((s) => s.width)).toEqual([100, 200, 300]);
    });

    test("a pool with no node at that size draws no segment", () => {
        expect(poolBar(MIN_LOAD, "cpu", 400)).toEqual({ resource: "cpu", allocatable: 0, requested: 0, segments: [] });
    });
});

describe("poolPictureSvg", () => {
    const svg = poolPictureSvg([MAX_LOAD, MIN_LOAD], () => "#123456");

    test("draws the minimum size before the maximum size", () => {
        expect(svg.indexOf("Minimum size: 0 nodes")).toBeGreaterThanOrEqual(0);
        expect(svg.indexOf("Minimum size: 0 nodes")).toBeLessThan(svg.indexOf("Maximum size: 2 nodes"));
    });

    test("the cpu segments are drawn at 1/8, 2/8 and 3/8 of the 520-unit track, after the 120-unit label", () => {
        const widths = [...svg.matchAll(/<rect x="([\d.]+)" y="\d+" width="([\d.]+)" height="18" fill/g)].slice(0, 3).map((m) => [Number(m[1]), Number(m[2])]);
        expect(widths).toEqual([
            [120, 65],
            [185, 130],
            [315, 195],
        ]);
    });

    test("each bar states what is requested out of what is allocatable", () => {
        expect(svg).toContain("6 cores of 8 cores (75%)");
        expect(svg).toContain("12 GiB of 32 GiB (38%)");
        expect(svg).toContain("4 of 60 (7%)");
    });

    test("a size with no node and nothing placed gets its title and no bar", () => {
        expect(svg).toContain("Minimum size: 0 nodes (nothing allocatable, nothing placed)");
        expect(svg.match(/class="track"/g)).toHaveLength(3);
    });

    test("requests beyond the allocatable are called out", () => {
        const over = poolPictureSvg([{ ...MAX_LOAD, allocatable: { cpu: "4", memory: "32Gi", pods: "60" } }], () => "#123456");
        expect(over).toContain('class="bar-text over">6 cores of 4 cores (150%), over<');
        expect(svg).not.toContain(", over");
    });
});

describe("drawnResources", () => {
    test.each<[string, PoolLoad[], string[]]>([
        ["cpu and memory are always drawn, pods when the pool has them allocatable", [MAX_LOAD], ["cpu", "memory", "pods"]],
        ["pods without an allocatable amount are not drawn", [{ ...MAX_LOAD, allocatable: { cpu: "8", memory: "32Gi" } }], ["cpu", "memory"]],
        ["GPUs are drawn for a pool that advertises them", [{ ...MAX_LOAD, allocatable: { ...MAX_LOAD.allocatable, "nvidia.com/gpu": "2" } }], ["cpu", "memory", "pods", "nvidia.com/gpu"]],
    ])("%s", (_name, loads, expected) => {
        expect(drawnResources(loads)).toEqual(expected);
    });
});

describe("renderHtmlReport", () => {
    const html = renderHtmlReport([report()]);

    test("is one self-contained page: inline style and svg, no script, no link, no external source", () => {
        expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
        expect(html).toContain("<style>");
        expect(html).toContain("<svg ");
        expect(html).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
    });

    test.each([
        ["the stack header with its verdict", '<h2>Stack test</h2>'],
        ["the failing verdict badge", "FAIL (exit 1)"],
        ["the exit reasons", "test: promised scenario max-size fails"],
        ["the pools table", "<h3>Node pools</h3>"],
        ["the pool's taint", "<code>dedicated=shop:NoSchedule</code>"],
        ["allocatable per node in cores and GiB, one resource per line", "cpu 3.86 cores<br>memory 12 GiB<br>pods 30"],
        ["the headroom at maximum size in cores and GiB", "cpu 2 cores<br>memory 20 GiB"],
        ["the pods that do not fit at maximum size", "1 pod beyond max"],
        ["a picture per pool", '<figure class="pool" id="pool-test-general">'],
        ["placement per workload", "Deployment/shop/api"],
        ["the kube-scheduler message", "0/2 nodes are available: 2 Insufficient cpu."],
        ["the promised scenario failing", "max-size fails"],
        ["the policy results", "Cluster aks must disable local accounts."],
        ["the component tree", "<code>aks:index:AksCluster</code> aks"],
    ])("shows %s", (_name, fragment) => {
        expect(html).toContain(fragment);
    });

    test("a passing stack shows PASS and no failure badge", () => {
        const passing = renderHtmlReport([report({ exit: { code: 0, reasons: [] }, policies: { evaluated: 12, disabled: [], results: [] } })]);
        expect(passing).toContain('<span class="badge ok">PASS</span>');
        expect(passing).toContain("no violations");
        expect(passing).not.toContain("FAIL (exit");
    });

    test("text from the report is escaped everywhere, so it cannot add markup", () => {
        const hostile = "<script>alert('x')</script>";
        const page = renderHtmlReport([
            report({
                stack: hostile,
                exit: { code: 1, reasons: [hostile] },
                policies: { evaluated: 1, disabled: [], results: [{ id: hostile, code: hostile, name: hostile, severity: "low", enforcement: "advisory", message: hostile, resource: hostile }] },
            }),
        ]);
        expect(page).not.toContain("<script");
        expect(page).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        expect(page).toContain('id="stack--script-alert--x----script-"');
    });

    test("several stacks each get a section and a link in the header", () => {
        const page = renderHtmlReport([report({ stack: "dev" }), report({ stack: "prod" })]);
        expect(page.match(/<section class="stack"/g)).toHaveLength(2);
        expect(page).toContain('href="#stack-dev"');
        expect(page).toContain('href="#stack-prod"');
    });

    test.each([
        ["a stack with one cluster names pools without the cluster", [], "<strong>general</strong>", "aks-test/general"],
        ["a stack with two clusters names pools with their cluster", ["aks-other"], "<strong>aks-test/general</strong>", "<strong>general</strong>"],
    ])("%s", (_name, others, present, absent) => {
        const base = report();
        const pools = [...base.pools, ...others.map((cluster) => ({ ...base.pools[0], cluster }))];
        const page = renderHtmlReport([report({ pools })]);
        expect(page).toContain(present);
        expect(page).not.toContain(absent);
    });

    test("no report gives a page that says so", () => {
        expect(renderHtmlReport([])).toContain("No stack was planned.");
    });
});

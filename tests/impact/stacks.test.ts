/**
 * Change impact on the stacks themselves, with four program runs in all (dev, staging, prod, and prod from an
 * edited stack file):
 * - the force-new table against what the program registers in every stack: each type has a table, each
 *   property the program sets on an azure-native resource is classified by the table exactly as azure-native's
 *   own replacement metadata classifies it, every entry names a source, and the program's replaceOnChanges
 *   covers every create-only property the provider does not force;
 * - each kind of change the issue names, with its exact report line: prod as the base, and as the head either
 *   the program run on an edited copy of Pulumi.prod.yaml, or the base's registrations changed the way the
 *   program would register them.
 */
import YAML from "yaml";
import { CREATE_ONLY_AGENT_POOL_PROPERTIES } from "../../components/agent-pool-properties";
import { allRules, analyzeImpact, changeLine, detailLines, FORCE_NEW_TABLES, impactFailures, impactLines, SOURCES, tableFor } from "../../impact";
import { replaceKeys } from "../../impact/providers/azure-native";
import { ruleApplies } from "../../impact/providers/provider-diff";
import { parsePropertyPath, pathContains } from "../../impact/property-path";
import type { GateSettings, ImpactAnalysis, ResourceChange } from "../../impact/types";
import type { Registration } from "../../plan/mock-runtime";
import { runStack } from "../helpers/pulumi-mocks";
import { metadataForcesReplacement, MODULES, PUT_PATHS } from "./azure-native-metadata";
import { copyOf, editedStackDir, named, removeEditedStackDirs } from "./helpers";

const STACKS = ["dev", "staging", "prod"] as const;
const registrations = new Map<string, Registration[]>();
const PROD_GATES: GateSettings = { gates: "mandatory", allow: [] };
const DEV_GATES: GateSettings = { gates: "advisory", allow: [] };

let base: Registration[];
let edited: ImpactAnalysis;

beforeAll(async () => {
    for (const stack of STACKS) registrations.set(stack, (await runStack(stack)).registrations);
    base = registrations.get("prod")!;
    const dir = editedStackDir("prod", (doc) => {
        doc.setIn(["config", "aks-platform:nodePools", 0, "vmSize"], "Standard_E8ds_v5");
        doc.setIn(["config", "aks-platform:nodePools", 1, "autoscaling", "maxCount"], 8);
        (doc.getIn(["config", "aks-platform:nodePools"]) as YAML.YAMLSeq).add(
            doc.createNode({ name: "batch", vmSize: "Standard_D4ds_v5", zones: ["1", "2", "3"], autoscaling: { minCount: 0, maxCount: 3 }, osSku: "AzureLinux", enableEncryptionAtHost: true }),
        );
        doc.setIn(["config", "aks-platform:workloads", 2, "name"], "predict");
    });
    edited = analyzeImpact({ base, head: (await runStack("prod", dir)).registrations, settings: PROD_GATES });
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The top-level properties the program sets, and the properties of its top-level objects (what Diff looks at). */
function propertyPaths(inputs: Record<string, unknown>): string[][] {
    return Object.entries(inputs).flatMap(([key, value]) => [[key], ...(isRecord(value) ? Object.keys(value).map((sub) => [key, sub]) : [])]);
}

describe.each(STACKS)("stack %s", (stack) => {
    const custom = () => registrations.get(stack)!.filter((r) => r.custom);

    test("every resource type the program registers has a table", () => {
        const missing = [...new Set(custom().map((r) => r.type))].filter((type) => tableFor(type) === undefined);
        expect(missing).toEqual([]);
    });

    test("every property the program sets on an azure-native resource is classified as azure-native's metadata classifies it", () => {
        const disagreements: string[] = [];
        let compared = 0;
        for (const r of custom().filter((x) => x.type.startsWith("azure-native:"))) {
            const keys = replaceKeys(tableFor(r.type)!, r.inputs);
            for (const path of propertyPaths(r.inputs)) {
                compared++;
                const ours = keys.has(path.join("."));
                const theirs = metadataForcesReplacement(r.type, path);
                if (ours !== theirs) disagreements.push(`${r.type} ${path.join(".")}: table ${ours}, azure-native ${theirs}`);
            }
        }
        expect(disagreements).toEqual([]);
        expect(compared).toBeGreaterThan(100);
    });

    test("the program's replaceOnChanges covers every create-only pool property it sets that azure-native does not force", () => {
        const uncovered: string[] = [];
        for (const pool of custom().filter((r) => r.type === "azure-native:containerservice:AgentPool")) {
            for (const rule of tableFor(pool.type)!.rules.filter((x) => x.effect === "refused" && ruleApplies(x, pool.inputs))) {
                const set = pool.inputs[rule.path] !== undefined;
                const covered = pool.replaceOnChanges.some((p) => pathContains(parsePropertyPath(p), parsePropertyPath(rule.path)));
                if (set && !covered) uncovered.push(`${pool.name} ${rule.path}`);
            }
        }
        expect(uncovered).toEqual([]);
    });
});

describe("the table", () => {
    test("every entry names a source with a title and a URL", () => {
        for (const table of FORCE_NEW_TABLES) {
            for (const rule of allRules(table)) {
                expect(SOURCES[rule.source]).toMatchObject({ title: expect.any(String), url: expect.stringMatching(/^https:\/\//) });
            }
        }
    });

    test("the azure-native tables and the metadata transcription cover the same types, with the same ARM paths", () => {
        const tables = FORCE_NEW_TABLES.filter((t) => t.provider === "azure-native");
        expect(tables.map((t) => t.type).sort()).toEqual(Object.keys(MODULES).sort());
        for (const t of tables) expect([t.type, t.armPath]).toEqual([t.type, PUT_PATHS[t.type]]);
    });

    test("the AgentPool's refused entries are the component's create-only properties (osSKU on Windows) less what azure-native forces itself", () => {
        const refused = tableFor("azure-native:containerservice:AgentPool")!.rules.filter((r) => r.effect === "refused").map((r) => r.path);
        expect([...refused, "vmSize"].sort()).toEqual([...CREATE_ONLY_AGENT_POOL_PROPERTIES, "osSKU"].sort());
    });

    test("a failing case: a property the metadata forces but the table misses is a disagreement", () => {
        const table = { ...tableFor("azure-native:containerservice:AgentPool")!, rules: [] };
        expect(replaceKeys(table, {}).has("vmSize")).toBe(false);
        expect(metadataForcesReplacement("azure-native:containerservice:AgentPool", ["vmSize"])).toBe(true);
    });
});

afterAll(removeEditedStackDirs);

function change(analysis: ImpactAnalysis, name: string): ResourceChange {
    const found = analysis.changes.find((c) => c.name === name);
    if (found === undefined) throw new Error(`no change for ${name}`);
    return found;
}

describe("kinds of change on prod (Pulumi.prod.yaml edited)", () => {
    test("a pool's vmSize: replaced delete-first; its workloads lose every replica while it is gone and fit on the new pool", () => {
        const c = change(edited, "platform-pool-general-agentpool");
        expect(changeLine(c)).toBe("!! replace containerservice:AgentPool platform-pool-general-agentpool: vmSize (delete-first)");
        expect(detailLines(c, edited.gates)).toEqual([
            "while pool general is gone: Deployment/shop/web keeps 0 of 12 replicas; Deployment/shop/api keeps 0 of 18 replicas",
            "with the new pool general: every workload fits (Deployment/shop/web 12 of 12; Deployment/shop/api 18 of 18)",
        ]);
        expect(c).toMatchObject({ action: "replace", paths: ["vmSize"], deleteFirst: true, destructive: true, protectedFailure: false });
        expect(c.placement).toMatchObject({ kind: "pool", pool: "general", during: { ok: false }, after: { ok: true } });
    });

    test("a pool's maxCount: updated in place", () => {
        const c = change(edited, "platform-pool-memory-agentpool");
        expect(changeLine(c)).toBe("~  update  containerservice:AgentPool platform-pool-memory-agentpool: maxCount");
        expect(c).toMatchObject({ action: "update", paths: ["maxCount"], destructive: false });
        expect(detailLines(c, edited.gates)).toEqual([]);
    });

    test("a new pool: created", () => {
        expect(changeLine(change(edited, "platform-pool-batch-agentpool"))).toBe("+  create  containerservice:AgentPool platform-pool-batch-agentpool");
    });

    test("a renamed workload: its objects are deleted and created under the new name", () => {
        expect(changeLine(change(edited, "ml.inference-deployment"))).toBe("!! delete  apps/v1:Deployment ml.inference-deployment");
        expect(changeLine(change(edited, "ml.predict-deployment"))).toBe("+  create  apps/v1:Deployment ml.predict-deployment");
    });

    test("nothing else changes, and nothing in it fails the plan", () => {
        expect(edited.counts).toEqual({ create: 5, update: 1, replace: 1, delete: 4, same: 45 });
        expect(edited.gates).toEqual([]);
        expect(impactFailures(edited)).toEqual([]);
    });
});

describe("kinds of change on prod (registrations changed as the program registers them)", () => {
    test("podCidr: the cluster is replaced and everything on it with it; refused in prod, and protected", () => {
        const head = copyOf(base);
        (named(head, "platform-cluster").inputs.networkProfile as Record<string, unknown>).podCidr = "10.245.0.0/16";
        const analysis = analyzeImpact({ base, head, settings: PROD_GATES });
        const c = change(analysis, "platform-cluster");
        expect(changeLine(c)).toBe("!! replace containerservice:ManagedCluster platform-cluster: networkProfile.podCidr (delete-first)");
        expect(detailLines(c, analysis.gates)).toEqual([
            "destroys everything on cluster aks-platform-prod: 4 workload(s) (DaemonSet/kube-system/nvidia-device-plugin, Deployment/shop/web, Deployment/shop/api, Deployment/ml/inference) and 0 volume(s)",
            "REFUSED by the change gates (replace-cluster): allow it with aks-platform:changeImpact.allow and a reason",
            "FAILS in pulumi up: the resource is protected (protect: true)",
        ]);
        // What `pulumi preview` shows with it: the pools (resourceName), the provider (clusterIdentifier) and
        // every Kubernetes object (provider) follow the cluster.
        expect(changeLine(change(analysis, "platform-pool-general-agentpool"))).toBe(
            "!! replace containerservice:AgentPool platform-pool-general-agentpool: resourceName (delete-first; follows containerservice:ManagedCluster platform-cluster)",
        );
        expect(changeLine(change(analysis, "platform-k8s"))).toBe("!! replace pulumi:providers:kubernetes platform-k8s: clusterIdentifier (create-first; follows containerservice:ManagedCluster platform-cluster)");
        expect(changeLine(change(analysis, "shop.web-deployment"))).toBe("!! replace apps/v1:Deployment shop.web-deployment: provider (create-first; follows pulumi:providers:kubernetes platform-k8s)");
        expect(analysis.counts).toMatchObject({ replace: 37, same: 14 });
        expect(impactFailures(analysis)).toEqual([
            "replaces cluster aks-platform-prod (networkProfile.podCidr): every workload and volume on it is destroyed: refused by the change gates; allow it with aks-platform:changeImpact.allow (change: replace-cluster, target: aks-platform-prod, reason: …)",
            "replacing containerservice:ManagedCluster platform-cluster fails in pulumi up: the resource is protected; remove protect in a pulumi up of its own first",
        ]);
        expect(impactLines(analysis, "main").slice(0, 2)).toEqual([
            "Change impact against main: 37 to replace, 0 to delete, 0 to update, 0 to create, 14 unchanged",
            "  !! replace containerservice:ManagedCluster platform-cluster: networkProfile.podCidr (delete-first)",
        ]);
    });

    test("a removed pool still targeted by a workload: deleted, refused in prod, advisory in dev", () => {
        const head = copyOf(base).filter((r) => !r.name.startsWith("platform-pool-gpu"));
        const prod = analyzeImpact({ base, head, settings: PROD_GATES });
        const c = change(prod, "platform-pool-gpu-agentpool");
        expect(changeLine(c)).toBe("!! delete  containerservice:AgentPool platform-pool-gpu-agentpool");
        expect(detailLines(c, prod.gates)).toEqual([
            "without pool gpu: does not fit: Deployment/ml/inference 0 of 3",
            "still targeted by DaemonSet/kube-system/nvidia-device-plugin, Deployment/ml/inference",
            "REFUSED by the change gates (delete-targeted-pool): allow it with aks-platform:changeImpact.allow and a reason",
        ]);
        expect(prod.gates).toEqual([
            {
                change: "delete-targeted-pool",
                target: "gpu",
                urn: c.urn,
                message: "deletes pool gpu, which DaemonSet/kube-system/nvidia-device-plugin, Deployment/ml/inference still target",
                verdict: "refused",
            },
        ]);
        const dev = analyzeImpact({ base, head, settings: DEV_GATES });
        expect(dev.gates.map((g) => g.verdict)).toEqual(["advisory"]);
        expect(impactFailures(dev)).toEqual([]);
    });

    test("a removed pool that a workload from --manifests still targets: refused too (the objects are placed, not compared)", () => {
        const head = copyOf(base).filter((r) => !r.name.startsWith("platform-pool-memory"));
        const cache = {
            type: "kubernetes:apps/v1:Deployment",
            name: "cache",
            urn: "chart.yaml (document 1) Deployment/shop/cache",
            inputs: {
                apiVersion: "apps/v1",
                kind: "Deployment",
                metadata: { name: "cache", namespace: "shop" },
                spec: {
                    replicas: 2,
                    selector: { matchLabels: { app: "cache" } },
                    template: {
                        metadata: { labels: { app: "cache" } },
                        spec: {
                            nodeSelector: { "kubernetes.azure.com/agentpool": "memory" },
                            tolerations: [{ key: "workload.example.com/class", operator: "Equal", value: "memory", effect: "NoSchedule" }],
                            containers: [{ name: "cache", image: "crplatform.azurecr.io/cache:1.0.0", resources: { requests: { cpu: "1", memory: "8Gi" } } }],
                        },
                    },
                },
            },
        };
        const analysis = analyzeImpact({ base, head, settings: PROD_GATES, workloads: [cache] });
        const c = change(analysis, "platform-pool-memory-agentpool");
        expect(detailLines(c, analysis.gates)).toEqual([
            "without pool memory: does not fit: Deployment/shop/cache 0 of 2",
            "still targeted by Deployment/shop/cache",
            "REFUSED by the change gates (delete-targeted-pool): allow it with aks-platform:changeImpact.allow and a reason",
        ]);
        expect(analysis.changes.some((x) => x.name === "cache")).toBe(false);
        // Without the chart's workload, nothing targets the memory pool: its deletion is not gated.
        expect(analyzeImpact({ base, head, settings: PROD_GATES }).gates).toEqual([]);
    });

    test("a StatefulSet's volumeClaimTemplates: replaced, deleted first (its name is fixed)", () => {
        const statefulSet = (storage: string): Registration => ({
            ...named(base, "shop.web-deployment"),
            type: "kubernetes:apps/v1:StatefulSet",
            name: "shop.cache-statefulset",
            urn: "urn:pulumi:prod::aks-platform::aks-platform:index:Workload$kubernetes:apps/v1:StatefulSet::shop.cache-statefulset",
            inputs: {
                apiVersion: "apps/v1",
                kind: "StatefulSet",
                metadata: { name: "cache", namespace: "shop" },
                spec: {
                    serviceName: "cache",
                    replicas: 3,
                    selector: { matchLabels: { "app.kubernetes.io/name": "cache" } },
                    template: { metadata: { labels: { "app.kubernetes.io/name": "cache" } }, spec: { containers: [{ name: "cache", image: "crplatform.azurecr.io/cache:1.0.0" }] } },
                    volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage } } } }],
                },
            },
        });
        const analysis = analyzeImpact({ base: [...base, statefulSet("10Gi")], head: [...copyOf(base), statefulSet("20Gi")], settings: PROD_GATES });
        const c = change(analysis, "shop.cache-statefulset");
        expect(changeLine(c)).toBe("!! replace apps/v1:StatefulSet shop.cache-statefulset: spec.volumeClaimTemplates[0].spec.resources.requests.storage (delete-first)");
        expect(analysis.counts).toMatchObject({ replace: 1, same: 51 });
    });
});

describe("in-place pool changes that roll the nodes (registrations changed as the program registers them)", () => {
    test("a Kubernetes upgrade of a pool: updated in place, with the pool's upgrade-drain verdict", () => {
        const head = copyOf(base);
        named(head, "platform-pool-general-agentpool").inputs.orchestratorVersion = "1.34";
        const analysis = analyzeImpact({ base, head, settings: PROD_GATES });
        const c = change(analysis, "platform-pool-general-agentpool");
        expect(changeLine(c)).toBe("~  update  containerservice:AgentPool platform-pool-general-agentpool: orchestratorVersion");
        expect(detailLines(c, analysis.gates)).toEqual(["rolls the nodes of pool general (orchestratorVersion): upgrade-drain ok"]);
        expect(c.placement).toEqual({ kind: "rolling", pool: "general", rollingPaths: ["orchestratorVersion"], ok: true, problems: [] });
    });

    test("a Linux OS SKU migration while a budget allows no eviction: the drain is blocked, and said so", () => {
        const head = copyOf(base);
        named(head, "platform-pool-general-agentpool").inputs.osSKU = "Ubuntu";
        (named(head, "shop.api-pdb").inputs.spec as Record<string, unknown>).maxUnavailable = 0;
        const analysis = analyzeImpact({ base, head, settings: PROD_GATES });
        const c = change(analysis, "platform-pool-general-agentpool");
        expect(changeLine(c)).toBe("~  update  containerservice:AgentPool platform-pool-general-agentpool: osSKU");
        expect(c.placement).toMatchObject({ kind: "rolling", pool: "general", rollingPaths: ["osSKU"], ok: false });
        expect(detailLines(c, analysis.gates)[0]).toBe("rolls the nodes of pool general (osSKU): upgrade-drain FAILS");
        expect(detailLines(c, analysis.gates)[1]).toMatch(/^ {2}PodDisruptionBudget shop\/api allows 0 disruptions .*it blocks draining node .* of pool "general"$/);
        expect(changeLine(change(analysis, "shop.api-pdb"))).toBe("~  update  policy/v1:PodDisruptionBudget shop.api-pdb: spec.maxUnavailable");
    });

    test("a pool's maxCount rolls nothing: no verdict", () => {
        const head = copyOf(base);
        named(head, "platform-pool-general-agentpool").inputs.maxCount = 20;
        expect(change(analyzeImpact({ base, head, settings: PROD_GATES }), "platform-pool-general-agentpool").placement).toBeUndefined();
    });
});

/**
 * The plan benchmark's inputs, generated deterministically from a seed: a stack file and the manifests a user
 * would hand the plan (`--manifests`), at the sizes where cost growth shows.
 *
 * - {@link oneWorkloadStack}: the dev stack with its general pool raised to `maxNodes` and one workload of
 *   `replicas` pods of 50m / 64Mi (issue 13's first measurement).
 * - {@link estate}: a Standard-tier cluster at AKS's limits: 100 pools (a System pool and 99 User pools: a tenth
 *   spot, a fifth dedicated with a taint), 50 nodes each at their maximum (5,000 nodes), three zones; 2,000
 *   Deployments in 40 namespaces, each on one pool, with `replicas` pods in total: 70% plain, 15% zone topology
 *   spread (maxSkew 1, DoNotSchedule), 10% preferred host spread, 5% required hostname anti-affinity; half with a
 *   PodDisruptionBudget, a tenth autoscaled (HPA maximum twice the replicas), plus a Service and a ConfigMap per
 *   tenth (kinds the plan skips). Requests fit 25 replicas per workload on the pools at their maximum size.
 *
 * Limits: https://learn.microsoft.com/azure/aks/quotas-skus-regions#service-quotas-and-limits (100 pools,
 * 1,000 nodes per pool, 5,000 nodes per Standard-tier cluster).
 */
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { Prng } from "./prng";

/** A generated stack (and its manifests): write it with {@link writeEstate}. */
export interface GeneratedStack {
    /** The stack name: the file is `Pulumi.<stack>.yaml`. */
    stack: string;
    /** The stack file's text. */
    stackFile: string;
    /** The manifests' text (a multi-document YAML stream), or undefined when the stack declares everything. */
    manifests?: string;
    /** What it holds, for the report. */
    pools: number;
    maxNodes: number;
    workloads: number;
    replicas: number;
}

/** The repository's dev stack file, parsed (the one-workload stack starts from it). */
function devConfig(root: string): Record<string, unknown> {
    const parsed = YAML.parse(fs.readFileSync(path.join(root, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
    return parsed.config;
}

function stackText(header: string, config: Record<string, unknown>): string {
    return `# ${header}\n${YAML.stringify({ config }, { lineWidth: 0 })}`;
}

/**
 * The dev stack with the general pool at up to `maxNodes` nodes and one workload of `replicas` pods of 50m / 64Mi.
 *
 * @param root - The project directory holding `Pulumi.dev.yaml`.
 */
export function oneWorkloadStack(root: string, replicas: number, maxNodes = 100): GeneratedStack {
    const config = devConfig(root);
    const pools = (config["aks-platform:nodePools"] as Record<string, unknown>[]).map((p) => (p.name === "general" ? { ...p, autoscaling: { minCount: 1, maxCount: maxNodes } } : p));
    config["aks-platform:nodePools"] = pools;
    config["aks-platform:workloads"] = [
        {
            name: "fanout",
            namespace: "shop",
            image: "crplatform.azurecr.io/fanout:1.0.0",
            replicas,
            pools: ["general"],
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
            port: 8080,
            probes: { path: "/healthz" },
        },
    ];
    const system = config["aks-platform:systemPool"] as { count?: number; autoscaling?: { maxCount: number } };
    const total = (system.autoscaling?.maxCount ?? system.count ?? 0) + pools.reduce((sum, p) => sum + ((p.autoscaling as { maxCount: number } | undefined)?.maxCount ?? (p.count as number)), 0);
    // The Free tier allows 1,000 nodes; the dev stack is Free.
    return {
        stack: `bench-one-${replicas}`,
        stackFile: stackText(`bench: the dev stack, general pool up to ${maxNodes} nodes, one workload of ${replicas} replicas (50m / 64Mi)`, config),
        pools: pools.length + 1,
        maxNodes: total,
        workloads: 1,
        replicas,
    };
}

/** VM sizes of the User pools, in turn (all in the catalog, `scheduling/aks/vm-sizes.ts`). */
const VM_SIZES = ["Standard_D8ds_v5", "Standard_D16ds_v5", "Standard_E8ds_v5", "Standard_F16s_v2", "Standard_D8s_v5"];

/** The estate's shape. */
export interface EstateSize {
    /** Pools, the System pool included (at most 100). */
    pools: number;
    /** Nodes per pool at its maximum. */
    nodesPerPool: number;
    workloads: number;
    /** Replicas of all workloads together (at their declared count). */
    replicas: number;
}

/** The sizes of issue 13: 100 pools, 5,000 nodes at max, 2,000 workloads. */
export const ESTATE = { pools: 100, nodesPerPool: 50, workloads: 2000 } as const;

interface PoolPlan {
    name: string;
    spot: boolean;
    dedicated: boolean;
}

function poolPlans(count: number): PoolPlan[] {
    const plans: PoolPlan[] = [];
    for (let i = 1; i < count; i++) {
        const spot = i % 10 === 0;
        const dedicated = !spot && i % 5 === 0;
        plans.push({ name: `${spot ? "spot" : dedicated ? "ded" : "gen"}${String(i).padStart(2, "0")}`, spot, dedicated });
    }
    return plans;
}

function estateConfig(size: EstateSize, plans: PoolPlan[]): Record<string, unknown> {
    return {
        "azure-native:location": "westeurope",
        "aks-platform:location": "westeurope",
        "aks-platform:resourceGroup": { name: "rg-aks-bench" },
        "aks-platform:cluster": {
            name: "aks-bench",
            kubernetesVersion: "1.33",
            tier: "Standard",
            apiServer: { authorizedIpRanges: ["203.0.113.0/24"] },
        },
        "aks-platform:systemPool": {
            name: "system",
            vmSize: "Standard_D4ds_v5",
            zones: ["1", "2", "3"],
            autoscaling: { minCount: 3, maxCount: size.nodesPerPool },
            taints: ["CriticalAddonsOnly=true:NoSchedule"],
        },
        "aks-platform:nodePools": plans.map((p, i) => ({
            name: p.name,
            vmSize: VM_SIZES[i % VM_SIZES.length],
            zones: ["1", "2", "3"],
            autoscaling: { minCount: p.spot ? 0 : 1, maxCount: size.nodesPerPool },
            ...(p.spot ? { spot: { evictionPolicy: "Delete", maxPrice: -1 } } : {}),
            ...(p.dedicated ? { labels: { "workload.example.com/team": p.name }, taints: [`dedicated=${p.name}:NoSchedule`] } : {}),
        })),
        "aks-platform:placement": { promises: ["max-size"] },
    };
}

type Mix = "plain" | "zone-spread" | "host-spread" | "anti-affinity";

function mixOf(index: number): Mix {
    const k = index % 20;
    if (k < 14) return "plain";
    if (k < 17) return "zone-spread";
    if (k < 19) return "host-spread";
    return "anti-affinity";
}

/** The k8s objects of workload `index`: a Deployment and maybe a PDB, an HPA, a Service and a ConfigMap. */
function workloadObjects(index: number, replicas: number, pool: PoolPlan, rng: Prng): object[] {
    const name = `app-${String(index).padStart(4, "0")}`;
    const namespace = `team-${String(index % 40).padStart(2, "0")}`;
    const labels = { app: name };
    const mix = mixOf(index);
    const podSpec: Record<string, unknown> = {
        nodeSelector: { "kubernetes.azure.com/agentpool": pool.name },
        containers: [
            {
                name: "app",
                image: `crplatform.azurecr.io/${name}:1.${index % 7}.0`,
                resources: { requests: { cpu: `${rng.int(5, 25) * 10}m`, memory: `${rng.int(2, 8) * 64}Mi` }, limits: { memory: "1Gi" } },
                ports: [{ containerPort: 8080 }],
            },
        ],
    };
    const tolerations: object[] = [];
    if (pool.spot) tolerations.push({ key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" });
    if (pool.dedicated) tolerations.push({ key: "dedicated", operator: "Equal", value: pool.name, effect: "NoSchedule" });
    if (tolerations.length > 0) podSpec.tolerations = tolerations;
    if (mix === "zone-spread") {
        podSpec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: labels } }];
    } else if (mix === "host-spread") {
        podSpec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels } }];
    } else if (mix === "anti-affinity") {
        podSpec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: labels } }] } };
    }
    const objects: object[] = [
        {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name, namespace, labels },
            spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } },
        },
    ];
    if (index % 2 === 0) {
        const budget = index % 4 === 0 ? { maxUnavailable: 1 } : { minAvailable: replicas > 2 ? "50%" : 1 };
        objects.push({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name, namespace }, spec: { ...budget, selector: { matchLabels: labels } } });
    }
    if (index % 10 === 3) {
        objects.push({
            apiVersion: "autoscaling/v2",
            kind: "HorizontalPodAutoscaler",
            metadata: { name, namespace },
            spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name }, minReplicas: replicas, maxReplicas: replicas * 2, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }] },
        });
    }
    if (index % 10 === 5) {
        objects.push({ apiVersion: "v1", kind: "Service", metadata: { name, namespace }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } });
        objects.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `${name}-config`, namespace }, data: { LOG_LEVEL: "info" } });
    }
    return objects;
}

/**
 * The estate: a stack file with the pools and a manifest stream with the workloads, `size.replicas` pods in
 * all (spread evenly, the remainder on the first workloads).
 */
export function estate(size: EstateSize, seed = 13): GeneratedStack {
    if (size.pools < 2 || size.pools > 100) throw new Error(`estate: pools must be 2–100, got ${size.pools}`);
    const rng = new Prng(seed);
    const plans = poolPlans(size.pools);
    const config = estateConfig(size, plans);
    const base = Math.floor(size.replicas / size.workloads);
    const extra = size.replicas % size.workloads;
    const documents: string[] = [];
    for (let i = 0; i < size.workloads; i++) {
        const replicas = base + (i < extra ? 1 : 0);
        if (replicas === 0) throw new Error(`estate: ${size.replicas} replicas leave workload ${i} with none; give at least one replica per workload`);
        const objects = workloadObjects(i, replicas, plans[i % plans.length], rng);
        // Helm's layout: a `# Source:` comment before each document.
        for (const object of objects) documents.push(`---\n# Source: estate/templates/${(object as { kind: string }).kind.toLowerCase()}.yaml\n${YAML.stringify(object, { lineWidth: 0, aliasDuplicateObjects: false })}`);
    }
    return {
        stack: `bench-estate-${size.replicas}`,
        stackFile: stackText(`bench: ${size.pools} pools of up to ${size.nodesPerPool} nodes, ${size.workloads} workloads in manifests, ${size.replicas} replicas`, config),
        manifests: documents.join(""),
        pools: size.pools,
        maxNodes: size.pools * size.nodesPerPool,
        workloads: size.workloads,
        replicas: size.replicas,
    };
}

/** Writes `Pulumi.<stack>.yaml` (and `<stack>.manifests.yaml`) into `dir`; returns the manifests path, if any. */
export function writeEstate(dir: string, generated: GeneratedStack): string | undefined {
    fs.writeFileSync(path.join(dir, `Pulumi.${generated.stack}.yaml`), generated.stackFile);
    if (generated.manifests === undefined) return undefined;
    const file = path.join(dir, `${generated.stack}.manifests.yaml`);
    fs.writeFileSync(file, generated.manifests);
    return file;
}

/**
 * How long the policy pack takes to evaluate a 500-resource stack, the way the analyzer server does it
 * (`@pulumi/policy` 1.21 `server.js`): every resource through every resource policy (props wrapped in
 * `unknownCheckingProxy`; other types answer "not applicable"), then every stack policy once over all
 * resources. gRPC transport is not included (see tests/policy/protocol.test.ts for the real protocol).
 *
 * Run: `npm run bench:policy` (add `-- --per-policy` for the slowest policies).
 */
import { unknownCheckingProxy } from "@pulumi/policy";
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { allPolicies } from "../policy/pack";

const proxy = unknownCheckingProxy as (props: unknown) => Record<string, unknown>;

interface Declared {
    type: string;
    name: string;
    props: Record<string, unknown>;
}

function pool(i: number, mode: "System" | "User"): Record<string, unknown> {
    return {
        name: `pool${i}`,
        mode,
        vmSize: i % 2 === 0 ? "Standard_D8ds_v5" : "Standard_D4s_v5",
        count: 3,
        availabilityZones: ["1", "2", "3"],
        maxPods: 110,
        osDiskType: i % 2 === 0 ? "Ephemeral" : "Managed",
        enableEncryptionAtHost: i % 3 !== 0,
        nodeTaints: mode === "System" ? ["CriticalAddonsOnly=true:NoSchedule"] : [],
    };
}

function podSpec(i: number): Record<string, unknown> {
    return {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        containers: [
            {
                name: "app",
                image: i % 7 === 0 ? "nginx:latest" : `contoso.azurecr.io/app${i}:1.${i}`,
                resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "256Mi" } },
                readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
                livenessProbe: { httpGet: { path: "/live", port: 8080 } },
                securityContext: { allowPrivilegeEscalation: i % 5 === 0, capabilities: { drop: ["ALL"] } },
            },
            { name: "sidecar", image: "mcr.microsoft.com/oss/envoy:1.30", resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "64Mi" } } },
        ],
        volumes: [{ name: "cache", emptyDir: {} }],
        topologySpreadConstraints: i % 4 === 0 ? [] : [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: `app${i}` } } }],
    };
}

/** 1 cluster with 4 inline pools, 9 agent pools, 170 Deployments, 40 StatefulSets, 180 PDBs, 100 HPAs: 500 resources. */
export function stack(): Declared[] {
    const out: Declared[] = [];
    out.push({ type: "azure-native:containerservice:ManagedCluster", name: "aks", props: { resourceName: "aks", location: "westeurope", kubernetesVersion: "1.33", enableRBAC: true, disableLocalAccounts: true, networkProfile: { networkPlugin: "azure", networkPolicy: "cilium" }, agentPoolProfiles: [pool(0, "System"), pool(1, "User"), pool(2, "User"), pool(3, "User")] } });
    for (let i = 0; i < 9; i++) out.push({ type: "azure-native:containerservice:AgentPool", name: `pool${i}`, props: { resourceName: "aks", agentPoolName: `user${i}`, ...pool(i, "User") } });
    for (let i = 0; i < 210; i++) {
        const kind = i < 170 ? "Deployment" : "StatefulSet";
        out.push({
            type: `kubernetes:apps/v1:${kind}`,
            name: `app${i}`,
            props: { metadata: { name: `app${i}`, namespace: `ns${i % 10}` }, spec: { replicas: 1 + (i % 4), selector: { matchLabels: { app: `app${i}` } }, template: { metadata: { labels: { app: `app${i}`, tier: "web" } }, spec: podSpec(i) } } },
        });
    }
    for (let i = 0; i < 180; i++) {
        out.push({
            type: "kubernetes:policy/v1:PodDisruptionBudget",
            name: `pdb${i}`,
            props: { metadata: { name: `app${i}`, namespace: `ns${i % 10}` }, spec: i % 3 === 0 ? { minAvailable: "50%", selector: { matchExpressions: [{ key: "app", operator: "In", values: [`app${i}`] }] } } : { maxUnavailable: 1, selector: { matchLabels: { app: `app${i}` } } } },
        });
    }
    for (let i = 0; i < 100; i++) {
        out.push({ type: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", name: `hpa${i}`, props: { metadata: { name: `app${i}`, namespace: `ns${i % 10}` }, spec: { scaleTargetRef: { kind: "Deployment", name: `app${i}` }, minReplicas: 2, maxReplicas: 6 } } });
    }
    return out;
}

class NotApplicable extends Error {}
const opts = { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } };
const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
};

/** Milliseconds spent per policy, summed over the evaluations that pass `timings`. */
type Timings = Map<string, number>;

function timed<T>(timings: Timings | undefined, name: string, fn: () => Promise<T>): Promise<T> {
    if (timings === undefined) return fn();
    const start = process.hrtime.bigint();
    return fn().finally(() => timings.set(name, (timings.get(name) ?? 0) + Number(process.hrtime.bigint() - start) / 1e6));
}

/** Runs every policy of the pack over the resources once, as the analyzer server does; returns the violation count. */
export async function evaluate(resources: readonly Declared[], timings?: Timings): Promise<number> {
    let violations = 0;
    const report = () => {
        violations++;
    };
    for (const r of resources) {
        for (const p of allPolicies) {
            const validate = (p as ResourceValidationPolicy).validateResource;
            if (validate === undefined || Array.isArray(validate)) continue;
            const args: ResourceValidationArgs = {
                type: r.type, props: proxy(r.props), urn: `urn:${r.name}`, name: r.name, opts, stackTags: new Map(),
                isType: () => false, asType: () => undefined, getConfig: <T extends object>() => ({}) as T, notApplicable,
            };
            await timed(timings, p.name, async () => {
                try {
                    await validate(args, report);
                } catch (e) {
                    if (!(e instanceof NotApplicable)) throw e;
                }
            });
        }
    }
    const policyResources: PolicyResource[] = resources.map((r) => ({
        type: r.type, props: proxy(r.props), urn: `urn:${r.name}`, name: r.name, opts, dependencies: [], propertyDependencies: {}, isType: () => false, asType: () => undefined,
    }));
    for (const p of allPolicies) {
        const validate = (p as StackValidationPolicy).validateStack;
        if (validate === undefined) continue;
        const args: StackValidationArgs = { resources: policyResources, stackTags: new Map(), getConfig: <T extends object>() => ({}) as T, notApplicable };
        await timed(timings, p.name, async () => validate(args, report));
    }
    return violations;
}

/** What a repeat evaluation of this stack may take (median), so that a preview's policy step stays interactive. */
const BUDGET_MS = 200;

async function main(): Promise<void> {
    const resources = stack();
    // The first evaluation is what one `pulumi preview` pays: the scheduling group runs the placement scenarios
    // then (later runs over the same stack reuse their result).
    const firstStart = process.hrtime.bigint();
    await evaluate(resources);
    const first = Number(process.hrtime.bigint() - firstStart) / 1e6;
    const times: number[] = [];
    const timings: Timings = new Map();
    let violations = 0;
    const RUNS = 9;
    for (let run = 0; run < RUNS; run++) {
        const start = process.hrtime.bigint();
        violations = await evaluate(resources, process.argv.includes("--per-policy") ? timings : undefined);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);

    console.log(`policy pack: ${allPolicies.length} policies, ${resources.length} resources, ${violations} violations per run`);
    console.log(`first evaluation (one pulumi preview, placement scenarios included): ${first.toFixed(0)} ms`);
    const median = times[Math.floor(RUNS / 2)];
    console.log(`repeat evaluation: median ${median.toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times[RUNS - 1].toFixed(1)} ms (${RUNS} runs; budget ${BUDGET_MS} ms: ${median <= BUDGET_MS ? "within" : "OVER"})`);
    if (timings.size > 0) {
        console.log("slowest policies per repeat evaluation (mean ms):");
        for (const [name, ms] of [...timings.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${(ms / RUNS).toFixed(2).padStart(7)}  ${name}`);
    }
}

if (require.main === module) main().catch((e) => {
    console.error(e);
    process.exit(1);
});

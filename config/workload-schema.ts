/**
 * The schema of a stack file's `aks-platform:workloads` list and `aks-platform:placement` key (zod v4). Parsing
 * applies the documented defaults, so the output is the resolved {@link WorkloadSpec}. The rules that need the
 * cluster (pool names, node sizes) live in `config/rules/workload-rules.ts`; every key is listed in the
 * "Workloads" section of `docs/configuration.md`.
 */
import { z } from "zod";
import type { WorkloadSpec } from "./platform-spec";
import type { ScenarioName } from "../placement/types";
import { cidr } from "./value-schemas";

/** A quantity may be written as a YAML number (`cpu: 2`); it is kept as the string Kubernetes would send. */
const quantity = z.union([z.string(), z.number().transform(String)]);
/** A PDB bound: a count (`1`) or a percentage (`"50%"`); the rules check the form. */
const countOrPercent = z.union([z.number().int().nonnegative(), z.string()]);
const strictness = z.enum(["required", "preferred"]);

/** One entry of `aks-platform:workloads`. */
export const workloadSchema = z.strictObject({
    name: z.string(),
    namespace: z.string().default("default"),
    kind: z.enum(["Deployment", "StatefulSet"]).default("Deployment"),
    image: z.string().min(1),
    replicas: z.number().int().min(1).default(1),
    /** One pool name or a list of them. */
    pools: z.union([z.string().transform((name) => [name]), z.array(z.string()).min(1)]),
    resources: z.strictObject({
        requests: z.record(z.string(), quantity),
        limits: z.record(z.string(), quantity).optional(),
    }),
    spread: z.strictObject({ zones: strictness.optional(), hosts: strictness.optional() }).optional(),
    antiAffinity: strictness.optional(),
    port: z.number().int().min(1).max(65535).optional(),
    probes: z.strictObject({ path: z.string().regex(/^\//, { error: (iss) => `${JSON.stringify(iss.input)} is not an HTTP path such as "/healthz" (it must start with "/")` }) }).optional(),
    priorityClassName: z.string().min(1).optional(),
    disruptionBudget: z.strictObject({ minAvailable: countOrPercent.optional(), maxUnavailable: countOrPercent.optional() }).optional(),
    autoscaling: z.strictObject({ maxReplicas: z.number().int().min(1), targetCpuUtilization: z.number().int().min(1).max(100).default(70) }).optional(),
    serviceAccountToken: z.boolean().default(false),
    /** Egress besides DNS: `{ to: api, port: 8080 }` (a workload, `name` or `namespace/name`) or `{ cidr: 0.0.0.0/0, port: 443 }`. */
    egress: z.array(z.strictObject({ to: z.string().min(1).optional(), cidr: cidr.optional(), port: z.number().int().min(1).max(65535) })).default([]),
});

/** Compile-time proof that a parsed entry is a WorkloadSpec. */
type Assert<T extends true> = T;
export type WorkloadSchemaIsWorkloadSpec = Assert<z.output<typeof workloadSchema> extends WorkloadSpec ? true : false>;

/** Every scenario the placement checks know, in the order they run. */
export const PROMISABLE_SCENARIOS = ["min-size", "max-size", "zone-loss", "upgrade-drain", "spot-eviction"] as const satisfies readonly ScenarioName[];
export type ScenarioNamesAreComplete = Assert<ScenarioName extends (typeof PROMISABLE_SCENARIOS)[number] ? true : false>;

/** The scenarios a stack promises when its file says nothing: every workload fits with the pools at their maximum size. */
export const DEFAULT_PLACEMENT_PROMISES: readonly ScenarioName[] = ["max-size"];

/** `aks-platform:placement`: the scenarios whose verdicts must all be ok for this stack. */
export const placementSchema = z
    .strictObject({
        promises: z.array(z.enum(PROMISABLE_SCENARIOS)).min(1).default([...DEFAULT_PLACEMENT_PROMISES]),
    })
    .prefault({});

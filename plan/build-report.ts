/**
 * Builds a stack's {@link PlanReport} from what its program registered under the mock runtime: the resource
 * counts and component tree, the pools as AKS builds them (`platformModelsFromResources`, the node model),
 * every placement scenario (`checkPlacement`), and the policy pack run offline (`evaluatePackOffline`).
 * `--manifests` objects join the registered ones for placement and policies. See docs/plan.md.
 */
import * as fs from "fs";
import * as path from "path";
import { loadPlatformSpec, stackFileName } from "../config";
import { InvalidObjectError } from "../scheduling/model/errors";
import { checkPlacement, kubernetesTypeOf, platformModelsFromResources, SCENARIO_NAMES, type PlatformModel, type PlacementReport, type RegisteredResource, type ScenarioName, type ScenarioVerdict } from "../placement";
import { evaluatePackOffline } from "../policy/offline";
import { nodeResources, poolNodeCounts } from "../scheduling/aks";
import { amountFor, formatAmount, parseQuantity } from "../scheduling/model/quantity";
import { podRequests } from "../scheduling/model/pod-requests";
import type { V1Pod } from "../scheduling/model/types";
import { NO_PROGRESS, type Progress } from "./cli/progress";
import { entryOf, findingLocator, StackFileLocator, type FindingLocator } from "./locations";
import { ManifestError, readManifests, type ManifestObject, type ManifestReadOptions, type ManifestSet } from "./manifests";
import { runBase, impactSection, type BaseRun, type BaseWorkspace } from "./impact-run";
import { REPO_ROOT, runProgram, type ModuleLoader, type Registration, type StackRun } from "./mock-runtime";
import type {
    ImpactSection,
    PlanExit,
    PlanReport,
    PlacementSection,
    PolicySection,
    PoolFacts,
    PoolLoad,
    PoolPlan,
    Quantities,
    ResourceNode,
    ResourcesSection,
    WorkloadLoad,
    WorkloadPlan,
} from "./report-types";

/** Resources shown per pool (others the node model may list are left out of the report). */
export const SHOWN_RESOURCES: readonly string[] = ["cpu", "memory", "pods", "nvidia.com/gpu"];

/** The source a program-declared workload reports. */
export const PROGRAM_SOURCE = "program";

type Obj = { kind?: string; metadata?: { name?: string; namespace?: string }; spec?: Record<string, unknown> };

function pick(list: Quantities): Quantities {
    return Object.fromEntries(SHOWN_RESOURCES.filter((r) => list[r] !== undefined).map((r) => [r, list[r]]));
}

function refOf(obj: Obj): string {
    const namespace = obj.metadata?.namespace === undefined || obj.metadata.namespace === "" ? "default" : obj.metadata.namespace;
    return `${obj.kind}/${namespace}/${obj.metadata?.name ?? "<unnamed>"}`;
}

/** The pod a workload makes (its template), for its per-pod requests. */
function podOf(obj: Obj): V1Pod | undefined {
    const spec = obj.spec as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (spec === undefined) return undefined;
    if (obj.kind === "Pod") return obj as V1Pod;
    if (obj.kind === "CronJob") return spec.jobTemplate?.spec?.template as V1Pod | undefined;
    return spec.template as V1Pod | undefined;
}

/** Sums quantities per resource; `sign` -1 subtracts. */
function add(into: Record<string, number>, list: Quantities, factor = 1): void {
    for (const [name, value] of Object.entries(list)) into[name] = (into[name] ?? 0) + factor * amountFor(name, parseQuantity(value));
}

function format(amounts: Record<string, number>): Quantities {
    return Object.fromEntries(Object.entries(amounts).map(([name, amount]) => [name, formatAmount(name, amount)]));
}

/** Counts by type and the component tree, from the recorded parent URNs. */
export function resourcesSection(registrations: readonly Registration[]): ResourcesSection {
    const byType: Record<string, number> = {};
    for (const r of registrations) byType[r.type] = (byType[r.type] ?? 0) + 1;
    const nodes = new Map<string, ResourceNode>();
    const roots: ResourceNode[] = [];
    for (const r of registrations) nodes.set(r.urn, { type: r.type, name: r.name, custom: r.custom, children: [] });
    for (const r of registrations) {
        const node = nodes.get(r.urn)!;
        const parent = r.parentUrn === undefined ? undefined : nodes.get(r.parentUrn);
        (parent === undefined ? roots : parent.children).push(node);
    }
    return { total: registrations.length, byType: Object.fromEntries(Object.keys(byType).sort().map((t) => [t, byType[t]])), tree: roots };
}

function poolFacts(model: PlatformModel): PoolFacts[] {
    return model.pools.map((pool) => {
        const counts = poolNodeCounts(pool);
        return {
            cluster: model.clusterName,
            name: pool.name,
            mode: pool.mode,
            vmSize: pool.vmSize,
            zones: pool.zones.map((z) => `${model.cluster.location}-${z}`),
            spot: pool.spot !== undefined,
            minNodes: counts.min,
            maxNodes: counts.max,
            allocatablePerNode: pick(nodeResources(pool, pool.orchestratorVersion ?? model.cluster.kubernetesVersion).allocatable),
            labels: { ...pool.labels },
            taints: pool.taints.map((t) => `${t.key}${t.value === undefined || t.value === "" ? "" : `=${t.value}`}:${t.effect}`),
        };
    });
}

function poolLoads(model: PlatformModel, verdict: ScenarioVerdict | undefined, size: "min" | "max", requests: Map<string, Quantities>): PoolLoad[] {
    if (verdict === undefined) return [];
    return verdict.pools.map((pool) => {
        const workloads: WorkloadLoad[] = [];
        const used: Record<string, number> = {};
        for (const w of verdict.workloads) {
            const pods = Object.values(w.byPool[pool.pool] ?? {}).reduce((a, b) => a + b, 0);
            if (pods === 0) continue;
            const total: Record<string, number> = {};
            add(total, requests.get(w.workload) ?? {}, pods);
            add(used, format(total));
            workloads.push({ workload: w.workload, pods, requests: pick(format(total)) });
        }
        const system: Record<string, number> = {};
        add(system, pick(pool.requested));
        add(system, format(used), -1);
        for (const name of Object.keys(system)) if (system[name] < 0) system[name] = 0;
        return {
            cluster: model.clusterName,
            pool: pool.pool,
            size,
            nodes: pool.nodes,
            allocatable: pick(pool.allocatable),
            requested: pick(pool.requested),
            workloads,
            system: pick(format(system)),
        };
    });
}

function headroom(allocatable: Quantities, requested: Quantities): Quantities {
    const left: Record<string, number> = {};
    add(left, allocatable);
    add(left, requested, -1);
    return pick(format(left));
}

function placementOf(model: PlatformModel, report: PlacementReport, promised: readonly ScenarioName[], sources: Map<string, string>, requests: Map<string, Quantities>, locate: FindingLocator): PlacementSection {
    const maxSize = report.scenarios.find((s) => s.scenario === "max-size");
    const workloads: WorkloadPlan[] = (maxSize?.workloads ?? []).map((w) => ({
        cluster: model.clusterName,
        workload: w.workload,
        source: sources.get(w.workload) ?? PROGRAM_SOURCE,
        podRequests: pick(requests.get(w.workload) ?? {}),
        replicas: w.replicas,
        placed: w.placed,
        byPool: w.byPool,
        reasons: [...w.reasons, ...w.details],
    }));
    const pools: PoolPlan[] = (maxSize?.pools ?? []).map((p) => ({
        cluster: model.clusterName,
        pool: p.pool,
        nodesNeeded: p.nodesNeeded,
        min: p.min,
        max: p.max,
        headroom: headroom(p.allocatable, p.requested),
        podsBeyondMax: p.podsBeyondMax,
    }));
    return {
        promised: [...promised],
        workloads,
        pools,
        scenarios: report.scenarios.map((s) => {
            const isPromised = promised.includes(s.scenario);
            return { ...s, cluster: model.clusterName, promised: isPromised, findings: s.problems.map((problem) => ({ problem, location: locate.problem(problem, isPromised) })) };
        }),
    };
}

/** `Kind/namespace/name` of a Kubernetes resource the program registered, as the manifests' refs read. */
function programRef(resource: RegisteredResource): string | undefined {
    const type = kubernetesTypeOf(resource.type);
    const metadata = resource.inputs.metadata as { name?: unknown; namespace?: unknown } | undefined;
    if (type === undefined || typeof metadata?.name !== "string") return undefined;
    const namespaced = type.kind !== "Namespace" && type.kind !== "PriorityClass";
    return `${type.kind}/${namespaced && typeof metadata.namespace === "string" && metadata.namespace !== "" ? metadata.namespace : "default"}/${metadata.name}`;
}

/**
 * A manifest object that is also one the program declares: both would own it, and the second `apply` (or `pulumi up`)
 * would fail or overwrite the first. Refused, naming both.
 */
function refuseCollisions(program: readonly RegisteredResource[], manifests: readonly ManifestObject[]): void {
    const declared = new Map<string, string>();
    for (const r of program) {
        const ref = programRef(r);
        if (ref !== undefined && !declared.has(ref)) declared.set(ref, r.urn ?? r.name);
    }
    for (const m of manifests) {
        const urn = declared.get(m.ref);
        if (urn !== undefined) throw new ManifestError(`${m.source}: ${m.ref} is also declared by the program (${urn}); keep it in one place: the stack file or the manifests`);
    }
}

/** An error about a manifest object, with the file and document it came from when the message lacks them. */
function withSource(error: unknown, manifests: readonly ManifestObject[]): unknown {
    if (!(error instanceof InvalidObjectError)) return error;
    const object = manifests.find((m) => m.ref === error.object || error.message.includes(m.resource.urn!));
    if (object === undefined || error.message.includes(object.source)) return error;
    return new ManifestError(`${object.source}: ${error.message.split("\n").join("; ")}`);
}

/** What {@link buildReport} needs: one stack's registrations and the inputs beside them. */
export interface BuildReportInput {
    stack: string;
    /** The stack file, as the report names it (`Pulumi.dev.yaml`). */
    file: string;
    /** Everything the program registered. */
    registrations: readonly Registration[];
    /** The scenarios the stack promises (`aks-platform:placement.promises`). */
    promised: readonly ScenarioName[];
    /** `--manifests` objects; defaults to none. */
    manifests?: ManifestSet;
    /** The policy config file (absolute or relative to the working directory); `undefined` runs the pack's defaults. */
    policyConfigFile?: string;
    /** How the report names the policy config file; defaults to `policyConfigFile`. */
    policyConfigName?: string;
    /** The stack file's text, to locate findings on its keys; without it they point at line 1. */
    stackFileText?: string;
    /** Reports the steps that take over a second. Defaults to none. */
    progress?: Progress;
}

/** A non-zero verdict's reasons for one stack: mandatory policy failures, then broken promises. */
export function exitOf(stack: string, placement: PlacementSection, policies: PolicySection): PlanExit {
    const reasons: string[] = [];
    for (const v of policies.results.filter((r) => r.enforcement === "mandatory")) {
        reasons.push(`stack ${stack}: mandatory policy ${v.id} (${v.code}) fails: ${v.message}`);
    }
    for (const s of placement.scenarios.filter((x) => x.promised && !x.ok)) {
        const problems = s.problems.length === 0 ? ["a workload cannot schedule"] : s.problems;
        for (const p of problems) reasons.push(`stack ${stack}: promised scenario ${s.scenario} fails: ${p}`);
    }
    return { code: reasons.length === 0 ? 0 : 1, reasons };
}

/**
 * The report of one stack from its registrations.
 *
 * @throws InvalidObjectError naming the resource and field when the registrations (or manifests) are malformed
 *   for the placement checks; PolicyConfigError for an invalid policy config file.
 */
export async function buildReport(input: BuildReportInput): Promise<PlanReport> {
    const manifests = input.manifests ?? { files: [], objects: [], skipped: [] };
    const progress = input.progress ?? NO_PROGRESS;
    // The options and dependencies ride along for the deployability policies (policy/offline.ts PolicyInputResource).
    const registered: (RegisteredResource & Partial<Pick<Registration, "protect" | "deleteBeforeReplace" | "ignoreChanges" | "dependencies" | "propertyDependencies">>)[] = input.registrations
        .filter((r) => r.custom)
        .map((r) => ({
            type: r.type,
            name: r.name,
            inputs: r.inputs,
            urn: r.urn,
            ...(r.provider === undefined ? {} : { provider: r.provider }),
            ...(r.protect === undefined ? {} : { protect: r.protect, deleteBeforeReplace: r.deleteBeforeReplace, ignoreChanges: r.ignoreChanges, dependencies: r.dependencies, propertyDependencies: r.propertyDependencies }),
        }));
    refuseCollisions(registered, manifests.objects);
    const resources = [...registered, ...manifests.objects.map((o) => o.resource)];
    const locate = findingLocator(new StackFileLocator(input.file, input.stackFileText ?? ""), resources, manifests.objects);
    let models: PlatformModel[];
    try {
        models = platformModelsFromResources(resources);
    } catch (e) {
        throw withSource(e, manifests.objects);
    }
    const sources = new Map(manifests.objects.map((o) => [o.ref, o.source]));
    const requests = new Map<string, Quantities>();
    const pools: PoolFacts[] = [];
    const loads: PoolLoad[] = [];
    const placement: PlacementSection = { promised: [...input.promised], workloads: [], pools: [], scenarios: [] };
    for (const model of models) {
        for (const obj of model.objects as Obj[]) {
            const pod = podOf(obj);
            if (pod === undefined) continue;
            const ref = refOf(obj);
            try {
                requests.set(ref, podRequests(pod));
            } catch (e) {
                // The pod template has no name of its own: name the workload, and its manifest when it has one.
                const where = sources.has(ref) ? `${ref} in ${sources.get(ref)!}` : ref;
                throw new InvalidObjectError(where, obj.kind === "Pod" ? "spec" : obj.kind === "CronJob" ? "spec.jobTemplate.spec.template.spec" : "spec.template.spec", (e as Error).message.replace(/^Pod\/[^:]*: /, ""));
            }
        }
        const scenarios: ScenarioVerdict[] = [];
        for (const name of SCENARIO_NAMES) {
            progress.step(`placement: ${name}${models.length > 1 ? ` (${model.clusterName})` : ""}`);
            // Let the progress timer speak between scenarios (each runs synchronously).
            await new Promise((resolve) => setImmediate(resolve));
            try {
                scenarios.push(...checkPlacement(model, { scenarios: [name] }).scenarios);
            } catch (e) {
                throw withSource(e, manifests.objects);
            }
        }
        const report: PlacementReport = { scenarios, ok: scenarios.every((s) => s.ok) };
        pools.push(...poolFacts(model));
        loads.push(
            ...poolLoads(model, report.scenarios.find((s) => s.scenario === "min-size"), "min", requests),
            ...poolLoads(model, report.scenarios.find((s) => s.scenario === "max-size"), "max", requests),
        );
        const section = placementOf(model, report, input.promised, sources, requests, locate);
        placement.workloads.push(...section.workloads);
        placement.pools.push(...section.pools);
        placement.scenarios.push(...section.scenarios);
    }
    progress.step("the policy pack");
    const pack = await evaluatePackOffline(resources, input.policyConfigFile);
    const policies: PolicySection = {
        ...(input.policyConfigFile === undefined ? {} : { configFile: input.policyConfigName ?? input.policyConfigFile }),
        evaluated: pack.evaluated,
        disabled: pack.disabled,
        results: pack.violations.map((v) => ({ ...v, location: locate.policy(v.id, v.resource, v.message) })),
    };
    progress.done();
    const first = models[0]?.cluster;
    return {
        stack: input.stack,
        file: input.file,
        location: first?.location ?? "",
        kubernetesVersion: first?.kubernetesVersion ?? "",
        manifests: [...manifests.files],
        skipped: [...manifests.skipped],
        resources: resourcesSection(input.registrations),
        pools,
        poolLoads: loads,
        placement,
        policies,
        exit: exitOf(input.stack, placement, policies),
    };
}

/** Options of {@link planStack}. */
export interface PlanStackOptions {
    /** Where `Pulumi.<stack>.yaml` and `policy/config/` are; defaults to the repository root. */
    projectDir?: string;
    /** Manifest files, folders, pipes, or `-` for stdin, to add (`--manifests`). */
    manifests?: readonly string[];
    /** How `-` reads standard input (tests pass their own). */
    manifestOptions?: ManifestReadOptions;
    /** Module registry for the program run; defaults to Node's. */
    loader?: ModuleLoader;
    /**
     * Runs the program for a stack; defaults to {@link runProgram} with `loader`. Tests pass a memoised one to
     * share a stack's program run between several plans.
     */
    runProgram?: ProgramRunner;
    /** Reports the steps that take over a second. Defaults to none. */
    progress?: Progress;
    /** The base to compare with (`--base`, `--base-file`): adds the report's `impact`. Defaults to none. */
    base?: BaseWorkspace;
}

/**
 * Runs the program of one stack (project directory given) and returns what it registered; `program` is the
 * entry module to run (a base revision's), the head's `index.ts` when undefined.
 */
export type ProgramRunner = (stack: string, projectDir: string, program?: string) => Promise<Pick<StackRun, "registrations">>;

/** The exit with the impact's failures added (each naming the stack). */
export function withImpactFailures(exit: PlanExit, stack: string, impact: ImpactSection): PlanExit {
    const reasons = [...exit.reasons, ...impact.failures.map((f) => `stack ${stack}: change impact: ${f}`)];
    return { code: reasons.length === 0 ? 0 : 1, reasons };
}

/**
 * The plan of one stack: validates the stack file (`loadPlatformSpec`), reads the manifests, runs the program
 * under the mock runtime, and builds the report with `policy/config/<stack>.json` when it exists.
 *
 * With `options.base`, the base runs first under the same mock runtime and the report gets its `impact`
 * (docs/change-impact.md); the impact's failures join the exit reasons.
 *
 * @throws StackConfigError for a missing or invalid stack file; ManifestError for unreadable or invalid
 *   manifests, or a manifest object the program declares too; InvalidObjectError / PolicyConfigError as
 *   {@link buildReport}; StackRunFailure when the program fails;
 *   BaseRevisionError when the base cannot be had or does not build.
 */
export async function planStack(stack: string, options: PlanStackOptions = {}): Promise<PlanReport> {
    const projectDir = options.projectDir ?? REPO_ROOT;
    const progress = options.progress ?? NO_PROGRESS;
    progress.step("reading the stack file");
    const spec = loadPlatformSpec(stack, projectDir);
    const file = stackFileName(stack);
    progress.step("reading the manifests");
    const manifests = options.manifests === undefined || options.manifests.length === 0 ? undefined : readManifests(options.manifests, options.manifestOptions);
    const runner: ProgramRunner =
        options.runProgram ??
        ((s, dir, program) => runProgram(s, { projectDir: dir, ...(program === undefined ? {} : { program }), ...(options.loader === undefined ? {} : { loader: options.loader }) }));
    // The base first: a base that cannot be had is bad input, reported before the head's longer plan.
    let baseRun: BaseRun | undefined;
    if (options.base !== undefined) {
        progress.step("running the base under mocks");
        baseRun = await runBase(options.base, stack, async (s, dir, program) => ({ registrations: [...(await runner(s, dir, program)).registrations] }));
    }
    progress.step("running the program under mocks");
    const run = await runner(stack, projectDir);
    const configName = path.join("policy", "config", `${stack}.json`);
    const configFile = path.join(projectDir, configName);
    const stackFileText = fs.readFileSync(path.join(projectDir, file), "utf8");
    const report = await buildReport({
        stack,
        file,
        registrations: run.registrations,
        promised: spec.placementPromises,
        stackFileText,
        progress,
        ...(manifests === undefined ? {} : { manifests }),
        ...(fs.existsSync(configFile) ? { policyConfigFile: configFile, policyConfigName: configName } : {}),
    });
    if (baseRun === undefined) return report;
    progress.step("comparing with the base");
    const stackFile = new StackFileLocator(file, stackFileText);
    const impact = impactSection(
        baseRun,
        run.registrations,
        spec.changeImpact,
        (resource) => stackFile.locate(entryOf(resource, stackFile)),
        (manifests?.objects ?? []).map((o) => o.resource),
    );
    return { ...report, impact, exit: withImpactFailures(report.exit, stack, impact) };
}

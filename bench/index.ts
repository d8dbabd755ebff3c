/**
 * `npm run bench`: the scheduling engine on the XL reference (100 pools, 5,000 nodes, 150,000 pods; see
 * `generate.ts`), printing
 * - pods/s for (a) the resource, taint and node-affinity Filter plugins only, (b) the full mix: every default
 *   Filter plugin, and (c) the full mix with storage on 10% of the pods (StatefulSets with claims); every run
 *   scores with the complete Score phase and preempts where it must;
 * - the per-pod cost at 50,000 vs 150,000 pods (target ratio ≤ 1.3);
 * - the peak RSS (target ≤ 1 GiB);
 * - estimate / lower-bound ratios on the resource-only (dedicated) pools (target ≤ max(1.05 × LB, LB + 1)).
 * `--reduced` runs 500 nodes / 15,000 pods and exits 1 when a figure falls below its regression threshold
 * (see `THRESHOLDS` and `docs/simulate.md`). This is not a jest test: it measures, it does not assert behaviour.
 */
import { daemonSetFootprint, estimatePoolNodes } from "../scheduling/estimate";
import { kubeSystemWorkloads } from "../scheduling/aks/kube-system";
import type { V1Pod } from "../scheduling/model/types";
import { aksProvisionedVolumeTopology } from "../scheduling/aks/storage";
import { simulate, type SimulationResult } from "../scheduling/simulate";
import { expandWorkloads } from "../scheduling/simulate/workloads";
import { spawnSync } from "child_process";
import { setFlagsFromString } from "v8";
import { runInNewContext } from "vm";
import { CLUSTER, generateReference, REDUCED, XL, type Reference, type ReferenceSize } from "./generate";

/** Plugins of run (a): no topology plugins. */
const RESOURCE_TAINT_AFFINITY = ["NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit"];

/**
 * Regression thresholds of `--reduced`, well under what this shared 2-core machine measured with the complete Score
 * phase (see docs/simulate.md), so a quiet CI machine does not flake while a real regression (2× or worse) fails.
 */
export const THRESHOLDS = {
    /** Run (a), pods per second. */
    resourceOnlyPodsPerSecond: 20_000,
    /** Run (b), pods per second. */
    fullMixPodsPerSecond: 12_000,
    /** Run (c), pods per second. */
    storageMixPodsPerSecond: 4_000,
    /** Peak resident memory, MiB. */
    peakRssMiB: 1024,
    /** Pools whose estimate exceeds max(1.05 × LB, LB + 1). */
    estimatesOverTarget: 0,
} as const;

/** The figures of one simulation; the result itself is dropped so runs do not add up in memory. */
interface Timed {
    pods: number;
    unschedulable: number;
    seconds: number;
    podsPerSecond: number;
    /** Pods per second of this process's CPU time: steadier than wall-clock time when the machine is shared. */
    podsPerCpuSecond: number;
}

/**
 * A full garbage collection, run before each timed simulation (outside its timing) so the garbage of the previous one
 * is gone: otherwise the process's peak depends on when the collector got to it (measured: one run's 250 MiB heap
 * still there while the next filled its own, 1,059 MiB), not on what one simulation needs. Node's `--expose-gc`,
 * set from here so every way of starting the script has it (https://nodejs.org/api/v8.html#v8setflagsfromstringflags).
 */
const collectGarbage = ((): (() => void) => {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
})();

function timed(reference: Reference, plugins?: string[]): Timed {
    collectGarbage();
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const result: SimulationResult = simulate({ nodes: reference.nodes, workloads: reference.workloads, plugins, storage: reference.storage, provisionedVolumeTopology: aksProvisionedVolumeTopology });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return { pods: result.pods.length, unschedulable: result.unschedulable, seconds, podsPerSecond: result.pods.length / seconds, podsPerCpuSecond: result.pods.length / cpuSeconds };
}

function peakRssMiB(): number {
    return process.resourceUsage().maxRSS / 1024;
}

interface EstimateFigures {
    pools: number;
    worstRatio: number;
    overTarget: string[];
    seconds: number;
}

/** Estimates every dedicated pool for the pods that target it (node affinity + toleration, resources only). */
function estimates(reference: Reference): EstimateFigures {
    const start = process.hrtime.bigint();
    const byPool = new Map<string, V1Pod[]>(reference.dedicatedPools.map((p) => [p, []]));
    for (const source of expandWorkloads(reference.workloads).sources) {
        const wanted = source.pods[0]?.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]?.matchExpressions?.[0];
        if (wanted?.key === "workload") byPool.get(wanted.values![0])?.push(...source.pods);
    }
    const daemonSets = kubeSystemWorkloads(CLUSTER, { nodeCount: reference.nodes.length }).daemonSets;
    let worstRatio = 0;
    const overTarget: string[] = [];
    for (const pool of reference.pools.filter((p) => byPool.has(p.name))) {
        const sized = { ...pool, autoscaling: { minCount: 0, maxCount: 1000 } };
        const estimate = estimatePoolNodes({ pool: sized, cluster: CLUSTER, pods: byPool.get(pool.name)!, daemonSetPods: daemonSetFootprint(sized, CLUSTER, daemonSets) });
        if (estimate.lowerBound === 0) continue;
        worstRatio = Math.max(worstRatio, estimate.nodesNeeded / estimate.lowerBound);
        if (estimate.nodesNeeded > Math.max(1.05 * estimate.lowerBound, estimate.lowerBound + 1)) overTarget.push(`${pool.name}: ${estimate.nodesNeeded} vs LB ${estimate.lowerBound}`);
    }
    return { pools: byPool.size, worstRatio, overTarget, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

/** The CPU-time figure beside a wall-clock one (they differ when other processes share the cores). */
function perCpu(t: Timed): string {
    return `, ${Math.round(t.podsPerCpuSecond)} per CPU-second`;
}

function line(label: string, value: string): void {
    console.log(`${label.padEnd(48)} ${value}`);
}

/** Runs (a), (b) and the estimates on the reference, then the per-pod costs on references of their own. */
function mainFigures(size: ReferenceSize, reduced: boolean): { a: Timed; b: Timed; e: EstimateFigures } {
    const figures = referenceFigures(size);
    if (!reduced) perPodCosts(size);
    return figures;
}

/** (a), (b) and the estimates; the reference is dropped on return, so the per-pod costs' references do not add to it. */
function referenceFigures(size: ReferenceSize): { a: Timed; b: Timed; e: EstimateFigures } {
    const generateStart = process.hrtime.bigint();
    const reference = generateReference(size);
    line("reference", `${reference.pools.length} pools, ${reference.nodes.length} nodes, ${reference.podCount} workload pods (+ kube-system), generated in ${(Number(process.hrtime.bigint() - generateStart) / 1e9).toFixed(1)} s`);
    // Three runs of (a), best and median: the machine is shared, and a single short run is noisy.
    const runsA = [0, 1, 2].map(() => timed(reference, RESOURCE_TAINT_AFFINITY)).sort((x, y) => y.podsPerSecond - x.podsPerSecond);
    const a = runsA[0];
    line("(a) resources + taints + node affinity", `${Math.round(a.podsPerSecond)} pods/s best of 3, median ${Math.round(runsA[1].podsPerSecond)}${perCpu(a)} (${a.pods} pods in ${a.seconds.toFixed(2)} s, ${a.unschedulable} unschedulable)`);
    const b = timed(reference);
    line("(b) full mix (all default Filter plugins)", `${Math.round(b.podsPerSecond)} pods/s${perCpu(b)} (${b.pods} pods in ${b.seconds.toFixed(2)} s, ${b.unschedulable} unschedulable)`);
    const e = estimates(reference);
    line("estimate / lower bound, dedicated pools", `worst ${e.worstRatio.toFixed(3)} over ${e.pools} pools, ${e.overTarget.length} over max(1.05 × LB, LB + 1) ${e.overTarget.join("; ")} (${e.seconds.toFixed(2)} s)`);
    return { a, b, e };
}

/** The plugin sets the per-pod cost is measured with: the full mix, and run (a)'s. */
const PER_POD_COST_RUNS = [
    ["per-pod cost (CPU), full mix", undefined],
    ["per-pod cost (CPU), resources + taints + affinity", RESOURCE_TAINT_AFFINITY],
] as const;

/** Each of {@link PER_POD_COST_RUNS} on a reference of its own (without kube-system), dropped on return. */
function timesOn(size: ReferenceSize): Timed[] {
    const reference = generateReference(size, 42, false);
    return PER_POD_COST_RUNS.map(([, plugins]) => timed(reference, plugins && [...plugins]));
}

/**
 * The per-pod cost at a third of the pods and at all of them, without the kube-system pods, whose fixed count would
 * dilute the smaller run's average; in CPU time, which other jobs on the machine do not inflate. One reference is
 * alive at a time (with two, and (a)'s, the process peaked above 1 GiB).
 */
function perPodCosts(size: ReferenceSize): void {
    const cost = (t: Timed): string => `${(1e6 / t.podsPerCpuSecond).toFixed(1)} µs/pod`;
    const small = timesOn({ ...size, pods: Math.round(size.pods / 3) });
    const large = timesOn(size);
    PER_POD_COST_RUNS.forEach(([label, plugins], i) => {
        const s = small[i];
        const l = large[i];
        const ratio = s.podsPerCpuSecond / l.podsPerCpuSecond;
        line(label, `${cost(s)} at ${s.pods} pods, ${cost(l)} at ${l.pods}: ratio ${ratio.toFixed(2)}${plugins === undefined ? " (target ≤ 1.3)" : ""}`);
    });
}

/** The flag that makes this script the child process that runs (c) alone and prints its figures as JSON. */
const STORAGE_CHILD = "--storage-child";

/**
 * Run (c), in a child process of its own: its reference holds the most objects, and when it shares a process with
 * the others the garbage it leaves raises that process's peak by however late the collector runs (measured: 0.8 to
 * 1.1 GiB for the same code), so each process's peak is reported instead.
 */
function storageFigure(reduced: boolean): Timed & { peakRssMiB: number } {
    const child = spawnSync(process.execPath, [...process.execArgv, __filename, STORAGE_CHILD, ...(reduced ? ["--reduced"] : [])], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
    if (child.status !== 0) throw new Error(`the (c) child process failed (${child.status ?? child.signal}): ${child.stderr}`);
    const c = JSON.parse(child.stdout) as Timed & { peakRssMiB: number };
    line("(c) full mix, storage on 10% of pods", `${Math.round(c.podsPerSecond)} pods/s${perCpu(c)} (${c.pods} pods in ${c.seconds.toFixed(2)} s, ${c.unschedulable} unschedulable; own process)`);
    return c;
}

function run(size: ReferenceSize, reduced: boolean): number {
    const c = storageFigure(reduced);
    const { a, b, e } = mainFigures(size, reduced);
    const rss = Math.max(peakRssMiB(), c.peakRssMiB);
    line("peak RSS", `${Math.round(peakRssMiB())} MiB, (c) ${Math.round(c.peakRssMiB)} MiB in its own process (target ≤ 1024 MiB each)`);
    if (!reduced) return 0;
    const failures: string[] = [];
    if (a.podsPerSecond < THRESHOLDS.resourceOnlyPodsPerSecond) failures.push(`(a) ${Math.round(a.podsPerSecond)} < ${THRESHOLDS.resourceOnlyPodsPerSecond} pods/s`);
    if (b.podsPerSecond < THRESHOLDS.fullMixPodsPerSecond) failures.push(`(b) ${Math.round(b.podsPerSecond)} < ${THRESHOLDS.fullMixPodsPerSecond} pods/s`);
    if (c.podsPerSecond < THRESHOLDS.storageMixPodsPerSecond) failures.push(`(c) ${Math.round(c.podsPerSecond)} < ${THRESHOLDS.storageMixPodsPerSecond} pods/s`);
    if (rss > THRESHOLDS.peakRssMiB) failures.push(`peak RSS ${Math.round(rss)} > ${THRESHOLDS.peakRssMiB} MiB`);
    if (e.overTarget.length > THRESHOLDS.estimatesOverTarget) failures.push(`${e.overTarget.length} estimates over target`);
    for (const failure of failures) console.error(`regression: ${failure}`);
    return failures.length === 0 ? 0 : 1;
}

const reduced = process.argv.includes("--reduced");
if (process.argv.includes(STORAGE_CHILD)) {
    const c = timed(generateReference(reduced ? REDUCED : XL, 42, true, 0.1));
    process.stdout.write(JSON.stringify({ ...c, peakRssMiB: peakRssMiB() }));
} else {
    process.exitCode = run(reduced ? REDUCED : XL, reduced);
}

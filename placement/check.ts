/**
 * The placement checks: each scenario a separate verdict on one platform model. AKS's kube-system workloads
 * are always placed first, then the model's objects, with the scheduling engine's `simulate`.
 * See docs/placement.md.
 */
import type { PlatformSpec } from "../config/platform-spec";
import { placementContext, type PlacementContext } from "./context";
import { platformModelFromSpec } from "./from-spec";
import { maxSizeScenario } from "./scenarios/max-size";
import { minSizeScenario } from "./scenarios/min-size";
import { spotEvictionScenario } from "./scenarios/spot-eviction";
import { upgradeDrainScenario } from "./scenarios/upgrade-drain";
import { zoneLossScenario } from "./scenarios/zone-loss";
import type { PlacementReport, PlatformModel, ScenarioName, ScenarioVerdict } from "./types";

/** Every scenario, in the order they run and are reported. */
export const SCENARIOS: Readonly<Record<ScenarioName, (context: PlacementContext) => ScenarioVerdict>> = {
    "min-size": minSizeScenario,
    "max-size": maxSizeScenario,
    "zone-loss": zoneLossScenario,
    "upgrade-drain": (context) => upgradeDrainScenario(context),
    "spot-eviction": spotEvictionScenario,
};

/** The scenario names, in order. */
export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

/** Options of {@link checkPlacement}. */
export interface CheckPlacementOptions {
    /** The scenarios to run, reported in {@link SCENARIO_NAMES} order. Defaults to all of them. */
    scenarios?: ScenarioName[];
}

/**
 * The verdicts of the last model checked, by its content: the program (its `scheduling` output), the offline plan
 * and the policy pack, in one process, ask for scenarios of the same stack's model. A scenario is a pure function
 * of the model, so each runs once per model; a different model replaces the entry.
 */
let last: { key: string; verdicts: Map<ScenarioName, ScenarioVerdict>; context?: PlacementContext } | undefined;

/**
 * Runs the placement scenarios on a model. A scenario already run on a model of the same content is not run
 * again (see {@link last}).
 *
 * @throws Error listing the valid names for an unknown scenario; InvalidObjectError naming the object and field
 *   for malformed Kubernetes objects or pools.
 */
export function checkPlacement(model: PlatformModel, options: CheckPlacementOptions = {}): PlacementReport {
    const wanted = options.scenarios ?? SCENARIO_NAMES;
    for (const name of wanted) {
        if (!SCENARIO_NAMES.includes(name)) throw new Error(`checkPlacement: unknown scenario ${JSON.stringify(name)}; scenarios: ${SCENARIO_NAMES.join(", ")}`);
    }
    const key = modelKey(model);
    if (last?.key !== key) last = { key, verdicts: new Map() };
    const entry = last;
    const scenarios = SCENARIO_NAMES.filter((name) => wanted.includes(name)).map((name) => {
        let verdict = entry.verdicts.get(name);
        if (verdict === undefined) {
            // Scenarios asked one at a time share their context: its runs and footprints serve several of them.
            entry.context ??= placementContext(model);
            verdict = SCENARIOS[name](entry.context);
            entry.verdicts.set(name, verdict);
        }
        return verdict;
    });
    // Every scenario known: the context's runs are no longer needed.
    if (entry.verdicts.size === SCENARIO_NAMES.length) entry.context = undefined;
    return { scenarios, ok: scenarios.every((s) => s.ok) };
}

/** Kinds read as context: their place among the other kinds changes no verdict (see {@link modelKey}). */
const KIND_RANK: Readonly<Record<string, number>> = { Namespace: 0, PriorityClass: 1, PodDisruptionBudget: 3, HorizontalPodAutoscaler: 4 };

/** JSON with every object's keys in sorted order: the same content gives the same text. */
function canonical(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        return `{${Object.keys(record)
            .sort()
            .filter((k) => record[k] !== undefined)
            .map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`)
            .join(",")}}`;
    }
    return JSON.stringify(value) ?? "null";
}

const keys = new WeakMap<PlatformModel, string>();

/**
 * A model's content, whoever built it: keys sorted (the program builds the model from its configuration, the plan
 * and the pack from the registered resources, with the same content in other key orders), and objects grouped by
 * kind, in their order within each kind. The scenarios read pod-making workloads in declaration order, budgets and
 * autoscalers in theirs, and never one kind's place among the others, so grouping changes no verdict.
 */
function modelKey(model: PlatformModel): string {
    let key = keys.get(model);
    if (key === undefined) {
        const ranked = model.objects.map((o, i) => ({ o, i, rank: KIND_RANK[(o as { kind?: string }).kind ?? ""] ?? 2 }));
        ranked.sort((a, b) => a.rank - b.rank || a.i - b.i);
        key = canonical({ ...model, objects: ranked.map((r) => r.o) });
        keys.set(model, key);
    }
    return key;
}

/**
 * The upgrade-drain scenario on `model` with only the named pools rolled (the others keep their nodes): the
 * verdict of an in-place change that reimages or surge-upgrades those pools.
 */
export function checkPoolUpgrade(model: PlatformModel, pools: readonly string[]): ScenarioVerdict {
    return upgradeDrainScenario(placementContext(model), pools);
}

/** {@link checkPlacement} on the model of a stack's configuration ({@link platformModelFromSpec}). */
export function checkPlacementOfSpec(spec: PlatformSpec, options: CheckPlacementOptions = {}): PlacementReport {
    return checkPlacement(platformModelFromSpec(spec), options);
}

/**
 * The placement checks' public surface: build a platform model from registered resources or from a stack's
 * configuration, run the scenarios, digest the report. Pure (no Pulumi import). See docs/placement.md.
 */
export type * from "./types";
export { platformModelsFromResources, UnknownValueError, isUnknownValue, kubernetesTypeOf, PLACEMENT_KINDS } from "./from-resources";
export { platformModelFromSpec } from "./from-spec";
export { checkPlacement, checkPlacementOfSpec, checkPoolUpgrade, SCENARIO_NAMES, type CheckPlacementOptions } from "./check";
export { placementSummary, type PlacementSummary, type ScenarioSummary } from "./summary";
export { disruptionAllowance, budgetsFor, type DisruptionAllowance } from "./disruption-budget";
export { upgradeStepCount, upgradeSteps } from "./scenarios/upgrade-drain";

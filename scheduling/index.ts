/**
 * The scheduling engine's public surface: kube-scheduler's Filter and Score phases and its preemption on plain
 * Kubernetes API objects (pinned to Kubernetes v1.35), the AKS node model, the placement simulation and the
 * node-count estimator.
 * Pure TypeScript: no Pulumi, no I/O. See README.md and docs/engine-core.md for a worked example.
 */
export { evaluatePod, type EvaluatePodInput, type EvaluatePodResult, type NodeVerdict } from "./evaluate";
export { scorePod, type ScorePodInput, type ScorePodResult, type NodeScores } from "./score";
export { preempt, type PreemptInput, type PreemptResult } from "./preempt";
export { podRequests, computePodRequests } from "./model/pod-requests";
export { InvalidObjectError } from "./model/errors";
export { validateObject, validatePod, validateNode } from "./validate";
export { QuantityFormatError, parseQuantity, formatAmount } from "./model/quantity";
export { labelSelectorMatches } from "./model/label-selector";
export { DEFAULT_FILTER_PLUGINS, DEFAULT_SCORE_PLUGINS, DEFAULT_SCORE_WEIGHTS } from "./framework/names";
export { FILTER_PLUGINS, SCORE_PLUGINS } from "./framework/registry";
export type { Code, Status, ScorePluginArgs } from "./framework/interfaces";
export type { StorageInput } from "./framework/storage";
export * from "./simulate";
export * from "./estimate";
export * from "./aks";
export type * from "./model/types";

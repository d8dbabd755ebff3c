/**
 * The scheduling engine's public surface: kube-scheduler's Filter phase on plain Kubernetes API objects
 * (pinned to Kubernetes v1.35), the AKS node model, the placement simulation and the node-count estimator.
 * Pure TypeScript: no Pulumi, no I/O. See README.md and docs/engine-core.md for a worked example.
 */
export { evaluatePod, type EvaluatePodInput, type EvaluatePodResult, type NodeVerdict } from "./evaluate";
export { podRequests, computePodRequests } from "./model/pod-requests";
export { InvalidObjectError } from "./model/errors";
export { validateObject, validatePod, validateNode } from "./validate";
export { QuantityFormatError, parseQuantity, formatAmount } from "./model/quantity";
export { labelSelectorMatches } from "./model/label-selector";
export { DEFAULT_FILTER_PLUGINS } from "./framework/names";
export { FILTER_PLUGINS } from "./framework/registry";
export type { Code, Status } from "./framework/interfaces";
export * from "./simulate";
export * from "./estimate";
export * from "./aks";
export type * from "./model/types";

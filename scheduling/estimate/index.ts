/** Node-count estimation per pool, after cluster-autoscaler's binpacking estimator. */
export { estimatePoolNodes, binpackingScore, resourceLowerBound, ESTIMATOR_FILTER_PLUGINS } from "./estimate";
export { daemonSetFootprint } from "./footprint";
export type * from "./types";

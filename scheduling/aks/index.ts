/** The AKS node model: what AKS turns a node pool into, and what it runs on it. */
export * from "./kubernetes-version";
export * from "./node-labels";
export * from "./node-model";
export * from "./reservations";
export * from "./kube-system";
export * from "./vm-sizes";
export type * from "./node-pool-spec";
export * from "./storage";

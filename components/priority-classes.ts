/**
 * The PriorityClasses a stack declares (`aks-platform:priorityClasses`), registered before the workloads that name
 * them: pods naming a class that does not exist yet are refused. The translator is pure (`./priority-class-manifest`,
 * which the placement checks read without loading the Kubernetes SDK); {@link createPriorityClasses} registers. See https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
 */
import type * as pulumi from "@pulumi/pulumi";
import { PriorityClass, type PriorityClassArgs } from "@pulumi/kubernetes/scheduling/v1";
import type { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import type { PriorityClassSpec } from "../config/platform-spec";
import { priorityClassManifest } from "./priority-class-manifest";

export { priorityClassManifest } from "./priority-class-manifest";

/** Registers `priorityclass-<name>` for each class, by name. */
export function createPriorityClasses(classes: readonly PriorityClassSpec[], provider: KubernetesProvider, opts: pulumi.CustomResourceOptions = {}): Map<string, PriorityClass> {
    return new Map(classes.map((c) => [c.name, new PriorityClass(`priorityclass-${c.name}`, priorityClassManifest(c) as PriorityClassArgs, { ...opts, provider })]));
}

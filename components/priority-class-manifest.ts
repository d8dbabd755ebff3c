/**
 * The one translator from a {@link PriorityClassSpec} to the PriorityClass object the program registers and the
 * placement checks resolve pods' priorities against. Pure.
 * See https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#priorityclass
 */
import type { PriorityClass as V1PriorityClass } from "kubernetes-types/scheduling/v1";
import type { PriorityClassSpec } from "../config/platform-spec";

/** A PriorityClass object (cluster-scoped). */
export function priorityClassManifest(spec: PriorityClassSpec): V1PriorityClass & { apiVersion: string; kind: "PriorityClass"; metadata: { name: string } } {
    return {
        apiVersion: "scheduling.k8s.io/v1",
        kind: "PriorityClass",
        metadata: { name: spec.name },
        value: spec.value,
        preemptionPolicy: spec.preemptionPolicy,
        ...(spec.description === undefined ? {} : { description: spec.description }),
    };
}

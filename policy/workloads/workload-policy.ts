/**
 * The shared shape of workload policies: one subject per workload resource (its pod template), a check
 * over that template. Per-container findings read `container "app": …`.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { resourcePolicy, type PackPolicy, type PolicyDoc } from "../common/define";
import { WORKLOAD_TYPES, workloadSubjects, type PodTemplate } from "./pod-templates";

/** Builds a resource policy over the pod templates of the given workload types. */
export function workloadPolicy<C = undefined>(
    doc: PolicyDoc,
    check: (template: PodTemplate, settings: C) => string[],
    extra: { types?: readonly string[]; configSchema?: PolicyConfigSchema; settings?: (raw: Record<string, unknown>, name: string) => C } = {},
): PackPolicy {
    return resourcePolicy<C>({
        doc,
        types: extra.types ?? WORKLOAD_TYPES,
        subjects: workloadSubjects,
        check: (subject, settings) => check(subject.value as PodTemplate, settings),
        configSchema: extra.configSchema,
        settings: extra.settings,
    });
}

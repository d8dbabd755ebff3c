/**
 * Pod priority as the Priority admission plugin resolves it (kubernetes/kubernetes
 * `plugin/pkg/admission/priority/admission.go`, v1.35), with one leniency for manifests checked before deploy:
 * - `priorityClassName` names a PriorityClass (the built-ins `system-node-critical` 2000001000 and
 *   `system-cluster-critical` 2000000000 always exist); an unknown name is an error, as admission rejects it;
 * - a `spec.priority` that differs from the class's value is an error, as admission rejects it;
 * - without a class name: `spec.priority` when set (admission would insist it match the global default; we take
 *   it as written), else the `globalDefault` class's value, else 0.
 * See https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
 */
import { InvalidObjectError, objectRef } from "../model/errors";
import type { V1PodSpec, V1PriorityClass } from "../model/types";

/** The priority classes every cluster has (`pkg/apis/scheduling/types.go`, `SystemPriorityClasses`). */
export const BUILT_IN_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
    "system-node-critical": 2000001000,
    "system-cluster-critical": 2000000000,
};

/** Priority classes by name, and the global default. */
export interface PriorityClasses {
    values: ReadonlyMap<string, number>;
    globalDefault?: { name: string; value: number };
}

/**
 * Indexes PriorityClass objects with the built-ins.
 * @throws InvalidObjectError for a class without a name or an integer `value`, or a second `globalDefault`.
 */
export function indexPriorityClasses(classes: readonly V1PriorityClass[]): PriorityClasses {
    const values = new Map<string, number>(Object.entries(BUILT_IN_PRIORITY_CLASSES));
    let globalDefault: PriorityClasses["globalDefault"];
    for (const pc of classes) {
        const ref = objectRef(pc, "PriorityClass");
        const name = pc.metadata?.name;
        if (typeof name !== "string" || name === "") throw new InvalidObjectError(ref, "metadata.name", "a PriorityClass needs a non-empty name");
        if (!Number.isSafeInteger(pc.value)) throw new InvalidObjectError(ref, "value", `must be an integer, got ${JSON.stringify(pc.value)}`);
        values.set(name, pc.value);
        if (pc.globalDefault === true) {
            if (globalDefault !== undefined && globalDefault.name !== name) {
                throw new InvalidObjectError(ref, "globalDefault", `PriorityClass ${globalDefault.name} is already the global default; only one may be`);
            }
            globalDefault = { name, value: pc.value };
        }
    }
    return { values, globalDefault };
}

/**
 * The priority of pods made from `spec`.
 *
 * @param spec - The pod spec (of a pod or of a template).
 * @param classes - From {@link indexPriorityClasses}.
 * @param object - The owning object's reference, for errors.
 * @param field - The spec's field path (`spec` or `spec.template.spec`), for errors.
 * @throws InvalidObjectError for an unknown class name or a `priority` that contradicts it.
 */
export function resolvePriority(spec: V1PodSpec, classes: PriorityClasses, object: string, field: string): number {
    const className = spec.priorityClassName;
    if (className !== undefined && className !== "") {
        const value = classes.values.get(className);
        if (value === undefined) {
            throw new InvalidObjectError(object, `${field}.priorityClassName`, `no PriorityClass named ${JSON.stringify(className)}; known classes: ${[...classes.values.keys()].join(", ")}`);
        }
        if (spec.priority !== undefined && spec.priority !== null && spec.priority !== value) {
            throw new InvalidObjectError(object, `${field}.priority`, `${spec.priority} contradicts PriorityClass ${className} (value ${value}); leave priority out or set it to ${value}`);
        }
        return value;
    }
    if (spec.priority !== undefined && spec.priority !== null) {
        if (!Number.isSafeInteger(spec.priority)) throw new InvalidObjectError(object, `${field}.priority`, `must be an integer, got ${JSON.stringify(spec.priority)}`);
        return spec.priority;
    }
    return classes.globalDefault?.value ?? 0;
}

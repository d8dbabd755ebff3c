/**
 * Label selectors as Kubernetes reads them, for the policies that join objects by labels (budgets, spread
 * constraints, Services, NetworkPolicies, controllers and their templates): the shape is checked first, then the
 * engine's compiler (`scheduling/model/label-selector.ts`, `LabelSelectorAsSelector` semantics) decides.
 * See https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import { compileLabelSelector } from "../../scheduling/model/label-selector";
import { InvalidObjectError } from "../../scheduling/model/errors";
import { asArray, asRecord, describe } from "./read";

/** A compiled selector, or what is wrong with it. */
export type Selector = { matches: (labels: Record<string, string>) => boolean } | { problem: string };

/**
 * What is wrong with the shape of a label selector at `field`, if anything; `compileLabelSelector` expects the
 * typed `V1LabelSelector` shape and checks the values, so the shape is checked here first.
 */
export function selectorShapeProblem(selector: unknown, field = "spec.selector"): string | undefined {
    if (selector === undefined || selector === null) return `${field} is unset, so it selects no pods`;
    const record = asRecord(selector);
    if (record === undefined) return `${field} must be a label selector object, got ${describe(selector)}`;
    const labels = record.matchLabels;
    if (labels !== undefined && (asRecord(labels) === undefined || !Object.values(asRecord(labels) ?? {}).every((v) => typeof v === "string"))) {
        return `${field}.matchLabels must map label keys to string values, got ${describe(labels)}`;
    }
    const expressions = record.matchExpressions;
    if (expressions === undefined) return undefined;
    const list = asArray(expressions);
    if (list === undefined) return `${field}.matchExpressions must be a list, got ${describe(expressions)}`;
    for (let i = 0; i < list.length; i++) {
        const e = asRecord(list[i]);
        const values = e?.values;
        const valuesOk = values === undefined || (asArray(values)?.every((v) => typeof v === "string") ?? false);
        if (e === undefined || typeof e.key !== "string" || typeof e.operator !== "string" || !valuesOk) {
            return `${field}.matchExpressions[${i}] must be { key: string, operator: string, values?: string[] }, got ${describe(list[i])}`;
        }
    }
    return undefined;
}

/** Compiles a label selector found at `field` of `object`. */
export function compileSelector(selector: unknown, object: string, field: string): Selector {
    const shape = selectorShapeProblem(selector, field);
    if (shape !== undefined) return { problem: shape };
    try {
        const compiled = compileLabelSelector(selector as Parameters<typeof compileLabelSelector>[0], { object, field });
        return { matches: (labels) => compiled.matches(labels) };
    } catch (e) {
        if (!(e instanceof InvalidObjectError)) throw e;
        return { problem: e.message };
    }
}

/** A Service's or ReplicationController's equality selector (a plain map) as a selector. */
export function mapSelector(map: Record<string, string>): { matches: (labels: Record<string, string>) => boolean } {
    return { matches: (labels) => Object.entries(map).every(([k, v]) => labels[k] === v) };
}

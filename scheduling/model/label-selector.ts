/**
 * Label selectors (`metav1.LabelSelector`) with apimachinery's semantics, as
 * `metav1.LabelSelectorAsSelector` and `labels.NewRequirement` define them in kubernetes/kubernetes
 * `staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go` and `.../pkg/labels/selector.go` (v1.35):
 *
 * - a nil (absent) selector matches nothing; an empty one (`{}`) matches everything;
 * - `matchLabels` and `matchExpressions` are ANDed; `In`/`NotIn` need at least one value,
 *   `Exists`/`DoesNotExist` must have none; `NotIn` and `DoesNotExist` match objects without the key;
 * - keys must be qualified names and values valid label values, as the API server enforces.
 *
 * Selectors are compiled once ({@link compileLabelSelector}) and then matched many times.
 *
 * See https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import { InvalidObjectError } from "./errors";
import type { V1LabelSelector } from "./types";
import { labelKeyProblem, labelValueProblem } from "./label-syntax";

/** Labels of an API object (`metadata.labels`); undefined reads as no labels. */
export type Labels = Readonly<Record<string, string>> | undefined;

/** The set-based operators a requirement can use (`matchLabels` entries become `In` with one value). */
export type LabelOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

const OPERATORS: readonly LabelOperator[] = ["In", "NotIn", "Exists", "DoesNotExist"];

/** One validated requirement of a selector. */
export interface LabelRequirement {
    readonly key: string;
    readonly operator: LabelOperator;
    /** Sorted, without duplicates; empty for `Exists` and `DoesNotExist`. */
    readonly values: readonly string[];
}

/** Where a selector sits, for error messages: the object reference and the field path of the selector. */
export interface SelectorLocation {
    /** The object, e.g. `Pod/default/web-0` (see `objectRef` in `./errors`). */
    readonly object: string;
    /** The field path of the selector, e.g. `spec.topologySpreadConstraints[0].labelSelector`. */
    readonly field: string;
}

/** A selector compiled for repeated matching. */
export interface CompiledLabelSelector {
    /** `nothing` for a nil selector, `everything` for one without requirements, else `requirements`. */
    readonly kind: "nothing" | "everything" | "requirements";
    /** The requirements, sorted by key, operator and values (empty unless `kind` is `requirements`). */
    readonly requirements: readonly LabelRequirement[];
    /** A canonical text of the selector: two selectors with the same `key` select the same objects. */
    readonly key: string;
    /** Whether an object with these labels is selected. */
    matches(labels: Labels): boolean;
    /**
     * This selector with more requirements ANDed in (how `matchLabelKeys` is merged). A nil selector
     * stays nil: upstream's `mergeLabelSetWithSelector` keeps `labels.Nothing()` as it is.
     */
    and(extra: readonly LabelRequirement[]): CompiledLabelSelector;
}

const DEFAULT_LOCATION: SelectorLocation = { object: "LabelSelector", field: "" };

function keyProblem(key: unknown): string | undefined {
    if (typeof key !== "string") {
        return `label key ${JSON.stringify(key)} is not a string`;
    }
    return labelKeyProblem(key);
}

function valueProblem(value: unknown): string | undefined {
    if (typeof value !== "string") {
        return `label value ${JSON.stringify(value)} is not a string`;
    }
    return labelValueProblem(value);
}

function compareRequirements(a: LabelRequirement, b: LabelRequirement): number {
    if (a.key !== b.key) return a.key < b.key ? -1 : 1;
    if (a.operator !== b.operator) return a.operator < b.operator ? -1 : 1;
    const av = a.values.join("\u0000");
    const bv = b.values.join("\u0000");
    return av === bv ? 0 : av < bv ? -1 : 1;
}

function requirementMatches(r: LabelRequirement, labels: Readonly<Record<string, string>> | undefined): boolean {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
        case "Exists":
            return has;
        case "DoesNotExist":
            return !has;
        case "In":
            return has && r.values.includes((labels as Record<string, string>)[r.key]);
        case "NotIn":
            return !has || !r.values.includes((labels as Record<string, string>)[r.key]);
    }
}

const NOTHING: CompiledLabelSelector = {
    kind: "nothing",
    requirements: [],
    key: "<nothing>",
    matches: () => false,
    and: () => NOTHING,
};

/** Builds a compiled selector from already validated requirements. */
export function selectorFromRequirements(requirements: readonly LabelRequirement[]): CompiledLabelSelector {
    const sorted = [...requirements].sort(compareRequirements);
    const deduplicated = sorted.filter((r, i) => i === 0 || compareRequirements(sorted[i - 1], r) !== 0);
    if (deduplicated.length === 0) {
        const everything: CompiledLabelSelector = {
            kind: "everything",
            requirements: [],
            key: "<everything>",
            matches: () => true,
            and: (extra) => selectorFromRequirements(extra),
        };
        return everything;
    }
    const key = deduplicated.map((r) => `${r.key} ${r.operator} (${r.values.join(",")})`).join(" && ");
    return {
        kind: "requirements",
        requirements: deduplicated,
        key,
        matches(labels: Labels): boolean {
            for (const r of deduplicated) {
                if (!requirementMatches(r, labels)) return false;
            }
            return true;
        },
        and: (extra) => selectorFromRequirements([...deduplicated, ...extra]),
    };
}

/**
 * Validates and compiles a label selector.
 *
 * @param selector - The selector; `undefined` or `null` is a nil selector, which matches nothing.
 * @param where - The object and field path of the selector, named in errors. Defaults to
 *   `LabelSelector` with an empty path.
 * @throws InvalidObjectError when an operator is unknown, `In`/`NotIn` has no values,
 *   `Exists`/`DoesNotExist` has values, or a key or value is not a valid label key or value.
 */
export function compileLabelSelector(selector: V1LabelSelector | undefined | null, where: SelectorLocation = DEFAULT_LOCATION): CompiledLabelSelector {
    if (selector === undefined || selector === null) {
        return NOTHING;
    }
    const fail = (field: string, detail: string): never => {
        throw new InvalidObjectError(where.object, where.field === "" ? field : `${where.field}.${field}`, detail);
    };
    if (selector.matchLabels !== undefined && (typeof selector.matchLabels !== "object" || Array.isArray(selector.matchLabels))) {
        fail("matchLabels", `expected a map of label keys to values, got ${JSON.stringify(selector.matchLabels)}`);
    }
    if (selector.matchExpressions !== undefined && !Array.isArray(selector.matchExpressions)) {
        fail("matchExpressions", `expected a list of {key, operator, values}, got ${JSON.stringify(selector.matchExpressions)}`);
    }
    const requirements: LabelRequirement[] = [];
    for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
        const field = `matchLabels[${JSON.stringify(key)}]`;
        const kp = keyProblem(key);
        if (kp !== undefined) fail(field, kp);
        const vp = valueProblem(value);
        if (vp !== undefined) fail(field, vp);
        requirements.push({ key, operator: "In", values: [value] });
    }
    (selector.matchExpressions ?? []).forEach((expression, i) => {
        const field = `matchExpressions[${i}]`;
        const kp = keyProblem(expression.key ?? "");
        if (kp !== undefined) fail(`${field}.key`, kp);
        const operator = expression.operator as LabelOperator;
        if (!OPERATORS.includes(operator)) {
            fail(`${field}.operator`, `${JSON.stringify(expression.operator)} is not a valid label selector operator; valid operators are ${OPERATORS.join(", ")}`);
        }
        const values = expression.values ?? [];
        if (!Array.isArray(values)) {
            fail(`${field}.values`, `expected a list of strings, got ${JSON.stringify(values)}`);
        }
        if ((operator === "In" || operator === "NotIn") && values.length === 0) {
            fail(`${field}.values`, `operator ${operator} needs at least one value`);
        }
        if ((operator === "Exists" || operator === "DoesNotExist") && values.length > 0) {
            fail(`${field}.values`, `operator ${operator} takes no values, got ${JSON.stringify(values)}`);
        }
        values.forEach((v, j) => {
            const vp = valueProblem(v);
            if (vp !== undefined) fail(`${field}.values[${j}]`, vp);
        });
        requirements.push({ key: expression.key, operator, values: [...new Set(values)].sort() });
    });
    return selectorFromRequirements(requirements);
}

/**
 * Whether a label selector selects an object with the given labels, as `metav1.LabelSelectorAsSelector`
 * then `Selector.Matches` decide it. Compile once with {@link compileLabelSelector} to match many objects.
 *
 * @param selector - The selector; nil matches nothing, `{}` matches everything.
 * @param labels - The object's `metadata.labels`.
 * @param where - Named in errors; see {@link compileLabelSelector}.
 * @throws InvalidObjectError on an invalid selector.
 */
export function labelSelectorMatches(selector: V1LabelSelector | undefined | null, labels: Labels, where: SelectorLocation = DEFAULT_LOCATION): boolean {
    return compileLabelSelector(selector, where).matches(labels);
}

/**
 * Requirements `key In (value)` (or `NotIn` for `mismatchLabelKeys`) for each key the object's labels
 * carry, as upstream merges `matchLabelKeys` into a selector; keys the labels lack are left out.
 */
export function requirementsFromLabelKeys(keys: readonly string[] | undefined, labels: Labels, operator: "In" | "NotIn"): LabelRequirement[] {
    const result: LabelRequirement[] = [];
    for (const key of keys ?? []) {
        if (labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key)) {
            result.push({ key, operator, values: [labels[key]] });
        }
    }
    return result;
}

/**
 * Node selectors and required node affinity, after component-helpers' `nodeaffinity`
 * (kubernetes/kubernetes `staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go`)
 * and apimachinery's `labels.Requirement.Matches` (`staging/src/k8s.io/apimachinery/pkg/labels/selector.go`), v1.35:
 * - `spec.nodeSelector` needs every key to be present with an equal value;
 * - required node affinity terms are OR'ed; the requirements inside a term are AND'ed; an empty term, and an
 *   empty list of terms, match no node;
 * - operators: In, NotIn (also true when the label is absent), Exists, DoesNotExist, Gt and Lt (the node's
 *   label value and the single requirement value are compared as integers; a non-integer label never matches);
 * - `matchFields` supports only `metadata.name` with In or NotIn and exactly one value.
 * Requirements the API server would reject (an unknown operator, a missing or extra value, an invalid label
 * key; `ValidateNodeSelectorRequirement` in `pkg/apis/core/validation/validation.go`) are reported as
 * `InvalidObjectError` naming the pod and the field path. Requirements the API server accepts but the scheduler
 * cannot parse (a value that is not a valid label value, a non-integer `Gt`/`Lt` value) make their term match no
 * node, as upstream's `LazyErrorNodeSelector` does.
 * See https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
 */
import { InvalidObjectError } from "./errors";
import { podRef } from "./pod-requests";
import type { V1Node, V1NodeSelectorRequirement, V1NodeSelectorTerm, V1Pod } from "./types";

/** The operators a node selector requirement may use. */
export const NODE_SELECTOR_OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"] as const;

const INTEGER = /^[+-]?\d+$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A valid label value: empty, or at most 63 alphanumerics with `-`, `_`, `.` inside (apimachinery `IsValidLabelValue`). */
export function isValidLabelValue(value: string): boolean {
    return value === "" || (value.length <= 63 && LABEL_NAME.test(value));
}

/** A valid label key: an optional DNS-subdomain prefix (at most 253 characters) and `/`, then a name of at most 63 characters. */
export function isValidLabelKey(key: string): boolean {
    const slash = key.indexOf("/");
    const name = slash < 0 ? key : key.slice(slash + 1);
    if (slash >= 0) {
        const prefix = key.slice(0, slash);
        if (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) return false;
    }
    return name.length > 0 && name.length <= 63 && LABEL_NAME.test(name);
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/** A requirement the scheduler cannot parse: its term matches no node. */
const NEVER: LabelTest = () => false;

type LabelTest = (labels: Readonly<Record<string, string>>) => boolean;

/** A parsed node selector term list, matched against many nodes without re-parsing. */
export interface CompiledNodeSelector {
    matches(node: V1Node): boolean;
}

/** Where a selector comes from, for error messages. */
export interface SelectorSource {
    /** The owning object, e.g. `Pod/default/web-0`. */
    object: string;
    /** The field path of the term list, e.g. `spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`. */
    field: string;
}

const has = (labels: Readonly<Record<string, string>>, key: string): boolean => Object.prototype.hasOwnProperty.call(labels, key);

function compileLabelRequirement(req: V1NodeSelectorRequirement, object: string, field: string): LabelTest {
    const values = req.values ?? [];
    const key = req.key;
    if (typeof key !== "string" || !isValidLabelKey(key)) {
        throw new InvalidObjectError(object, `${field}.key`, `invalid label key ${JSON.stringify(key)}: expected an optional DNS subdomain prefix and "/", then a name of at most 63 alphanumerics, "-", "_" or "."`);
    }
    switch (req.operator) {
        case "In":
        case "NotIn": {
            if (values.length === 0) throw new InvalidObjectError(object, `${field}.values`, `operator ${req.operator} needs at least one value`);
            if (!values.every(isValidLabelValue)) return NEVER;
            const set = new Set(values);
            return req.operator === "In" ? (labels) => has(labels, key) && set.has(labels[key]) : (labels) => !has(labels, key) || !set.has(labels[key]);
        }
        case "Exists":
        case "DoesNotExist":
            if (values.length !== 0) throw new InvalidObjectError(object, `${field}.values`, `operator ${req.operator} takes no values, got ${values.length}`);
            return req.operator === "Exists" ? (labels) => has(labels, key) : (labels) => !has(labels, key);
        case "Gt":
        case "Lt": {
            if (values.length !== 1) {
                throw new InvalidObjectError(object, `${field}.values`, `operator ${req.operator} needs exactly one value, got ${values.length}`);
            }
            if (!INTEGER.test(values[0])) return NEVER;
            const bound = BigInt(values[0]);
            const greater = req.operator === "Gt";
            return (labels) => {
                if (!has(labels, key) || !INTEGER.test(labels[key])) return false;
                const value = BigInt(labels[key]);
                return greater ? value > bound : value < bound;
            };
        }
        default:
            throw new InvalidObjectError(object, `${field}.operator`, `unknown operator ${JSON.stringify(req.operator)}; valid operators: ${NODE_SELECTOR_OPERATORS.join(", ")}`);
    }
}

function compileFieldRequirement(req: V1NodeSelectorRequirement, object: string, field: string): (node: V1Node) => boolean {
    if (req.key !== "metadata.name") {
        throw new InvalidObjectError(object, `${field}.key`, `unsupported field ${JSON.stringify(req.key)}; the only valid field is "metadata.name"`);
    }
    if (req.operator !== "In" && req.operator !== "NotIn") {
        throw new InvalidObjectError(object, `${field}.operator`, `operator ${JSON.stringify(req.operator)} is not valid for matchFields; valid operators: In, NotIn`);
    }
    const values = req.values ?? [];
    if (values.length !== 1) throw new InvalidObjectError(object, `${field}.values`, `matchFields needs exactly one value, got ${values.length}`);
    const name = values[0];
    return req.operator === "In" ? (node) => node.metadata?.name === name : (node) => node.metadata?.name !== name;
}

function compileTerm(term: V1NodeSelectorTerm, object: string, field: string): (node: V1Node) => boolean {
    const labelTests = (term.matchExpressions ?? []).map((req, i) => compileLabelRequirement(req, object, `${field}.matchExpressions[${i}]`));
    const fieldTests = (term.matchFields ?? []).map((req, i) => compileFieldRequirement(req, object, `${field}.matchFields[${i}]`));
    if (labelTests.length === 0 && fieldTests.length === 0) return () => false;
    return (node) => {
        const labels = node.metadata?.labels ?? NO_LABELS;
        for (let i = 0; i < labelTests.length; i++) if (!labelTests[i](labels)) return false;
        for (let i = 0; i < fieldTests.length; i++) if (!fieldTests[i](node)) return false;
        return true;
    };
}

/**
 * Parses node selector terms once (OR of terms, AND inside a term).
 * @throws InvalidObjectError for requirements the API server would reject.
 */
export function compileNodeSelectorTerms(terms: readonly V1NodeSelectorTerm[] | undefined, source: SelectorSource): CompiledNodeSelector {
    const compiled = (terms ?? []).map((term, i) => compileTerm(term, source.object, `${source.field}[${i}]`));
    return {
        matches(node) {
            for (let i = 0; i < compiled.length; i++) if (compiled[i](node)) return true;
            return false;
        },
    };
}

/** Whether any of the node selector terms matches the node. */
export function nodeSelectorTermsMatch(terms: readonly V1NodeSelectorTerm[] | undefined, node: V1Node, source?: SelectorSource): boolean {
    return compileNodeSelectorTerms(terms, source ?? { object: "NodeSelector", field: "nodeSelectorTerms" }).matches(node);
}

/** The field path of a pod's required node affinity terms. */
export const REQUIRED_NODE_AFFINITY_FIELD = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";

/**
 * A pod's `spec.nodeSelector` AND required node affinity, parsed once (upstream `RequiredNodeAffinity`).
 * @throws InvalidObjectError naming the pod for malformed requirements.
 */
export function compileRequiredNodeAffinity(pod: V1Pod): CompiledNodeSelector {
    const selector = pod.spec?.nodeSelector ?? {};
    const keys = Object.keys(selector);
    const values = keys.map((key) => selector[key]);
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    const affinity = required === undefined ? undefined : compileNodeSelectorTerms(required.nodeSelectorTerms, { object: podRef(pod), field: REQUIRED_NODE_AFFINITY_FIELD });
    return {
        // Indexed loops: this runs once per node per pod and should not allocate.
        matches(node) {
            if (keys.length > 0) {
                const labels = node.metadata?.labels;
                if (labels === undefined) return false;
                for (let i = 0; i < keys.length; i++) if (labels[keys[i]] !== values[i] || !has(labels, keys[i])) return false;
            }
            return affinity === undefined || affinity.matches(node);
        },
    };
}

/** Whether the node satisfies the pod's `spec.nodeSelector` and required node affinity. */
export function podMatchesNodeSelectorAndAffinityTerms(pod: V1Pod, node: V1Node): boolean {
    return compileRequiredNodeAffinity(pod).matches(node);
}

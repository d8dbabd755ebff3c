/**
 * AKS's string form of a taint, `key=value:Effect` (or `key:Effect` without a value), as the `nodeTaints`
 * property of an agent pool takes it (https://learn.microsoft.com/azure/aks/use-node-taints). The project's
 * one taint shape is {@link Taint}; this file is the only place that converts between the two.
 */
import type { Taint, TaintEffect } from "../scheduling/aks/node-pool-spec";

/** The taint effects Kubernetes defines (https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/). */
export const TAINT_EFFECTS: readonly TaintEffect[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** Thrown by {@link parseAksTaint} for text that is not `key=value:Effect` or `key:Effect`. */
export class TaintFormatError extends Error {
    constructor(text: string, reason: string) {
        super(`"${text}" is not a taint in AKS form "key=value:Effect" or "key:Effect": ${reason}`);
        this.name = "TaintFormatError";
    }
}

function isTaintEffect(text: string): text is TaintEffect {
    return (TAINT_EFFECTS as readonly string[]).includes(text);
}

/**
 * Parses AKS's `key=value:Effect` / `key:Effect` form into a {@link Taint}. The effect follows the last `:`;
 * the value follows the first `=`. Key and value syntax are checked by the node-pool rules, not here.
 *
 * @throws TaintFormatError naming the text and what is missing or wrong.
 */
export function parseAksTaint(text: string): Taint {
    const colon = text.lastIndexOf(":");
    if (colon < 0) {
        throw new TaintFormatError(text, `the effect is missing (one of ${TAINT_EFFECTS.join(", ")})`);
    }
    const effect = text.slice(colon + 1);
    if (!isTaintEffect(effect)) {
        throw new TaintFormatError(text, `"${effect}" is not an effect (one of ${TAINT_EFFECTS.join(", ")})`);
    }
    const keyAndValue = text.slice(0, colon);
    const equals = keyAndValue.indexOf("=");
    const key = equals < 0 ? keyAndValue : keyAndValue.slice(0, equals);
    if (key === "") {
        throw new TaintFormatError(text, "the key is empty");
    }
    return equals < 0 ? { key, effect } : { key, value: keyAndValue.slice(equals + 1), effect };
}

/**
 * Renders a {@link Taint} in AKS's form: `key=value:Effect`, or `key:Effect` when the value is absent or empty
 * (Kubernetes treats an empty taint value as no value).
 */
export function formatAksTaint(taint: Taint): string {
    return taint.value === undefined || taint.value === ""
        ? `${taint.key}:${taint.effect}`
        : `${taint.key}=${taint.value}:${taint.effect}`;
}

/**
 * The one exception the engine throws: malformed input. "Does not fit" is never an exception (it is a
 * `Status`); this error is for API objects the engine cannot read, and it names the object, the field
 * path and what would be valid.
 */

/** Malformed input in one API object: `${object}: ${field}: ${detail}`. */
export class InvalidObjectError extends Error {
    /**
     * @param object - The object reference, e.g. `Pod/default/web-0` or `Node/aks-x` (see {@link objectRef}).
     * @param field - The field path inside it, e.g. `spec.containers[0].resources.requests.cpu`.
     * @param detail - What is wrong and what would be valid.
     */
    constructor(
        readonly object: string,
        readonly field: string,
        readonly detail: string,
    ) {
        super(`${object}: ${field}: ${detail}`);
        this.name = "InvalidObjectError";
    }
}

/**
 * A short reference to an API object for error messages: `Kind/namespace/name` for namespaced objects,
 * `Kind/name` otherwise. A missing name reads `<unnamed>`.
 *
 * @param obj - The object (only `kind` and `metadata.name`/`namespace` are read).
 * @param defaultKind - The kind to print when `obj.kind` is unset (e.g. `"Pod"`).
 */
export function objectRef(obj: { kind?: string; metadata?: { name?: string; namespace?: string } }, defaultKind: string): string {
    const kind = obj.kind ?? defaultKind;
    const name = obj.metadata?.name ?? "<unnamed>";
    const namespace = obj.metadata?.namespace;
    return namespace === undefined || namespace === "" ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
}

/**
 * Escaping for the html report: every piece of text from a report (stack files, manifests, policy messages)
 * goes through here before it reaches the page, so nothing in it can open a tag or end an attribute.
 */

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text safe in html content and in double- or single-quoted attribute values: `&`, `<`, `>`, `"`, `'` escaped. */
export function escapeHtml(text: string | number): string {
    return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** An element id from free text (`stack-prod`): letters, digits, `-` and `_` kept, anything else as `-`. */
export function anchorId(...parts: string[]): string {
    return parts.join("-").replace(/[^A-Za-z0-9_-]/g, "-");
}

/** Field paths as the error messages print them: `nodePools[1].labels["example.com/team"]`. */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends an object key (`.key`, or `["key"]` when the key is not an identifier) or an array index (`[i]`). */
export function appendPath(path: string, segment: string | number): string {
    if (typeof segment === "number") {
        return `${path}[${segment}]`;
    }
    if (IDENTIFIER.test(segment)) {
        return path === "" ? segment : `${path}.${segment}`;
    }
    return `${path}[${JSON.stringify(segment)}]`;
}

/** Joins segments into a path: `["nodePools", 1, "vmSize"]` → `nodePools[1].vmSize`. */
export function formatPath(segments: readonly (string | number)[]): string {
    return segments.reduce<string>((path, segment) => appendPath(path, segment), "");
}

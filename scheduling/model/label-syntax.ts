/**
 * Kubernetes' syntax for label keys, label values and taints, as the API server validates them:
 * kubernetes/kubernetes `staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go` (`IsQualifiedName`,
 * `IsValidLabelValue`, `IsDNS1123Subdomain`) and `pkg/apis/core/validation/validation.go` (`validateNodeTaints`),
 * v1.33. Each check returns the problem in words, or undefined when the input is valid.
 */

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAME_MAX = 63;
const PREFIX_MAX = 253;

const NAME_RULE =
    "at most 63 characters, alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric (e.g. 'workload', 'my.name')";

/**
 * Why `key` is not a valid label key (or taint key), or undefined when it is.
 *
 * @param what - How the message names the key. Defaults to "label key"; "taint key" for taints.
 */
export function labelKeyProblem(key: string, what = "label key"): string | undefined {
    const parts = key.split("/");
    if (parts.length > 2) return `${what} ${JSON.stringify(key)} has more than one '/'; expected "[prefix/]name"`;
    const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
    if (prefix !== undefined) {
        if (prefix.length === 0) return `${what} ${JSON.stringify(key)} has an empty prefix before '/'`;
        if (prefix.length > PREFIX_MAX || !DNS1123_SUBDOMAIN.test(prefix)) {
            return (
                `${what} prefix ${JSON.stringify(prefix)} is not a DNS subdomain ` +
                "(at most 253 characters, lowercase alphanumerics, '-' and '.', e.g. 'example.com')"
            );
        }
    }
    if (name.length === 0 || name.length > NAME_MAX || !NAME_PART.test(name)) {
        return `${what} name ${JSON.stringify(name)} is invalid: ${NAME_RULE}`;
    }
    return undefined;
}

/**
 * Why `value` is not a valid label value (or taint value), or undefined when it is. The empty string is valid.
 *
 * @param what - How the message names the value. Defaults to "label value"; "taint value" for taints.
 */
export function labelValueProblem(value: string, what = "label value"): string | undefined {
    if (value === "") return undefined;
    if (value.length > NAME_MAX || !NAME_PART.test(value)) {
        return `${what} ${JSON.stringify(value)} is invalid: empty, or ${NAME_RULE}`;
    }
    return undefined;
}

/** The domain of a qualified key (`"example.com"` for `"example.com/x"`), or undefined when it has none. */
export function labelKeyPrefix(key: string): string | undefined {
    const slash = key.indexOf("/");
    return slash < 0 ? undefined : key.slice(0, slash);
}

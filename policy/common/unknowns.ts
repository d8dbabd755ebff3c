/**
 * Values unknown at preview time.
 *
 * During `pulumi preview`, an input computed from another resource's output is not known yet. The policy
 * SDK hands policies their properties wrapped in `unknownCheckingProxy`: reading an unknown value throws
 * `UnknownValueError` (its `props` holds the property path). When that error leaves a policy, the SDK's
 * analyzer server reports an *advisory* diagnostic "can't run policy … during preview: <message>" — even
 * for a mandatory policy — and the policy runs again at update, when every input is known
 * (`@pulumi/policy` 1.21 `server.js` `makeAnalyzeRpcFun`; https://www.pulumi.com/docs/iac/using-pulumi/crossguard/).
 *
 * The pack keeps that mechanism but words it plainly: each policy collects every unknown path it met
 * (one per checked subject, so a known violation elsewhere is still reported) and throws one
 * {@link UnknownDuringPreviewError} naming them all.
 */
import * as policySdk from "@pulumi/policy";

/** The SDK's `UnknownValueError`, typed (its declaration file strips the members). */
export interface UnknownValueErrorLike extends Error {
    /** The property path of the unknown value, one element per property name or array index. */
    readonly props: readonly string[];
    /** The sentinel that marked the value unknown. */
    readonly unknownTypeSentinel: string;
}

type UnknownValueErrorClass = new (sentinel: string, props: string[]) => UnknownValueErrorLike;

/** The SDK's class, which its server recognises with `instanceof`. */
const SdkUnknownValueError = policySdk.UnknownValueError as UnknownValueErrorClass;

/** Whether an error is the SDK's "value unknown during preview" error (or ours, which extends it). */
export function isUnknownValueError(e: unknown): e is UnknownValueErrorLike {
    return e instanceof SdkUnknownValueError;
}

/** Renders an SDK property path as `agentPoolProfiles[0].vmSize`. */
export function formatPropertyPath(props: readonly string[]): string {
    let out = "";
    for (const p of props) {
        out += /^\d+$/.test(p) ? `[${p}]` : out === "" ? p : `.${p}`;
    }
    return out === "" ? "<the resource's properties>" : out;
}

/**
 * The error a policy throws when values it must read are unknown during preview. It extends the SDK's
 * `UnknownValueError`, so the analyzer server reports it as an advisory diagnostic with this message.
 */
export class UnknownDuringPreviewError extends SdkUnknownValueError {
    /** The unknown property paths, formatted (see {@link formatPropertyPath}). */
    readonly paths: readonly string[];

    /**
     * @param policyName - The policy that could not decide.
     * @param causes - The SDK errors raised while reading unknown values (at least one).
     */
    constructor(policyName: string, causes: readonly UnknownValueErrorLike[]) {
        const first = causes[0];
        super(first.unknownTypeSentinel, [...first.props]);
        this.paths = [...new Set(causes.map((c) => formatPropertyPath(c.props)))];
        const list = this.paths.join(", ");
        const verb = this.paths.length === 1 ? "is" : "are";
        this.message = `${list} ${verb} unknown during preview; ${policyName} checks ${this.paths.length === 1 ? "it" : "them"} again at update, when the value is known`;
        this.name = "UnknownDuringPreviewError";
    }
}

/** The SDK's sentinels for values unknown during preview (`@pulumi/policy` `proxy.js`), one per value type. */
const UNKNOWN_SENTINELS: ReadonlySet<unknown> = (() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
    return new Set(Object.entries(proxy).filter(([k]) => /^unknown[A-Z]\w*Value$/.test(k)).map(([, v]) => v));
})();

/** Whether a raw (unproxied) value is one of the SDK's unknown-during-preview sentinels. */
export function isUnknownSentinel(value: unknown): boolean {
    return UNKNOWN_SENTINELS.has(value);
}

const IS_SPECIAL_PROXY = "__isSpecialProxy";
const SPECIAL_PROXY_TARGET = "__getSpecialProxyTarget";

/**
 * The same contract as the SDK's `unknownCheckingProxy` (reading an unknown value throws its `UnknownValueError`
 * with the property path; the special keys give the target), over the same object, but each nested value's view is
 * made once and kept: the SDK's proxy builds a new proxy, a new path array and a property descriptor on every read,
 * and a policy reads `spec.template.spec.containers` many times (`npm run bench:policy`). A value replaced in the
 * object gets a new view.
 */
export function checkingView<T>(props: T): T {
    if (typeof props !== "object" || props === null) return props;
    const target = (props as Record<string, unknown>)[SPECIAL_PROXY_TARGET];
    return viewOf(typeof target === "object" && target !== null ? target : props, []) as T;
}

function viewOf(target: object, path: readonly PropertyKey[]): object {
    const children = new Map<PropertyKey, { field: object; view: object }>();
    return new Proxy(target, {
        get: (obj, prop) => {
            if (prop === IS_SPECIAL_PROXY) return true;
            if (prop === SPECIAL_PROXY_TARGET) return obj;
            const field = (obj as Record<PropertyKey, unknown>)[prop];
            if (UNKNOWN_SENTINELS.has(field)) throw new SdkUnknownValueError(field as string, [...path, prop] as string[]);
            if (!(field instanceof Object)) return field;
            const known = children.get(prop);
            if (known !== undefined && known.field === field) return known.view;
            // The proxy invariant: a non-configurable, non-writable own data property must be returned as it is.
            const desc = Object.getOwnPropertyDescriptor(obj, prop);
            if (desc !== undefined && "value" in desc && desc.configurable === false && desc.writable === false) return field;
            const view = viewOf(field, [...path, prop]);
            children.set(prop, { field, view });
            return view;
        },
    });
}

import { UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";
import { checkingView, formatPropertyPath, isUnknownValueError, UnknownDuringPreviewError, type UnknownValueErrorLike } from "../../../policy/common/unknowns";
import { UNKNOWN } from "../harness";

/** The SDK error raised by reading `path` of `props` through the unknown-checking proxy. */
function unknownAt(props: object, read: (p: Record<string, any>) => unknown): UnknownValueErrorLike { // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
        read((unknownCheckingProxy as (p: object) => Record<string, unknown>)(props));
    } catch (e) {
        if (isUnknownValueError(e)) return e;
        throw e;
    }
    throw new Error("expected the read to hit an unknown value");
}

describe("property paths", () => {
    test.each([
        [["agentPoolProfiles", "0", "vmSize"], "agentPoolProfiles[0].vmSize"],
        [["spec", "template", "spec", "containers", "12", "image"], "spec.template.spec.containers[12].image"],
        [["sku"], "sku"],
        [[], "<the resource's properties>"],
    ])("%j reads %s", (props, text) => {
        expect(formatPropertyPath(props)).toBe(text);
    });
});

describe("the unknown-during-preview error", () => {
    test("one unknown path reads 'is … it'", () => {
        const cause = unknownAt({ sku: { tier: UNKNOWN } }, (p) => p.sku.tier);
        expect(new UnknownDuringPreviewError("aks-paid-tier-for-sla", [cause]).message).toBe(
            "sku.tier is unknown during preview; aks-paid-tier-for-sla checks it again at update, when the value is known",
        );
    });
    test("several paths read 'are … them', each once", () => {
        const a = unknownAt({ l: [UNKNOWN] }, (p) => p.l[0]);
        const b = unknownAt({ m: UNKNOWN }, (p) => p.m);
        expect(new UnknownDuringPreviewError("x", [a, b, a]).message).toBe("l[0], m are unknown during preview; x checks them again at update, when the value is known");
    });
    test("it is the SDK's UnknownValueError, which the analyzer server turns into an advisory", () => {
        const error = new UnknownDuringPreviewError("x", [unknownAt({ m: UNKNOWN }, (p) => p.m)]);
        expect(error).toBeInstanceOf(UnknownValueError as unknown as new () => Error);
        expect(isUnknownValueError(error)).toBe(true);
    });
    test("other errors are not unknown values", () => {
        expect(isUnknownValueError(new TypeError("x"))).toBe(false);
    });
});

describe("checkingView", () => {
    const sdkProxy = unknownCheckingProxy as (p: unknown) => Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const props = () => ({ spec: { containers: [{ name: "a", image: UNKNOWN }, { name: "b", image: "x" }], replicas: 3 } });

    test("reads what the SDK's proxy reads, and throws the SDK's error with the same path and message on an unknown value", () => {
        const sdk = sdkProxy(props());
        const view = checkingView(sdk);
        expect(view.spec.replicas).toBe(3);
        expect(view.spec.containers.map((c: { name: string }) => c.name)).toEqual(["a", "b"]);
        expect(view.spec.containers.filter((c: { name: string }) => c.name === "b")[0].image).toBe("x");
        expect(Array.isArray(view.spec.containers)).toBe(true);
        let fromSdk: unknown;
        let fromView: unknown;
        try { void sdk.spec.containers[0].image; } catch (e) { fromSdk = e; }
        try { void view.spec.containers[0].image; } catch (e) { fromView = e; }
        expect(isUnknownValueError(fromView)).toBe(true);
        expect((fromView as Error).message).toBe((fromSdk as Error).message);
        expect((fromView as { props: string[] }).props).toEqual((fromSdk as { props: string[] }).props);
    });

    test("keeps each nested view, gives a replaced value a new one, and gives the target as the SDK's proxy does", () => {
        const raw = props();
        const view = checkingView(sdkProxy(raw));
        expect(view.spec).toBe(view.spec);
        const before = view.spec.containers;
        raw.spec.containers = [{ name: "c", image: "y" }];
        expect(view.spec.containers).not.toBe(before);
        expect(view.spec.containers[0].name).toBe("c");
        expect(view.__getSpecialProxyTarget).toBe(raw);
        expect(checkingView(42)).toBe(42);
    });
});

import { unknownCheckingProxy, type PolicyResource } from "@pulumi/policy";
import { mentionIndex, mentions, rawProps, registeredResources } from "../../../policy/scheduling/stack-placement";
import { UNKNOWN } from "../harness";

const proxy = unknownCheckingProxy as (props: unknown) => Record<string, unknown>;

describe("mentionIndex", () => {
    test.each([
        ["a name followed by a colon is found", "Deployment/shop/web: 2 of 3", "Deployment/shop/web", 0],
        ["a name that only prefixes a longer one is not found", "Deployment/shop/web-2: 2 of 3", "Deployment/shop/web", -1],
        ["the whole mention after a prefix mention is found", "Deployment/shop/web-2 and Deployment/shop/web.", "Deployment/shop/web", 26],
        ["a name at the end of the text is found", "blocks PodDisruptionBudget shop/web", "PodDisruptionBudget shop/web", 7],
        ["a name continued by a dotted suffix is not found", "Deployment/shop/web.v2 lost", "Deployment/shop/web", -1],
    ])("%s", (_name, text, name, expected) => {
        expect(mentionIndex(text, name)).toBe(expected);
        expect(mentions(text, name)).toBe(expected >= 0);
    });
});

describe("rawProps", () => {
    test("unwraps the SDK's proxy, so unknown values reach the placement checks instead of throwing", () => {
        const props = { vmSize: UNKNOWN, nested: { count: 3 } };
        expect(rawProps(proxy(props))).toBe(props);
    });

    test.each([
        ["a plain object is returned as it is", { count: 3 }, { count: 3 }],
        ["a value that is not an object reads as no properties", "x", {}],
        ["an array reads as no properties", [1], {}],
    ])("%s", (_name, value, expected) => {
        expect(rawProps(value)).toEqual(expected);
    });
});

test("registeredResources keeps type, name, URN and raw inputs, and the provider's URN when one is set", () => {
    const base = { opts: {} as PolicyResource["opts"], dependencies: [], propertyDependencies: {}, isType: () => false, asType: () => undefined } as unknown as PolicyResource;
    const resources: PolicyResource[] = [
        { ...base, type: "kubernetes:apps/v1:Deployment", name: "web", urn: "urn:web", props: proxy({ spec: { replicas: UNKNOWN } }), provider: { type: "pulumi:providers:kubernetes", props: {}, urn: "urn:k8s", name: "k8s" } },
        { ...base, type: "azure-native:containerservice:ManagedCluster", name: "aks", urn: "urn:aks", props: { location: "westeurope" } },
    ];
    expect(registeredResources(resources)).toEqual([
        { type: "kubernetes:apps/v1:Deployment", name: "web", urn: "urn:web", inputs: { spec: { replicas: UNKNOWN } }, provider: "urn:k8s::id" },
        { type: "azure-native:containerservice:ManagedCluster", name: "aks", urn: "urn:aks", inputs: { location: "westeurope" } },
    ]);
});

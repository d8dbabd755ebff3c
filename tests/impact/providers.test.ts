/** The provider Diff emulations, case by case, each with the provider's own rule it reproduces. */
import { tableFor } from "../../impact";
import { azureNativeDiff, replaceKey } from "../../impact/providers/azure-native";
import { kubernetesDiff } from "../../impact/providers/kubernetes";
import { kubernetesProviderDiff, timeSleepDiff } from "../../impact/providers/other-providers";
import type { ProviderDiff } from "../../impact/providers/provider-diff";
import { formatPropertyPath } from "../../impact/property-path";
import { UNKNOWN } from "../../impact/value-diff";
import { AGENT_POOL, MANAGED_CLUSTER, poolInputs } from "./fixtures";

/** `kind path` per entry, `!` marking a replacement, and the delete-first choice. */
function summary(diff: ProviderDiff): { entries: string[]; deleteFirst: boolean } {
    return { entries: diff.entries.map((e) => `${e.replace ? "!" : ""}${e.kind} ${formatPropertyPath(e.path)}`), deleteFirst: diff.deleteBeforeReplace };
}

const cluster = (network: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
    resourceGroupName: "rg",
    resourceName: "aks",
    location: "westeurope",
    dnsPrefix: "aks",
    networkProfile: { networkPlugin: "azure", podCidr: "10.244.0.0/16", loadBalancerSku: "standard", ...network },
    linuxProfile: { adminUsername: "azureuser", ssh: { publicKeys: [{ keyData: "a" }] } },
    ...extra,
});

describe("azure-native (diff.go calculateDetailedDiff, provider.go Diff)", () => {
    test.each<[string, string, Record<string, unknown>, Record<string, unknown>, ReturnType<typeof summary>]>([
        ["a forceNewMap property forces it, delete-first as the pool is named", AGENT_POOL, poolInputs(), poolInputs({ vmSize: "Standard_D8ds_v5" }), { entries: ["!update vmSize"], deleteFirst: true }],
        ["a path parameter forces it", AGENT_POOL, poolInputs(), poolInputs({ resourceName: "aks2" }), { entries: ["!update resourceName"], deleteFirst: true }],
        ["a property the provider does not force updates in place", AGENT_POOL, poolInputs(), poolInputs({ maxCount: 9 }), { entries: ["update maxCount"], deleteFirst: false }],
        ["an element added to an array never forces it (Array.Adds)", AGENT_POOL, poolInputs({ availabilityZones: ["1"] }), poolInputs({ availabilityZones: ["1", "2"] }), { entries: ["add availabilityZones[1]"], deleteFirst: false }],
        ["a forced property one level down", MANAGED_CLUSTER, cluster(), cluster({ podCidr: "10.245.0.0/16" }), { entries: ["!update networkProfile.podCidr"], deleteFirst: true }],
        ["a sibling that is not forced", MANAGED_CLUSTER, cluster(), cluster({ loadBalancerSku: "basic" }), { entries: ["update networkProfile.loadBalancerSku"], deleteFirst: false }],
        [
            "an update below a forced object forces it (linuxProfile)",
            MANAGED_CLUSTER,
            cluster(),
            cluster({}, { linuxProfile: { adminUsername: "azureuser", ssh: { publicKeys: [{ keyData: "b" }] } } }),
            { entries: ["!update linuxProfile.ssh.publicKeys[0].keyData"], deleteFirst: true },
        ],
        ["an added forced property forces it (ADD_REPLACE)", MANAGED_CLUSTER, cluster(), cluster({}, { nodeResourceGroup: "mc-rg" }), { entries: ["!add nodeResourceGroup"], deleteFirst: true }],
        ["location differing only in case and spaces is no change", MANAGED_CLUSTER, cluster(), cluster({}, { location: "West Europe" }), { entries: [], deleteFirst: false }],
        ["an unknown path parameter (its source is replaced) forces it", AGENT_POOL, poolInputs(), poolInputs({ resourceName: UNKNOWN }), { entries: ["!update resourceName"], deleteFirst: true }],
    ])("%s", (_name, type, olds, news, expected) => {
        expect(summary(azureNativeDiff(tableFor(type)!, olds, news))).toEqual(expected);
    });

    test("an auto-named resource (no name parameter) is replaced create-first", () => {
        const type = "azure-native:authorization:RoleAssignment";
        const olds = { scope: "/a", principalId: "p", roleDefinitionId: "r" };
        expect(summary(azureNativeDiff(tableFor(type)!, olds, { ...olds, principalId: "q" }))).toEqual({ entries: ["!update principalId"], deleteFirst: false });
        expect(summary(azureNativeDiff(tableFor(type)!, { ...olds, roleAssignmentName: "n" }, { ...olds, roleAssignmentName: "n", principalId: "q" }))).toEqual({ entries: ["!update principalId"], deleteFirst: true });
    });

    test.each<[(string | number)[], string]>([
        [["vmSize"], "vmSize"],
        [["networkProfile", "podCidr"], "networkProfile.podCidr"],
        [["agentPoolProfiles", 0, "vmSize"], "agentPoolProfiles[].vmSize"],
    ])("replace key of %j is %s", (path, key) => {
        expect(replaceKey(path)).toBe(key);
    });
});

describe("kubernetes (provider.go Diff, diff.go forceNew)", () => {
    const deployment = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: "web", namespace: "shop" }) => ({ apiVersion: "apps/v1", kind: "Deployment", metadata, spec });
    const service = (spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec });
    test.each<[string, string, Record<string, unknown>, Record<string, unknown>, ReturnType<typeof summary>]>([
        ["a Deployment's selector forces it, delete-first (fixed name)", "kubernetes:apps/v1:Deployment", deployment({ selector: { matchLabels: { a: "1" } } }), deployment({ selector: { matchLabels: { a: "2" } } }), { entries: ["!update spec.selector.matchLabels.a"], deleteFirst: true }],
        ["a Deployment's image updates in place", "kubernetes:apps/v1:Deployment", deployment({ template: { spec: { containers: [{ image: "a:1" }] } } }), deployment({ template: { spec: { containers: [{ image: "a:2" }] } } }), { entries: ["update spec.template.spec.containers[0].image"], deleteFirst: false }],
        ["a new name forces it, create-first (the names differ)", "kubernetes:apps/v1:Deployment", deployment({}), deployment({}, { name: "web2", namespace: "shop" }), { entries: ["!update metadata.name"], deleteFirst: false }],
        ["the namespace defaults to default on both sides", "kubernetes:apps/v1:Deployment", deployment({}, { name: "web" }), deployment({}, { name: "web", namespace: "default" }), { entries: [], deleteFirst: false }],
        ["a Service's clusterIP forces it", "kubernetes:core/v1:Service", service({ clusterIP: "None" }), service({ clusterIP: "10.0.0.9" }), { entries: ["!update spec.clusterIP"], deleteFirst: true }],
        ["an added object holding a forced field forces it (the patch holds it)", "kubernetes:apps/v1:StatefulSet", { metadata: { name: "s" } }, { metadata: { name: "s" }, spec: { serviceName: "s" } }, { entries: ["!add spec"], deleteFirst: true }],
        ["a policy/v1 PodDisruptionBudget's spec updates in place", "kubernetes:policy/v1:PodDisruptionBudget", { metadata: { name: "p" }, spec: { minAvailable: 1 } }, { metadata: { name: "p" }, spec: { minAvailable: 2 } }, { entries: ["update spec.minAvailable"], deleteFirst: false }],
        ["an auto-named object is replaced create-first", "kubernetes:core/v1:Service", { spec: { clusterIP: "None" } }, { spec: { clusterIP: "10.0.0.9" } }, { entries: ["!update spec.clusterIP"], deleteFirst: false }],
    ])("%s", (_name, type, olds, news, expected) => {
        expect(summary(kubernetesDiff(tableFor(type)!, olds, news))).toEqual(expected);
    });
});

describe("the Kubernetes provider resource (DiffConfig) and time:Sleep", () => {
    const kubeconfig = (server: string) => `apiVersion: v1\nkind: Config\nclusters:\n  - name: aks\n    cluster:\n      server: ${server}\ncontexts:\n  - name: aks\n    context:\n      cluster: aks\ncurrent-context: aks\n`;
    test.each<[string, Record<string, unknown>, Record<string, unknown>, ReturnType<typeof summary>]>([
        ["a new clusterIdentifier replaces it", { clusterIdentifier: "a", kubeconfig: "k" }, { clusterIdentifier: "b", kubeconfig: "k" }, { entries: ["!update clusterIdentifier"], deleteFirst: false }],
        ["an unknown clusterIdentifier replaces it", { clusterIdentifier: "a", kubeconfig: "k" }, { clusterIdentifier: UNKNOWN, kubeconfig: "k" }, { entries: ["!update clusterIdentifier"], deleteFirst: false }],
        ["with clusterIdentifier unchanged, a new kubeconfig updates it", { clusterIdentifier: "a", kubeconfig: "k" }, { clusterIdentifier: "a", kubeconfig: "k2" }, { entries: ["update kubeconfig"], deleteFirst: false }],
        ["without clusterIdentifier, a new active cluster replaces it", { kubeconfig: kubeconfig("https://a") }, { kubeconfig: kubeconfig("https://b") }, { entries: ["!update kubeconfig"], deleteFirst: false }],
    ])("%s", (_name, olds, news, expected) => {
        expect(summary(kubernetesProviderDiff(tableFor("pulumi:providers:kubernetes")!, olds, news))).toEqual(expected);
    });

    test.each<[string, Record<string, unknown>, Record<string, unknown>, ReturnType<typeof summary>]>([
        ["triggers replace it, create-first", { createDuration: "300s", triggers: { id: "a" } }, { createDuration: "300s", triggers: { id: "b" } }, { entries: ["!update triggers.id"], deleteFirst: false }],
        ["createDuration updates it", { createDuration: "300s" }, { createDuration: "60s" }, { entries: ["update createDuration"], deleteFirst: false }],
    ])("time:Sleep: %s", (_name, olds, news, expected) => {
        expect(summary(timeSleepDiff(tableFor("time:index/sleep:Sleep")!, olds, news))).toEqual(expected);
    });
});

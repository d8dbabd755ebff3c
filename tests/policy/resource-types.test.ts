/**
 * Type tokens: the committed table is what the installed SDKs register (regenerate with
 * `npm run generate:policy-types` after an SDK upgrade), and every token reads as its resource.
 */
import * as fs from "fs";
import * as path from "path";
import { CANONICAL_TOKENS, renderTypeTokens, tokensInModule, tokensOf } from "../../policy/resource-types/generate";
import { canonicalType, isKind, resourceKindOf } from "../../policy/resource-types/resource-kinds";
import { TYPE_TOKENS } from "../../policy/resource-types/type-tokens";

const root = path.resolve(__dirname, "../..");

test("the committed table is what the installed SDKs register (else: npm run generate:policy-types)", () => {
    expect(fs.readFileSync(path.join(root, "policy/resource-types/type-tokens.ts"), "utf8")).toBe(renderTypeTokens(root));
});

test("the ManagedCluster's tokens are its class's own and every alias its aliasOpts list", () => {
    const text = fs.readFileSync(path.join(root, "node_modules/@pulumi/azure-native/containerservice/managedCluster.js"), "utf8");
    const { own, aliases } = tokensInModule(text);
    expect(own).toBe("azure-native:containerservice:ManagedCluster");
    expect(aliases).toContain("azure-native:containerservice/v20250801:ManagedCluster");
    expect(TYPE_TOKENS["azure-native:containerservice:ManagedCluster"]).toEqual([own!, ...aliases].sort());
});

test("aliases are followed into the alias classes the SDK ships (autoscaling/v1 and v2 HPAs are one resource)", () => {
    expect(TYPE_TOKENS["kubernetes:autoscaling/v2:HorizontalPodAutoscaler"]).toEqual([
        "kubernetes:autoscaling/v1:HorizontalPodAutoscaler",
        "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
        "kubernetes:autoscaling/v2beta1:HorizontalPodAutoscaler",
        "kubernetes:autoscaling/v2beta2:HorizontalPodAutoscaler",
    ]);
});

test("a missing canonical class is an error naming the module", () => {
    expect(() => tokensOf("kubernetes:apps/v1:NoSuchKind", () => undefined)).toThrow("kubernetes:apps/v1:NoSuchKind: no module @pulumi/kubernetes/apps/v1/noSuchKind.js in the installed SDK");
});

describe("every token reads as its resource", () => {
    test.each([
        ["azure-native:containerservice/v20250801:ManagedCluster", { canonical: "azure-native:containerservice:ManagedCluster", patch: false, module: "containerservice/v20250801" }],
        ["azure-native:containerservice/v20991231:AgentPool", { canonical: "azure-native:containerservice:AgentPool", patch: false, module: "containerservice/v20991231" }],
        ["kubernetes:extensions/v1beta1:Deployment", { canonical: "kubernetes:apps/v1:Deployment", patch: false, module: "extensions/v1beta1" }],
        ["kubernetes:apps/v1:DeploymentPatch", { canonical: "kubernetes:apps/v1:Deployment", patch: true, module: "apps/v1" }],
        ["kubernetes:policy/v1beta1:PodDisruptionBudget", { canonical: "kubernetes:policy/v1:PodDisruptionBudget", patch: false, module: "policy/v1beta1" }],
        ["kubernetes:helm.sh/v3:Release", { canonical: "kubernetes:helm.sh/v3:Release", patch: false, module: "helm.sh/v3" }],
    ])("%s", (token, kind) => {
        expect(resourceKindOf(token)).toEqual(kind);
    });
    test("unknown tokens are not guessed", () => {
        expect(resourceKindOf("azure-native:storage:StorageAccount")).toBeUndefined();
        expect(resourceKindOf("azure-native:compute/v20240301:VirtualMachine")).toBeUndefined();
        expect(canonicalType("pulumi:providers:kubernetes")).toBe("pulumi:providers:kubernetes");
    });
    test("a Patch kind is not the whole resource; a token outside the table matches only itself", () => {
        expect(isKind("kubernetes:apps/v1:DeploymentPatch", "kubernetes:apps/v1:Deployment")).toBe(false);
        expect(isKind("kubernetes:apps/v1beta2:Deployment", "kubernetes:apps/v1:Deployment")).toBe(true);
        expect(isKind("pulumi:providers:kubernetes", "pulumi:providers:kubernetes")).toBe(true);
    });
    test("every canonical token of the table reads as itself", () => {
        expect(CANONICAL_TOKENS.map(canonicalType)).toEqual(CANONICAL_TOKENS);
    });
});

/** The pure parts of the cluster's hardening: KMS vault roles, the diagnostic setting, the fleet ID, PriorityClass objects, and the schema of their keys. */
import { controlPlaneDiagnostics, kmsVaultRoles, parseFleetId } from "../../components/cluster-hardening";
import { priorityClassManifest } from "../../components/priority-class-manifest";
import { BUILT_IN_ROLES } from "../../components/role-definitions";
import { DEFAULT_CONTROL_PLANE_LOGS, encryptionSchema, fleetSchema, priorityClassesSchema } from "../../config/security-schema";

const VAULT = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-aks";
const KEY = "https://kv-aks.vault.azure.net/keys/etcd/0123456789abcdef0123456789abcdef";
const FLEET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-fleet/providers/Microsoft.ContainerService/fleets/platform";

describe("KMS", () => {
    test("a public vault needs Key Vault Crypto User; a private one also Key Vault Contributor (for its private link)", () => {
        expect(kmsVaultRoles({ keyId: KEY, keyVaultId: VAULT, networkAccess: "Public" })).toEqual(["keyVaultCryptoUser"]);
        expect(kmsVaultRoles({ keyId: KEY, keyVaultId: VAULT, networkAccess: "Private" })).toEqual(["keyVaultCryptoUser", "keyVaultContributor"]);
        // The built-in role IDs Azure documents for those roles.
        expect(BUILT_IN_ROLES.keyVaultCryptoUser).toBe("12338af0-0e69-4776-bea7-57ae8d297424");
        expect(BUILT_IN_ROLES.keyVaultContributor).toBe("f25e0fa2-a7c8-4377-a976-54943a77a395");
    });

    test("the schema takes a versioned key identifier and defaults to a public vault", () => {
        expect(encryptionSchema.parse({ kms: { keyId: KEY, keyVaultId: VAULT } })).toEqual({ kms: { keyId: KEY, keyVaultId: VAULT, networkAccess: "Public" } });
        expect(encryptionSchema.parse(undefined)).toEqual({});
        const unversioned = encryptionSchema.safeParse({ kms: { keyId: "https://kv-aks.vault.azure.net/keys/etcd", keyVaultId: VAULT } });
        expect(unversioned.success).toBe(false);
        expect(unversioned.error?.issues[0].message).toContain("is not a versioned Key Vault key identifier");
    });
});

describe("control-plane diagnostics", () => {
    test("sends each category to the workspace in resource-specific tables, the admin audit log by default", () => {
        expect(controlPlaneDiagnostics("/ws", DEFAULT_CONTROL_PLANE_LOGS)).toEqual({
            name: "aks-control-plane",
            workspaceId: "/ws",
            logAnalyticsDestinationType: "Dedicated",
            logs: DEFAULT_CONTROL_PLANE_LOGS.map((category) => ({ category, enabled: true })),
        });
        expect(DEFAULT_CONTROL_PLANE_LOGS).toContain("kube-audit-admin");
    });
});

describe("Fleet", () => {
    test("the member is created in the fleet's resource group, under the fleet's name", () => {
        expect(parseFleetId(FLEET)).toEqual({ resourceGroupName: "rg-fleet", fleetName: "platform" });
    });

    test("the schema takes a fleet ID and an update group name", () => {
        expect(fleetSchema.parse({ id: FLEET, group: "prod" })).toEqual({ id: FLEET, group: "prod" });
        expect(fleetSchema.safeParse({ id: FLEET, group: "Prod_1" }).success).toBe(false);
        expect(fleetSchema.safeParse({ id: VAULT, group: "prod" }).success).toBe(false);
    });
});

describe("PriorityClasses", () => {
    test("each declared class becomes a PriorityClass object", () => {
        const [spec] = priorityClassesSchema.parse([{ name: "batch-low", value: 100, preemptionPolicy: "Never", description: "may wait" }]);
        expect(priorityClassManifest(spec)).toEqual({
            apiVersion: "scheduling.k8s.io/v1",
            kind: "PriorityClass",
            metadata: { name: "batch-low" },
            value: 100,
            preemptionPolicy: "Never",
            description: "may wait",
        });
        expect(priorityClassManifest(priorityClassesSchema.parse([{ name: "high", value: 1000 }])[0]).preemptionPolicy).toBe("PreemptLowerPriority");
    });

    test("values above one billion are kept for system classes", () => {
        expect(priorityClassesSchema.safeParse([{ name: "too-high", value: 1_000_000_001 }]).success).toBe(false);
    });
});

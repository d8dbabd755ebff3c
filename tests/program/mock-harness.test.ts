/** The mock harness itself: what it refuses and what it synthesises. */
import { DuplicateRegistrationError, SUBSCRIPTION_ID, recordingMocks } from "../helpers/pulumi-mocks";

const MC = "azure-native:containerservice:ManagedCluster";

describe("recordingMocks", () => {
    test("a second registration of the same type and name fails, as the engine would refuse it", async () => {
        const { mocks } = recordingMocks();
        await mocks.newResource({ type: MC, name: "c", inputs: {}, custom: true });
        await expect(async () => mocks.newResource({ type: MC, name: "c", inputs: {}, custom: true })).rejects.toThrow(DuplicateRegistrationError);
    });

    test("the same name under two types, or two names under one type, is recorded", async () => {
        const { mocks, recorder } = recordingMocks();
        await mocks.newResource({ type: MC, name: "c", inputs: {}, custom: true });
        await mocks.newResource({ type: MC, name: "d", inputs: {}, custom: true });
        await mocks.newResource({ type: "azure-native:containerservice:AgentPool", name: "c", inputs: {}, custom: true });
        expect(recorder.registrations.map((r) => `${r.type}/${r.name}`)).toEqual([`${MC}/c`, `${MC}/d`, "azure-native:containerservice:AgentPool/c"]);
    });

    test("a managed cluster gets the outputs Azure computes", async () => {
        const { mocks } = recordingMocks();
        const result = await mocks.newResource({
            type: MC,
            name: "c",
            inputs: { resourceGroupName: "rg", resourceName: "aks", location: "westeurope", dnsPrefix: "aks", oidcIssuerProfile: { enabled: true } },
            custom: true,
        });
        expect(result.id).toBe(`/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`);
        expect(result.state).toMatchObject({
            name: "aks",
            nodeResourceGroup: "MC_rg_aks_westeurope",
            fqdn: expect.stringMatching(/^aks-[0-9a-f]{8}\.hcp\.westeurope\.azmk8s\.io$/),
            oidcIssuerProfile: { issuerURL: expect.stringMatching(/^https:\/\/westeurope\.oic\.prod-aks\.azure\.com\//) },
            identityProfile: { kubeletidentity: { clientId: expect.any(String) } },
        });
    });

    test("a cluster without the OIDC issuer gets no issuer URL", async () => {
        const { mocks } = recordingMocks();
        const result = await mocks.newResource({ type: MC, name: "c", inputs: { resourceName: "aks", oidcIssuerProfile: { enabled: false } }, custom: true });
        expect((result.state.oidcIssuerProfile as { issuerURL?: string }).issuerURL).toBeUndefined();
    });

    test("the user-credentials invoke answers with a base64 kubeconfig that logs in with devicecode", async () => {
        const { mocks } = recordingMocks();
        const result = await mocks.call({ token: "azure-native:containerservice:listManagedClusterUserCredentials", inputs: { resourceGroupName: "rg", resourceName: "aks", format: "exec" } });
        const text = Buffer.from((result.kubeconfigs as { value: string }[])[0]!.value, "base64").toString("utf8");
        expect(text).toContain("command: kubelogin");
        expect(text).toContain("- devicecode");
    });

    test("an invoke the harness does not know fails, naming the token", async () => {
        const { mocks } = recordingMocks();
        await expect(async () => mocks.call({ token: "azure-native:storage:listStorageAccountKeys", inputs: {} })).rejects.toThrow(/no answer for invoke azure-native:storage:listStorageAccountKeys/);
    });
});

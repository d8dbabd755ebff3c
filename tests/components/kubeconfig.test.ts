import YAML from "yaml";
import { AKS_SERVER_ID, KubeconfigFormatError, kubeloginArgs, toNonInteractiveKubeconfig, type KubeloginOptions } from "../../components/kubeconfig";
import { TENANT_ID, aksUserKubeconfig } from "../helpers/pulumi-mocks";

const DEVICE_CODE_ARGS = [
    "get-token", "--environment", "AzurePublicCloud", "--server-id", AKS_SERVER_ID,
    "--client-id", "80faf920-1908-4b52-b5ef-a8e7bedfc67a", "--tenant-id", TENANT_ID, "--login", "devicecode",
];

describe("kubeloginArgs", () => {
    test.each<{ name: string; options: KubeloginOptions; want: string[] }>([
        {
            name: "azurecli keeps the server ID and environment and drops the interactive client ID",
            options: { mode: "azurecli" },
            want: ["get-token", "--login", "azurecli", "--server-id", AKS_SERVER_ID, "--environment", "AzurePublicCloud"],
        },
        {
            name: "workloadidentity keeps the tenant",
            options: { mode: "workloadidentity" },
            want: ["get-token", "--login", "workloadidentity", "--server-id", AKS_SERVER_ID, "--environment", "AzurePublicCloud", "--tenant-id", TENANT_ID],
        },
        {
            name: "spn keeps the tenant and takes the application's client ID",
            options: { mode: "spn", clientId: "11111111-2222-3333-4444-555555555555" },
            want: ["get-token", "--login", "spn", "--server-id", AKS_SERVER_ID, "--environment", "AzurePublicCloud", "--tenant-id", TENANT_ID, "--client-id", "11111111-2222-3333-4444-555555555555"],
        },
        {
            name: "msi takes the identity's client ID and no tenant",
            options: { mode: "msi", clientId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" },
            want: ["get-token", "--login", "msi", "--server-id", AKS_SERVER_ID, "--environment", "AzurePublicCloud", "--client-id", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"],
        },
        {
            name: "azurecli ignores a client ID (the CLI session decides who logs in)",
            options: { mode: "azurecli", clientId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" },
            want: ["get-token", "--login", "azurecli", "--server-id", AKS_SERVER_ID, "--environment", "AzurePublicCloud"],
        },
    ])("$name", ({ options, want }) => {
        expect(kubeloginArgs(DEVICE_CODE_ARGS, options)).toEqual(want);
    });

    test("without a --server-id in the original, the AKS server ID is used", () => {
        expect(kubeloginArgs(["get-token"], { mode: "azurecli" })).toEqual(["get-token", "--login", "azurecli", "--server-id", AKS_SERVER_ID]);
    });
});

describe("toNonInteractiveKubeconfig", () => {
    test("the kubelogin user no longer logs in with devicecode and never prompts", () => {
        const converted = YAML.parse(toNonInteractiveKubeconfig(aksUserKubeconfig("aks-a", "rg-a", true), { mode: "azurecli" }));
        const exec = converted.users[0].user.exec;
        expect(exec.command).toBe("kubelogin");
        expect(exec.args).toEqual(expect.arrayContaining(["--login", "azurecli"]));
        expect(exec.args).not.toContain("devicecode");
        expect(exec.interactiveMode).toBe("Never");
    });

    test("clusters and contexts are kept as AKS wrote them", () => {
        const original = YAML.parse(aksUserKubeconfig("aks-a", "rg-a", true));
        const converted = YAML.parse(toNonInteractiveKubeconfig(aksUserKubeconfig("aks-a", "rg-a", true), { mode: "spn" }));
        expect(converted.clusters).toEqual(original.clusters);
        expect(converted.contexts).toEqual(original.contexts);
        expect(converted["current-context"]).toBe("aks-a");
    });

    test.each([
        { name: "a kubeconfig with a static token has no kubelogin user to convert", text: aksUserKubeconfig("aks-a", "rg-a", false), reason: /no user runs kubelogin/ },
        { name: "text that is not YAML is refused", text: "users: [unclosed", reason: /not YAML/ },
        { name: "YAML without users is refused", text: "apiVersion: v1\nkind: Config\n", reason: /no users: list/ },
    ])("$name", ({ text, reason }) => {
        expect(() => toNonInteractiveKubeconfig(text, { mode: "azurecli" })).toThrow(KubeconfigFormatError);
        expect(() => toNonInteractiveKubeconfig(text, { mode: "azurecli" })).toThrow(reason);
    });
});

/**
 * Non-interactive kubeconfigs for Entra ID clusters.
 *
 * AKS returns, for a cluster with managed Entra ID, a kubeconfig whose users run `kubelogin get-token` with
 * the interactive `devicecode` login: `pulumi up` would stop at a browser prompt (pulumi/pulumi-azure-native#2399,
 * Azure/AKS#4990). {@link toNonInteractiveKubeconfig} rewrites those exec arguments to a non-interactive
 * login mode, as `kubelogin convert-kubeconfig -l <mode>` does (Azure/kubelogin
 * `docs/book/src/cli/convert-kubeconfig.md`, `docs/book/src/concepts/login-modes/*.md`). Pure.
 */
import YAML from "yaml";

/**
 * The non-interactive kubelogin login modes:
 * - `azurecli`: the token of the signed-in Azure CLI (`az login`, or `azure/login` in CI). The default.
 * - `workloadidentity`: a federated token (`AZURE_CLIENT_ID`, `AZURE_TENANT_ID`, `AZURE_FEDERATED_TOKEN_FILE`),
 *   as GitHub Actions OIDC or a pod with workload identity provide.
 * - `spn`: a service principal secret or certificate (`AAD_SERVICE_PRINCIPAL_CLIENT_ID` / `..._SECRET`).
 * - `msi`: the managed identity of the machine running Pulumi (a self-hosted agent on an Azure VM).
 * See https://azure.github.io/kubelogin/concepts/login-modes.html
 */
export type KubeloginMode = "azurecli" | "workloadidentity" | "spn" | "msi";

/** Every {@link KubeloginMode}, for validation messages. */
export const KUBELOGIN_MODES: readonly KubeloginMode[] = ["azurecli", "workloadidentity", "spn", "msi"];

/** How the kubeconfig's users log in. */
export interface KubeloginOptions {
    /** Login mode. Defaults to `azurecli`. */
    mode: KubeloginMode;
    /**
     * Client ID written as `--client-id`: the user-assigned identity for `msi`, the application for `spn` or
     * `workloadidentity`. Defaults to none: kubelogin then reads it from its environment variables.
     */
    clientId?: string;
}

/** The AKS Entra ID server application ID: the audience of every AKS token (https://learn.microsoft.com/azure/aks/kubelogin-authentication). */
export const AKS_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** Thrown for a kubeconfig that is not YAML or has no kubelogin user. */
export class KubeconfigFormatError extends Error {
    constructor(reason: string) {
        super(`cannot make the AKS user kubeconfig non-interactive: ${reason}`);
        this.name = "KubeconfigFormatError";
    }
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The value following `flag` in an argument list, if any. */
function flagValue(args: readonly string[], flag: string): string | undefined {
    const at = args.indexOf(flag);
    return at >= 0 && at + 1 < args.length ? args[at + 1] : undefined;
}

/** The `get-token` arguments of one login mode, keeping the server ID, environment and tenant AKS wrote. */
export function kubeloginArgs(existing: readonly string[], options: KubeloginOptions): string[] {
    const serverId = flagValue(existing, "--server-id") ?? AKS_SERVER_ID;
    const environment = flagValue(existing, "--environment");
    const tenantId = flagValue(existing, "--tenant-id");
    const args = ["get-token", "--login", options.mode, "--server-id", serverId];
    if (environment !== undefined) {
        args.push("--environment", environment);
    }
    // azurecli and msi take the tenant from the CLI session / the identity; spn and workloadidentity need it.
    if (tenantId !== undefined && (options.mode === "spn" || options.mode === "workloadidentity")) {
        args.push("--tenant-id", tenantId);
    }
    // The client ID AKS writes is the interactive Azure CLI application: wrong for every other mode.
    if (options.clientId !== undefined && options.mode !== "azurecli") {
        args.push("--client-id", options.clientId);
    }
    return args;
}

/**
 * Rewrites every user whose exec command is `kubelogin` to log in with `options.mode`, leaving clusters,
 * contexts and other users as they are.
 *
 * @throws KubeconfigFormatError when the text is not a kubeconfig or no user runs kubelogin.
 */
export function toNonInteractiveKubeconfig(kubeconfig: string, options: KubeloginOptions): string {
    let document: unknown;
    try {
        document = YAML.parse(kubeconfig);
    } catch (error) {
        throw new KubeconfigFormatError(`not YAML (${(error as Error).message.split("\n")[0]})`);
    }
    if (!isRecord(document) || !Array.isArray(document.users)) {
        throw new KubeconfigFormatError("no users: list");
    }
    let rewritten = 0;
    for (const entry of document.users) {
        const exec = isRecord(entry) && isRecord(entry.user) && isRecord(entry.user.exec) ? entry.user.exec : undefined;
        if (exec === undefined || typeof exec.command !== "string" || !/(^|\/)kubelogin(\.exe)?$/.test(exec.command)) {
            continue;
        }
        const existing = Array.isArray(exec.args) ? exec.args.filter((a): a is string => typeof a === "string") : [];
        exec.args = kubeloginArgs(existing, options);
        exec.interactiveMode = "Never";
        rewritten += 1;
    }
    if (rewritten === 0) {
        throw new KubeconfigFormatError("no user runs kubelogin (is managed Entra ID enabled on the cluster?)");
    }
    return YAML.stringify(document);
}

/** Decodes one base64 kubeconfig as `listManagedClusterUserCredentials` returns it. */
export function decodeKubeconfig(base64: string): string {
    return Buffer.from(base64, "base64").toString("utf8");
}

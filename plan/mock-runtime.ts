/**
 * The Pulumi mock runtime the offline plan and the tests share: runs the program (`index.ts`) for one stack
 * file under `pulumi.runtime.setMocks`, in the current process, with no engine, CLI or cloud. It records every
 * resource registration and invoke, fails on a duplicate type+name (the engine would reject it; the mock
 * monitor silently overwrites), synthesises the outputs Azure computes (ids, names, OIDC issuer, identities),
 * and answers the invokes the components make. No jest: the tests' helper (`tests/helpers/pulumi-mocks.ts`)
 * passes jest's module registry as the {@link ModuleLoader}; the plan uses Node's.
 *
 * Based on `pulumi.runtime.setMocks` (pulumi/pulumi `sdk/nodejs/runtime/mocks.ts`); see
 * /work/shared/reference/pulumi-notes.md §3 for the behaviour this relies on.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as pulumiModule from "@pulumi/pulumi";
import { readStackFile } from "../config/load";
import { CODE_ROOT, PROJECT_ROOT } from "./project-root";

type Pulumi = typeof pulumiModule;
type MockResourceArgs = pulumiModule.runtime.MockResourceArgs;
type MockCallArgs = pulumiModule.runtime.MockCallArgs;

/** The project the stack files belong to (Pulumi.yaml `name`). */
export const PROJECT = "aks-platform";
/** Repository root: where `Pulumi.<stack>.yaml` live (see `project-root.ts`). */
export const REPO_ROOT = PROJECT_ROOT;
/** Subscription of every synthesised ARM ID. */
export const SUBSCRIPTION_ID = "00000000-1111-2222-3333-444444444444";
/** Tenant of every synthesised identity, issuer URL and kubeconfig. */
export const TENANT_ID = "72f988bf-0000-4000-8000-000000000001";
/** The client ID AKS writes into its Entra ID kubeconfigs (the Azure CLI's public application). */
export const AKS_KUBECONFIG_CLIENT_ID = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";

/** One resource registration, as the program sent it. */
export interface Registration {
    type: string;
    name: string;
    /** Inputs as sent (plain JSON; secrets unwrapped). Empty for local components. */
    inputs: Record<string, unknown>;
    /** Top-level input keys whose value was sent as a secret. */
    secretInputs: string[];
    /** `<providerUrn>::<providerId>` when an explicit provider was passed. */
    provider?: string;
    /** false for component resources. */
    custom: boolean;
    urn: string;
    /** URN of the parent, absent for a resource without one. */
    parentUrn?: string;
    /** Types of the ancestors, nearest first, read from the recorded parent URNs. */
    parents: string[];
    /** The `ignoreChanges` resource option. */
    ignoreChanges: string[];
    /** The `replaceOnChanges` resource option. */
    replaceOnChanges: string[];
    /** The `deleteBeforeReplace` resource option; false when the program left it unset. */
    deleteBeforeReplace: boolean;
    /**
     * Whether the program set `deleteBeforeReplace` at all: the engine lets an explicit value (true or false)
     * override the provider's choice, and uses the provider's when unset (pulumi/pulumi
     * `pkg/resource/deploy/step_generator.go`, generateStepsFromDiff).
     */
    deleteBeforeReplaceDefined: boolean;
    /**
     * The `aliases` resource option as the SDK sends it (structured specs, or whole URNs); the engine resolves
     * each against the resource's name, type and parent when it looks for the resource's previous state.
     */
    aliases: RecordedAlias[];
    /** The `protect` resource option (inherited from the parent when unset, as the SDK sends it). */
    protect: boolean;
    /**
     * URNs this resource depends on, as the SDK sends them to the engine: `dependsOn` (a component expanded to
     * its custom descendants) and every resource whose output feeds an input.
     */
    dependencies: string[];
    /** The same per input property: which URNs feed `scope`, `principalId`, … */
    propertyDependencies: Record<string, string[]>;
    /** The `customTimeouts` resource option, as Go duration strings; absent when unset. */
    customTimeouts?: { create?: string; update?: string; delete?: string };
}

/**
 * One alias as the SDK sends it (pulumi/pulumi `proto/pulumi/alias.proto`): a whole URN, or a spec whose empty
 * fields the engine fills from the resource itself (`collapseAliasToUrn` in `step_generator.go`).
 */
export type RecordedAlias =
    | { urn: string }
    | { name?: string; type?: string; stack?: string; project?: string; parentUrn?: string; noParent?: boolean };

/** One invoke the program made. */
export interface Invocation {
    token: string;
    inputs: Record<string, unknown>;
}

/** What a mocked run saw. */
export interface MockRecorder {
    registrations: Registration[];
    invocations: Invocation[];
    /** Every registration of a type, in order. */
    ofType(type: string): Registration[];
    /** The one registration with this type and name; throws naming what was registered otherwise. */
    get(type: string, name: string): Registration;
}

/** Thrown by `newResource` for a second registration of one type and name. */
export class DuplicateRegistrationError extends Error {
    constructor(type: string, name: string) {
        super(`duplicate resource registration: ${type} "${name}" is registered twice (the engine would reject the program)`);
        this.name = "DuplicateRegistrationError";
    }
}

/** A deterministic UUID-shaped value for a seed, so synthesised IDs are stable across runs. */
export function fakeUuid(seed: string): string {
    let h = 2166136261;
    const hex: string[] = [];
    for (let round = 0; round < 4; round++) {
        for (const ch of `${round}:${seed}`) {
            h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
        }
        hex.push(h.toString(16).padStart(8, "0"));
    }
    const s = hex.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-8${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

function armId(resourceGroup: string, provider: string, name: string): string {
    return `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${resourceGroup}/providers/${provider}/${name}`;
}

function str(value: unknown, fallback: string): string {
    return typeof value === "string" ? value : fallback;
}

/** Azure resources whose ID is `<provider>/<name input>` in their resource group. */
const NAME_INPUTS: Readonly<Record<string, { input: string; provider: string }>> = {
    "azure-native:network:VirtualNetwork": { input: "virtualNetworkName", provider: "Microsoft.Network/virtualNetworks" },
    "azure-native:network:NatGateway": { input: "natGatewayName", provider: "Microsoft.Network/natGateways" },
    "azure-native:network:PublicIPAddress": { input: "publicIpAddressName", provider: "Microsoft.Network/publicIPAddresses" },
    "azure-native:network:RouteTable": { input: "routeTableName", provider: "Microsoft.Network/routeTables" },
    "azure-native:monitor:DataCollectionRule": { input: "dataCollectionRuleName", provider: "Microsoft.Insights/dataCollectionRules" },
};

/** Outputs Azure (or the provider) would compute, per type; inputs are echoed under them. */
function synthesize(args: MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    const inputs = args.inputs as Record<string, unknown>;
    const rg = str(inputs.resourceGroupName, "rg");
    const location = str(inputs.location, "westeurope");
    switch (args.type) {
        case "azure-native:resources:ResourceGroup": {
            const name = str(inputs.resourceGroupName, args.name);
            return { id: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${name}`, state: { ...inputs, name, location } };
        }
        case "azure-native:managedidentity:UserAssignedIdentity": {
            const name = str(inputs.resourceName, args.name);
            return {
                id: armId(rg, "Microsoft.ManagedIdentity/userAssignedIdentities", name),
                state: { ...inputs, name, principalId: fakeUuid(`principal:${name}`), clientId: fakeUuid(`client:${name}`), tenantId: TENANT_ID },
            };
        }
        case "azure-native:operationalinsights:Workspace": {
            const name = str(inputs.workspaceName, args.name);
            return { id: armId(rg, "Microsoft.OperationalInsights/workspaces", name), state: { ...inputs, name, customerId: fakeUuid(`workspace:${name}`) } };
        }
        case "azure-native:containerservice:ManagedCluster": {
            const name = str(inputs.resourceName, args.name);
            const oidc = inputs.oidcIssuerProfile as { enabled?: boolean } | undefined;
            return {
                id: armId(rg, "Microsoft.ContainerService/managedClusters", name),
                state: {
                    ...inputs,
                    name,
                    fqdn: `${str(inputs.dnsPrefix, name)}-${fakeUuid(name).slice(0, 8)}.hcp.${location}.azmk8s.io`,
                    nodeResourceGroup: `MC_${rg}_${name}_${location}`,
                    currentKubernetesVersion: inputs.kubernetesVersion,
                    oidcIssuerProfile: { enabled: oidc?.enabled === true, issuerURL: oidc?.enabled === true ? `https://${location}.oic.prod-aks.azure.com/${TENANT_ID}/${fakeUuid(`oidc:${name}`)}/` : undefined },
                    identityProfile: {
                        kubeletidentity: {
                            resourceId: armId(`MC_${rg}_${name}_${location}`, "Microsoft.ManagedIdentity/userAssignedIdentities", `${name}-agentpool`),
                            clientId: fakeUuid(`kubelet-client:${name}`),
                            objectId: fakeUuid(`kubelet-object:${name}`),
                        },
                    },
                },
            };
        }
        case "azure-native:containerservice:AgentPool": {
            const name = str(inputs.agentPoolName, args.name);
            const cluster = str(inputs.resourceName, "cluster");
            return { id: armId(rg, "Microsoft.ContainerService/managedClusters", `${cluster}/agentPools/${name}`), state: { ...inputs, name } };
        }
        case "azure-native:containerservice:MaintenanceConfiguration": {
            const name = str(inputs.configName, args.name);
            const cluster = str(inputs.resourceName, "cluster");
            return { id: armId(rg, "Microsoft.ContainerService/managedClusters", `${cluster}/maintenanceConfigurations/${name}`), state: { ...inputs, name } };
        }
        case "azure-native:network:Subnet": {
            const name = str(inputs.subnetName, args.name);
            return { id: armId(rg, "Microsoft.Network/virtualNetworks", `${str(inputs.virtualNetworkName, "vnet")}/subnets/${name}`), state: { ...inputs, name } };
        }
        case "azure-native:authorization:RoleAssignment": {
            const name = str(inputs.roleAssignmentName, fakeUuid(`role-assignment:${args.name}`));
            return { id: `${str(inputs.scope, "/")}/providers/Microsoft.Authorization/roleAssignments/${name}`, state: { ...inputs, name } };
        }
        case "azure-native:containerregistry:Registry": {
            const name = str(inputs.registryName, args.name);
            return { id: armId(rg, "Microsoft.ContainerRegistry/registries", name), state: { ...inputs, name, loginServer: `${name.toLowerCase()}.azurecr.io` } };
        }
        case "azure-native:monitor:DataCollectionRuleAssociation": {
            const name = str(inputs.associationName, args.name);
            return { id: `${str(inputs.resourceUri, "/")}/providers/Microsoft.Insights/dataCollectionRuleAssociations/${name}`, state: { ...inputs, name } };
        }
        default: {
            const named = NAME_INPUTS[args.type];
            if (named !== undefined) {
                const name = str(inputs[named.input], args.name);
                return { id: armId(rg, named.provider, name), state: { ...inputs, name } };
            }
            return { id: args.custom === false ? undefined : `${args.name}_id`, state: { ...inputs } };
        }
    }
}

/**
 * A kubeconfig as AKS returns it for a cluster: with managed Entra ID (`format: exec`) its user runs
 * kubelogin with the interactive devicecode login, as Azure/AKS#4990 and pulumi-azure-native#2399 show;
 * otherwise it holds a static token.
 */
export function aksUserKubeconfig(cluster: string, resourceGroup: string, entraId: boolean): string {
    const user = `clusterUser_${resourceGroup}_${cluster}`;
    const auth = entraId
        ? [
              "    exec:",
              "      apiVersion: client.authentication.k8s.io/v1beta1",
              "      command: kubelogin",
              "      args:",
              "      - get-token",
              "      - --environment",
              "      - AzurePublicCloud",
              "      - --server-id",
              "      - 6dae42f8-4368-4678-94ff-3960e28e3630",
              "      - --client-id",
              `      - ${AKS_KUBECONFIG_CLIENT_ID}`,
              "      - --tenant-id",
              `      - ${TENANT_ID}`,
              "      - --login",
              "      - devicecode",
              "      env: null",
              "      provideClusterInfo: false",
          ]
        : ["    token: 0123456789abcdef0123456789abcdef"];
    return [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- cluster:",
        "    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t",
        `    server: https://${cluster}-dns.hcp.westeurope.azmk8s.io:443`,
        `  name: ${cluster}`,
        "contexts:",
        "- context:",
        `    cluster: ${cluster}`,
        `    user: ${user}`,
        `  name: ${cluster}`,
        `current-context: ${cluster}`,
        "users:",
        `- name: ${user}`,
        "  user:",
        ...auth,
        "",
    ].join("\n");
}

function answerInvoke(args: MockCallArgs): Record<string, unknown> {
    const inputs = args.inputs as Record<string, unknown>;
    switch (args.token) {
        case "azure-native:containerservice:listManagedClusterUserCredentials": {
            const text = aksUserKubeconfig(str(inputs.resourceName, "cluster"), str(inputs.resourceGroupName, "rg"), inputs.format === "exec");
            return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(text, "utf8").toString("base64") }] };
        }
        case "azure-native:authorization:getClientConfig":
            return { clientId: fakeUuid("cli-client"), objectId: fakeUuid("cli-object"), subscriptionId: SUBSCRIPTION_ID, tenantId: TENANT_ID };
        case "azure-native:resources:getResourceGroup": {
            const name = str(inputs.resourceGroupName, "rg");
            return { id: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${name}`, name, location: "westeurope", type: "Microsoft.Resources/resourceGroups", properties: { provisioningState: "Succeeded" } };
        }
        default:
            throw new Error(`the mock harness has no answer for invoke ${args.token}: add one to plan/mock-runtime.ts`);
    }
}

/** URN of a registration, built as the mock monitor builds it (pulumi/pulumi `sdk/nodejs/runtime/mocks.ts` `newUrn`). */
function urnOf(stack: string, type: string, name: string, parentUrn: string | undefined): string {
    const qualified = parentUrn === undefined ? type : `${parentUrn.split("::")[2]?.split("$").pop() ?? ""}$${type}`;
    return `urn:pulumi:${stack}::${PROJECT}::${qualified}::${name}`;
}

/** The signature key and value Pulumi marks secret values with (pulumi/pulumi `sdk/nodejs/runtime/rpc.ts`). */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function isSecretValue(value: unknown): value is { value: unknown } {
    return value !== null && typeof value === "object" && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

/**
 * Inputs with secrets unwrapped, re-created in the test's realm (jest compares prototypes), and the
 * top-level keys that were secret.
 */
function plainInputs(raw: unknown): { inputs: Record<string, unknown>; secretInputs: string[] } {
    const record = (raw ?? {}) as Record<string, unknown>;
    const secretInputs = Object.keys(record).filter((k) => isSecretValue(record[k]));
    const inputs = JSON.parse(JSON.stringify(record), (_key, value: unknown) => (isSecretValue(value) ? value.value : value)) as Record<string, unknown>;
    return { inputs, secretInputs };
}

/** An `Alias` message (pulumi/pulumi `proto/pulumi/alias.proto`). */
interface AliasMessage {
    hasUrn(): boolean;
    getUrn(): string;
    hasSpec(): boolean;
    getSpec(): { getName(): string; getType(): string; getStack(): string; getProject(): string; hasParenturn(): boolean; getParenturn(): string; hasNoparent(): boolean; getNoparent(): boolean } | undefined;
}

/** The parts of the monitor's RegisterResourceRequest the recorder reads (pulumi/pulumi `proto/resource.proto`). */
interface RegisterResourceRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getIgnorechangesList(): string[];
    getReplaceonchangesList(): string[];
    getDeletebeforereplace(): boolean;
    getDeletebeforereplacedefined(): boolean;
    getAliasesList(): AliasMessage[];
    getAliasurnsList(): string[];
    getProtect(): boolean | undefined;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void };
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
}

function newRecorder(): MockRecorder {
    const registrations: Registration[] = [];
    return {
        registrations,
        invocations: [],
        ofType: (type) => registrations.filter((r) => r.type === type),
        get(type, name) {
            const found = registrations.find((r) => r.type === type && r.name === name);
            if (found === undefined) {
                const names = registrations.filter((r) => r.type === type).map((r) => r.name);
                throw new Error(`no ${type} named "${name}" was registered; registered: ${names.length === 0 ? "none" : names.join(", ")}`);
            }
            return found;
        },
    };
}

/** Resource options the monitor saw for one registration; `newResource` is not given them. */
export interface RequestOptions {
    parentUrn: string | undefined;
    ignoreChanges: string[];
    replaceOnChanges: string[];
    deleteBeforeReplace: boolean;
    deleteBeforeReplaceDefined: boolean;
    aliases: RecordedAlias[];
    protect: boolean;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    customTimeouts?: { create?: string; update?: string; delete?: string };
}

/** The mocks and the recorder they fill, before they are installed. */
export interface RecordingMocks {
    mocks: pulumiModule.runtime.Mocks;
    recorder: MockRecorder;
    /** Notes the options of a registration about to reach `newResource` (keyed by type and name). */
    noteRequest(type: string, name: string, options: RequestOptions): void;
}

/**
 * Mocks that record every registration and invoke, synthesise Azure's computed outputs, answer the known
 * invokes, and throw {@link DuplicateRegistrationError} for a second registration of a type and name.
 */
export function recordingMocks(stack = "test"): RecordingMocks {
    const recorder = newRecorder();
    const requests = new Map<string, RequestOptions>();
    const mocks: pulumiModule.runtime.Mocks = {
        newResource(args) {
            if (recorder.registrations.some((r) => r.type === args.type && r.name === args.name)) {
                throw new DuplicateRegistrationError(args.type, args.name);
            }
            const request = requests.get(`${args.type}::${args.name}`);
            const parentUrn = request?.parentUrn;
            const chain: string[] = [];
            for (let at = parentUrn; at !== undefined; at = recorder.registrations.find((r) => r.urn === at)?.parentUrn) {
                chain.push(at.split("::")[2]?.split("$").pop() ?? "");
            }
            recorder.registrations.push({
                type: args.type,
                name: args.name,
                ...plainInputs(args.inputs),
                ...(args.provider === undefined || args.provider === "" ? {} : { provider: args.provider }),
                custom: args.custom !== false,
                urn: urnOf(stack, args.type, args.name, parentUrn),
                ...(parentUrn === undefined ? {} : { parentUrn }),
                parents: chain,
                ignoreChanges: request?.ignoreChanges ?? [],
                replaceOnChanges: request?.replaceOnChanges ?? [],
                deleteBeforeReplace: request?.deleteBeforeReplace ?? false,
                deleteBeforeReplaceDefined: request?.deleteBeforeReplaceDefined ?? false,
                aliases: request?.aliases ?? [],
                protect: request?.protect ?? false,
                dependencies: request?.dependencies ?? [],
                propertyDependencies: request?.propertyDependencies ?? {},
                ...(request?.customTimeouts === undefined ? {} : { customTimeouts: request.customTimeouts }),
            });
            return synthesize(args);
        },
        call(args) {
            recorder.invocations.push({ token: args.token, inputs: plainInputs(args.inputs).inputs });
            return answerInvoke(args);
        },
    };
    return { mocks, recorder, noteRequest: (type, name, options) => requests.set(`${type}::${name}`, options) };
}

function timeoutsOf(req: RegisterResourceRequest): RequestOptions["customTimeouts"] {
    const t = req.getCustomtimeouts();
    if (t === undefined) return undefined;
    const out = { create: t.getCreate(), update: t.getUpdate(), delete: t.getDelete() };
    const set = Object.fromEntries(Object.entries(out).filter(([, v]) => v !== ""));
    return Object.keys(set).length === 0 ? undefined : set;
}

/** The aliases of one request: structured specs (the mock monitor supports them) or plain alias URNs. */
function aliasesOf(req: RegisterResourceRequest): RecordedAlias[] {
    const out: RecordedAlias[] = req.getAliasurnsList().map((urn) => ({ urn }));
    for (const alias of req.getAliasesList()) {
        if (alias.hasUrn()) {
            out.push({ urn: alias.getUrn() });
            continue;
        }
        const spec = alias.getSpec();
        if (spec === undefined) continue;
        const fields: { name?: string; type?: string; stack?: string; project?: string; parentUrn?: string; noParent?: boolean } = {};
        if (spec.getName() !== "") fields.name = spec.getName();
        if (spec.getType() !== "") fields.type = spec.getType();
        if (spec.getStack() !== "") fields.stack = spec.getStack();
        if (spec.getProject() !== "") fields.project = spec.getProject();
        if (spec.hasParenturn() && spec.getParenturn() !== "") fields.parentUrn = spec.getParenturn();
        if (spec.hasNoparent() && spec.getNoparent()) fields.noParent = true;
        out.push(fields);
    }
    return out;
}

/** The options of one request, in the recorder's shape. */
function requestOptions(req: RegisterResourceRequest, parent: string): RequestOptions {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((value, key) => {
        propertyDependencies[key] = value.getUrnsList();
    });
    const customTimeouts = timeoutsOf(req);
    return {
        parentUrn: parent === "" ? undefined : parent,
        ignoreChanges: req.getIgnorechangesList(),
        replaceOnChanges: req.getReplaceonchangesList(),
        deleteBeforeReplace: req.getDeletebeforereplace(),
        deleteBeforeReplaceDefined: req.getDeletebeforereplacedefined(),
        aliases: aliasesOf(req),
        protect: req.getProtect() === true,
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        ...(customTimeouts === undefined ? {} : { customTimeouts }),
    };
}

/**
 * Sets {@link recordingMocks} on the given `@pulumi/pulumi` (pass the test file's own import) and returns
 * the recorder that fills as resources are registered. `preview` is false, so computed outputs resolve.
 */
export async function installMocks(pulumi: Pulumi, stack = "test"): Promise<MockRecorder> {
    const { mocks, recorder, noteRequest } = recordingMocks(stack);
    await pulumi.runtime.setMocks(mocks, PROJECT, stack, false);
    // The mock monitor hands newResource neither the parent nor the resource options (MockResourceArgs in
    // @pulumi/pulumi 3.276 has type, name, inputs, provider, custom, id and transforms only): read them from the
    // RegisterResourceRequest on its way in, which carries every option the engine would see (pulumi/pulumi
    // `proto/pulumi/resource.proto`, RegisterResourceRequest: protect, dependencies, propertyDependencies,
    // deleteBeforeReplace, customTimeouts, ignoreChanges, replaceOnChanges).
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: RegisterResourceRequest, cb: unknown) => unknown } | undefined;
    if (monitor === undefined) {
        throw new Error("setMocks installed no monitor");
    }
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        const parent = req.getParent();
        noteRequest(req.getType(), req.getName(), requestOptions(req, parent));
        return register(req, cb);
    };
    return recorder;
}

/** The value of an output (resolved under mocks with preview off). */
export function outputValue<T>(output: pulumiModule.Output<T>): Promise<T> {
    return new Promise<T>((resolve) => output.apply((value) => {
        resolve(value);
        return value;
    }));
}

/** Waits until every registration and invoke the runtime has started is answered. */
export async function settle(pulumi: Pulumi): Promise<void> {
    const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
    if (runtime.waitForRPCs === undefined) {
        throw new Error("@pulumi/pulumi no longer exports runtime.waitForRPCs: update plan/mock-runtime.ts");
    }
    await runtime.waitForRPCs();
}

/** One exported stack output, resolved. */
export interface StackOutput {
    value: unknown;
    secret: boolean;
}

/** What a mocked program run produced. */
export interface StackRun extends MockRecorder {
    /** Every export of `index.ts`, resolved, with whether it is secret. */
    outputs: Record<string, StackOutput>;
}

/** Thrown by {@link runStack} when the program fails; carries what was registered before the failure. */
export class StackRunFailure extends Error {
    constructor(
        public readonly stack: string,
        public readonly cause: unknown,
        public readonly recorder: MockRecorder,
    ) {
        super(`stack ${stack}: the program failed: ${cause instanceof Error ? cause.message : String(cause)}`);
        this.name = "StackRunFailure";
    }
}

function isOutput(value: unknown): value is pulumiModule.Output<unknown> {
    return value !== null && typeof value === "object" && (value as { __pulumiOutput?: boolean }).__pulumiOutput === true;
}

/**
 * How {@link runProgram} loads modules: a fresh registry per run, so the program (and `@pulumi/pulumi`) is
 * evaluated anew for each stack.
 */
export interface ModuleLoader {
    /** Forgets every loaded module. */
    reset(): void;
    /** Loads a module by absolute path or package name. */
    load<T>(id: string): T;
}

/**
 * Node's module registry: `reset` drops every cached module below the project directory except the
 * dependencies in `node_modules`, and every module of a base revision's temporary folder
 * (`plan/base-revision.ts`), so the next `load` evaluates the program anew. `@pulumi/pulumi` and the providers
 * stay loaded: `setMocks` resets the runtime's state for each run (`resetOptions` in `@pulumi/pulumi`
 * `runtime/settings.js`: monitor, options, stack resource, feature flags, pending registrations), as the SDK's
 * own unit tests rely on, and evaluating them again cost about a second per run. Use one loader per run of
 * several stacks: its first `reset` keeps the cache, as no program was loaded through it yet.
 */
export function nodeModuleLoader(projectDir = REPO_ROOT, extraRoots: () => readonly string[] = () => []): ModuleLoader {
    const root = path.resolve(projectDir) + path.sep;
    const dependencies = path.join(root, "node_modules") + path.sep;
    const load = createRequire(__filename);
    // Until this loader has loaded something, the cache holds no program: the first run reuses the modules the
    // caller already loaded (`@pulumi/pulumi` among them) instead of evaluating them twice.
    let used = false;
    return {
        reset() {
            if (!used) return;
            const roots = [root, ...extraRoots().map((r) => path.resolve(r) + path.sep)];
            for (const key of Object.keys(load.cache)) {
                if (roots.some((r) => key.startsWith(r)) && !key.startsWith(dependencies)) delete load.cache[key];
            }
        },
        load: <T>(id: string) => {
            used = true;
            return load(id) as T;
        },
    };
}

/** Folders whose modules every process loader drops on reset besides the project's (base revisions' folders). */
const extraProgramRoots = new Set<string>();

/** Makes the process loader drop the modules of `dir` on each reset (a base revision's folder), until the returned function is called. */
export function registerProgramRoot(dir: string): () => void {
    extraProgramRoots.add(dir);
    return () => extraProgramRoots.delete(dir);
}

/** The loader every {@link runProgram} of this process shares when none is given (so each run after the first resets). */
let processLoader: ModuleLoader | undefined;

/** Options of {@link runProgram}. */
export interface RunProgramOptions {
    /** Where `Pulumi.<stack>.yaml` is; defaults to the repository root. */
    projectDir?: string;
    /** The program's entry module (absolute path); defaults to the repository's `index.ts`. */
    program?: string;
    /** Module registry; defaults to one {@link nodeModuleLoader} shared by the process's runs. */
    loader?: ModuleLoader;
}

/**
 * Runs the program under mocks for `Pulumi.<stack>.yaml`: reads the file with `readStackFile`, passes its
 * `aks-platform:` keys to `pulumi.runtime.setAllConfig` (objects as JSON, strings as they are), loads the
 * program in a fresh module registry, and resolves every export.
 *
 * @throws StackConfigError (from `readStackFile`) for a missing or unreadable stack file; StackRunFailure when
 *   the program throws or an output fails, its `recorder` holding what was registered before.
 */
export async function runProgram(stack: string, options: RunProgramOptions = {}): Promise<StackRun> {
    shortenStackTraces();
    try {
        return await runProgramUnderMocks(stack, options);
    } finally {
        restoreStackTraces();
    }
}

/**
 * Frames kept in stack traces while a program runs. `@pulumi/pulumi` captures a stack trace for every promise it
 * tracks (`runtime/debuggable.ts`, `debuggablePromise`: `new Error().stack`), thousands per run, for leak reports a
 * mock run never prints. Formatting them was a sixth of a program run's CPU under jest, whose stack formatter maps
 * every frame through source maps (`@jest/source-map`). One frame still shows where an error was thrown.
 */
const PROGRAM_STACK_FRAMES = 1;
/** Runs in progress (they may overlap), and the limit to restore when the last ends. */
let runsInProgress = 0;
let stackTraceLimitBefore = Error.stackTraceLimit;

function shortenStackTraces(): void {
    if (runsInProgress++ > 0) return;
    stackTraceLimitBefore = Error.stackTraceLimit;
    Error.stackTraceLimit = Math.min(stackTraceLimitBefore, PROGRAM_STACK_FRAMES);
}

function restoreStackTraces(): void {
    if (--runsInProgress === 0) Error.stackTraceLimit = stackTraceLimitBefore;
}

async function runProgramUnderMocks(stack: string, options: RunProgramOptions): Promise<StackRun> {
    const projectDir = options.projectDir ?? REPO_ROOT;
    const { raw } = readStackFile(stack, projectDir);
    const loader = options.loader ?? (processLoader ??= nodeModuleLoader(REPO_ROOT, () => [...extraProgramRoots]));
    loader.reset();
    const pulumi = loader.load<Pulumi>("@pulumi/pulumi");
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
        config[`${PROJECT}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    pulumi.runtime.setAllConfig(config);
    const recorder = await installMocks(pulumi, stack);
    try {
        const program = loader.load<Record<string, unknown>>(options.program ?? path.join(CODE_ROOT, "index"));
        const outputs: Record<string, StackOutput> = {};
        for (const [key, value] of Object.entries(program)) {
            if (isOutput(value)) {
                outputs[key] = { value: await outputValue(value), secret: await pulumi.isSecret(value) };
            } else {
                outputs[key] = { value, secret: false };
            }
        }
        await settle(pulumi);
        return { ...recorder, outputs };
    } catch (error) {
        throw new StackRunFailure(stack, error, recorder);
    }
}

/**
 * Where each finding of a plan is in the user's files, so reviewers see it on the line that causes it (SARIF for
 * code scanning, the report's JSON): a key of `Pulumi.<stack>.yaml`, read with the `yaml` package's node positions,
 * or the document of a manifest. A registered resource is traced back to the stack-file entry that declares it
 * (the cluster, a pool by name, a workload by name and namespace); a policy then points to the key it checks when the
 * file has it (`enableEncryptionAtHost` of that pool), else to the entry. A scenario's problem points to what it
 * names first: a budget, a pool, a workload.
 */
import YAML, { isMap, isScalar, isSeq, LineCounter, type Node as YamlNode } from "yaml";
import type { ManifestObject } from "./manifests";

/** A place in a file: the stack file (its key path) or a manifest (its document). */
export interface SourceLocation {
    /** The file: the stack file's name (relative to the project), or a manifest as given (`<stdin>` for stdin). */
    file: string;
    /** From 1. */
    line: number;
    /** From 1. */
    column: number;
    /** The key path in the stack file (`config.aks-platform:nodePools[1].enableEncryptionAtHost`). */
    key?: string;
    /** The manifest document, from 1. */
    document?: number;
    /** The item of a `kind: List` manifest document, from 1. */
    item?: number;
}

type Path = (string | number)[];

const PROJECT = "aks-platform";
const key = (name: string) => `${PROJECT}:${name}`;

/** The stack-file keys each policy checks, below the entry that declares the resource (cluster, pool or workload). */
export const POLICY_KEYS: Readonly<Record<string, Path>> = {
    "aks-api-server-restricted": ["apiServer"],
    "aks-local-accounts-disabled": ["disableLocalAccounts"],
    "aks-entra-id-azure-rbac": ["entraId"],
    "aks-rbac-enabled": ["entraId"],
    "aks-network-policy-set": ["network", "policy"],
    "aks-azure-cni": ["network", "plugin"],
    "aks-monitoring-enabled": ["monitoring"],
    "aks-azure-policy-addon": ["addons", "azurePolicy"],
    "aks-key-vault-secret-rotation": ["addons", "secretRotationInterval"],
    "aks-workload-identity": ["addons", "workloadIdentity"],
    "aks-defender-enabled": ["addons", "defender"],
    "aks-upgrade-channels-set": ["upgrades"],
    "aks-paid-tier-for-sla": ["tier"],
    "aks-pool-host-encryption": ["enableEncryptionAtHost"],
    "aks-pool-no-node-public-ip": ["enableNodePublicIP"],
    "aks-pool-max-pods-floor": ["maxPods"],
    "aks-system-pool-isolated": ["taints"],
    "aks-system-pool-redundant": ["count"],
    "aks-pool-ephemeral-os-disk": ["osDiskType"],
    "k8s-container-resources-set": ["resources"],
    "k8s-container-probes-set": ["probes"],
    "k8s-image-tag-pinned": ["image"],
    "k8s-allowed-registries": ["image"],
    "k8s-replicas-floor": ["replicas"],
    "k8s-replicas-spread": ["spread"],
    "k8s-pdb-allows-eviction": ["disruptionBudget"],
    "k8s-pods-fit-node-pools": ["pools"],
    "k8s-replicas-fit-pool-capacity": ["replicas"],
    "k8s-topology-constraints-achievable": ["spread"],
    "k8s-nodes-drainable-for-upgrade": ["disruptionBudget"],
    "k8s-workloads-survive-zone-loss": ["spread"],
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A stack file, parsed with node positions. */
export class StackFileLocator {
    private readonly lines = new LineCounter();
    private readonly root: YamlNode | null;
    /** The `config:` map as plain data (to find entries by name). */
    readonly config: Record<string, unknown>;

    /**
     * @param file - The name the locations carry (`Pulumi.dev.yaml`).
     * @param text - The file's text (already validated by the stack loader).
     */
    constructor(
        readonly file: string,
        text: string,
    ) {
        const document = YAML.parseDocument(text, { lineCounter: this.lines });
        this.root = document.contents as YamlNode | null;
        const value: unknown = document.toJS({ maxAliasCount: 100 });
        this.config = isRecord(value) && isRecord(value.config) ? value.config : {};
    }

    /** The deepest key of `path` (below `config:`) the file has: its line, and the key path as far as it goes. */
    locate(path: Path): SourceLocation {
        let node: unknown = this.root;
        let found: SourceLocation = { file: this.file, line: 1, column: 1 };
        const walked: string[] = [];
        for (const segment of ["config", ...path]) {
            if (isMap(node) && typeof segment === "string") {
                const pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment);
                if (pair === undefined) break;
                walked.push(walked.length === 0 ? segment : `.${segment}`);
                found = this.at((pair.key as YamlNode).range?.[0], walked.join(""));
                node = pair.value;
            } else if (isSeq(node) && typeof segment === "number") {
                const item = node.items[segment] as YamlNode | undefined;
                if (item === undefined) break;
                walked.push(`[${segment}]`);
                found = this.at(item.range?.[0], walked.join(""));
                node = item;
            } else {
                break;
            }
        }
        return found;
    }

    private at(offset: number | undefined, keyPath: string): SourceLocation {
        const pos = this.lines.linePos(offset ?? 0);
        return { file: this.file, line: pos.line, column: pos.col, key: keyPath };
    }

    /** The index of the list entry at `config.<listKey>` that `match` accepts. */
    entryIndex(listKey: string, match: (entry: Record<string, unknown>) => boolean): number | undefined {
        const list = this.config[listKey];
        if (!Array.isArray(list)) return undefined;
        const i = list.findIndex((entry) => isRecord(entry) && match(entry));
        return i < 0 ? undefined : i;
    }

    /** The entry of a pool by name: the System pool or `nodePools[i]`. */
    poolPath(name: string): Path | undefined {
        const system = this.config[key("systemPool")];
        if (isRecord(system) && system.name === name) return [key("systemPool")];
        const i = this.entryIndex(key("nodePools"), (p) => p.name === name);
        return i === undefined ? undefined : [key("nodePools"), i];
    }

    /** The entry of a workload by name and namespace (`default` when the entry names none). */
    workloadPath(name: string, namespace: string): Path | undefined {
        const i = this.entryIndex(key("workloads"), (w) => w.name === name && (typeof w.namespace === "string" ? w.namespace : "default") === namespace);
        return i === undefined ? undefined : [key("workloads"), i];
    }

    /** The first workload entry of a namespace (the program creates each namespace for its workloads). */
    namespacePath(namespace: string): Path | undefined {
        const i = this.entryIndex(key("workloads"), (w) => w.namespace === namespace);
        return i === undefined ? undefined : [key("workloads"), i];
    }
}

/** A registered resource, as far as locating it needs. */
export interface LocatableResource {
    type: string;
    inputs: Record<string, unknown>;
    urn?: string;
}

/** The stack-file entry that declares a resource the program registered (the cluster when nothing closer). */
export function entryOf(resource: LocatableResource, stackFile: StackFileLocator, message = ""): Path {
    const inputs = resource.inputs;
    const kind = /^kubernetes:[^:]+:([A-Za-z]+)$/.exec(resource.type)?.[1];
    if (kind !== undefined) {
        const metadata = isRecord(inputs.metadata) ? inputs.metadata : {};
        const name = typeof metadata.name === "string" ? metadata.name : "";
        const namespace = typeof metadata.namespace === "string" && metadata.namespace !== "" ? metadata.namespace : "default";
        return (kind === "Namespace" ? stackFile.namespacePath(name) : stackFile.workloadPath(name, namespace)) ?? [key("workloads")];
    }
    switch (resource.type) {
        case "azure-native:containerservice:AgentPool":
            return (typeof inputs.agentPoolName === "string" ? stackFile.poolPath(inputs.agentPoolName) : undefined) ?? [key("nodePools")];
        case "azure-native:containerservice:ManagedCluster": {
            // A pool policy on the inline profile names it: `pool "system" (agentPoolProfiles[0])`.
            const pool = /pool "([^"]+)" \(agentPoolProfiles\[\d+\]\)/.exec(message)?.[1];
            return (pool === undefined ? undefined : stackFile.poolPath(pool)) ?? [key("cluster")];
        }
        case "azure-native:resources:ResourceGroup":
            return [key("resourceGroup")];
        case "azure-native:operationalinsights:Workspace":
            return [key("cluster"), "monitoring"];
        case "azure-native:containerservice:MaintenanceConfiguration":
            return [key("cluster"), "upgrades"];
        default:
            return [key("cluster")];
    }
}

/** Where a manifest object is. */
export function manifestLocation(object: Pick<ManifestObject, "place">): SourceLocation {
    const { file, line, column, document, item } = object.place;
    return { file, line, column, document, ...(item === undefined ? {} : { item }) };
}

/** What a plan's findings are located against: the stack file and the manifests' objects. */
export interface FindingLocator {
    /** A policy violation, on its resource (by URN). */
    policy(policyId: string, resourceUrn: string | undefined, message: string): SourceLocation;
    /** A scenario's problem, on what it names first. */
    problem(problem: string, promised: boolean): SourceLocation;
}

/**
 * Locates the findings of one stack.
 *
 * @param resources - Every resource the plan judged: the program's and the manifests' (by URN).
 */
export function findingLocator(stackFile: StackFileLocator, resources: readonly LocatableResource[], manifests: readonly ManifestObject[]): FindingLocator {
    const byUrn = new Map(resources.filter((r) => r.urn !== undefined).map((r) => [r.urn!, r]));
    const manifestByUrn = new Map(manifests.map((m) => [m.resource.urn!, m]));
    const manifestByRef = new Map(manifests.map((m) => [m.ref, m]));
    const inFile = (entry: Path, sub: Path | undefined) => stackFile.locate(sub === undefined ? entry : [...entry, ...sub]);
    const workload = (kindRef: string, sub: Path | undefined): SourceLocation | undefined => {
        const manifest = manifestByRef.get(kindRef);
        if (manifest !== undefined) return manifestLocation(manifest);
        const [, namespace, name] = kindRef.split("/");
        const entry = stackFile.workloadPath(name, namespace);
        return entry === undefined ? undefined : inFile(entry, sub);
    };
    return {
        policy(policyId, urn, message) {
            const manifest = urn === undefined ? undefined : manifestByUrn.get(urn);
            if (manifest !== undefined) return manifestLocation(manifest);
            const resource = urn === undefined ? undefined : byUrn.get(urn);
            if (resource === undefined) return this.problem(message, false);
            return inFile(entryOf(resource, stackFile, message), POLICY_KEYS[policyId]);
        },
        problem(problem, promised) {
            const budget = /PodDisruptionBudget ([a-z0-9.-]+)\/([a-z0-9.-]+)/.exec(problem);
            if (budget !== null) {
                const manifest = manifestByRef.get(`PodDisruptionBudget/${budget[1]}/${budget[2]}`);
                if (manifest !== undefined) return manifestLocation(manifest);
                const entry = stackFile.workloadPath(budget[2], budget[1]);
                if (entry !== undefined) return inFile(entry, ["disruptionBudget"]);
            }
            const ref = /\b((?:Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob|Pod)\/[a-z0-9.-]+\/[a-z0-9.-]+)/.exec(problem)?.[1];
            if (ref !== undefined) {
                const sub = /topology spread|anti-affinity/.test(problem) ? ["spread"] : /taint|node selector|affinity/.test(problem) ? ["pools"] : /(cpu|memory|nvidia\.com\/gpu): the pod requests|Insufficient/.test(problem) ? ["resources"] : ["replicas"];
                const found = workload(ref, sub);
                if (found !== undefined) return found;
            }
            const pool = /pool "([^"]+)"/.exec(problem)?.[1];
            const poolEntry = pool === undefined ? undefined : stackFile.poolPath(pool);
            if (poolEntry !== undefined) {
                // A pool's size: its autoscaler's maximum, else its fixed count.
                const scaled = stackFile.locate([...poolEntry, "autoscaling", "maxCount"]);
                return scaled.key?.endsWith("maxCount") === true ? scaled : inFile(poolEntry, ["count"]);
            }
            return stackFile.locate(promised ? [key("placement"), "promises"] : [key("placement")]);
        },
    };
}

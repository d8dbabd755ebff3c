/**
 * The one adapter between a stack policy's resources and the placement checks: it hands the stack's
 * resources, as registered, to `platformModelsFromResources` (one model per AKS cluster) and runs
 * `checkPlacement` for one scenario on each model. The policies of this group only read the verdicts, so
 * no scheduling rule is written here: the engine and the placement checks own them.
 *
 * Three outcomes besides verdicts, none of them silent:
 * - a value unknown during preview (placement's `UnknownValueError`) is returned as its property path, for
 *   the policy to report as the pack's plain "unknown during preview" advisory (see `../common/unknowns`);
 * - a resource the checks cannot read (a malformed pool, workload or budget) becomes a finding naming it;
 * - a stack without an AKS cluster (workloads for a cluster managed elsewhere) has no pools to place pods on
 *   and yields no verdict.
 *
 * Several policies read the same scenario of the same stack, so the last result per scenario is kept,
 * keyed by the resources' content.
 */
import type { PolicyResource } from "@pulumi/policy";
import { checkPlacement, platformModelsFromResources, UnknownValueError } from "../../placement";
import { MANAGED_CLUSTER_TYPE } from "../../placement/from-resources";
import type { PlatformModel, RegisteredResource, ScenarioName, ScenarioVerdict } from "../../placement/types";
import type { StackFinding } from "../common/define";
import { asString, at } from "../common/read";
import { REPLICA_SET, REPLICATION_CONTROLLER } from "../workloads/pod-templates";

/** One cluster's verdict for one scenario. */
export interface ClusterVerdict {
    model: PlatformModel;
    verdict: ScenarioVerdict;
    /** The URN of the cluster's ManagedCluster resource, when it can be found. */
    clusterUrn?: string;
}

/** What {@link placeStack} found. */
export interface StackPlacement {
    verdicts: ClusterVerdict[];
    /** Resources the checks could not read, each naming the resource, the field and what is valid. */
    findings: StackFinding[];
    /** Property paths of values unknown during preview (each a list of path elements). */
    unknownPaths: string[][];
    /** The URN of a workload's resource, by `Kind/namespace/name`. */
    urnOf: (workloadRef: string) => string | undefined;
    /**
     * The URN of the Kubernetes resource a message names first, as `Kind/namespace/name` or
     * `Kind namespace/name` (how the placement report names workloads and budgets).
     */
    urnMentionedIn: (text: string) => string | undefined;
}

/** The SDK's accessor for the object behind its unknown-checking proxy (`@pulumi/policy` 1.21 `proxy.js`). */
const PROXY_TARGET = "__getSpecialProxyTarget";

/**
 * The props as the program registered them, unknown sentinels included: the SDK wraps them in a proxy that
 * throws on the first unknown value it meets, while the placement checks want to see every value and name
 * the unknown one by its full path.
 */
export function rawProps(props: unknown): Record<string, unknown> {
    if (typeof props !== "object" || props === null || Array.isArray(props)) return {};
    const target = (props as Record<string, unknown>)[PROXY_TARGET];
    const plain = typeof target === "object" && target !== null ? target : props;
    return plain as Record<string, unknown>;
}

/**
 * A ReplicationController as the ReplicaSet the placement checks read: the same pod template and replicas, its
 * equality-based selector map as `matchLabels` (https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/).
 */
function asReplicaSet(inputs: Record<string, unknown>): { type: string; inputs: Record<string, unknown> } {
    const spec = (typeof inputs.spec === "object" && inputs.spec !== null ? inputs.spec : {}) as Record<string, unknown>;
    const selector = spec.selector;
    const { apiVersion: _apiVersion, kind: _kind, ...rest } = inputs;
    return {
        type: REPLICA_SET,
        inputs: { ...rest, spec: { ...spec, ...(selector === undefined ? {} : { selector: { matchLabels: selector } }) } },
    };
}

/** The stack's resources as the placement checks take them (the stack policies' view: canonical types, patches applied). */
export function registeredResources(resources: readonly PolicyResource[]): RegisteredResource[] {
    return resources.map((r) => ({
        ...(r.type === REPLICATION_CONTROLLER ? asReplicaSet(rawProps(r.props)) : { type: r.type, inputs: rawProps(r.props) }),
        name: r.name,
        urn: r.urn,
        // The placement checks read only the provider's URN (`<urn>::<id>`); the SDK does not pass the id.
        ...(r.provider?.urn === undefined ? {} : { provider: `${r.provider.urn}::id` }),
    }));
}

/**
 * Where `text` names `name` as a whole (so `Deployment/shop/web` is not found in `Deployment/shop/web-2`):
 * the index of the first mention the name does not continue after, or -1.
 */
export function mentionIndex(text: string, name: string): number {
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
        // A name continues with a letter, digit or hyphen, or a dot before one (a sentence's full stop does not).
        if (!/^([a-z0-9-]|\.[a-z0-9])/.test(text.slice(at + name.length, at + name.length + 2))) return at;
    }
    return -1;
}

/** Whether `text` names `name` as a whole (see {@link mentionIndex}). */
export function mentions(text: string, name: string): boolean {
    return mentionIndex(text, name) >= 0;
}

/** `Kind/namespace/name` of a Kubernetes resource, the way the placement report names workloads. */
function workloadRef(r: RegisteredResource): string | undefined {
    const kind = /^kubernetes:[^:]+:([A-Za-z]+)$/.exec(r.type)?.[1];
    if (kind === undefined) return undefined;
    const name = asString(at(r.inputs, "metadata", "name")) ?? r.name;
    const namespace = asString(at(r.inputs, "metadata", "namespace")) ?? "default";
    return `${kind}/${namespace === "" ? "default" : namespace}/${name}`;
}

function messageOf(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}

function unknownPath(e: unknown): string[] {
    const path = (e as { path?: unknown; props?: unknown }).path ?? (e as { props?: unknown }).props;
    if (Array.isArray(path)) return path.map(String);
    return [typeof path === "string" && path !== "" ? path : messageOf(e)];
}

/** What one scenario run yields, before the URN lookups are attached. */
type PlacementResult = Pick<StackPlacement, "verdicts" | "findings" | "unknownPaths">;

interface CacheEntry {
    key: string;
    result: PlacementResult;
}
const cache = new Map<ScenarioName, CacheEntry>();

function compute(registered: RegisteredResource[], scenario: ScenarioName, mentionedIn: (text: string) => string | undefined): PlacementResult {
    if (!registered.some((r) => r.type === MANAGED_CLUSTER_TYPE)) return { verdicts: [], findings: [], unknownPaths: [] };
    let models: PlatformModel[];
    try {
        models = platformModelsFromResources(registered);
    } catch (e) {
        if (e instanceof UnknownValueError) return { verdicts: [], findings: [], unknownPaths: [unknownPath(e)] };
        const message = messageOf(e);
        // The error names the resource by its URN (placement's `where`): report it there.
        const urn = registered.find((r) => r.urn !== undefined && mentions(message, r.urn))?.urn;
        return { verdicts: [], findings: [{ urn, message: `the scheduling checks cannot read the stack: ${message}` }], unknownPaths: [] };
    }
    const verdicts: ClusterVerdict[] = [];
    const findings: StackFinding[] = [];
    const unknownPaths: string[][] = [];
    for (const model of models) {
        const clusterUrn = registered.find((r) => r.type === MANAGED_CLUSTER_TYPE && (asString(r.inputs.resourceName) ?? r.name) === model.clusterName)?.urn;
        try {
            const report = checkPlacement(model, { scenarios: [scenario] });
            for (const verdict of report.scenarios) verdicts.push({ model, verdict, ...(clusterUrn === undefined ? {} : { clusterUrn }) });
        } catch (e) {
            if (e instanceof UnknownValueError) {
                unknownPaths.push(unknownPath(e));
                continue;
            }
            const message = messageOf(e);
            findings.push({ urn: mentionedIn(message) ?? clusterUrn, message: `cluster "${model.clusterName}": the scheduling checks cannot read the stack: ${message}` });
        }
    }
    return { verdicts, findings, unknownPaths };
}

/**
 * Runs one placement scenario over every AKS cluster of the stack.
 *
 * @param resources - The stack's resources, as the policy SDK hands them to a stack policy.
 * @param scenario - The scenario to run (see `placement/types.ts`).
 */
export function placeStack(resources: readonly PolicyResource[], scenario: ScenarioName): StackPlacement {
    const registered = registeredResources(resources);
    const urns = new Map<string, string>();
    for (const r of registered) {
        const ref = workloadRef(r);
        if (ref !== undefined && r.urn !== undefined && !urns.has(ref)) urns.set(ref, r.urn);
    }
    const urnMentionedIn = (text: string): string | undefined => {
        let best: { at: number; urn: string } | undefined;
        for (const [ref, urn] of urns) {
            const [kind, namespace, name] = ref.split("/");
            for (const form of [ref, `${kind} ${namespace}/${name}`]) {
                const at = mentionIndex(text, form);
                if (at >= 0 && (best === undefined || at < best.at)) best = { at, urn };
            }
        }
        return best?.urn;
    };
    const key = JSON.stringify(registered);
    let entry = cache.get(scenario);
    if (entry === undefined || entry.key !== key) {
        entry = { key, result: compute(registered, scenario, urnMentionedIn) };
        cache.set(scenario, entry);
    }
    return { ...entry.result, urnOf: (ref) => urns.get(ref), urnMentionedIn };
}

/**
 * The pack's stack policies on what each stack's program registers under mocks (`runStack`), judged with
 * that environment's `policy/config/<env>.json` (levels and settings; disabled policies are not run, as the
 * CLI does): each stack passes the scheduling-feasibility group, and deliberately broken copies fail with the
 * expected policy IDs. The other stack policies (replica floor, spread, budgets) run too; their verdicts on the
 * stacks' workloads are the workload policies' tests' business, so only the IDs a break must add are asserted.
 */
import * as fs from "fs";
import * as path from "path";
import type { PackPolicy } from "../../../policy/common/define";
import { allPolicies } from "../../../policy/pack";
import { evaluatePackOffline } from "../../../policy/offline";
import { schedulingPolicies } from "../../../policy/scheduling/scheduling-policies";
import { runStack, type Registration } from "../../helpers/pulumi-mocks";
import { evaluateStack, mutate, type StackEntry } from "../harness";
import { DEPLOYMENT_TYPE, PDB_TYPE, webBudget, webDeployment } from "./fixtures";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ENVS = ["dev", "staging", "prod"] as const;
type Env = (typeof ENVS)[number];

const stackPolicies = allPolicies.filter((p) => p.types === undefined);
const registered = new Map<Env, StackEntry[]>();
const SCHEDULING = new Set(schedulingPolicies.map((p) => p.name));
const scheduling = (ids: readonly string[]) => ids.filter((id) => SCHEDULING.has(id));

function readConfig(env: Env): Record<string, unknown> {
    return JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../policy/config", `${env}.json`), "utf8")) as Record<string, unknown>;
}

/** The level and settings a config file gives a policy, as the CLI derives them. */
function configFor(config: Record<string, unknown>, policy: PackPolicy): { level: string; settings: Record<string, unknown> } {
    const entry = config[policy.name];
    if (typeof entry === "string") return { level: entry, settings: {} };
    if (typeof entry === "object" && entry !== null) {
        const { enforcementLevel, ...settings } = entry as Record<string, unknown>;
        return { level: (enforcementLevel as string | undefined) ?? (config.all as string | undefined) ?? "advisory", settings };
    }
    return { level: (config.all as string | undefined) ?? "advisory", settings: {} };
}

/** Runs every enabled stack policy; returns the IDs that reported a violation, with the messages. */
async function violatedIds(env: Env, entries: readonly StackEntry[]): Promise<{ ids: string[]; messages: string[]; unknown: string[] }> {
    const config = readConfig(env);
    const ids: string[] = [];
    const messages: string[] = [];
    const unknown: string[] = [];
    for (const policy of stackPolicies) {
        const { level, settings } = configFor(config, policy);
        if (level === "disabled") continue;
        const outcome = await evaluateStack(policy, entries, { config: settings });
        if (outcome.violations.length > 0) ids.push(policy.name);
        messages.push(...outcome.violations.map((v) => `${policy.name}: ${v}`));
        if (outcome.unknownDuringPreview !== undefined) unknown.push(outcome.unknownDuringPreview);
    }
    return { ids, messages, unknown };
}

function entriesOf(registrations: readonly Registration[]): StackEntry[] {
    return registrations
        .filter((r) => r.custom)
        .map((r) => ({ type: r.type, name: r.name, props: r.inputs, urn: r.urn, protect: r.protect, deleteBeforeReplace: r.deleteBeforeReplace, dependencies: r.dependencies, propertyDependencies: r.propertyDependencies }));
}

/** The stack's first Deployment, or a zone-spread `shop/web` (with its budget) added when it declares none. */
function withWorkload(entries: readonly StackEntry[]): { entries: StackEntry[]; deployment: Props; budget?: Props } {
    const copy = mutate([...entries], () => undefined);
    const deployment = copy.find((e) => e.type === DEPLOYMENT_TYPE)?.props as Props | undefined;
    if (deployment !== undefined) return { entries: copy, deployment, budget: copy.find((e) => e.type === PDB_TYPE)?.props as Props | undefined };
    const web = webDeployment();
    const budget = webBudget();
    copy.push({ type: DEPLOYMENT_TYPE, name: "web", props: web }, { type: PDB_TYPE, name: "web-pdb", props: budget });
    return { entries: copy, deployment: web, budget };
}

beforeAll(async () => {
    for (const env of ENVS) registered.set(env, entriesOf((await runStack(env)).registrations));
}, 90_000);

/** Runs every enabled policy of the pack, resource and stack policies alike (`evaluatePackOffline`); returns `<level> <id>: <message>` lines. */
async function wholePackViolations(env: Env, entries: readonly StackEntry[]): Promise<string[]> {
    const resources = entries.map((e) => ({ ...e, name: e.name ?? "r", inputs: e.props as Record<string, unknown> }));
    const result = await evaluatePackOffline(resources, path.resolve(__dirname, "../../../policy/config", `${env}.json`));
    return result.violations.map((v) => `${v.enforcement} ${v.id}: ${v.message}`);
}

describe.each(ENVS)("the %s stack", (env) => {
    test("passes the whole pack (every resource and stack policy) under its environment's config", async () => {
        const violations = await wholePackViolations(env, registered.get(env)!);
        expect(violations.filter((v) => v.startsWith("mandatory "))).toEqual([]);
        // dev trades these for cost, and its config keeps them advisory: no Defender plan, no host-encryption
        // feature on a dev subscription, and a system pool workloads may share. Staging and prod take none.
        const expectedAdvisories = env === "dev" ? ["aks-defender-enabled", "aks-pool-host-encryption", "aks-system-pool-isolated"] : [];
        expect([...new Set(violations.map((v) => v.split(":")[0].replace(/^advisory /, "")))]).toEqual(expectedAdvisories);
    });

    test("passes every scheduling policy its environment enables, with no value left unknown", async () => {
        const result = await violatedIds(env, registered.get(env)!);
        expect(result.messages.filter((m) => SCHEDULING.has(m.split(":")[0]))).toEqual([]);
        expect(result.unknown).toEqual([]);
    });

    test("fails SCH-001 when a workload requests more CPU than any node allocates", async () => {
        const { entries, deployment } = withWorkload(registered.get(env)!);
        deployment.spec.template.spec.containers[0].resources.requests.cpu = "512";
        const before = await violatedIds(env, withWorkload(registered.get(env)!).entries);
        const result = await violatedIds(env, entries);
        expect(result.messages.filter((m) => m.startsWith("k8s-workloads"))).toEqual([]);
        expect(scheduling(result.ids)).toEqual(["k8s-pods-fit-node-pools"]);
        expect(result.ids.filter((id) => !before.ids.includes(id))).toEqual(["k8s-pods-fit-node-pools"]);
    });

    test("fails SCH-004 (and the PDB policy) when a disruption budget blocks every eviction", async () => {
        const { entries, deployment } = withWorkload(registered.get(env)!);
        const budget = entries.find((e) => e.type === PDB_TYPE)!.props as Props;
        budget.spec = { maxUnavailable: 0, selector: { matchLabels: { ...deployment.spec.template.metadata.labels } } };
        const before = await violatedIds(env, withWorkload(registered.get(env)!).entries);
        const result = await violatedIds(env, entries);
        expect(scheduling(result.ids)).toEqual(["k8s-nodes-drainable-for-upgrade"]);
        expect(result.ids.filter((id) => !before.ids.includes(id))).toEqual(["k8s-pdb-allows-eviction", "k8s-nodes-drainable-for-upgrade"]);
    });

    test(`${env === "prod" ? "fails" : "does not run"} SCH-005 when a workload is pinned to one zone (zone loss is judged in prod only)`, async () => {
        const { entries, deployment } = withWorkload(registered.get(env)!);
        deployment.spec.template.spec.nodeSelector = { ...deployment.spec.template.spec.nodeSelector, "topology.kubernetes.io/zone": "westeurope-1" };
        const result = await violatedIds(env, entries);
        expect(result.ids.includes("k8s-workloads-survive-zone-loss")).toBe(env === "prod");
        expect(scheduling(result.ids).filter((id) => id !== "k8s-workloads-survive-zone-loss" && id !== "k8s-nodes-drainable-for-upgrade")).toEqual([]);
    });
});

/**
 * Hostile input, generated: valid objects of every kind the plan reads (and a Service, a List, a stray kind), each
 * broken in one field with a hostile value (null, the wrong type, out of range, an unknown enum, a huge count, a
 * percentage over 100), fed through the plan's reader and the whole plan (`--manifests -`), and through the policy
 * pack on its own. The plan must exit 2 with one line naming the file and document, or give a verdict (0 or 1) whose
 * numbers hold together; the pack must never throw. Bounded: a fixed seed and a fixed count (8 cases per kind).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { Prng } from "../../bench/prng";
import { run } from "../../plan/cli";
import type { PlanRun } from "../../plan/report-types";
import { evaluatePackOffline } from "../../policy/offline";
import { jestModuleLoader, REPO_ROOT, runProgram, type StackRun } from "../helpers/pulumi-mocks";

/** The seed and the number of generated cases: fixed, so every run feeds the same cases. */
const SEED = 13;
const CASES = 96;

const template = { metadata: { labels: { app: "fz" } }, spec: { containers: [{ name: "app", image: "crplatform.azurecr.io/fz:1.0.0", resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "64Mi" } }, ports: [{ containerPort: 8080 }] }], tolerations: [{ key: "k", operator: "Equal", value: "v", effect: "NoSchedule" }] } };
const meta = { name: "fz", namespace: "fuzz" };

/** A valid object of each kind the plan reads, plus kinds it skips. */
const BASES: Record<string, object> = {
    Deployment: { apiVersion: "apps/v1", kind: "Deployment", metadata: meta, spec: { replicas: 2, selector: { matchLabels: { app: "fz" } }, template } },
    StatefulSet: { apiVersion: "apps/v1", kind: "StatefulSet", metadata: meta, spec: { replicas: 1, serviceName: "fz", selector: { matchLabels: { app: "fz" } }, template } },
    DaemonSet: { apiVersion: "apps/v1", kind: "DaemonSet", metadata: meta, spec: { selector: { matchLabels: { app: "fz" } }, template } },
    ReplicaSet: { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: meta, spec: { replicas: 1, selector: { matchLabels: { app: "fz" } }, template } },
    Job: { apiVersion: "batch/v1", kind: "Job", metadata: meta, spec: { parallelism: 1, completions: 1, template: { ...template, spec: { ...template.spec, restartPolicy: "Never" } } } },
    CronJob: { apiVersion: "batch/v1", kind: "CronJob", metadata: meta, spec: { schedule: "@daily", jobTemplate: { spec: { template: { ...template, spec: { ...template.spec, restartPolicy: "Never" } } } } } },
    Pod: { apiVersion: "v1", kind: "Pod", metadata: { ...meta, labels: { app: "fz" } }, spec: template.spec },
    PodDisruptionBudget: { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: meta, spec: { minAvailable: 1, selector: { matchLabels: { app: "fz" } } } },
    HorizontalPodAutoscaler: { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: meta, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "fz" }, minReplicas: 1, maxReplicas: 3 } },
    PriorityClass: { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "fz" }, value: 1000 },
    Namespace: { apiVersion: "v1", kind: "Namespace", metadata: { name: "fuzz" } },
    Service: { apiVersion: "v1", kind: "Service", metadata: meta, spec: { selector: { app: "fz" }, ports: [{ port: 80, targetPort: 8080 }] } },
};

const HOSTILE: readonly unknown[] = [null, "", "eighty", -1, 0, 1.5, 2 ** 40, 1e308, true, [], [null], {}, { a: { b: { c: null } } }, "150%", "-5%", "Maybe", "Never", "1 core", "\u0000", "a".repeat(300)];

/** Every path to a value in an object (keys and list indices). */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...paths(v, [...prefix, i])]);
    if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
    return [];
}

function setAt(target: Record<string, unknown>, at: (string | number)[], value: unknown): void {
    let node: Record<string | number, unknown> = target;
    for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    const last = at[at.length - 1];
    if (value === undefined && !Array.isArray(node)) delete node[last];
    else node[last] = value;
}

interface FuzzCase {
    name: string;
    /** The manifest stream. */
    text: string;
    /** The broken object itself. */
    object: Record<string, unknown>;
}

function cases(): FuzzCase[] {
    const rng = new Prng(SEED);
    const kinds = Object.keys(BASES);
    const out: FuzzCase[] = [];
    for (let i = 0; i < CASES; i++) {
        const kind = kinds[i % kinds.length];
        const object = structuredClone(BASES[kind]) as Record<string, unknown>;
        const at = rng.pick(paths(object).filter((p) => p[0] !== "kind" && p[0] !== "apiVersion"));
        const value = rng.next() < 0.15 ? undefined : rng.pick(HOSTILE);
        setAt(object, at, value);
        const asList = rng.next() < 0.1;
        const text = asList ? YAML.stringify({ apiVersion: "v1", kind: "List", items: [object] }) : `---\n# Source: fuzz/${kind}.yaml\n${YAML.stringify(object)}`;
        out.push({ name: `#${i} ${kind} ${at.join(".")} = ${JSON.stringify(value)?.slice(0, 20) ?? "(removed)"}${asList ? " in a List" : ""}`, text, object });
    }
    return out;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-fuzz-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const PROJECT = path.join(tmp, "project");
for (const file of ["Pulumi.dev.yaml", "policy/config/dev.json"]) {
    fs.mkdirSync(path.dirname(path.join(PROJECT, file)), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, file), path.join(PROJECT, file));
}

let program: Promise<StackRun> | undefined;
const sharedProgramRun = (stack: string, dir: string) => (program ??= runProgram(stack, { projectDir: dir, loader: jestModuleLoader }));

const generated = cases();

describe("the plan on generated hostile manifests: exit 2 with one line, or a verdict that holds together", () => {
    const outcomes = { rejected: 0, judged: 0 };
    afterAll(() => {
        // The generator reaches both outcomes (a fuzz that only hits one path tests little).
        expect(outcomes.rejected).toBeGreaterThan(CASES / 10);
        expect(outcomes.judged).toBeGreaterThan(CASES / 10);
    });

    test.each(generated.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await run(["--stack", "dev", "--manifests", "-", "--json"], PROJECT, {
            out: (t) => out.push(t),
            err: (t) => err.push(t),
            readStdin: () => c.text,
            runProgram: sharedProgramRun,
            clock: { now: () => 0, after: () => () => undefined },
        });
        expect([0, 1, 2]).toContain(code);
        if (code === 2) {
            outcomes.rejected++;
            expect(out).toEqual([]);
            expect(err).toHaveLength(1);
            expect(err[0]).not.toContain("\n");
            expect(err[0]).toMatch(/^<stdin> \(document 1(, item 1)?\)|<stdin> \(document 1/);
            expect(err[0]).not.toMatch(/undefined\/|\[object Object\]|TypeError|at \S+ \(/);
            return;
        }
        outcomes.judged++;
        const planRun = JSON.parse(out.join("\n")) as PlanRun;
        for (const w of planRun.reports[0].placement.workloads) {
            expect(w.placed).toBeGreaterThanOrEqual(0);
            expect(w.placed).toBeLessThanOrEqual(w.replicas);
        }
        expect(planRun.exit.code).toBe(code);
    });
});

describe("the policy pack on the same hostile objects never throws", () => {
    test("every generated object, as a registered resource of its kind, is judged", async () => {
        for (const c of generated) {
            const apiVersion = String((c.object as { apiVersion?: unknown }).apiVersion);
            const kind = String((c.object as { kind?: unknown }).kind);
            const type = `kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`;
            const result = await evaluatePackOffline([{ type, name: "fz", inputs: c.object, urn: `urn:pulumi:fuzz::p::${type}::fz` }], undefined);
            expect(result.evaluated).toBeGreaterThan(0);
            expect(result.violations.every((v) => typeof v.message === "string" && v.message.length > 0)).toBe(true);
        }
    });
});

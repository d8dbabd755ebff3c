/**
 * Pure checks over a parsed GitHub Actions workflow (`.github/workflows/*.yml`): each returns the problems
 * it found as lines naming the workflow, the job/step path and what would be valid; an empty list means the
 * workflow passes. No I/O here: the repository facts (package.json scripts, stack files, files present) are
 * passed in, so a test can check a mutated workflow object as easily as the real one.
 *
 * Workflow syntax: https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions
 */
import { z } from "zod";

const stepSchema = z.object({
    name: z.string().optional(),
    id: z.string().optional(),
    if: z.string().optional(),
    uses: z.string().optional(),
    run: z.string().optional(),
    with: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    "continue-on-error": z.union([z.boolean(), z.string()]).optional(),
}).passthrough();

const permissionsSchema = z.union([z.enum(["read-all", "write-all"]), z.record(z.string(), z.enum(["read", "write", "none"]))]);

const jobSchema = z.object({
    needs: z.union([z.string(), z.array(z.string())]).optional(),
    if: z.string().optional(),
    environment: z.union([z.string(), z.object({ name: z.string(), url: z.string().optional() })]).optional(),
    permissions: permissionsSchema.optional(),
    strategy: z.object({ matrix: z.record(z.string(), z.unknown()).optional() }).passthrough().optional(),
    steps: z.array(stepSchema).min(1),
}).passthrough();

const workflowSchema = z.object({
    name: z.string().optional(),
    on: z.union([z.string(), z.array(z.string()), z.record(z.string(), z.unknown())]),
    permissions: permissionsSchema.optional(),
    jobs: z.record(z.string(), jobSchema),
}).passthrough();

/** A workflow file, as far as these checks read it. */
export type Workflow = z.infer<typeof workflowSchema>;
/** One job of a {@link Workflow}. */
export type Job = z.infer<typeof jobSchema>;
/** One step of a {@link Job}. */
export type Step = z.infer<typeof stepSchema>;

/** What the repository holds, for the checks to compare the workflow against. */
export interface RepositoryFacts {
    /** The names under package.json `scripts`. */
    scripts: ReadonlySet<string>;
    /** The stacks that have a `Pulumi.<stack>.yaml`. */
    stacks: ReadonlySet<string>;
    /** Repository-relative paths of the files that exist (forward slashes), at least the policy configs. */
    files: ReadonlySet<string>;
}

/**
 * Validates the parsed YAML of `file` as a workflow; throws an error naming the file and the field path when
 * it is not one (a `jobs.<id>.steps` list is required, `on` must be an event name, list or map).
 */
export function parseWorkflow(file: string, parsed: unknown): Workflow {
    const result = workflowSchema.safeParse(parsed);
    if (result.success) return result.data;
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`${file}: not a GitHub Actions workflow: ${issues.join("; ")}`);
}

/** A step as it runs for one matrix combination: `${{ matrix.x }}` replaced by that combination's value. */
export interface ExpandedStep {
    /** `jobs.<job>.steps[<i>]`, plus ` (matrix a=b)` when the job has a matrix. */
    where: string;
    job: string;
    step: Step;
}

/** The matrix combinations of a job (an `include`/`exclude`-free cross product); one empty one without a matrix. */
export function matrixCombinations(job: Job): Record<string, string>[] {
    let combos: Record<string, string>[] = [{}];
    for (const [key, values] of Object.entries(job.strategy?.matrix ?? {})) {
        if (key === "include" || key === "exclude" || !Array.isArray(values)) continue;
        combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: String(v) })));
    }
    return combos;
}

function substituteMatrix(text: string, combo: Record<string, string>): string {
    return text.replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (whole, key: string) => combo[key] ?? whole);
}

function expandStep(step: Step, combo: Record<string, string>): Step {
    const sub = (v: string | number | boolean): string | number | boolean => (typeof v === "string" ? substituteMatrix(v, combo) : v);
    const subRecord = (r: Record<string, string | number | boolean> | undefined) =>
        r === undefined ? undefined : Object.fromEntries(Object.entries(r).map(([k, v]) => [k, sub(v)]));
    return { ...step, run: step.run === undefined ? undefined : substituteMatrix(step.run, combo), with: subRecord(step.with), env: subRecord(step.env) };
}

/** Every step of every job, once per matrix combination. */
export function expandedSteps(workflow: Workflow): ExpandedStep[] {
    const out: ExpandedStep[] = [];
    for (const [jobId, job] of Object.entries(workflow.jobs)) {
        for (const combo of matrixCombinations(job)) {
            const label = Object.keys(combo).length === 0 ? "" : ` (matrix ${Object.entries(combo).map(([k, v]) => `${k}=${v}`).join(", ")})`;
            job.steps.forEach((step, i) => out.push({ where: `jobs.${jobId}.steps[${i}]${label}`, job: jobId, step: expandStep(step, combo) }));
        }
    }
    return out;
}

/** The events that trigger the workflow (`on:` as a string, a list or a map). */
export function triggers(workflow: Workflow): string[] {
    if (typeof workflow.on === "string") return [workflow.on];
    if (Array.isArray(workflow.on)) return [...workflow.on];
    return Object.keys(workflow.on);
}

/** Problems when the workflow's triggers are not exactly `expected`. */
export function triggerProblems(file: string, workflow: Workflow, expected: readonly string[]): string[] {
    const actual = triggers(workflow).sort();
    const want = [...expected].sort();
    return actual.join(",") === want.join(",") ? [] : [`${file}: on: triggers are [${actual.join(", ")}], expected [${want.join(", ")}]`];
}

/** The branches a `push` trigger is limited to (empty when it is not limited or not a push workflow). */
export function pushBranches(workflow: Workflow): string[] {
    if (typeof workflow.on !== "object" || Array.isArray(workflow.on)) return [];
    const push = workflow.on.push as { branches?: unknown } | null | undefined;
    return Array.isArray(push?.branches) ? push.branches.map(String) : [];
}

/** The package.json scripts a shell line calls: `npm run X`, `npm run-script X`, `npm start`, `npm test`. */
export function npmScriptsCalled(run: string): string[] {
    const names: string[] = [];
    for (const m of run.matchAll(/\bnpm\s+(?:run|run-script)\s+([\w:.-]+)/g)) names.push(m[1]);
    for (const m of run.matchAll(/\bnpm\s+(start|test|stop|restart)\b/g)) names.push(m[1]);
    return names;
}

/** Problems when a step calls an npm script that package.json does not define. */
export function scriptProblems(file: string, workflow: Workflow, facts: RepositoryFacts): string[] {
    const problems: string[] = [];
    for (const { where, step } of expandedSteps(workflow)) {
        for (const name of npmScriptsCalled(step.run ?? "")) {
            if (!facts.scripts.has(name)) problems.push(`${file}: ${where}: "npm run ${name}": package.json has no script "${name}" (it has: ${[...facts.scripts].sort().join(", ")})`);
        }
    }
    return problems;
}

/** The stack one step acts on: `--stack X` / `-s X` on a `run` line, or pulumi/actions' `stack-name` (last `/` segment). */
export function stackOf(step: Step): string | undefined {
    const fromRun = /(?:--stack(?:=|\s+)|\s-s\s+)([^\s"']+)/.exec(step.run ?? "")?.[1];
    const fromWith = step.uses?.startsWith("pulumi/actions@") ? step.with?.["stack-name"] : undefined;
    const raw = fromRun ?? (fromWith === undefined ? undefined : String(fromWith));
    return raw?.split("/").pop();
}

/** The policy-pack config one step passes: `--policy-pack-config P` on a `run` line, or pulumi/actions' `policyPackConfigs`. */
export function policyConfigOf(step: Step): string | undefined {
    const fromRun = /--policy-pack-config(?:=|\s+)([^\s"']+)/.exec(step.run ?? "")?.[1];
    const fromWith = step.uses?.startsWith("pulumi/actions@") ? step.with?.policyPackConfigs : undefined;
    return fromRun ?? (fromWith === undefined ? undefined : String(fromWith));
}

/** Problems when a step names a stack without a `Pulumi.<stack>.yaml`, or a matrix value was left unresolved. */
export function stackProblems(file: string, workflow: Workflow, facts: RepositoryFacts): string[] {
    const problems: string[] = [];
    for (const { where, step } of expandedSteps(workflow)) {
        const stack = stackOf(step);
        if (stack !== undefined && !facts.stacks.has(stack)) {
            problems.push(`${file}: ${where}: stack "${stack}" has no Pulumi.${stack}.yaml (stacks: ${[...facts.stacks].sort().join(", ")})`);
        }
    }
    return problems;
}

/**
 * Problems when a `--policy-pack-config` path does not exist, or is not `policy/config/<stack>.json` for the
 * stack the same step acts on (a prod preview with dev's enforcement levels would let violations through).
 */
export function policyConfigProblems(file: string, workflow: Workflow, facts: RepositoryFacts): string[] {
    const problems: string[] = [];
    for (const { where, step } of expandedSteps(workflow)) {
        const config = policyConfigOf(step);
        if (config === undefined) continue;
        const normalised = config.replace(/^\.\//, "");
        if (!facts.files.has(normalised)) problems.push(`${file}: ${where}: policy pack config "${config}" does not exist`);
        const stack = stackOf(step);
        if (stack === undefined) problems.push(`${file}: ${where}: policy pack config "${config}" is passed without a stack`);
        else if (normalised !== `policy/config/${stack}.json`) problems.push(`${file}: ${where}: stack "${stack}" is checked with "${config}", expected "policy/config/${stack}.json"`);
    }
    return problems;
}

/**
 * Problems when a job runs the plan with `--base` but checks out a shallow clone: the base commit is then missing
 * and the plan stops ("fetch-depth: 0"). `actions/checkout` fetches one commit unless `fetch-depth` is 0.
 * See https://github.com/actions/checkout#usage
 */
export function baseHistoryProblems(file: string, workflow: Workflow): string[] {
    const problems: string[] = [];
    for (const [jobId, job] of Object.entries(workflow.jobs)) {
        // `--base REF` reads git history; `--base-file PATH` does not.
        const compares = job.steps.some((s) => /npm (?:run plan|start|run promote)\b.*--base[=\s]/.test(s.run ?? ""));
        if (!compares) continue;
        const checkout = job.steps.find((s) => s.uses?.startsWith("actions/checkout@"));
        if (checkout === undefined) problems.push(`${file}: jobs.${jobId}: runs the plan with --base but checks nothing out`);
        else if (Number(checkout.with?.["fetch-depth"] ?? 1) !== 0) problems.push(`${file}: jobs.${jobId}: runs the plan with --base on a shallow clone: give actions/checkout "fetch-depth: 0"`);
    }
    return problems;
}

function needsOf(job: Job): string[] {
    return job.needs === undefined ? [] : typeof job.needs === "string" ? [job.needs] : job.needs;
}

function environmentOf(job: Job): string | undefined {
    return typeof job.environment === "string" ? job.environment : job.environment?.name;
}

/**
 * Problems when the deployment does not run `chain` in order: for each stack, exactly one job with
 * `environment: <stack>` that acts on that stack, and that job `needs` the previous stack's job (the first
 * one needs some other job, the tests).
 */
export function chainProblems(file: string, workflow: Workflow, chain: readonly string[]): string[] {
    const problems: string[] = [];
    const jobFor = new Map<string, string>();
    for (const stack of chain) {
        const jobs = Object.entries(workflow.jobs).filter(([, job]) => environmentOf(job) === stack);
        if (jobs.length !== 1) {
            problems.push(`${file}: jobs: expected one job with "environment: ${stack}", found ${jobs.length}`);
            continue;
        }
        const [jobId, job] = jobs[0];
        jobFor.set(stack, jobId);
        const acted = job.steps.map(stackOf).filter((s): s is string => s !== undefined);
        const stray = acted.filter((s) => s !== stack);
        if (acted.length === 0) problems.push(`${file}: jobs.${jobId}: environment "${stack}" but no step acts on stack "${stack}"`);
        if (stray.length > 0) problems.push(`${file}: jobs.${jobId}: environment "${stack}" but steps act on stack(s) ${stray.join(", ")}`);
    }
    chain.forEach((stack, i) => {
        const jobId = jobFor.get(stack);
        if (jobId === undefined) return;
        const needs = needsOf(workflow.jobs[jobId]);
        if (i === 0) {
            if (needs.length === 0) problems.push(`${file}: jobs.${jobId}.needs: the first deployment (${stack}) must wait for the tests`);
            return;
        }
        const previous = jobFor.get(chain[i - 1]);
        if (previous !== undefined && !needs.includes(previous)) {
            problems.push(`${file}: jobs.${jobId}.needs: ${stack} must need "${previous}" (the ${chain[i - 1]} deployment), has [${needs.join(", ")}]`);
        }
    });
    return problems;
}

function grantsIdToken(permissions: Workflow["permissions"]): boolean {
    if (permissions === undefined) return false;
    if (typeof permissions === "string") return permissions === "write-all";
    return permissions["id-token"] === "write";
}

/**
 * Problems when a job uses azure/login without `permissions: id-token: write` (its own, or the workflow's
 * when the job sets none): without it GitHub issues no OIDC token and the login fails.
 */
export function oidcProblems(file: string, workflow: Workflow): string[] {
    const problems: string[] = [];
    for (const [jobId, job] of Object.entries(workflow.jobs)) {
        const logsIn = job.steps.some((s) => s.uses?.toLowerCase().startsWith("azure/login@"));
        if (!logsIn) continue;
        const effective = job.permissions ?? workflow.permissions;
        if (!grantsIdToken(effective)) problems.push(`${file}: jobs.${jobId}.permissions: uses azure/login but does not grant "id-token: write"`);
    }
    return problems;
}

/** A `uses:` reference pinned to a release (`v4`, `v4.2`, `v4.2.2`) or a full 40-hex commit; local actions (`./x`) pass. */
export function isPinned(uses: string): boolean {
    if (uses.startsWith("./")) return true;
    if (uses.startsWith("docker://")) return /(@sha256:[0-9a-f]{64}|:[\w][\w.-]*)$/.test(uses) && !uses.endsWith(":latest");
    const ref = /^[\w.-]+\/[\w.-]+(?:\/[\w./-]+)?@(.+)$/.exec(uses)?.[1];
    return ref !== undefined && (/^v\d+(\.\d+){0,2}$/.test(ref) || /^[0-9a-f]{40}$/.test(ref));
}

/** Problems when a step's `uses:` is not pinned (no ref, or a branch such as `main`). */
export function pinProblems(file: string, workflow: Workflow): string[] {
    const problems: string[] = [];
    for (const [jobId, job] of Object.entries(workflow.jobs)) {
        job.steps.forEach((step, i) => {
            if (step.uses !== undefined && !isPinned(step.uses)) {
                problems.push(`${file}: jobs.${jobId}.steps[${i}].uses: "${step.uses}" is not pinned; use owner/repo@vX.Y.Z or a 40-hex commit`);
            }
        });
    }
    return problems;
}

/** Every repository-independent and repository-dependent check above, for one workflow. */
export function workflowProblems(file: string, workflow: Workflow, facts: RepositoryFacts): string[] {
    return [
        ...scriptProblems(file, workflow, facts),
        ...stackProblems(file, workflow, facts),
        ...policyConfigProblems(file, workflow, facts),
        ...baseHistoryProblems(file, workflow),
        ...oidcProblems(file, workflow),
        ...pinProblems(file, workflow),
    ];
}

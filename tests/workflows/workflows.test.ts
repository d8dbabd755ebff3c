/**
 * The CI workflows shipped for users' repositories (.github/workflows/): they parse, trigger on the right
 * events, call npm scripts that exist, pass stacks and policy configs that exist and match, deploy
 * dev → staging → prod behind environments, grant OIDC where azure/login runs, and pin every action.
 * Each check is also run on a mutated copy to prove it catches the mistake.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import {
    baseHistoryProblems,
    chainProblems,
    expandedSteps,
    isPinned,
    npmScriptsCalled,
    oidcProblems,
    parseWorkflow,
    pinProblems,
    policyConfigProblems,
    pushBranches,
    RepositoryFacts,
    scriptProblems,
    stackProblems,
    triggerProblems,
    Workflow,
    workflowProblems,
} from "./checks";

const ROOT = path.resolve(__dirname, "../..");
const WORKFLOWS = path.join(ROOT, ".github/workflows");
const CHAIN = ["dev", "staging", "prod"];

function load(file: string): Workflow {
    return parseWorkflow(file, parse(fs.readFileSync(path.join(WORKFLOWS, file), "utf8")));
}

function facts(): RepositoryFacts {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const stacks = fs.readdirSync(ROOT).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter((s): s is string => s !== undefined);
    const configs = fs.readdirSync(path.join(ROOT, "policy/config")).map((f) => `policy/config/${f}`);
    return { scripts: new Set(Object.keys(pkg.scripts)), stacks: new Set(stacks), files: new Set(configs) };
}

/** A deep copy to mutate without touching the loaded original. */
function copy(workflow: Workflow): Workflow {
    return structuredClone(workflow);
}

const repo = facts();
const pr = load("pull-request.yml");
const main = load("main.yml");

describe("the workflow files", () => {
    test("are exactly pull-request.yml and main.yml, and both parse as workflows", () => {
        expect(fs.readdirSync(WORKFLOWS).sort()).toEqual(["main.yml", "pull-request.yml"]);
        expect(Object.keys(pr.jobs)).toEqual(["check", "preview"]);
        expect(Object.keys(main.jobs)).toEqual(["test", "dev", "staging", "prod"]);
    });

    test("a file that is not a workflow is rejected with the file and the field path", () => {
        expect(() => parseWorkflow("broken.yml", { on: "push", jobs: { build: { "runs-on": "ubuntu-latest" } } })).toThrow(
            /^broken\.yml: not a GitHub Actions workflow: jobs\.build\.steps: /,
        );
    });

    test.each([
        ["pull-request.yml", pr],
        ["main.yml", main],
    ])("%s passes every repository check", (file, workflow) => {
        expect(workflowProblems(file, workflow, repo)).toEqual([]);
    });
});

describe("triggers", () => {
    test("the pull-request workflow runs on pull_request only, main.yml on pushes to main only", () => {
        expect(triggerProblems("pull-request.yml", pr, ["pull_request"])).toEqual([]);
        expect(triggerProblems("main.yml", main, ["push"])).toEqual([]);
        expect(pushBranches(main)).toEqual(["main"]);
    });

    test("a workflow that also runs on push is reported against its expected triggers", () => {
        const mutated = copy(pr);
        (mutated.on as Record<string, unknown>).push = { branches: ["main"] };
        expect(triggerProblems("pull-request.yml", mutated, ["pull_request"])).toEqual([
            "pull-request.yml: on: triggers are [pull_request, push], expected [pull_request]",
        ]);
    });
});

describe("npm scripts", () => {
    test.each([
        ["npm run plan -- --all-stacks --markdown plan.md", ["plan"]],
        ["npm ci && npm test", ["test"]],
        ["npm start", ["start"]],
        ["npm run-script bench:plan", ["bench:plan"]],
        ["npx jest", []],
    ])("%j calls %j", (line, names) => {
        expect(npmScriptsCalled(line)).toEqual(names);
    });

    test("the workflows test, then plan every stack on pull requests and each stack before its deployment", () => {
        const prRuns = expandedSteps(pr).map((s) => s.step.run).filter(Boolean);
        expect(prRuns).toEqual(expect.arrayContaining(["npm ci", "npm test", "npm run plan -- --all-stacks --base ${{ github.event.pull_request.base.sha }} --markdown plan.md --sarif plan.sarif"]));
        for (const stack of CHAIN) {
            expect(main.jobs[stack].steps.map((s) => s.run)).toContain(`npm run plan -- --stack ${stack}`);
        }
    });

    test("a step calling a script package.json lacks is reported with the scripts that exist", () => {
        const mutated = copy(pr);
        mutated.jobs.check.steps.push({ run: "npm run plann -- --all-stacks" });
        const problems = scriptProblems("pull-request.yml", mutated, repo);
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/^pull-request\.yml: jobs\.check\.steps\[\d+\]: "npm run plann": package\.json has no script "plann" \(it has: .*\bplan\b.*\)$/);
    });
});

describe("the change impact's base", () => {
    test("the pull-request plan compares with the pull request's base commit, on a full clone", () => {
        const plan = pr.jobs.check.steps.find((s) => s.id === "plan");
        expect(plan?.run).toContain("--base ${{ github.event.pull_request.base.sha }}");
        expect(baseHistoryProblems("pull-request.yml", pr)).toEqual([]);
    });

    test("a shallow checkout under a --base plan is reported with the fix", () => {
        const mutated = copy(pr);
        const checkout = mutated.jobs.check.steps.find((s) => s.uses?.startsWith("actions/checkout@"))!;
        delete checkout.with;
        expect(baseHistoryProblems("pull-request.yml", mutated)).toEqual(['pull-request.yml: jobs.check: runs the plan with --base on a shallow clone: give actions/checkout "fetch-depth: 0"']);
    });
});

describe("stacks and policy configs", () => {
    test("the preview matrix covers dev, staging and prod, each with its own policy config", () => {
        const previews = expandedSteps(pr).filter((s) => s.step.uses?.startsWith("pulumi/actions@"));
        expect(previews.map((s) => [s.step.with?.["stack-name"], s.step.with?.policyPackConfigs, s.step.with?.policyPacks])).toEqual([
            ["dev", "policy/config/dev.json", "policy"],
            ["staging", "policy/config/staging.json", "policy"],
            ["prod", "policy/config/prod.json", "policy"],
        ]);
    });

    test("a stack without a Pulumi.<stack>.yaml is reported", () => {
        const mutated = copy(main);
        mutated.jobs.prod.steps = mutated.jobs.prod.steps.map((s) => (s.run === "npm run plan -- --stack prod" ? { run: "npm run plan -- --stack production" } : s));
        expect(stackProblems("main.yml", mutated, repo)).toEqual([
            expect.stringMatching(/^main\.yml: jobs\.prod\.steps\[\d+\]: stack "production" has no Pulumi\.production\.yaml \(stacks: dev, prod, staging\)$/),
        ]);
    });

    test("a matrix value that is not a stack is reported once, for its combination", () => {
        const mutated = copy(pr);
        mutated.jobs.preview.strategy = { ...mutated.jobs.preview.strategy, matrix: { stack: ["dev", "qa"] } };
        expect(stackProblems("pull-request.yml", mutated, repo)).toEqual([
            expect.stringMatching(/^pull-request\.yml: jobs\.preview\.steps\[\d+\] \(matrix stack=qa\): stack "qa" has no Pulumi\.qa\.yaml/),
        ]);
    });

    test("a policy config of another stack, or one that does not exist, is reported", () => {
        const mutated = copy(main);
        const prodUp = mutated.jobs.prod.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
        if (prodUp?.with === undefined) throw new Error("main.yml: jobs.prod has no pulumi/actions step");
        prodUp.with.policyPackConfigs = "policy/config/dev.json";
        const stagingUp = mutated.jobs.staging.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
        if (stagingUp?.with === undefined) throw new Error("main.yml: jobs.staging has no pulumi/actions step");
        stagingUp.with.policyPackConfigs = "policy/config.staging.json";
        expect(policyConfigProblems("main.yml", mutated, repo)).toEqual([
            expect.stringMatching(/^main\.yml: jobs\.staging\.steps\[\d+\]: policy pack config "policy\/config\.staging\.json" does not exist$/),
            expect.stringMatching(/^main\.yml: jobs\.staging\.steps\[\d+\]: stack "staging" is checked with "policy\/config\.staging\.json", expected "policy\/config\/staging\.json"$/),
            expect.stringMatching(/^main\.yml: jobs\.prod\.steps\[\d+\]: stack "prod" is checked with "policy\/config\/dev\.json", expected "policy\/config\/prod\.json"$/),
        ]);
    });

    test("a pulumi command on a run line is read like the action's inputs", () => {
        const workflow = parseWorkflow("cli.yml", {
            on: "pull_request",
            jobs: { p: { steps: [{ run: "pulumi preview --stack prod --policy-pack policy --policy-pack-config policy/config/prod.json" }] } },
        });
        expect(policyConfigProblems("cli.yml", workflow, repo)).toEqual([]);
        const wrong = parseWorkflow("cli.yml", {
            on: "pull_request",
            jobs: { p: { steps: [{ run: "pulumi preview --stack prod --policy-pack policy --policy-pack-config policy/config/staging.json" }] } },
        });
        expect(policyConfigProblems("cli.yml", wrong, repo)).toEqual([
            'cli.yml: jobs.p.steps[0]: stack "prod" is checked with "policy/config/staging.json", expected "policy/config/prod.json"',
        ]);
    });
});

describe("the deployment chain", () => {
    test("main.yml deploys dev after the tests, then staging, then prod, each in its environment", () => {
        expect(chainProblems("main.yml", main, CHAIN)).toEqual([]);
        expect(main.jobs.dev.needs).toBe("test");
        expect(CHAIN.map((s) => main.jobs[s].environment)).toEqual(CHAIN);
    });

    test("prod not waiting for staging is reported", () => {
        const mutated = copy(main);
        mutated.jobs.prod.needs = "dev";
        expect(chainProblems("main.yml", mutated, CHAIN)).toEqual(['main.yml: jobs.prod.needs: prod must need "staging" (the staging deployment), has [dev]']);
    });

    test("a deployment without its environment, or one acting on another stack, is reported", () => {
        const mutated = copy(main);
        delete mutated.jobs.staging.environment;
        mutated.jobs.dev.steps = mutated.jobs.dev.steps.map((s) => (s.run === "npm run plan -- --stack dev" ? { run: "npm run plan -- --stack prod" } : s));
        expect(chainProblems("main.yml", mutated, CHAIN)).toEqual([
            "main.yml: jobs.dev: environment \"dev\" but steps act on stack(s) prod",
            'main.yml: jobs: expected one job with "environment: staging", found 0',
        ]);
    });

    test("a first deployment that does not wait for the tests is reported", () => {
        const mutated = copy(main);
        delete mutated.jobs.dev.needs;
        expect(chainProblems("main.yml", mutated, CHAIN)).toEqual(["main.yml: jobs.dev.needs: the first deployment (dev) must wait for the tests"]);
    });
});

describe("OIDC permissions", () => {
    test("every job that logs in to Azure grants id-token: write, and the others do not", () => {
        expect(oidcProblems("pull-request.yml", pr)).toEqual([]);
        expect(oidcProblems("main.yml", main)).toEqual([]);
        expect(pr.jobs.check.permissions).not.toHaveProperty("id-token");
        expect(main.jobs.test.permissions).toBeUndefined();
        expect(main.permissions).toEqual({ contents: "read" });
    });

    test("azure/login in a job without id-token: write is reported", () => {
        const mutated = copy(main);
        mutated.jobs.staging.permissions = { contents: "read" };
        expect(oidcProblems("main.yml", mutated)).toEqual(['main.yml: jobs.staging.permissions: uses azure/login but does not grant "id-token: write"']);
    });

    test("a workflow-level grant covers jobs that set no permissions of their own", () => {
        const mutated = copy(pr);
        delete mutated.jobs.preview.permissions;
        expect(oidcProblems("pull-request.yml", mutated)).toEqual(['pull-request.yml: jobs.preview.permissions: uses azure/login but does not grant "id-token: write"']);
        mutated.permissions = { contents: "read", "id-token": "write" };
        expect(oidcProblems("pull-request.yml", mutated)).toEqual([]);
    });
});

describe("pinned actions", () => {
    test.each([
        ["actions/checkout@v4.2.2", true],
        ["actions/checkout@v4", true],
        ["actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", true],
        ["github/codeql-action/init@v3.28.0", true],
        ["./.github/actions/setup", true],
        ["docker://alpine:3.20", true],
        ["actions/checkout@main", false],
        ["actions/checkout", false],
        ["actions/checkout@11bd719", false],
        ["docker://alpine:latest", false],
        ["docker://alpine", false],
    ])("%s pinned: %s", (uses, pinned) => {
        expect(isPinned(uses)).toBe(pinned);
    });

    test("an action on a branch is reported with its step", () => {
        const mutated = copy(pr);
        mutated.jobs.check.steps[0] = { uses: "actions/checkout@main" };
        expect(pinProblems("pull-request.yml", mutated)).toEqual([
            'pull-request.yml: jobs.check.steps[0].uses: "actions/checkout@main" is not pinned; use owner/repo@vX.Y.Z or a 40-hex commit',
        ]);
    });
});

describe("code scanning", () => {
    test("the plan's SARIF is uploaded with GitHub's code-scanning action, even when the plan fails, with the permission it needs", () => {
        const steps = pr.jobs.check.steps;
        const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
        expect(upload?.with).toEqual({ sarif_file: "plan.sarif", category: "aks-plan" });
        expect(upload?.if).toMatch(/always\(\)/);
        expect(pr.jobs.check.permissions).toMatchObject({ "security-events": "write" });
        const plan = steps.findIndex((s) => s.run?.includes("--sarif plan.sarif") === true);
        expect(plan).toBeGreaterThanOrEqual(0);
        expect(steps.indexOf(upload!)).toBeGreaterThan(plan);
    });
});

describe("the plan comment", () => {
    const steps = pr.jobs.check.steps;
    const plan = steps.findIndex((s) => s.id === "plan");
    const post = steps.findIndex((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@"));
    const fail = steps.findIndex((s) => s.if?.includes("steps.plan.outcome == 'failure'"));

    test("is posted even when the plan fails, and the job then fails", () => {
        expect(steps[plan]).toMatchObject({ "continue-on-error": true });
        expect(post).toBeGreaterThan(plan);
        expect(steps[post].if).toContain("always()");
        expect(steps[post].with).toMatchObject({ path: "plan.md" });
        // A fork's read-only token cannot comment; only then may the comment step fail.
        expect(steps[post]["continue-on-error"]).toBe("${{ github.event.pull_request.head.repo.full_name != github.repository }}");
        expect(fail).toBeGreaterThan(post);
        expect(steps[fail].run).toMatch(/exit 1\s*$/);
        expect(pr.jobs.check.permissions).toMatchObject({ "pull-requests": "write" });
    });

    test("previews run only when Azure OIDC is configured, and only for this repository's branches", () => {
        expect(pr.jobs.preview.if).toContain("vars.AZURE_CLIENT_ID != ''");
        expect(pr.jobs.preview.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
        expect(main.jobs.dev.if).toContain("vars.AZURE_CLIENT_ID != ''");
    });
});

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { jestModuleLoader } from "../helpers/pulumi-mocks";
import { diffStackConfig, formatConfigChange, promotionFromArgs, runPromote, SECRET_PLACEHOLDER, type ConfigChange } from "../../plan/promote";

const PROJECT_DIR = path.resolve(__dirname, "../..");
const made: string[] = [];

afterAll(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project folder holding copies of the real stack files and policy configs, stack files changed by `edit`. */
function projectWith(edit: (file: string, text: string) => string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promote-"));
    made.push(dir);
    for (const file of fs.readdirSync(PROJECT_DIR).filter((f) => /^Pulumi\..*yaml$/.test(f))) {
        fs.writeFileSync(path.join(dir, file), edit(file, fs.readFileSync(path.join(PROJECT_DIR, file), "utf8")));
    }
    fs.cpSync(path.join(PROJECT_DIR, "policy", "config"), path.join(dir, "policy", "config"), { recursive: true });
    return dir;
}

async function promote(args: string[], dir = PROJECT_DIR): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runPromote(args, dir, (l) => out.push(l), (l) => err.push(l), { loader: jestModuleLoader });
    return { code, out, err };
}

describe("diffStackConfig", () => {
    const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, ConfigChange[]]> = [
        ["identical configurations have no difference", { "a:x": { y: 1 } }, { "a:x": { y: 1 } }, []],
        ["a changed scalar is reported with both values", { "a:x": { y: 1 } }, { "a:x": { y: 2 } }, [{ kind: "changed", path: "a:x.y", from: "1", to: "2" }]],
        ["a key only the target has is added", { "a:x": {} }, { "a:x": { tier: "Standard" } }, [{ kind: "added", path: "a:x.tier", to: '"Standard"' }]],
        ["a key only the source has is removed", { "a:x": { z: [1, 2] } }, { "a:x": {} }, [{ kind: "removed", path: "a:x.z", from: "[ 1, 2 ]" }]],
        [
            "list items with names are matched by name, not position",
            { "a:pools": [{ name: "system", count: 2 }, { name: "general", count: 1 }] },
            { "a:pools": [{ name: "general", count: 3 }, { name: "system", count: 2 }] },
            [{ kind: "changed", path: "a:pools[name=general].count", from: "1", to: "3" }],
        ],
        ["unnamed list items are matched by position", { "a:zones": ["1"] }, { "a:zones": ["1", "2"] }, [{ kind: "added", path: "a:zones[1]", to: '"2"' }]],
        ["a secret in both stacks is not reported (each stack has its own key)", { "a:pw": { secure: "v1:AAA" } }, { "a:pw": { secure: "v1:BBB" } }, []],
        ["an added secret shows no value", {}, { "a:pw": { secure: "v1:BBB" } }, [{ kind: "added", path: "a:pw", to: SECRET_PLACEHOLDER }]],
        ["a secret replacing a plain value shows only the plain one", { "a:pw": "hunter2" }, { "a:pw": { secure: "v1:BBB" } }, [{ kind: "changed", path: "a:pw", from: '"hunter2"', to: SECRET_PLACEHOLDER }]],
        ["a secret inside an added mapping is masked", {}, { "a:db": { user: "app", password: { secure: "v1:CCC" } } }, [{ kind: "added", path: "a:db", to: `{ user: app, password: "${SECRET_PLACEHOLDER}" }` }]],
    ];
    test.each(cases)("%s", (_name, from, to, expected) => {
        expect(diffStackConfig(from, to)).toEqual(expected);
    });
});

describe("formatConfigChange", () => {
    test.each<[string, ConfigChange, string]>([
        ["an addition starts with +", { kind: "added", path: "a:x", to: "1" }, "+ a:x: 1"],
        ["a removal starts with -", { kind: "removed", path: "a:x", from: "1" }, "- a:x: 1"],
        ["a change shows old → new", { kind: "changed", path: "a:x", from: "1", to: "2" }, "~ a:x: 1 → 2"],
    ])("%s", (_name, change, expected) => {
        expect(formatConfigChange(change)).toBe(expected);
    });
});

describe("promotionFromArgs", () => {
    test.each([
        ["--from then --to", ["--from", "dev", "--to", "staging"]],
        ["--to then --from", ["--to", "staging", "--from", "dev"]],
        ["--from=dev --to=staging", ["--from=dev", "--to=staging"]],
    ])("reads %s", (_name, args) => {
        expect(promotionFromArgs(args)).toEqual({ from: "dev", to: "staging" });
    });

    test.each([
        ["the same stack twice", ["--from", "dev", "--to", "dev"], '--from and --to are both "dev": promotion goes from one stack to another'],
        ["a missing --to", ["--from", "dev"], "both --from and --to are required; run with --help for the options"],
        ["an unknown option", ["--from", "dev", "--stack", "prod"], "unknown option --stack; run with --help for the options"],
        ["an option without its value", ["--from", "--to", "prod"], "--from needs a value (--from STACK or --from=STACK); run with --help for the options"],
    ])("rejects %s", (_name, args, message) => {
        expect(() => promotionFromArgs(args)).toThrow(message);
    });
});

describe("runPromote", () => {
    test("dev → staging shows the configuration difference, plans staging and passes", async () => {
        const { code, out, err } = await promote(["--from", "dev", "--to", "staging"]);
        expect(err).toEqual([]);
        expect(code).toBe(0);
        expect(out[0]).toBe("Promoting dev → staging");
        expect(out).toContain('  ~ aks-platform:cluster.tier: "Free" → "Standard"');
        expect(out).toContain("  ~ aks-platform:nodePools[name=general].autoscaling.maxCount: 3 → 6");
        expect(out).toContain("Impact on staging: give --base REF (the commit staging runs now, e.g. its last deployment) or --base-file PATH to see what the promotion replaces and deletes.");
        // Staging's one advisory: its public API server (AKS-015 is advisory in staging, see docs/policies.md).
        expect(out.find((l) => l.startsWith("Plan of staging:"))).toMatch(/^Plan of staging: \d+ policies evaluated \(0 mandatory violations, 1 advisory\); 2 promised scenarios \(0 failing\)\.$/);
        expect(out[out.length - 1]).toBe("OK: the plan for staging passes; promote with `pulumi up --stack staging`.");
    });

    test("a target that violates a mandatory policy and breaks a promise is refused with every reason, secrets unprinted", async () => {
        // staging on the Free tier (its policy config requires the uptime SLA), its api at 40 replicas of 500m cpu
        // (more than the general pool holds at 6 nodes), and a secret of another namespace.
        const dir = projectWith((file, text) =>
            file === "Pulumi.staging.yaml"
                ? text
                      .replace("tier: Standard", "tier: Free")
                      .replace(/(- name: api[\s\S]*?replicas: )3/, "$140")
                      .replace(/(- name: api[\s\S]*?maxReplicas: )6/, "$140")
                      .replace("config:\n", "config:\n  shop:dbPassword:\n    secure: v1:c2VjcmV0LWNpcGhlcnRleHQ=\n")
                : text,
        );
        const { code, out, err } = await promote(["--from", "dev", "--to", "staging"], dir);
        expect(err).toEqual([]);
        expect(code).toBe(1);
        expect(out).toContain(`  + shop:dbPassword: ${SECRET_PLACEHOLDER}`);
        expect(out.join("\n")).not.toContain("c2VjcmV0");
        expect(out).toContain("  ~ aks-platform:workloads[name=api].replicas: 2 → 40");
        expect(out).toContain("REFUSED: staging would fail:");
        const reasons = out.slice(out.indexOf("REFUSED: staging would fail:") + 1);
        expect(reasons.some((l) => l.startsWith("  - stack staging: mandatory policy aks-paid-tier-for-sla"))).toBe(true);
        expect(reasons.some((l) => l.startsWith("  - stack staging: promised scenario max-size fails:") && l.includes("Deployment/shop/api"))).toBe(true);
    });

    test("with --base-file, the impact on the target comes before its plan, under the target's gates", async () => {
        // The deployed staging ran its general pool up to 4 nodes; the promoted commit says 6.
        const dir = projectWith((_file, text) => text);
        const deployed = path.join(dir, "deployed-staging.yaml");
        fs.writeFileSync(deployed, fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.staging.yaml"), "utf8").replace(/(- name: general[\s\S]*?maxCount: )6/, "$14"));
        const { code, out, err } = await promote(["--from", "dev", "--to", "staging", "--base-file", deployed], dir);
        expect(err).toEqual([]);
        expect(code).toBe(0);
        const at = out.findIndex((l) => l.startsWith("Impact on staging"));
        expect(out.slice(at, at + 3)).toEqual([
            `Impact on staging against ${deployed}: 0 to replace, 0 to delete, 1 to update, 0 to create, 41 unchanged`,
            "  ~  update  containerservice:AgentPool platform-pool-general-agentpool: maxCount",
            "",
        ]);
        expect(at).toBeLessThan(out.findIndex((l) => l.startsWith("Plan of staging:")));
    });

    test.each([
        ["an unknown stack", ["--from", "dev", "--to", "qa"], /^Pulumi\.qa\.yaml: no such stack file in .*existing stacks: dev, prod, staging$/],
        ["the same stack twice", ["--from", "prod", "--to", "prod"], /^--from and --to are both "prod"/],
        ["an unknown option", ["--stack", "prod"], /^unknown option --stack; run with --help/],
        ["a misspelt option", ["--form", "dev", "--to", "prod"], /^unknown option --form \(did you mean --from\?\)/],
    ])("%s is bad input: exit 2 and one line", async (_name, args, message) => {
        const { code, out, err } = await promote(args);
        expect(code).toBe(2);
        expect(out).toEqual([]);
        expect(err).toHaveLength(1);
        expect(err[0]).toMatch(message);
    });

    test.each([["--help"], ["-h"]])("%s prints the usage, the options, examples and exit codes, and exits 0", async (flag) => {
        const { code, out } = await promote([flag]);
        expect(code).toBe(0);
        expect(out.join("\n")).toMatch(/^Usage: npm run promote -- \[options\]\n[\s\S]*--from STACK[\s\S]*Examples:[\s\S]*Exit codes:\n {2}0 {2}[\s\S]* {2}3 {2}an internal error/);
    });

    test("--version prints the project's version", async () => {
        const { code, out } = await promote(["--version"]);
        expect(code).toBe(0);
        expect(out).toEqual([expect.stringMatching(/^aks-scheduling-platform \d+\.\d+\.\d+ \(promote, Node\.js v\d+/)]);
    });

    test("a stack file whose YAML aliases explode is bad input: exit 2 and one line, no stack trace", async () => {
        const bomb = ["config:", '  a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `  a${i + 1}: &a${i + 1} [*a${i},*a${i},*a${i},*a${i},*a${i},*a${i},*a${i},*a${i},*a${i},*a${i}]`), ""].join("\n");
        const dir = projectWith((file, text) => (file === "Pulumi.staging.yaml" ? bomb : text));
        const { code, out, err } = await promote(["--from", "dev", "--to", "staging"], dir);
        expect(code).toBe(2);
        expect(out).toEqual([]);
        expect(err).toHaveLength(1);
        expect(err[0]).toMatch(/^Pulumi\.staging\.yaml: its YAML aliases expand more than 100 times/);
    });

    test("an invalid target stack file is bad input, reported with the file and key", async () => {
        const dir = projectWith((file, text) => (file === "Pulumi.staging.yaml" ? text.replace("tier: Standard", "tier: Gold") : text));
        const { code, out, err } = await promote(["--from", "dev", "--to", "staging"], dir);
        expect(code).toBe(2);
        expect(out).toEqual([]);
        expect(err.join("\n")).toContain("Pulumi.staging.yaml: cluster.tier:");
    });
});

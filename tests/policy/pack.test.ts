import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { checkPackConfig } from "../../policy/config-file";
import { allPolicies, PACK_NAME, packArgs, policyGroups } from "../../policy/pack";

const root = path.resolve(__dirname, "../..");

describe("policy metadata", () => {
    test.each(allPolicies.map((p) => [p.name, p] as const))("%s is documented completely", (_name, p) => {
        expect(p.name).toMatch(/^(aks|k8s)-[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(p.doc.code).toMatch(/^(AKS|WL|SCH|DEP)-\d{3}$/);
        expect(p.displayName).toBe(`${p.doc.code}: ${p.doc.title}`);
        expect(p.description.startsWith("Checks that ")).toBe(true);
        expect(p.description.endsWith(".")).toBe(true);
        expect(["low", "medium", "high", "critical"]).toContain(p.severity);
        expect(p.remediationSteps?.length ?? 0).toBeGreaterThan(20);
        expect(p.url).toMatch(/^https:\/\/(learn\.microsoft\.com|kubernetes\.io|www\.pulumi\.com|github\.com\/pulumi)\//);
        expect(p.configSchema?.properties.enforcementLevel).toBeUndefined();
    });

    test("names and codes are unique across the pack", () => {
        const names = allPolicies.map((p) => p.name);
        const codes = allPolicies.map((p) => p.doc.code);
        expect(new Set(names).size).toBe(names.length);
        expect(new Set(codes).size).toBe(codes.length);
    });

    test("the pack serves every group's policies, advisory by default", () => {
        expect(PACK_NAME).toMatch(/^[a-zA-Z0-9-_.]{1,100}$/);
        expect(packArgs.enforcementLevel).toBe("advisory");
        expect(packArgs.policies.map((p) => p.name)).toEqual(Object.values(policyGroups).flat().map((p) => p.name));
    });

    test("every setting in a configSchema has a default the policy applies itself", () => {
        for (const p of allPolicies) {
            const props = p.configSchema?.properties ?? {};
            const defaults = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, (v as { default?: unknown }).default]));
            expect(Object.values(defaults).every((v) => v !== undefined)).toBe(true);
            if (Object.keys(props).length > 0) expect(p.parseSettings?.(defaults)).toEqual(p.parseSettings?.({}));
        }
    });
});

describe("environment configs", () => {
    test.each(["dev", "staging", "prod"])("policy/config/%s.json names only real policies, levels and settings", (env) => {
        const file = `policy/config/${env}.json`;
        const config = JSON.parse(fs.readFileSync(path.join(root, file), "utf8"));
        expect(checkPackConfig(config, file, allPolicies)).toEqual([]);
    });

    test("prod is mandatory across the board and dev mostly advisory", () => {
        const read = (env: string) => JSON.parse(fs.readFileSync(path.join(root, `policy/config/${env}.json`), "utf8"));
        expect(read("prod").all).toBe("mandatory");
        expect(read("dev").all).toBe("advisory");
    });

    test("a config with a typo, a bad level and a bad setting is rejected with the key named", () => {
        const config = {
            all: "strict",
            "aks-local-acounts-disabled": "mandatory",
            "k8s-replicas-floor": { enforcementLevel: "mandatory", minReplicas: 0, replicas: 3 },
        };
        expect(checkPackConfig(config, "x.json", allPolicies)).toEqual([
            'x.json: "all" must be one of advisory, mandatory, remediate, disabled, got "strict"',
            'x.json: "aks-local-acounts-disabled" is not a policy of the pack',
            'x.json: "k8s-replicas-floor".replicas is not a setting of the policy (settings: minReplicas)',
            'x.json: policy k8s-replicas-floor: setting "minReplicas" must be an integer of at least 1, got 0',
        ]);
    });
});

test("PulumiPolicy.yaml declares the nodejs runtime", () => {
    const project = parse(fs.readFileSync(path.join(root, "policy/PulumiPolicy.yaml"), "utf8"));
    expect(project.runtime).toBe("nodejs");
});

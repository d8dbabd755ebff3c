/** The pack run offline (`evaluatePackOffline`): levels and settings from a config file, as the CLI reads them. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluatePackOffline, PolicyConfigError } from "../../policy/offline";
import type { RegisteredResource } from "../../placement/types";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policy-offline-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function config(name: string, text: string): string {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return file;
}

const PRIVILEGED = "k8s-pss-no-privileged-containers";

function deployment(privileged: boolean): RegisteredResource {
    return {
        type: "kubernetes:apps/v1:Deployment",
        name: "web",
        urn: "urn:pulumi:dev::p::kubernetes:apps/v1:Deployment::web",
        inputs: {
            metadata: { name: "web", namespace: "shop" },
            spec: {
                replicas: 1,
                selector: { matchLabels: { app: "web" } },
                template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "x.azurecr.io/web:1", securityContext: { privileged } }] } },
            },
        },
    };
}

describe("evaluatePackOffline", () => {
    test("reports a violation at the level the config gives its policy, naming the resource", async () => {
        const result = await evaluatePackOffline([deployment(true)], config("mandatory.json", JSON.stringify({ [PRIVILEGED]: "mandatory" })));
        const found = result.violations.filter((v) => v.id === PRIVILEGED);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ enforcement: "mandatory", severity: expect.any(String), code: expect.stringMatching(/^WL-/), resource: deployment(true).urn });
        expect(result.violations[0].enforcement).toBe("mandatory");
    });

    test("reports nothing for that policy when the container is not privileged", async () => {
        const result = await evaluatePackOffline([deployment(false)], config("mandatory2.json", JSON.stringify({ [PRIVILEGED]: "mandatory" })));
        expect(result.violations.filter((v) => v.id === PRIVILEGED)).toEqual([]);
    });

    test("without a config file every policy runs at the pack's default, advisory", async () => {
        const result = await evaluatePackOffline([deployment(true)], undefined);
        expect(result.disabled).toEqual([]);
        expect(result.violations.find((v) => v.id === PRIVILEGED)?.enforcement).toBe("advisory");
    });

    test("\"all\" sets the level of every policy without an entry; a disabled policy is not run", async () => {
        const result = await evaluatePackOffline([deployment(true)], config("all.json", JSON.stringify({ all: "mandatory", [PRIVILEGED]: "disabled" })));
        expect(result.disabled).toEqual([PRIVILEGED]);
        expect(result.violations.some((v) => v.id === PRIVILEGED)).toBe(false);
        expect(result.violations.every((v) => v.enforcement === "mandatory")).toBe(true);
    });

    test.each([
        { name: "a missing file", file: () => path.join(tmp, "missing.json"), wanted: /missing\.json: cannot read the policy config \(ENOENT\)/ },
        { name: "invalid JSON", file: () => config("bad.json", "{ all: "), wanted: /bad\.json: not valid JSON/ },
        { name: "an unknown policy", file: () => config("typo.json", JSON.stringify({ "k8s-no-such-policy": "mandatory" })), wanted: /typo\.json: "k8s-no-such-policy" is not a policy of the pack/ },
        { name: "an unknown level", file: () => config("level.json", JSON.stringify({ all: "strict" })), wanted: /level\.json: "all" must be one of advisory, mandatory, remediate, disabled/ },
    ])("rejects $name, naming the file and key", async ({ file, wanted }) => {
        const attempt = evaluatePackOffline([deployment(true)], file());
        await expect(attempt).rejects.toThrow(PolicyConfigError);
        await expect(evaluatePackOffline([deployment(true)], file())).rejects.toThrow(wanted);
    });

    describe("exemptions: judged at the injected date, every one listed", () => {
        const exempt = (expires: string, resource = "Deployment/shop/web") =>
            config(`exempt-${expires}-${resource.replace(/\W/g, "")}.json`, JSON.stringify({ [PRIVILEGED]: { enforcementLevel: "mandatory", exemptions: [{ resource, reason: "GPU driver debugging, PLAT-9", expires }] } }));
        test("an active exemption silences the policy on that resource and is listed as active", async () => {
            const result = await evaluatePackOffline([deployment(true)], exempt("2027-06-30"), undefined, { today: "2027-06-30" });
            expect(result.violations.filter((v) => v.id === PRIVILEGED)).toEqual([]);
            expect(result.asOf).toBe("2027-06-30");
            expect(result.exemptions).toEqual([{ policy: PRIVILEGED, resource: "Deployment/shop/web", reason: "GPU driver debugging, PLAT-9", expires: "2027-06-30", status: "active", matches: deployment(true).urn }]);
        });
        test("the day after it expires, the exemption is a mandatory violation of its own, and the finding is back", async () => {
            const result = await evaluatePackOffline([deployment(true)], exempt("2027-06-30"), undefined, { today: "2027-07-01" });
            expect(result.violations.filter((v) => v.id === PRIVILEGED).map((v) => [v.enforcement, v.message])).toEqual([
                ["mandatory", 'Deployment "shop/web": container "web" must not set securityContext.privileged to true'],
                ["mandatory", 'the exemption for Deployment/shop/web expired on 2027-06-30 (reason given: "GPU driver debugging, PLAT-9"); fix the violations it covered, or renew it with a new expiry date'],
            ]);
            expect(result.exemptions.map((e) => e.status)).toEqual(["expired"]);
        });
        test("an exemption naming no resource of the stack is listed without a match", async () => {
            const result = await evaluatePackOffline([deployment(true)], exempt("2027-06-30", "Deployment/shop/gone"), undefined, { today: "2027-01-01" });
            expect(result.exemptions).toEqual([{ policy: PRIVILEGED, resource: "Deployment/shop/gone", reason: "GPU driver debugging, PLAT-9", expires: "2027-06-30", status: "active" }]);
        });
        test("an exemption without a reason is rejected with the policy and entry named", async () => {
            const file = config("no-reason.json", JSON.stringify({ [PRIVILEGED]: { exemptions: [{ resource: "web", reason: " ", expires: "2027-06-30" }] } }));
            await expect(evaluatePackOffline([deployment(true)], file)).rejects.toThrow('policy k8s-pss-no-privileged-containers: setting "exemptions[0].reason" must say why the violation is accepted, got " "');
        });
        test("an impossible expiry date is rejected", async () => {
            const file = config("bad-date.json", JSON.stringify({ [PRIVILEGED]: { exemptions: [{ resource: "web", reason: "x", expires: "2027-02-30" }] } }));
            await expect(evaluatePackOffline([deployment(true)], file)).rejects.toThrow('setting "exemptions[0].expires" must be the last day the exemption holds, YYYY-MM-DD, got "2027-02-30"');
        });
    });
});

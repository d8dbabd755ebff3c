import * as fs from "fs";
import * as path from "path";
import { equivalent, weaker, type PeerClaim } from "../../policy/common/coverage";
import type { PackPolicy } from "../../policy/common/define";
import { PEER_CHECKS, PEER_SOURCES } from "../../policy/coverage";
import { claimsInDocs, claimsOf, countsPerPeer, coverageProblems, renderCoverage, renderPolicyTables, sectionOf } from "../../policy/coverage/report";
import { allPolicies, policyGroups } from "../../policy/pack";

const docs = fs.readFileSync(path.resolve(__dirname, "../../docs/policies.md"), "utf8");

/** A copy of a policy with other claims. */
function claiming(policy: PackPolicy, covers: PeerClaim[]): PackPolicy {
    return { ...policy, doc: { ...policy.doc, covers } };
}

describe("coverage of the peers", () => {
    test("every claim names a catalogued check, every weaker claim says why, every counted check is covered or explained", () => {
        expect(coverageProblems(allPolicies)).toEqual([]);
    });

    test("the counts per peer leave nothing uncovered, and name the rule files read", () => {
        const counts = countsPerPeer(allPolicies);
        expect(counts.map((c) => c.peer)).toEqual(PEER_SOURCES.map((s) => s.peer));
        for (const c of counts) {
            expect(c.total).toBeGreaterThan(0);
            expect(c.uncovered).toBe(0);
            expect(c.covered + c.weaker + c.notApplicable).toBe(c.total);
            expect(c.files).toMatch(/^[\w-]+\/[\w-]+ /);
        }
        for (const check of PEER_CHECKS) expect(check.file.trim()).not.toBe("");
    });

    test("docs/policies.md carries the tables and the coverage generated from the policies (npm run coverage:policy -- --write)", () => {
        expect(sectionOf(docs, "policies")).toBe(renderPolicyTables(policyGroups));
        expect(sectionOf(docs, "coverage")).toBe(renderCoverage(allPolicies));
    });

    test("the claims listed in docs/policies.md are exactly the policies' claims, both ways", () => {
        const claimed = claimsOf(allPolicies).map((c) => `${c.policy} ${c.peer} ${c.check} ${c.relation}`).sort();
        expect(claimsInDocs(docs)).toEqual(claimed);
        const listed = new Set(claimsInDocs(docs));
        const weakerInDocs = [...listed].filter((c) => c.endsWith(" weaker"));
        for (const c of weakerInDocs) {
            const [policy, peer, check] = c.split(" ");
            const note = claimsOf(allPolicies).find((x) => x.policy === policy && x.peer === peer && x.check === check)?.note;
            expect(docs).toContain(note);
        }
    });

    test("a docs table with a claim the policy no longer makes, or missing one it makes, no longer matches", () => {
        const [first] = allPolicies;
        const extra = claiming(first, [...first.doc.covers, equivalent("kubeScore", "container-resources")]);
        const changed = [extra, ...allPolicies.slice(1)];
        expect(renderCoverage(changed)).not.toBe(sectionOf(docs, "coverage"));
        const rendered = claimsInDocs(`### Coverage by policy\n${renderCoverage(changed)}`);
        expect(rendered).toContain(`${first.name} kubeScore container-resources equivalent`);
        expect(claimsInDocs(docs)).not.toContain(`${first.name} kubeScore container-resources equivalent`);
    });

    test.each([
        ["a claim on a check no catalogue lists", [equivalent("checkov", "CKV_AZURE_99999")], /claims checkov CKV_AZURE_99999, which the peer catalogue/],
        ["a weaker claim without a note", [weaker("polaris", "runAsRootAllowed", " ")], /is weaker than polaris runAsRootAllowed without a note/],
        ["a claim made twice on one check", [equivalent("pss", "privileged"), equivalent("pss", "privileged")], /claims pss privileged twice/],
        ["a claim on a check marked not applicable", [equivalent("checkov", "CKV_AZURE_85")], /checkov CKV_AZURE_85 is claimed by .* and also marked not applicable/],
    ])("%s is a problem", (_name, covers, message) => {
        const [first] = allPolicies;
        expect(coverageProblems([claiming(first, covers), ...allPolicies.slice(1)]).join("\n")).toMatch(message);
    });

    test("a counted check nobody claims any more is reported uncovered, and counted so", () => {
        const withoutPrivileged = allPolicies.map((p) => claiming(p, p.doc.covers.filter((c) => !(c.peer === "pss" && c.check === "privileged"))));
        expect(coverageProblems(withoutPrivileged)).toEqual([expect.stringMatching(/^pss privileged \(.*\) is neither covered by a policy nor marked not applicable/)]);
        expect(countsPerPeer(withoutPrivileged).find((c) => c.peer === "pss")?.uncovered).toBe(1);
    });
});

/**
 * A plan run as SARIF 2.1.0 (`--sarif FILE`), for code scanning: GitHub's `upload-sarif` action (findings inline in
 * the pull request's diff), Azure DevOps, and the tools Checkov, Trivy and kube-linter users already read it with.
 * Every policy violation and every problem of a failed scenario is one result, on the line of the stack file's key
 * or the manifest document the report located it at. One run for the whole plan (GitHub accepts one run per tool
 * and category), each result naming its stack.
 *
 * With `--base`, every destructive change (a replacement or a deletion) and every update the API refuses is one
 * result too, on the stack-file entry that declares the resource.
 *
 * Levels: a mandatory violation and a promised scenario's problem are errors; an advisory or remediate violation is
 * a warning; a problem of a scenario the stack does not promise is a note. A change that fails the plan (a refused
 * gate, a protected resource, an update the API refuses) is an error, another destructive change a warning.
 * See https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html and
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import type { Log, ReportingDescriptor, Result } from "sarif";
import type { PackPolicy } from "../policy/common/define";
import { allPolicies, policyGroups } from "../policy/pack";
import { changeSubject, detailLines, shortType } from "../impact";
import type { ImpactChange, ImpactSection, PlanRun, PolicyResult, ScenarioPlan, SourceLocation } from "./report-types";
import { STDIN_NAME } from "./manifests";

/** The tool's name in code scanning. */
export const SARIF_TOOL = "aks-plan";

/** The SARIF 2.1.0 schema's address, as SARIF logs name it. */
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** Rule IDs of the scenarios: `scenario/<name>`. */
export const SCENARIO_RULE_PREFIX = "scenario/";

/** What each scenario rule checks (the report's own descriptions name the sizes of one stack). */
const SCENARIO_RULES: Readonly<Record<string, string>> = {
    "min-size": "Every workload's declared replicas fit the pools at their minimum size.",
    "max-size": "Every workload's replicas, autoscaled ones at their maximum, fit the pools at their maximum size.",
    "zone-loss": "Every workload keeps its declared replicas when any one availability zone is lost.",
    "upgrade-drain": "A node image or Kubernetes upgrade can drain every node: evicted pods find a node and no PodDisruptionBudget blocks it.",
    "spot-eviction": "No workload loses all its replicas when the spot pools are evicted.",
};

/** Rule IDs of the change impact: `impact/<what>`. */
export const IMPACT_RULE_PREFIX = "impact/";

/** What each impact rule reports (docs/change-impact.md). */
const IMPACT_RULES: Readonly<Record<string, string>> = {
    replace: "A resource is replaced: its cloud object is deleted and created again (delete-first or create-first), with what it costs the workloads.",
    delete: "A resource is deleted.",
    "update-refused": "A resource is updated in place on a property its API only sets at creation: the update fails in pulumi up.",
};

/** GitHub's numeric severity for security rules (`security-severity`), from the policy's severity. */
const SECURITY_SEVERITY: Readonly<Record<PackPolicy["doc"]["severity"], string>> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

/** Options of {@link formatSarif}. */
export interface SarifOptions {
    /** The project's version, as the tool's. */
    version: string;
    /**
     * The folder artifact URIs are made relative to (the repository's root, where code scanning resolves them).
     * Defaults to the working directory.
     */
    root?: string;
}

function policyRule(policy: PackPolicy, group: string): ReportingDescriptor {
    const security = group !== "scheduling-feasibility";
    return {
        id: policy.name,
        name: policy.doc.code,
        shortDescription: { text: `${policy.doc.code} ${policy.doc.title}` },
        fullDescription: { text: policy.doc.description },
        help: { text: `${policy.doc.description}\n\nRemediation: ${policy.doc.remediation}\n\nSee ${policy.doc.url}`, markdown: `${policy.doc.description}\n\n**Remediation:** ${policy.doc.remediation}\n\n[${policy.doc.url}](${policy.doc.url})` },
        helpUri: policy.doc.url,
        properties: { tags: [group, ...(security ? ["security"] : ["reliability"])], ...(security ? { "security-severity": SECURITY_SEVERITY[policy.doc.severity] } : {}), severity: policy.doc.severity },
    };
}

function impactRule(name: string): ReportingDescriptor {
    return {
        id: `${IMPACT_RULE_PREFIX}${name}`,
        name: `Change impact: ${name}`,
        shortDescription: { text: `Change impact: ${name}` },
        fullDescription: { text: IMPACT_RULES[name] },
        help: { text: `${IMPACT_RULES[name]} See docs/change-impact.md.` },
        properties: { tags: ["change-impact", "reliability"] },
    };
}

function scenarioRule(name: string): ReportingDescriptor {
    return {
        id: `${SCENARIO_RULE_PREFIX}${name}`,
        name: `Scenario ${name}`,
        shortDescription: { text: `Placement scenario ${name}` },
        fullDescription: { text: SCENARIO_RULES[name] ?? name },
        help: { text: `${SCENARIO_RULES[name] ?? name} See docs/placement.md.` },
        properties: { tags: ["placement", "reliability"] },
    };
}

/** A file's URI for code scanning: relative to the root with forward slashes, when inside it. */
function uriOf(file: string, root: string): string | undefined {
    if (file === STDIN_NAME) return undefined;
    const relative = path.relative(root, path.resolve(root, file));
    if (relative.startsWith("..") || path.isAbsolute(relative)) return `file://${path.resolve(root, file).split(path.sep).join("/")}`;
    return relative.split(path.sep).join("/");
}

function locationsOf(location: SourceLocation | undefined, root: string): Result["locations"] {
    if (location === undefined) return [];
    const uri = uriOf(location.file, root);
    const logical = location.key ?? (location.document === undefined ? undefined : `document ${location.document}${location.item === undefined ? "" : `, item ${location.item}`}`);
    if (uri === undefined) return logical === undefined ? [] : [{ logicalLocations: [{ fullyQualifiedName: `${location.file} ${logical}` }] }];
    return [
        {
            physicalLocation: { artifactLocation: { uri, ...(uri.startsWith("file://") ? {} : { uriBaseId: "%SRCROOT%" }) }, region: { startLine: location.line, startColumn: location.column } },
            ...(logical === undefined ? {} : { logicalLocations: [{ fullyQualifiedName: logical }] }),
        },
    ];
}

/** A fingerprint that survives the finding moving to another line: the rule, the stack and the message. */
function fingerprint(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32);
}

function policyResult(stack: string, v: PolicyResult, ruleIndex: number, root: string): Result {
    return {
        ruleId: v.id,
        ruleIndex,
        level: v.enforcement === "mandatory" ? "error" : "warning",
        message: { text: `${stack}: ${v.code} ${v.message}` },
        locations: locationsOf(v.location, root),
        partialFingerprints: { "aksPlanFinding/v1": fingerprint(v.id, stack, v.resource ?? "", v.message) },
        properties: { stack, enforcement: v.enforcement, severity: v.severity, ...(v.resource === undefined ? {} : { resource: v.resource }) },
    };
}

function scenarioResults(stack: string, s: ScenarioPlan, ruleIndex: number, root: string): Result[] {
    return s.findings.map((f) => ({
        ruleId: `${SCENARIO_RULE_PREFIX}${s.scenario}`,
        ruleIndex,
        level: s.promised ? "error" : "note",
        message: { text: `${stack}: ${s.scenario}${s.promised ? " (promised)" : ""}: ${f.problem}` },
        locations: locationsOf(f.location, root),
        partialFingerprints: { "aksPlanFinding/v1": fingerprint(s.scenario, stack, f.problem) },
        properties: { stack, scenario: s.scenario, promised: s.promised, cluster: s.cluster },
    }));
}

/** The rule a change reports under, or undefined when it reports none (a create, an accepted update, a same). */
function impactRuleOf(change: ImpactChange): string | undefined {
    if (change.action === "replace" || change.action === "delete") return change.action;
    return change.refusedPaths.length > 0 ? "update-refused" : undefined;
}

function impactResults(stack: string, impact: ImpactSection, ruleIndex: Map<string, number>, root: string): Result[] {
    const results: Result[] = [];
    for (const change of impact.changes) {
        const rule = impactRuleOf(change);
        // Changes that only follow another one (a cluster's pools and objects) are told by that one's result.
        if (rule === undefined || (change.causedBy !== undefined && !change.protectedFailure && change.refusedPaths.length === 0)) continue;
        const gated = impact.gates.filter((g) => g.urn === change.urn);
        const fails = change.protectedFailure || change.refusedPaths.length > 0 || gated.some((g) => g.verdict === "refused");
        const details = detailLines(change, impact.gates);
        results.push({
            ruleId: `${IMPACT_RULE_PREFIX}${rule}`,
            ruleIndex: ruleIndex.get(`${IMPACT_RULE_PREFIX}${rule}`) ?? -1,
            level: fails ? "error" : "warning",
            message: { text: `${stack}: ${change.action} ${changeSubject(change)}${details.length === 0 ? "" : ` — ${details.join("; ")}`}` },
            locations: locationsOf(change.location, root),
            partialFingerprints: { "aksPlanFinding/v1": fingerprint(rule, stack, change.urn, change.paths.join(",")) },
            properties: { stack, action: change.action, resource: change.urn, type: shortType(change.type), paths: change.paths, deleteFirst: change.deleteFirst, base: impact.base.label },
        });
    }
    return results;
}

/** The run as a SARIF log. */
export function formatSarif(run: PlanRun, options: SarifOptions): Log {
    const root = options.root ?? process.cwd();
    const groupOf = new Map<string, string>();
    for (const [group, policies] of Object.entries(policyGroups)) for (const p of policies) groupOf.set(p.name, group);
    const rules: ReportingDescriptor[] = [
        ...allPolicies.map((p) => policyRule(p, groupOf.get(p.name) ?? "policy")),
        ...Object.keys(SCENARIO_RULES).map(scenarioRule),
        ...Object.keys(IMPACT_RULES).map(impactRule),
    ];
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    const results: Result[] = [];
    for (const report of run.reports) {
        for (const v of report.policies.results) results.push(policyResult(report.stack, v, ruleIndex.get(v.id) ?? -1, root));
        for (const s of report.placement.scenarios) {
            if (!s.ok) results.push(...scenarioResults(report.stack, s, ruleIndex.get(`${SCENARIO_RULE_PREFIX}${s.scenario}`) ?? -1, root));
        }
        if (report.impact !== undefined) results.push(...impactResults(report.stack, report.impact, ruleIndex, root));
    }
    return {
        $schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [
            {
                tool: { driver: { name: SARIF_TOOL, semanticVersion: options.version, rules } },
                automationDetails: { id: `${SARIF_TOOL}/` },
                columnKind: "unicodeCodePoints",
                results: results.map((r) => (r.ruleIndex === -1 ? { ...r, ruleIndex: undefined } : r)),
                properties: { stacks: run.reports.map((r) => r.stack), exitCode: run.exit.code },
            },
        ],
    };
}

/**
 * Change impact's public surface: what a revision does to the resources another revision deployed, offline.
 * A layer of its own between `plan/` (which runs the two revisions and reports) and `placement/` (which it asks
 * what a replacement window costs). Pure: no Pulumi, no I/O. See docs/change-impact.md.
 */
export type * from "./types";
export { analyzeImpact, impactFailures, type AnalyzeImpactInput } from "./analyze";
export { compareResources, countActions } from "./compare";
export { matchResources, createUrn, parseUrn } from "./match";
export { evaluateGates } from "./gates";
export { withReplacementCosts, ROLLING_POOL_PATHS } from "./replacement-cost";
export { changeLine, changeSubject, detailLines, followers, followersLine, impactLines, listedChanges, shortType, summaryLine, ACTION_MARKS } from "./format";
export { FORCE_NEW_TABLES, tableFor, allRules } from "./force-new/table";
export { SOURCES, type Source, type SourceId } from "./force-new/sources";
export type { ForceNewRule, TypeTable, RuleEffect } from "./force-new/rule";

/**
 * The report's look: inline CSS (the file needs nothing else to be read) and the fills of the pool pictures.
 */
import { SYSTEM_SEGMENT } from "./pool-picture";

/** Fill of the requests of the pods AKS runs. */
export const SYSTEM_COLOR = "#9aa5b1";

/** Workload fills, in order of first appearance in a stack; told apart on screen and in grey print. */
export const WORKLOAD_COLORS: readonly string[] = ["#2b6cb0", "#dd6b20", "#2f855a", "#b83280", "#6b46c1", "#c05621", "#2c7a7b", "#975a16", "#c53030", "#4a5568"];

/** A colour per segment key: grey for the system pods, then the palette in order, wrapping around. */
export function colorScale(workloads: readonly string[]): (key: string) => string {
    const index = new Map(workloads.map((w, i) => [w, i]));
    return (key) => {
        if (key === SYSTEM_SEGMENT) return SYSTEM_COLOR;
        const i = index.get(key) ?? workloads.length;
        return WORKLOAD_COLORS[i % WORKLOAD_COLORS.length];
    };
}

/** The stylesheet. */
export const CSS = `
:root { color-scheme: light; --ok: #276749; --ok-bg: #e6f4ea; --bad: #9b2c2c; --bad-bg: #fde8e8; --warn: #975a16; --warn-bg: #fdf3d8; --line: #d9dee5; --muted: #5a6472; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1a202c; background: #f5f7fa; }
header.run { background: #1f2a44; color: #fff; padding: 18px 32px; }
header.run h1 { margin: 0 0 6px; font-size: 22px; }
header.run ul { list-style: none; margin: 0; padding: 0; display: flex; gap: 18px; flex-wrap: wrap; }
header.run a { color: #fff; }
main { padding: 8px 32px 32px; max-width: 1340px; }
section.stack { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 24px 20px; margin-top: 20px; }
h2 { font-size: 20px; margin: 12px 0 4px; }
h3 { font-size: 16px; margin: 22px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h4 { font-size: 14px; margin: 14px 0 4px; }
.meta { color: var(--muted); margin: 0 0 8px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge.ok { color: var(--ok); background: var(--ok-bg); }
.badge.fail { color: var(--bad); background: var(--bad-bg); }
.badge.warn { color: var(--warn); background: var(--warn-bg); }
.badge.info { color: var(--muted); background: #edf0f4; }
.verdicts { display: flex; gap: 8px; flex-wrap: wrap; margin: 6px 0; }
ul.reasons { margin: 4px 0; padding-left: 20px; color: var(--bad); }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { background: #f0f3f7; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
td ul { margin: 0; padding-left: 16px; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
figure.pool { margin: 10px 0 16px; }
figure.pool figcaption { font-weight: 600; margin-bottom: 4px; }
svg.pool-picture { display: block; max-width: 100%; height: auto; }
svg .track { fill: #f0f3f7; stroke: #8a94a3; stroke-width: 1; }
svg .segment { stroke: #fff; stroke-width: 0.5; }
svg text { font: 12px -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #1a202c; }
svg .group-title { font-weight: 600; }
svg .bar-text { fill: var(--muted); }
svg .bar-text.over { fill: var(--bad); font-weight: 600; }
td.name { white-space: nowrap; }
div.table { overflow-x: auto; }
td code { overflow-wrap: anywhere; }
ul.legend { list-style: none; padding: 0; margin: 4px 0 0; display: flex; gap: 14px; flex-wrap: wrap; font-size: 12px; }
ul.legend li { display: flex; align-items: center; gap: 5px; }
ul.legend i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; }
details { margin: 6px 0; }
summary { cursor: pointer; color: var(--muted); }
ul.tree { margin: 2px 0; padding-left: 18px; font-size: 12px; }
`;

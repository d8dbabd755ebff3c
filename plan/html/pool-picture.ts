/**
 * The picture of one pool (inline SVG): per size (minimum, maximum) and per resource, one bar as long as the
 * pool's whole allocatable, filled left to right with the requests of the pods AKS runs (kube-system,
 * DaemonSets) and then of each workload placed on the pool, so a reader sees what each workload takes and what
 * is left. Pure: a report's `PoolLoad`s in, markup out.
 */
import type { PoolLoad } from "../report-types";
import { amountOf, humanAmount } from "./amounts";
import { escapeHtml } from "./escape";

/** The resources drawn for every pool. */
export const DRAWN_RESOURCES: readonly string[] = ["cpu", "memory"];

/** Drawn too when the report gives the pool an allocatable amount of them at some size. */
export const OPTIONAL_RESOURCES: readonly string[] = ["pods", "nvidia.com/gpu"];

/** Key of the segment holding the requests of the pods AKS runs (kube-system, DaemonSets). */
export const SYSTEM_SEGMENT = "system";

/** One filled stretch of a bar. */
export interface BarSegment {
    /** `system`, or the workload (`Kind/namespace/name`). */
    key: string;
    /** The requests it stands for, in the engine's units. */
    amount: number;
    /** Left edge and width, in the track's units (the track runs from 0 to its width). */
    x: number;
    width: number;
}

/** One resource's bar. */
export interface Bar {
    resource: string;
    /** The pool's whole allocatable for the resource (0 when the pool has no node at that size). */
    allocatable: number;
    /** What the segments add up to. */
    requested: number;
    segments: BarSegment[];
}

/**
 * The bar of `resource` for a pool load, scaled so that the pool's allocatable fills `trackWidth` (or, should
 * the requests exceed it, so that the requests do). Segments with no request are left out.
 */
export function poolBar(load: PoolLoad, resource: string, trackWidth: number): Bar {
    const allocatable = amountOf(load.allocatable, resource);
    const parts: Array<{ key: string; amount: number }> = [
        { key: SYSTEM_SEGMENT, amount: amountOf(load.system, resource) },
        ...load.workloads.map((w) => ({ key: w.workload, amount: amountOf(w.requests, resource) })),
    ].filter((p) => p.amount > 0);
    const requested = parts.reduce((sum, p) => sum + p.amount, 0);
    const scale = Math.max(allocatable, requested);
    let x = 0;
    const segments = parts.map((p) => {
        const width = scale === 0 ? 0 : (p.amount / scale) * trackWidth;
        const segment = { key: p.key, amount: p.amount, x, width };
        x += width;
        return segment;
    });
    return { resource, allocatable, requested, segments };
}

/** The resources drawn for a pool: cpu and memory, then pods and GPUs when some size of the pool has them allocatable. */
export function drawnResources(loads: readonly PoolLoad[]): string[] {
    return [...DRAWN_RESOURCES, ...OPTIONAL_RESOURCES.filter((r) => loads.some((l) => amountOf(l.allocatable, r) > 0))];
}

/** Layout of the picture, in SVG user units. */
const LABEL_WIDTH = 120;
const TRACK_WIDTH = 520;
const TEXT_WIDTH = 260;
const BAR_HEIGHT = 18;
const ROW_GAP = 8;
const TITLE_HEIGHT = 24;
const GROUP_GAP = 14;
/** Width of the whole picture. */
export const PICTURE_WIDTH = LABEL_WIDTH + TRACK_WIDTH + TEXT_WIDTH;

function percent(part: number, whole: number): string {
    return whole === 0 ? "" : ` (${Math.round((part / whole) * 100)}%)`;
}

function barRow(bar: Bar, y: number, colorOf: (key: string) => string): string {
    const lines = [`<text x="0" y="${y + 13}" class="bar-label">${escapeHtml(bar.resource)}</text>`];
    lines.push(`<rect x="${LABEL_WIDTH}" y="${y}" width="${TRACK_WIDTH}" height="${BAR_HEIGHT}" class="track"/>`);
    for (const s of bar.segments) {
        const title = `${s.key}: ${humanAmount(bar.resource, s.amount)}${percent(s.amount, bar.allocatable)}`;
        lines.push(
            `<rect x="${(LABEL_WIDTH + s.x).toFixed(1)}" y="${y}" width="${s.width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${colorOf(s.key)}" class="segment"><title>${escapeHtml(title)}</title></rect>`,
        );
    }
    const over = bar.requested > bar.allocatable;
    const summary =
        bar.allocatable === 0
            ? bar.requested === 0
                ? "none allocatable"
                : `${humanAmount(bar.resource, bar.requested)} requested, none allocatable`
            : `${humanAmount(bar.resource, bar.requested)} of ${humanAmount(bar.resource, bar.allocatable)}${percent(bar.requested, bar.allocatable)}${over ? ", over" : ""}`;
    lines.push(`<text x="${LABEL_WIDTH + TRACK_WIDTH + 10}" y="${y + 13}" class="bar-text${over ? " over" : ""}">${escapeHtml(summary)}</text>`);
    return lines.join("");
}

/**
 * The SVG of one pool: a titled group per load (minimum size, then maximum size), a bar per resource in each.
 * `colorOf` gives each segment key its fill, so a workload keeps its colour across pools and sizes.
 */
export function poolPictureSvg(loads: readonly PoolLoad[], colorOf: (key: string) => string): string {
    const resources = drawnResources(loads);
    const ordered = [...loads].sort((a, b) => (a.size === b.size ? 0 : a.size === "min" ? -1 : 1));
    const groups: string[] = [];
    let y = 0;
    for (const load of ordered) {
        const empty = load.nodes === 0 && load.workloads.length === 0;
        const title = `${load.size === "min" ? "Minimum" : "Maximum"} size: ${load.nodes} node${load.nodes === 1 ? "" : "s"}${empty ? " (nothing allocatable, nothing placed)" : ""}`;
        groups.push(`<text x="0" y="${y + 16}" class="group-title">${escapeHtml(title)}</text>`);
        y += TITLE_HEIGHT;
        // A pool scaled to zero has nothing to draw: its title says so, and the picture stays short.
        if (empty) {
            y += GROUP_GAP;
            continue;
        }
        for (const resource of resources) {
            groups.push(barRow(poolBar(load, resource, TRACK_WIDTH), y, colorOf));
            y += BAR_HEIGHT + ROW_GAP;
        }
        y += GROUP_GAP;
    }
    const height = Math.max(y - GROUP_GAP, 1);
    const label = `Pool ${ordered[0]?.pool ?? ""}: allocatable against requests at minimum and maximum size`;
    return `<svg xmlns="http://www.w3.org/2000/svg" class="pool-picture" width="${PICTURE_WIDTH}" height="${height}" viewBox="0 0 ${PICTURE_WIDTH} ${height}" role="img" aria-label="${escapeHtml(label)}">${groups.join("")}</svg>`;
}

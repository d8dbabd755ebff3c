/**
 * What a list of CIDR ranges admits, computed rather than read from the text: the ranges are merged into
 * intervals of IPv4 addresses, so `["0.0.0.0/1", "128.0.0.0/1"]` is seen to admit every address as
 * `0.0.0.0/0` does. Parsing is `config/rules/ipv4.ts`'s (a bare address is a /32).
 */
import { parseIpv4Cidr } from "../../config/rules/ipv4";

/** Number of IPv4 addresses. */
export const IPV4_ADDRESSES = 2 ** 32;

/** The ranges as intervals [start, end) merged; entries that are not IPv4 CIDR ranges are returned apart. */
export function mergeRanges(ranges: readonly string[]): { intervals: [number, number][]; invalid: string[] } {
    const invalid: string[] = [];
    const raw: [number, number][] = [];
    for (const text of ranges) {
        const range = parseIpv4Cidr(text.trim());
        if (range === undefined) invalid.push(text);
        else raw.push([range.network, range.network + 2 ** (32 - range.prefix)]);
    }
    raw.sort((a, b) => a[0] - b[0]);
    const intervals: [number, number][] = [];
    for (const [start, end] of raw) {
        const last = intervals[intervals.length - 1];
        if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
        else intervals.push([start, end]);
    }
    return { intervals, invalid };
}

/** How many addresses the ranges admit together. */
export function admittedAddresses(ranges: readonly string[]): number {
    return mergeRanges(ranges).intervals.reduce((sum, [start, end]) => sum + (end - start), 0);
}

/** IPv4 addresses and CIDR ranges, as the AKS network settings and API server authorized ranges use them. */

/** An IPv4 range: its first address as a 32-bit number and its prefix length. */
export interface Ipv4Range {
    /** Network address (host bits cleared) as an unsigned 32-bit number. */
    network: number;
    /** Prefix length, 0–32. */
    prefix: number;
}

/** Parses a dotted IPv4 address into an unsigned 32-bit number; undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
    const parts = text.split(".");
    if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255)) {
        return undefined;
    }
    return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** Parses `a.b.c.d/n` (a bare address counts as `/32`); undefined when it is not a valid IPv4 range. */
export function parseIpv4Cidr(text: string): Ipv4Range | undefined {
    const [address, prefixText, ...rest] = text.split("/");
    if (rest.length > 0 || (prefixText !== undefined && !/^(0|[1-9][0-9]?)$/.test(prefixText))) {
        return undefined;
    }
    const ip = parseIpv4(address);
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    if (ip === undefined || prefix > 32) {
        return undefined;
    }
    const size = 2 ** (32 - prefix);
    return { network: ip - (ip % size), prefix };
}

/** Whether the address lies inside the range. */
export function rangeContains(range: Ipv4Range, address: number): boolean {
    return address >= range.network && address < range.network + 2 ** (32 - range.prefix);
}

/** Whether two ranges share at least one address. */
export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
    return rangeContains(a, b.network) || rangeContains(b, a.network);
}

/** Number of IPv4 addresses. */
export const IPV4_ADDRESSES = 2 ** 32;

/**
 * What a list of CIDR ranges admits together, computed rather than read from the text: the ranges merge into
 * intervals [start, end) of addresses, so `["0.0.0.0/1", "128.0.0.0/1"]` admits every address as `0.0.0.0/0` does.
 * Entries that are not IPv4 ranges are returned apart.
 */
export function mergeIpv4Ranges(ranges: readonly string[]): { intervals: [number, number][]; invalid: string[] } {
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

/** How many IPv4 addresses the ranges admit together (invalid entries admit none). */
export function admittedIpv4Addresses(ranges: readonly string[]): number {
    return mergeIpv4Ranges(ranges).intervals.reduce((sum, [start, end]) => sum + (end - start), 0);
}

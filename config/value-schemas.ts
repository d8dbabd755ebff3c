/** Small value schemas (zod v4) shared by the stack-file schemas: IPv4 addresses and CIDR ranges. */
import { z } from "zod";
import { parseIpv4, parseIpv4Cidr } from "./rules/ipv4";

/** An IPv4 CIDR range such as `10.240.0.0/16` (a bare address counts as /32). */
export const cidr = z.string().refine((s) => parseIpv4Cidr(s) !== undefined, {
    error: (iss) => `${JSON.stringify(iss.input)} is not an IPv4 CIDR range such as "203.0.113.0/24"`,
});

/** An IPv4 address such as `10.0.0.10`. */
export const ipv4 = z.string().refine((s) => parseIpv4(s) !== undefined, {
    error: (iss) => `${JSON.stringify(iss.input)} is not an IPv4 address such as "10.0.0.10"`,
});

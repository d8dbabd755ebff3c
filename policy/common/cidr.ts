/**
 * What a list of CIDR ranges admits, computed rather than read from the text (the arithmetic is
 * `config/rules/ipv4.ts`'s, which the stack files' own rules use too).
 */
export { IPV4_ADDRESSES, admittedIpv4Addresses as admittedAddresses, mergeIpv4Ranges as mergeRanges } from "../../config/rules/ipv4";

/**
 * Quantities as the html report shows and measures them: one number per resource in the engine's units
 * (millicores for cpu, bytes for memory, counts otherwise) and a short human text (`3.5 cores`, `12.3 GiB`).
 */
import { amountFor, parseQuantity } from "../../scheduling/model/quantity";
import type { Quantities } from "../report-types";

/** The amount of `resource` in `quantities`, in the engine's units; 0 when the resource is absent. */
export function amountOf(quantities: Quantities, resource: string): number {
    const text = quantities[resource];
    return text === undefined ? 0 : amountFor(resource, parseQuantity(text));
}

const GIB = 2 ** 30;

function trimmed(value: number): string {
    return Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1).replace(/\.?0+$/, "");
}

/** An engine amount for people: cpu in cores, byte resources in GiB, anything else as a count. */
export function humanAmount(resource: string, amount: number): string {
    if (resource === "cpu") return `${trimmed(amount / 1000)} cores`;
    if (resource === "memory" || resource === "ephemeral-storage") return `${trimmed(amount / GIB)} GiB`;
    return trimmed(amount);
}

/** Quantities as `cpu 2, memory 8Gi` (as written, in the order given). */
export function quantitiesText(quantities: Quantities): string {
    return Object.entries(quantities)
        .map(([name, value]) => `${name} ${value}`)
        .join(", ");
}

/** Quantities for people, as `["cpu 8.32 cores", "memory 26.9 GiB"]` (in the order given). */
export function humanQuantities(quantities: Quantities): string[] {
    return Object.keys(quantities).map((name) => `${name} ${humanAmount(name, amountOf(quantities, name))}`);
}

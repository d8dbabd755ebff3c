/** Renders a {@link StackPoolReport} for a terminal: one table of pools, then any kube-system pod left Pending. */
import type { StackPoolReport } from "./pool-report";
import { amountFor, parseQuantity } from "../scheduling/model/quantity";

function table(rows: string[][]): string {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()).join("\n");
}

/** Memory in GiB with one decimal, rounded down (never promising more than there is); other values as they are. */
function readable(name: string, value: string): string {
    if (name !== "memory") return value;
    const bytes = amountFor(name, parseQuantity(value));
    return `${(Math.floor((bytes / 2 ** 30) * 10) / 10).toFixed(1)}Gi`;
}

function resources(list: Record<string, string>): string {
    return Object.entries(list)
        .map(([name, value]) => `${name === "nvidia.com/gpu" ? "gpu" : name} ${readable(name, value)}`)
        .join(", ");
}

/** The report as text. */
export function formatStackPoolReport(report: StackPoolReport): string {
    const header = ["pool", "mode", "vm size", "nodes", "zones", "allocatable per node", "free in the pool at min size, after kube-system"];
    const rows = report.pools.map((p) => [
        p.spot ? `${p.name} (spot)` : p.name,
        p.mode,
        p.vmSize,
        p.minNodes === p.maxNodes ? String(p.minNodes) : `${p.minNodes}–${p.maxNodes}`,
        p.zones.length === 0 ? "regional" : p.zones.join(","),
        resources(p.allocatablePerNode),
        p.nodesAtMin === 0 ? "(no nodes at min)" : resources(p.freeAtMin),
    ]);
    const lines = [
        `Stack ${report.stack}: ${report.location}, Kubernetes ${report.kubernetesVersion}, ${report.pools.length} node pools`,
        "",
        table([header, ...rows]),
        "",
    ];
    if (report.unschedulableSystemPods.length === 0) {
        lines.push("kube-system: every pod AKS runs finds a node at the pools' minimum size.");
    } else {
        lines.push(`kube-system: ${report.unschedulableSystemPods.length} pod(s) AKS runs find no node at the pools' minimum size:`);
        for (const p of report.unschedulableSystemPods) lines.push(`  ${p.pod}: ${p.message ?? ""}`);
    }
    return lines.join("\n");
}

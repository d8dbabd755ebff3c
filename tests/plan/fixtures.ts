/** Small hand-made plan reports for the renderers' tests (no program run). */
import type { PlanReport, PolicyResult, ScenarioPlan } from "../../plan/report-types";

/** A scenario verdict on the cluster `aks`. */
export function scenario(name: ScenarioPlan["scenario"], ok: boolean, promised: boolean, problems: string[] = []): ScenarioPlan {
    const location = { file: "Pulumi.dev.yaml", line: 1, column: 1 };
    return { scenario: name, description: `${name} scenario`, ok, workloads: [], pools: [], problems, cluster: "aks", promised, findings: problems.map((problem) => ({ problem, location })) };
}

/** An advisory or mandatory violation. */
export function violation(enforcement: PolicyResult["enforcement"], message: string): PolicyResult {
    return { id: "k8s-container-probes-set", code: "WL-002", name: "Probes set", severity: "medium", enforcement, message };
}

/** A one-pool stack report; `change` edits the copy. */
export function planReport(stack: string, change: (r: PlanReport) => void = () => undefined): PlanReport {
    const report: PlanReport = {
        stack,
        file: `Pulumi.${stack}.yaml`,
        location: "westeurope",
        kubernetesVersion: "1.33",
        manifests: [],
        skipped: [],
        resources: { total: 2, byType: { "azure-native:containerservice:ManagedCluster": 1, "aks-platform:index:AksCluster": 1 }, tree: [] },
        pools: [
            {
                cluster: "aks",
                name: "system",
                mode: "System",
                vmSize: "Standard_D2ds_v5",
                zones: ["westeurope-1"],
                spot: false,
                minNodes: 2,
                maxNodes: 2,
                allocatablePerNode: { cpu: "1900m", memory: "5852120Ki", pods: "250" },
                labels: {},
                taints: [],
            },
        ],
        poolLoads: [],
        placement: {
            promised: ["max-size"],
            workloads: [{ cluster: "aks", workload: "Deployment/shop/web", source: "program", podRequests: { cpu: "250m" }, replicas: 2, placed: 2, byPool: { system: { "westeurope-1": 2 } }, reasons: [] }],
            pools: [],
            scenarios: [scenario("max-size", true, true)],
        },
        policies: { evaluated: 1, disabled: [], results: [] },
        exit: { code: 0, reasons: [] },
    };
    change(report);
    return report;
}

/**
 * AKS cluster policies that need more than the cluster's own properties: resources that attach to it (its
 * diagnostic settings, maintenance configurations and Fleet membership) are separate Azure resources, so these are
 * stack policies that join each ManagedCluster with the resources referring to it (by input dependency, or by the
 * cluster's ID or name written out). See https://learn.microsoft.com/azure/aks/monitor-aks
 */
import type { PolicyResource } from "@pulumi/policy";
import { equivalent, stricter } from "../common/coverage";
import { stackPolicy, type PackPolicy, type StackFinding } from "../common/define";
import { asArray, asString, at, enumIn } from "../common/read";
import { stringListSetting } from "../common/settings";
import { refersTo } from "../deployability/graph";
import { isKind } from "../resource-types/resource-kinds";
import { MANAGED_CLUSTER } from "./subjects";

const DIAGNOSTIC_SETTING = "azure-native:monitor:DiagnosticSetting";
const MAINTENANCE_CONFIGURATION = "azure-native:containerservice:MaintenanceConfiguration";
const FLEET_MEMBER = "azure-native:containerservice:FleetMember";

function ofKind(resources: readonly PolicyResource[], canonical: string): PolicyResource[] {
    return resources.filter((r) => isKind(r.type, canonical));
}

function clusterLabel(cluster: PolicyResource): string {
    return `ManagedCluster "${asString(at(cluster.props, "resourceName")) ?? cluster.name}"`;
}

/** Whether a resource names the cluster in `property`: by input dependency, ID, or (for `resourceName`) the cluster's name. */
function attachedTo(resource: PolicyResource, property: string, cluster: PolicyResource): boolean {
    if (refersTo(resource, property, cluster)) return true;
    const value = asString(at(resource.props, property));
    const name = asString(at(cluster.props, "resourceName"));
    return value !== undefined && name !== undefined && value.toLowerCase() === name.toLowerCase();
}

const AUDIT_CATEGORIES = ["kube-audit", "kube-audit-admin"];

/** AKS-033: diagnostic settings send the audit log to a workspace. */
export const diagnosticSettings = stackPolicy<readonly string[]>({
    doc: {
        name: "aks-diagnostic-settings",
        code: "AKS-033",
        title: "Control-plane logs sent to a workspace",
        severity: "medium",
        description:
            "Checks that every AKS cluster has a diagnostic setting sending the Kubernetes audit log (kube-audit or kube-audit-admin) and the other configured categories (setting requiredCategories, default kube-apiserver) to a Log Analytics workspace.",
        remediation: "Keep cluster.monitoring.diagnostics on (the program creates a Microsoft.Insights diagnostic setting on the cluster with kube-audit-admin, kube-apiserver, kube-controller-manager, cluster-autoscaler and guard to the cluster's workspace).",
        url: "https://learn.microsoft.com/azure/aks/monitor-aks-reference#resource-logs",
        covers: [stricter("azurePolicy", "AuditDiagnosticLog_Audit")],
    },
    configSchema: { properties: { requiredCategories: { type: "array", items: { type: "string" }, default: ["kube-apiserver"] } } },
    settings: (raw, name) => stringListSetting(raw, name, "requiredCategories", ["kube-apiserver"]),
    check: (resources, required, ledger) => {
        const settings = ofKind(resources, DIAGNOSTIC_SETTING);
        const findings: StackFinding[] = [];
        for (const cluster of ofKind(resources, MANAGED_CLUSTER)) {
            ledger.guard(() => {
                const mine = settings.filter((d) => attachedTo(d, "resourceUri", cluster) && (asString(at(d.props, "workspaceId")) ?? "") !== "");
                const enabled = new Set(
                    mine.flatMap((d) =>
                        (asArray(at(d.props, "logs")) ?? [])
                            .filter((l) => at(l, "enabled") === true)
                            .flatMap((l) => {
                                const group = asString(at(l, "categoryGroup"));
                                if (group !== undefined && enumIn(group, ["allLogs"])) return [...AUDIT_CATEGORIES, ...required];
                                if (group !== undefined && enumIn(group, ["audit"])) return AUDIT_CATEGORIES;
                                return [asString(at(l, "category"))?.toLowerCase() ?? ""];
                            }),
                    ),
                );
                const missing = [...(AUDIT_CATEGORIES.some((c) => enabled.has(c)) ? [] : ["kube-audit or kube-audit-admin"]), ...required.filter((c) => !enabled.has(c.toLowerCase()))];
                if (mine.length === 0) {
                    findings.push({ urn: cluster.urn, message: `${clusterLabel(cluster)}: no diagnostic setting sends its control-plane logs to a Log Analytics workspace (need ${missing.join(", ")})` });
                } else if (missing.length > 0) {
                    findings.push({ urn: cluster.urn, message: `${clusterLabel(cluster)}: its diagnostic settings do not enable ${missing.join(", ")}` });
                }
            });
        }
        return findings;
    },
});

/** AKS-034: maintenance windows for the upgrade channels. */
export const maintenanceWindows = stackPolicy({
    doc: {
        name: "aks-maintenance-windows",
        code: "AKS-034",
        title: "Planned maintenance windows for automatic upgrades",
        severity: "low",
        description:
            "Checks that every AKS cluster with an automatic upgrade channel has the matching planned maintenance configuration (aksManagedAutoUpgradeSchedule for the cluster channel, aksManagedNodeOSUpgradeSchedule for the node OS channel), so that upgrades drain nodes in a chosen window.",
        remediation: "Keep cluster.upgrades.clusterWindow and nodeOsWindow (the program creates both maintenance configurations).",
        url: "https://learn.microsoft.com/azure/aks/planned-maintenance",
        covers: [equivalent("azurePolicy", "AKS_Maintenance_DINE")],
    },
    check: (resources, _settings, ledger) => {
        const configs = ofKind(resources, MAINTENANCE_CONFIGURATION);
        const findings: StackFinding[] = [];
        for (const cluster of ofKind(resources, MANAGED_CLUSTER)) {
            ledger.guard(() => {
                const names = new Set(configs.filter((c) => attachedTo(c, "resourceName", cluster)).map((c) => asString(at(c.props, "configName")) ?? ""));
                const channel = at(cluster.props, "autoUpgradeProfile", "upgradeChannel");
                const osChannel = at(cluster.props, "autoUpgradeProfile", "nodeOSUpgradeChannel");
                if (channel !== undefined && !enumIn(channel, ["none"]) && !names.has("aksManagedAutoUpgradeSchedule")) {
                    findings.push({ urn: cluster.urn, message: `${clusterLabel(cluster)}: upgrade channel ${String(channel)} has no aksManagedAutoUpgradeSchedule maintenance configuration, so upgrades may start at any time` });
                }
                if (enumIn(osChannel, ["NodeImage", "SecurityPatch"]) && !names.has("aksManagedNodeOSUpgradeSchedule")) {
                    findings.push({ urn: cluster.urn, message: `${clusterLabel(cluster)}: node OS channel ${String(osChannel)} has no aksManagedNodeOSUpgradeSchedule maintenance configuration, so node images roll at any time` });
                }
            });
        }
        return findings;
    },
});

/** AKS-035: the cluster is a Fleet member. */
export const fleetMember = stackPolicy({
    doc: {
        name: "aks-fleet-member",
        code: "AKS-035",
        title: "Cluster is a Kubernetes Fleet Manager member",
        severity: "low",
        description: "Checks that every AKS cluster joins an Azure Kubernetes Fleet Manager (a FleetMember whose clusterResourceId is the cluster), so that version and node image updates roll out across environments in stages.",
        remediation: "Set cluster.fleet to the fleet's ID and the cluster's update group (the program registers the FleetMember).",
        url: "https://learn.microsoft.com/azure/kubernetes-fleet/update-orchestration",
        covers: [equivalent("azurePolicy", "AKS_Detect_Non_Fleet_Manager_Member_Audit")],
    },
    check: (resources, _settings, ledger) => {
        const members = ofKind(resources, FLEET_MEMBER);
        const findings: StackFinding[] = [];
        for (const cluster of ofKind(resources, MANAGED_CLUSTER)) {
            ledger.guard(() => {
                if (!members.some((m) => attachedTo(m, "clusterResourceId", cluster))) {
                    findings.push({ urn: cluster.urn, message: `${clusterLabel(cluster)}: no FleetMember joins it to a Kubernetes Fleet Manager` });
                }
            });
        }
        return findings;
    },
});

/** The cluster policies that read the stack, in code order. */
export const clusterStackPolicies: readonly PackPolicy[] = [diagnosticSettings, maintenanceWindows, fleetMember];

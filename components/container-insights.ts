/**
 * The data collection rule (DCR) and its association that Container Insights with managed-identity auth
 * (`omsagent` `useAADAuth: "true"`) collects by: without them the agent runs and collects nothing.
 * See https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-enable.
 *
 * The rule is the AKS baseline's (mspnp/aks-baseline `workload-team/cluster-stamp.bicep`, `dcrContainerInsights`
 * and `dcraContainerInsights`): the ContainerInsights extension's streams to the workspace, every minute,
 * ContainerLogV2, kube-system and gatekeeper-system left out. The baseline's syslog stream is left out (Defender
 * and the node OS channel cover the nodes; syslog is billed per GB).
 */
import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";

/** The Container Insights streams the rule sends to the workspace. */
export const CONTAINER_INSIGHTS_STREAMS: readonly string[] = [
    "Microsoft-ContainerLogV2",
    "Microsoft-KubeEvents",
    "Microsoft-KubePodInventory",
    "Microsoft-KubeNodeInventory",
    "Microsoft-KubePVInventory",
    "Microsoft-KubeServices",
    "Microsoft-KubeMonAgentEvents",
    "Microsoft-InsightsMetrics",
    "Microsoft-ContainerInventory",
    "Microsoft-ContainerNodeInventory",
    "Microsoft-Perf",
];

/** What {@link createContainerInsights} needs. */
export interface ContainerInsightsArgs {
    clusterName: string;
    clusterId: pulumi.Input<string>;
    workspaceId: pulumi.Input<string>;
    resourceGroupName: pulumi.Input<string>;
    location: string;
    tags: Record<string, string>;
}

/** The rule's properties (pure): data sources, destination and flow to one workspace. */
export function containerInsightsRule(workspaceId: pulumi.Input<string>) {
    const destination = "workspace";
    return {
        kind: "Linux",
        dataSources: {
            extensions: [
                {
                    name: "ContainerInsightsExtension",
                    extensionName: "ContainerInsights",
                    streams: [...CONTAINER_INSIGHTS_STREAMS],
                    extensionSettings: {
                        dataCollectionSettings: { interval: "1m", namespaceFilteringMode: "Exclude", namespaces: ["kube-system", "gatekeeper-system"], enableContainerLogV2: true },
                    },
                },
            ],
        },
        destinations: { logAnalytics: [{ name: destination, workspaceResourceId: workspaceId }] },
        dataFlows: [{ streams: [...CONTAINER_INSIGHTS_STREAMS], destinations: [destination] }],
    };
}

/** Creates `${name}-insights-dcr` and its association with the cluster, `${name}-insights-dcra`. */
export function createContainerInsights(name: string, args: ContainerInsightsArgs, parent: pulumi.Resource): { rule: monitor.DataCollectionRule; association: monitor.DataCollectionRuleAssociation } {
    const ruleName = `MSCI-${args.location}-${args.clusterName}`;
    const rule = new monitor.DataCollectionRule(
        `${name}-insights-dcr`,
        { resourceGroupName: args.resourceGroupName, location: args.location, dataCollectionRuleName: ruleName, ...containerInsightsRule(args.workspaceId), tags: args.tags },
        { parent },
    );
    const association = new monitor.DataCollectionRuleAssociation(
        `${name}-insights-dcra`,
        { resourceUri: args.clusterId, associationName: ruleName, dataCollectionRuleId: rule.id, description: "Container Insights of the cluster." },
        { parent },
    );
    return { rule, association };
}

/**
 * A small stack as the mock recorder registers it: one AKS cluster (a tainted System pool and an autoscaled
 * `apps` pool over three zones), the PriorityClass its pods name, a Deployment `shop/web` spread over zones, and
 * its PodDisruptionBudget.
 * Every scheduling policy accepts it; each test changes one thing (`mutate`) and asserts the exact violation.
 */
import { goodCluster, goodDeployment, goodPriorityClass } from "../fixtures";
import { type StackEntry } from "../harness";

export const CLUSTER_TYPE = "azure-native:containerservice:ManagedCluster";
export const AGENT_POOL_TYPE = "azure-native:containerservice:AgentPool";
export const DEPLOYMENT_TYPE = "kubernetes:apps/v1:Deployment";
export const PDB_TYPE = "kubernetes:policy/v1:PodDisruptionBudget";
export const PRIORITY_CLASS_TYPE = "kubernetes:scheduling.k8s.io/v1:PriorityClass";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The ManagedCluster `aks` with its System pool and the `apps` pool inline. */
export function schedulingCluster(): Props {
    const cluster = goodCluster() as Props;
    cluster.resourceName = "aks";
    cluster.location = "westeurope";
    cluster.agentPoolProfiles[1] = { ...cluster.agentPoolProfiles[1], enableAutoScaling: true, minCount: 3, maxCount: 6, maxSurge: "1" };
    return cluster;
}

/** The Deployment `shop/web`: 3 replicas of 250m CPU and 256Mi, spread over zones (DoNotSchedule). */
export function webDeployment(): Props {
    return goodDeployment() as Props;
}

/** The PodDisruptionBudget `shop/web`: maxUnavailable 1 over app=web. */
export function webBudget(): Props {
    return { metadata: { name: "web", namespace: "shop" }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } } };
}

/** The stack's resources, in registration order. */
export function schedulingStack(change?: { cluster?: (c: Props) => void; web?: (d: Props) => void; budget?: (b: Props) => void }): StackEntry[] {
    const cluster = schedulingCluster();
    const web = webDeployment();
    const budget = webBudget();
    change?.cluster?.(cluster);
    change?.web?.(web);
    change?.budget?.(budget);
    return [
        { type: CLUSTER_TYPE, name: "aks", props: cluster },
        { type: PRIORITY_CLASS_TYPE, name: "business-critical", props: goodPriorityClass() },
        { type: DEPLOYMENT_TYPE, name: "web", props: web },
        { type: PDB_TYPE, name: "web-pdb", props: budget },
    ];
}

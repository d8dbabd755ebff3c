/**
 * The platform model from a stack's resolved configuration: the pools as the spec declares them and the
 * Kubernetes objects the `Workload` component would register, from the same pure translator
 * (`workloadManifests`). Pure; the resource-based model (`from-resources.ts`) must agree with it.
 */
import type { PlatformSpec } from "../config/platform-spec";
import { workloadManifests } from "../components/workload-manifests";
import { devicePluginManifest, devicePluginPools } from "../components/device-plugin";
import { priorityClassManifest } from "../components/priority-class-manifest";
import type { PlatformModel } from "./types";

/** Namespaces the program does not create: they exist in every cluster. */
const BUILT_IN_NAMESPACES: readonly string[] = ["default", "kube-system"];

/**
 * The model of one stack: the System pool then the other pools, the cluster facts of the node model, and per
 * workload its controller, Service (kube-scheduler's default spreading reads it), PodDisruptionBudget and
 * HorizontalPodAutoscaler, preceded by a Namespace for each namespace the program creates and the stack's
 * PriorityClasses, followed by the NVIDIA device plugin's DaemonSet when a pool sets `gpuDevicePlugin`.
 *
 * @throws Error naming the workload when it names a pool the cluster does not have (from `workloadManifests`).
 */
export function platformModelFromSpec(spec: PlatformSpec): PlatformModel {
    const { cluster } = spec;
    const { network, addons } = cluster;
    const pools = [cluster.systemPool, ...cluster.nodePools];
    const namespaces = [...new Set(spec.workloads.map((w) => w.namespace))].filter((n) => !BUILT_IN_NAMESPACES.includes(n));
    const objects: object[] = namespaces.map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } }));
    // The PriorityClasses the program registers: the engine resolves the pods' priorityClassName against them.
    objects.push(...spec.priorityClasses.map(priorityClassManifest));
    for (const workload of spec.workloads) {
        const manifests = workloadManifests(workload, pools);
        objects.push(manifests.workload);
        if (manifests.service !== undefined) objects.push(manifests.service);
        if (manifests.podDisruptionBudget !== undefined) objects.push(manifests.podDisruptionBudget);
        if (manifests.horizontalPodAutoscaler !== undefined) objects.push(manifests.horizontalPodAutoscaler);
    }
    // The program deploys the NVIDIA device plugin on GPU pools (components/device-plugin.ts): its pods are placed too.
    if (devicePluginPools(pools).length > 0) objects.push(devicePluginManifest(pools));
    return {
        clusterName: cluster.name,
        cluster: {
            location: spec.location,
            kubernetesVersion: cluster.kubernetesVersion,
            network: { plugin: network.plugin, ...(network.pluginMode === undefined ? {} : { pluginMode: network.pluginMode }), dataplane: network.dataplane, policy: network.policy },
            addons: { monitoring: addons.monitoring, azurePolicy: addons.azurePolicy, keyVaultSecretsProvider: addons.keyVaultSecretsProvider, workloadIdentity: addons.workloadIdentity },
        },
        pools,
        objects,
    };
}

/**
 * The NVIDIA device plugin: the DaemonSet that makes GPU nodes advertise `nvidia.com/gpu`. AKS installs the
 * drivers on GPU node images, not the plugin ("you need to install the device plugin",
 * https://learn.microsoft.com/azure/aks/use-nvidia-gpu#nvidia-device-plugin-installation); without it GPU pods
 * never schedule. The manifest is the one that page gives, with the image pinned on Microsoft's registry (the
 * registry policies allow it), scheduled only on the pools that set `gpuDevicePlugin`, tolerating exactly their
 * taints, in kube-system (where `system-node-critical` pods may run and AKS's own privileged DaemonSets live).
 */
import * as pulumi from "@pulumi/pulumi";
import { DaemonSet, type DaemonSetArgs } from "@pulumi/kubernetes/apps/v1";
import type { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import type { NodePoolSpec } from "../scheduling/aks/node-pool-spec";
import type { V1DaemonSet } from "../scheduling/model/types";
import { AGENT_POOL_LABEL, tolerationsFor, type Rendered } from "./workload-manifests";

/**
 * The plugin's image, pinned: NVIDIA's k8s-device-plugin as Microsoft mirrors it on MCR (the tag used in AKS
 * guidance and mirrored under `mcr.microsoft.com/oss/nvidia/k8s-device-plugin`). Override with the
 * component's `image` argument to move to a newer mirrored tag.
 */
export const NVIDIA_DEVICE_PLUGIN_IMAGE = "mcr.microsoft.com/oss/nvidia/k8s-device-plugin:v0.14.1";
/** Namespace and name of the DaemonSet. */
export const DEVICE_PLUGIN_NAMESPACE = "kube-system";
export const DEVICE_PLUGIN_NAME = "nvidia-device-plugin";
/** Where kubelet listens for device plugins. */
export const DEVICE_PLUGIN_PATH = "/var/lib/kubelet/device-plugins";

/** The pools the plugin runs on: those that promise `nvidia.com/gpu` (`gpuDevicePlugin: true`). */
export function devicePluginPools(pools: readonly NodePoolSpec[]): NodePoolSpec[] {
    return pools.filter((p) => p.gpuDevicePlugin);
}

/**
 * The DaemonSet (pure). Throws when no pool sets `gpuDevicePlugin`: there would be nowhere to run it.
 *
 * @param pools - every pool of the cluster; the GPU ones are picked.
 * @param image - defaults to {@link NVIDIA_DEVICE_PLUGIN_IMAGE}.
 */
export function devicePluginManifest(pools: readonly NodePoolSpec[], image = NVIDIA_DEVICE_PLUGIN_IMAGE): Rendered<V1DaemonSet, "DaemonSet"> {
    const gpuPools = devicePluginPools(pools);
    if (gpuPools.length === 0) throw new Error("the NVIDIA device plugin needs a pool with gpuDevicePlugin: true; none has it");
    const labels = { "app.kubernetes.io/name": DEVICE_PLUGIN_NAME };
    return {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: DEVICE_PLUGIN_NAME, namespace: DEVICE_PLUGIN_NAMESPACE, labels: { ...labels } },
        spec: {
            selector: { matchLabels: { ...labels } },
            updateStrategy: { type: "RollingUpdate" },
            template: {
                metadata: { labels: { ...labels } },
                spec: {
                    affinity: {
                        nodeAffinity: {
                            requiredDuringSchedulingIgnoredDuringExecution: {
                                nodeSelectorTerms: [{ matchExpressions: [{ key: AGENT_POOL_LABEL, operator: "In", values: gpuPools.map((p) => p.name) }] }],
                            },
                        },
                    },
                    tolerations: tolerationsFor(gpuPools),
                    priorityClassName: "system-node-critical",
                    containers: [
                        {
                            name: "nvidia-device-plugin-ctr",
                            image,
                            env: [{ name: "FAIL_ON_INIT_ERROR", value: "false" }],
                            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                            volumeMounts: [{ name: "device-plugin", mountPath: DEVICE_PLUGIN_PATH }],
                        },
                    ],
                    volumes: [{ name: "device-plugin", hostPath: { path: DEVICE_PLUGIN_PATH } }],
                },
            },
        },
    };
}

/** What {@link createDevicePlugin} needs. */
export interface DevicePluginArgs {
    pools: readonly NodePoolSpec[];
    provider: KubernetesProvider;
    /** Resources to wait for: the GPU pools' agent pools. */
    dependsOn: pulumi.Resource[];
    /** Defaults to {@link NVIDIA_DEVICE_PLUGIN_IMAGE}. */
    image?: string;
}

/** Registers the DaemonSet as `${name}`, or nothing when no pool sets `gpuDevicePlugin`. */
export function createDevicePlugin(name: string, args: DevicePluginArgs, opts: pulumi.CustomResourceOptions = {}): DaemonSet | undefined {
    if (devicePluginPools(args.pools).length === 0) return undefined;
    const manifest = devicePluginManifest(args.pools, args.image);
    return new DaemonSet(name, manifest as unknown as DaemonSetArgs, { ...opts, provider: args.provider, dependsOn: args.dependsOn });
}

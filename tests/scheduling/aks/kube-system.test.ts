import type { ClusterNodeContext } from "../../../scheduling/aks/node-pool-spec";
import { daemonSetRequestsPerNode, kubeSystemWorkloads } from "../../../scheduling/aks/kube-system";
import { buildPoolNodes } from "../../../scheduling/aks/node-model";
import { nodeSelectorTermsMatch } from "../../../scheduling/model/node-selector";
import { amountFor, parseQuantity } from "../../../scheduling/model/quantity";
import { findUntoleratedTaint } from "../../../scheduling/model/taints";
import type { V1DaemonSet, V1Deployment } from "../../../scheduling/model/types";
import { cluster, pool } from "./fixtures";

const names = (objects: Array<V1DaemonSet | V1Deployment>): (string | undefined)[] => objects.map((o) => o.metadata?.name);
const allAddons = { monitoring: true, azurePolicy: true, keyVaultSecretsProvider: true, workloadIdentity: true };
const kubenet: ClusterNodeContext["network"] = { plugin: "kubenet", dataplane: "azure", policy: "none" };

describe("kubeSystemWorkloads: which DaemonSets run", () => {
    test("Cilium dataplane: the cilium agent runs and kube-proxy does not", () => {
        const { daemonSets } = kubeSystemWorkloads(cluster());
        expect(names(daemonSets)).toContain("cilium");
        expect(names(daemonSets)).not.toContain("kube-proxy");
    });

    test("Azure dataplane: kube-proxy runs and cilium does not", () => {
        const { daemonSets } = kubeSystemWorkloads(cluster({ network: { plugin: "azure", dataplane: "azure", policy: "none" } }));
        expect(names(daemonSets)).toContain("kube-proxy");
        expect(names(daemonSets)).not.toContain("cilium");
    });

    test("azure-cns runs with Azure CNI, not with kubenet", () => {
        expect(names(kubeSystemWorkloads(cluster()).daemonSets)).toContain("azure-cns");
        expect(names(kubeSystemWorkloads(cluster({ network: kubenet })).daemonSets)).not.toContain("azure-cns");
    });

    test("azure-npm runs only with the azure network policy", () => {
        expect(names(kubeSystemWorkloads(cluster({ network: { plugin: "azure", dataplane: "azure", policy: "azure" } })).daemonSets)).toContain("azure-npm");
        expect(names(kubeSystemWorkloads(cluster()).daemonSets)).not.toContain("azure-npm");
    });

    test("ama-logs and the Key Vault CSI driver + provider run only with their add-ons on", () => {
        const on = names(kubeSystemWorkloads(cluster({ addons: allAddons })).daemonSets);
        const off = names(kubeSystemWorkloads(cluster()).daemonSets);
        for (const name of ["ama-logs", "aks-secrets-store-csi-driver", "aks-secrets-store-provider-azure"]) {
            expect(on).toContain(name);
            expect(off).not.toContain(name);
        }
    });

    test("the always-on DaemonSets run in a bare kubenet cluster, Linux and Windows", () => {
        expect(names(kubeSystemWorkloads(cluster({ network: kubenet })).daemonSets)).toEqual([
            "kube-proxy",
            "azure-ip-masq-agent",
            "cloud-node-manager",
            "csi-azuredisk-node",
            "csi-azurefile-node",
            "cloud-node-manager-windows",
            "csi-azuredisk-node-win",
            "csi-azurefile-node-win",
        ]);
    });
});

describe("kubeSystemWorkloads: which Deployments run", () => {
    test("with every add-on off: coredns ×2, coredns-autoscaler, metrics-server ×2, konnectivity-agent ×2", () => {
        const { deployments } = kubeSystemWorkloads(cluster());
        expect(deployments.map((d) => [d.metadata?.name, d.spec?.replicas])).toEqual([
            ["coredns", 2],
            ["coredns-autoscaler", 1],
            ["metrics-server", 2],
            ["konnectivity-agent", 2],
        ]);
    });

    test("with every add-on on: Azure Policy (gatekeeper ×2), ama-logs-rs and the workload identity webhook ×2 are added", () => {
        const { deployments } = kubeSystemWorkloads(cluster({ addons: allAddons }));
        const replicas = Object.fromEntries(deployments.map((d) => [d.metadata?.name, d.spec?.replicas]));
        expect(replicas).toMatchObject({ "azure-policy": 1, "azure-policy-webhook": 1, "gatekeeper-controller": 2, "gatekeeper-audit": 1, "ama-logs-rs": 1, "azure-wi-webhook-controller-manager": 2 });
    });

    test("metrics-server grows with the cluster: 10 nodes → 150 + 0.5×10 = 155m, 100 + 4×10 = 140Mi", () => {
        const metrics = kubeSystemWorkloads(cluster(), { nodeCount: 10 }).deployments.find((d) => d.metadata?.name === "metrics-server");
        expect(metrics?.spec?.template.spec?.containers[0].resources?.requests).toEqual({ cpu: "155m", memory: "140Mi" });
    });

    test("metrics-server keeps its base requests without a node count", () => {
        const metrics = kubeSystemWorkloads(cluster()).deployments.find((d) => d.metadata?.name === "metrics-server");
        expect(metrics?.spec?.template.spec?.containers[0].resources?.requests).toEqual({ cpu: "150m", memory: "100Mi" });
    });

    test("a negative node count is rejected", () => {
        expect(() => kubeSystemWorkloads(cluster(), { nodeCount: -1 })).toThrow("kubeSystemWorkloads: options.nodeCount must be a whole number ≥ 0, got -1");
    });
});

describe("kubeSystemWorkloads: placement rules", () => {
    const { daemonSets, deployments } = kubeSystemWorkloads(cluster({ addons: allAddons }));

    test("every DaemonSet tolerates everything and is system-node-critical", () => {
        for (const ds of daemonSets) {
            expect(ds.spec?.template.spec?.tolerations).toEqual([{ operator: "Exists" }]);
            expect(ds.spec?.template.spec).toMatchObject({ priorityClassName: "system-node-critical", priority: 2000001000 });
        }
    });

    test("every Deployment tolerates CriticalAddonsOnly, prefers mode=system and is system-cluster-critical", () => {
        for (const d of deployments) {
            const spec = d.spec?.template.spec;
            expect(spec?.tolerations).toEqual([{ key: "CriticalAddonsOnly", operator: "Exists" }]);
            expect(spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution).toEqual([
                { weight: 100, preference: { matchExpressions: [{ key: "kubernetes.azure.com/mode", operator: "In", values: ["system"] }] } },
            ]);
            expect(spec).toMatchObject({ priorityClassName: "system-cluster-critical", priority: 2000000000 });
        }
    });

    test("selectors match the pod template labels", () => {
        for (const w of [...daemonSets, ...deployments]) {
            expect(w.spec?.template.metadata?.labels).toEqual(w.spec?.selector.matchLabels);
            expect(w.metadata?.namespace).toBe("kube-system");
        }
    });
});

describe("the engine's own readers accept the node model's objects", () => {
    const spotNode = buildPoolNodes(pool({ name: "spot1", spot: { evictionPolicy: "Delete", maxPrice: -1 }, taints: [{ key: "sku", value: "gpu", effect: "NoExecute" }] }), cluster(), { count: 1 })[0];
    const windowsNode = buildPoolNodes(pool({ name: "win1", osType: "Windows", osSku: "Windows2022" }), cluster(), { count: 1 })[0];
    const { daemonSets, deployments } = kubeSystemWorkloads(cluster({ addons: allAddons }));
    const required = (w: V1DaemonSet | V1Deployment) => w.spec?.template.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    const linuxDaemonSets = daemonSets.filter((ds) => !ds.metadata?.name?.includes("win"));

    test("a Linux DaemonSet tolerates a tainted spot node and its OS affinity matches it", () => {
        for (const ds of linuxDaemonSets) {
            expect(findUntoleratedTaint(spotNode.spec?.taints, ds.spec?.template.spec?.tolerations)).toBeUndefined();
            expect(nodeSelectorTermsMatch(required(ds), spotNode)).toBe(true);
        }
    });

    test("a Linux DaemonSet's OS affinity does not match a Windows node", () => {
        for (const ds of linuxDaemonSets) expect(nodeSelectorTermsMatch(required(ds), windowsNode)).toBe(false);
    });

    test("a Deployment does not tolerate the spot taint (system add-ons stay off spot pools)", () => {
        for (const d of deployments) expect(findUntoleratedTaint(spotNode.spec?.taints, d.spec?.template.spec?.tolerations)).toBeDefined();
    });

    test("allocatable quantities parse exactly: 3860m → 3860, 15335344Ki → 15335344×1024 bytes", () => {
        const allocatable = spotNode.status?.allocatable ?? {};
        expect(amountFor("cpu", parseQuantity(allocatable.cpu))).toBe(3860);
        expect(amountFor("memory", parseQuantity(allocatable.memory))).toBe(15335344 * 1024);
        expect(amountFor("pods", parseQuantity(allocatable.pods))).toBe(30);
    });
});

describe("daemonSetRequestsPerNode", () => {
    test.each([
        [
            "bare kubenet Linux: kube-proxy 100/64 + ip-masq 100/50 + cnm 50/50 + disk 30/60 + file 30/60 = 310m, 284Mi, 5 pods",
            cluster({ network: kubenet }),
            pool(),
            { cpu: "310m", memory: "284Mi", pods: "5" },
        ],
        [
            "overlay Cilium, monitoring + Key Vault, Linux: cilium 100/128 + cns 40/250 + ip-masq 100/50 + cnm 50/50 + disk 30/60 + file 30/60 + ama-logs 150/550 + csi 70/140 + provider 50/100 = 620m, 1388Mi, 9 pods",
            cluster({ addons: { ...allAddons, azurePolicy: false, workloadIdentity: false } }),
            pool(),
            { cpu: "620m", memory: "1388Mi", pods: "9" },
        ],
        [
            "Azure CNI + monitoring, Windows: cns-win 40/250 + cnm-win 50/50 + disk-win 30/60 + file-win 30/60 + ama-logs-windows 500/700 = 650m, 1120Mi, 5 pods",
            cluster({ addons: { monitoring: true, azurePolicy: false, keyVaultSecretsProvider: false, workloadIdentity: false } }),
            pool({ name: "win1", osType: "Windows", osSku: "Windows2022" }),
            { cpu: "650m", memory: "1120Mi", pods: "5" },
        ],
    ])("%s", (_name, c, p, expected) => {
        expect(daemonSetRequestsPerNode(c, p)).toEqual(expected);
    });

    test("a Windows node counts only the Windows DaemonSets: kubenet → cnm-win 50/50 + disk-win 30/60 + file-win 30/60 = 110m, 170Mi, 3 pods", () => {
        expect(daemonSetRequestsPerNode(cluster({ network: kubenet }), pool({ osType: "Windows", osSku: "Windows2022" }))).toEqual({ cpu: "110m", memory: "170Mi", pods: "3" });
    });
});

/** clusterRuleViolations and clusterRuleWarnings: each cluster-wide rule, accepted and rejected (exact message). */
import { clusterRuleViolations, clusterRuleWarnings } from "../../../config/rules/cluster-rules";
import type { ClusterSpec } from "../../../config/platform-spec";
import { validCluster, validPool } from "../fixtures";

type Change = (cluster: ClusterSpec) => void;
const changed = (change: Change): ClusterSpec => {
    const cluster = validCluster();
    change(cluster);
    return cluster;
};
const poolsUpTo = (n: number) => Array.from({ length: n }, (_, i) => validPool({ name: `pool${i}`, autoscaling: { minCount: 0, maxCount: 1000 }, count: 0 }));

describe("clusterRuleViolations accepts", () => {
    test.each<[string, Change]>([
        ["the minimal cluster", () => undefined],
        ["an extra System pool among the node pools", (c) => { c.nodePools.push(validPool({ name: "system2", mode: "System" })); }],
        ["workload identity off without OIDC", (c) => { c.oidcIssuer = false; c.addons.workloadIdentity = false; }],
        ["Entra ID off with local accounts and Kubernetes RBAC", (c) => { c.entraId = { enabled: false, azureRbac: false, adminGroupObjectIds: [], deployerRole: "none" }; c.disableLocalAccounts = false; }],
        ["kubenet with calico", (c) => { c.network = { ...c.network, plugin: "kubenet", pluginMode: undefined, dataplane: "azure", policy: "calico" }; }],
        ["Azure CNI on the node subnet with Azure network policy", (c) => { c.network = { ...c.network, pluginMode: undefined, dataplane: "azure", policy: "azure" }; }],
        ["the cilium dataplane without network policy", (c) => { c.network.policy = "none"; }],
        ["a private cluster without authorized ranges", (c) => { c.apiServer = { authorizedIpRanges: [], privateCluster: true, vnetIntegration: false }; }],
        ["node public IPs on a private cluster", (c) => { c.apiServer = { authorizedIpRanges: [], privateCluster: true, vnetIntegration: false }; c.nodePools[0].enableNodePublicIP = true; }],
        ["a pool two minor versions behind", (c) => { c.nodePools[0].orchestratorVersion = "1.31.4"; }],
        ["a DNS service IP inside a /16 service range", (c) => { c.network.dnsServiceIp = "10.0.255.254"; }],
        ["5000 nodes on the Standard tier", (c) => { c.nodePools = poolsUpTo(5).map((p, i) => ({ ...p, autoscaling: { minCount: 0, maxCount: i === 0 ? 997 : 1000 } })); }],
    ])("%s", (_name, change) => {
        expect(clusterRuleViolations(changed(change))).toEqual([]);
    });
});

describe("clusterRuleViolations rejects", () => {
    test.each<[string, Change, string, string]>([
        ["an inline pool that is not a System pool", (c) => { c.systemPool.mode = "User"; }, "systemPool.mode", `the inline pool must be a System pool (found "User")`],
        ["two pools with one name", (c) => { c.nodePools.push(validPool({ name: "general" })); }, "nodePools[1].name", `"general" is already the name of nodePools[0]; pool names must be unique in a cluster`],
        ["more than 100 pools", (c) => { c.nodePools = poolsUpTo(100).map((p) => ({ ...p, autoscaling: { minCount: 0, maxCount: 1 } })); }, "nodePools", "a cluster has at most 100 node pools (found 101)"],
        ["more than 5000 nodes on the Standard tier", (c) => { c.nodePools = poolsUpTo(5); }, "nodePools", "the pools can reach 5003 nodes, more than the 5000 a Standard tier cluster allows"],
        ["more than 1000 nodes on the Free tier", (c) => { c.tier = "Free"; c.nodePools = poolsUpTo(1); }, "nodePools", "the pools can reach 1003 nodes, more than the 1000 a Free tier cluster allows"],
        ["workload identity without OIDC", (c) => { c.oidcIssuer = false; }, "addons.workloadIdentity", "workload identity requires the OIDC issuer: set oidcIssuer to true, or turn workloadIdentity off"],
        ["local accounts disabled without Entra ID", (c) => { c.entraId = { enabled: false, azureRbac: false, adminGroupObjectIds: [], deployerRole: "none" }; }, "disableLocalAccounts", "local accounts can only be disabled on an Entra ID cluster: set entraId.enabled to true, or disableLocalAccounts to false"],
        ["Azure RBAC without Entra ID", (c) => { c.entraId = { enabled: false, azureRbac: true, adminGroupObjectIds: [], deployerRole: "none" }; c.disableLocalAccounts = false; }, "entraId.azureRbac", "Azure RBAC for Kubernetes requires Entra ID: set entraId.enabled to true, or azureRbac to false"],
        ["overlay mode on kubenet", (c) => { c.network = { ...c.network, plugin: "kubenet", dataplane: "azure", policy: "none" }; }, "network.pluginMode", `overlay mode is a mode of Azure CNI: set plugin to "azure" (found "kubenet")`],
        ["the cilium dataplane on the node subnet", (c) => { c.network.pluginMode = undefined; }, "network.dataplane", `the cilium dataplane requires Azure CNI Overlay: set plugin "azure" and pluginMode "overlay", or dataplane "azure"`],
        ["cilium policy on the azure dataplane", (c) => { c.network.dataplane = "azure"; }, "network.policy", `cilium network policy requires the cilium dataplane: set dataplane "cilium", or another policy`],
        ["calico on the cilium dataplane", (c) => { c.network.policy = "calico"; }, "network.policy", `with the cilium dataplane, Cilium enforces network policy: set policy "cilium" (or "none")`],
        ["Azure network policy on kubenet", (c) => { c.network = { ...c.network, plugin: "kubenet", pluginMode: undefined, dataplane: "azure", policy: "azure" }; }, "network.policy", `Azure network policy requires Azure CNI: set plugin "azure", or policy "calico"`],
        ["a network policy with your own CNI", (c) => { c.network = { ...c.network, plugin: "none", pluginMode: undefined, dataplane: "azure", policy: "calico" }; }, "network.policy", `with your own CNI (plugin "none") AKS manages no network policy engine: set policy "none"`],
        ["a Windows pool on kubenet", (c) => { c.network = { ...c.network, plugin: "kubenet", pluginMode: undefined, dataplane: "azure", policy: "none" }; c.nodePools[0] = validPool({ name: "win", osType: "Windows", osSku: "Windows2022" }); }, "nodePools[0].osType", `Windows pools require Azure CNI: set network.plugin to "azure" (found "kubenet")`],
        ["a service range of /11", (c) => { c.network = { ...c.network, serviceCidr: "10.0.0.0/11", dnsServiceIp: "10.0.0.10" }; }, "network.serviceCidr", "the service range must be smaller than /12 (found /11)"],
        ["a DNS service IP outside the service range", (c) => { c.network.dnsServiceIp = "10.1.0.10"; }, "network.dnsServiceIp", "must be an address inside serviceCidr 10.0.0.0/16 other than its first (found 10.1.0.10)"],
        ["the service range's first address as DNS service IP", (c) => { c.network.dnsServiceIp = "10.0.0.0"; }, "network.dnsServiceIp", "must be an address inside serviceCidr 10.0.0.0/16 other than its first (found 10.0.0.0)"],
        ["a pod range overlapping the service range", (c) => { c.network.podCidr = "10.0.0.0/8"; }, "network.podCidr", "10.0.0.0/8 overlaps serviceCidr 10.0.0.0/16"],
        ["a public API server without authorized ranges", (c) => { c.apiServer.authorizedIpRanges = []; }, "apiServer.authorizedIpRanges", "the API server would be open to the whole internet: list the CIDR ranges allowed to reach it in apiServer.authorizedIpRanges, or set apiServer.privateCluster to true"],
        ["authorized ranges on a private cluster", (c) => { c.apiServer.privateCluster = true; }, "apiServer.authorizedIpRanges", "a private cluster's API server has no public endpoint to restrict: remove the authorized ranges, or set privateCluster to false"],
        ["node public IPs with authorized ranges", (c) => { c.nodePools[0].enableNodePublicIP = true; }, "nodePools[0].enableNodePublicIP", "node public IPs cannot be combined with API server authorized IP ranges"],
        ["the node-image channel with security-patch OS upgrades", (c) => { c.upgrades.channel = "node-image"; c.upgrades.nodeOsChannel = "SecurityPatch"; }, "upgrades.nodeOsChannel", `the "node-image" upgrade channel requires nodeOsChannel "NodeImage" (found "SecurityPatch")`],
        ["a pool newer than the control plane", (c) => { c.nodePools[0].orchestratorVersion = "1.34"; }, "nodePools[0].orchestratorVersion", "1.34 is newer than the control plane (1.33); a pool may not run ahead of it"],
        ["a pool three minor versions behind", (c) => { c.systemPool.orchestratorVersion = "1.30.2"; }, "systemPool.orchestratorVersion", "1.30.2 is more than 2 minor versions behind the control plane (1.33)"],
    ])("%s", (_name, change, path, message) => {
        expect(clusterRuleViolations(changed(change))).toEqual([{ path, message }]);
    });
});

describe("clusterRuleWarnings", () => {
    test("says nothing about a Standard tier cluster with three system nodes", () => {
        expect(clusterRuleWarnings(validCluster())).toEqual([]);
    });

    test("says nothing about a Free tier cluster that stays at 10 nodes", () => {
        expect(clusterRuleWarnings(changed((c) => { c.tier = "Free"; c.nodePools[0].autoscaling = { minCount: 1, maxCount: 7 }; }))).toEqual([]);
    });

    test.each<[string, Change, string, string]>([
        ["a Free tier cluster that can grow past 10 nodes", (c) => { c.tier = "Free"; c.nodePools[0].autoscaling = { minCount: 1, maxCount: 8 }; }, "tier", `the pools can reach 11 nodes; the Free tier (no SLA) is meant for fewer than 10: consider "Standard"`],
        ["a System pool of one node", (c) => { c.systemPool.count = 1; }, "systemPool.count", "the System pool can shrink to 1 node; AKS advises at least two (three recommended)"],
    ])("warns about %s", (_name, change, path, message) => {
        expect(clusterRuleWarnings(changed(change))).toEqual([{ path, message }]);
    });
});

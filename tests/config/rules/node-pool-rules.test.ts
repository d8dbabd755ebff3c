/** nodePoolRuleViolations: each AKS pool rule, with a pool it accepts and a pool it rejects (exact message). */
import { nodePoolRuleViolations } from "../../../config/rules/node-pool-rules";
import type { NodePoolSpec } from "../../../scheduling/aks/node-pool-spec";
import { capacityOf, validPool } from "../fixtures";

const AT = "nodePools[1]";
const check = (overrides: Partial<NodePoolSpec>) => nodePoolRuleViolations(validPool(overrides), AT);
/** A spot pool as the loader resolves it: AKS's spot taint listed, no surge nodes. */
const spot = (settings: NodePoolSpec["spot"]): Partial<NodePoolSpec> => ({
    spot: settings,
    taints: [{ key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" }],
    upgrade: { maxSurge: "0", maxUnavailable: "1", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 },
});
const systemPool = (overrides: Partial<NodePoolSpec> = {}): Partial<NodePoolSpec> => ({ name: "system", mode: "System", autoscaling: undefined, count: 3, ...overrides });

describe("nodePoolRuleViolations accepts", () => {
    test.each<[string, Partial<NodePoolSpec>]>([
        ["a 12-character Linux pool name", { name: "abcdefghij12" }],
        ["a 6-character Windows pool name", { name: "win123", osType: "Windows", osSku: "Windows2022" }],
        ["a Linux System pool on a D-series size with 30 pods per node", systemPool({ maxPods: 30 })],
        ["a User pool with 10 pods per node", { maxPods: 10 }],
        ["a User pool of zero nodes scaling 0–1000", { count: 0, autoscaling: { minCount: 0, maxCount: 1000 } }],
        ["a fixed-size System pool of one node", systemPool({ count: 1 })],
        ["a spot User pool paying up to the on-demand price", spot({ evictionPolicy: "Delete", maxPrice: -1 })],
        ["a spot price with five decimals", spot({ evictionPolicy: "Deallocate", maxPrice: 0.01234 })],
        ["an ephemeral OS disk exactly the size of the local disk", { osDiskSizeGB: 150 }],
        ["an ephemeral OS disk on a previous-generation cache", { vmSize: "Standard_D4s_v3", capacity: capacityOf("Standard_D4s_v3"), osDiskSizeGB: 100 }],
        ["a managed OS disk on a size without a local disk", { vmSize: "Standard_D4s_v5", capacity: capacityOf("Standard_D4s_v5"), osDiskType: "Managed" }],
        ["a regional pool without zones", { zones: [] }],
        ["a surge given as a count", { upgrade: { maxSurge: "1", maxUnavailable: "0", drainTimeoutInMinutes: 1, nodeSoakDurationInMinutes: 30 } }],
        ["labels and taints with prefixed keys", { labels: { "example.com/team": "payments" }, taints: [{ key: "example.com/dedicated", value: "payments", effect: "NoSchedule" }, { key: "example.com/dedicated", value: "payments", effect: "NoExecute" }] }],
        ["the spot taint AKS itself writes", { taints: [{ key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" }] }],
        ["a GPU device plugin on a GPU size", { vmSize: "Standard_NC4as_T4_v3", capacity: capacityOf("Standard_NC4as_T4_v3"), gpuDevicePlugin: true }],
    ])("%s", (_name, overrides) => {
        expect(check(overrides)).toEqual([]);
    });
});

describe("nodePoolRuleViolations rejects", () => {
    test.each<[string, Partial<NodePoolSpec>, string, string]>([
        ["an uppercase pool name", { name: "General" }, "name", `"General" is not a valid node pool name: use 1–12 lowercase letters and digits, starting with a letter`],
        ["a 13-character pool name", { name: "abcdefghij123" }, "name", `"abcdefghij123" is not a valid node pool name: use 1–12 lowercase letters and digits, starting with a letter`],
        ["a pool name starting with a digit", { name: "1pool" }, "name", `"1pool" is not a valid node pool name: use 1–12 lowercase letters and digits, starting with a letter`],
        ["a 7-character Windows pool name", { name: "windows", osType: "Windows", osSku: "Windows2022" }, "name", `"windows" is too long for a Windows pool: at most 6 characters`],
        ["a Windows System pool", systemPool({ name: "win", osType: "Windows", osSku: "Windows2022" }), "osType", `System pools must run Linux (found "Windows"); put Windows nodes in a User pool`],
        ["a B-series System pool", systemPool({ vmSize: "Standard_B4ms", capacity: capacityOf("Standard_B4ms"), osDiskSizeGB: 32 }), "vmSize", `"Standard_B4ms" is a burstable (B-series) size, which AKS does not allow for System pools; pick a D-series size such as Standard_D4ds_v5`],
        ["a Windows OS SKU on Linux", { osSku: "Windows2022" }, "osSku", `"Windows2022" is not an OS SKU for Linux pools; valid values: Ubuntu, AzureLinux, AzureLinux3, Ubuntu2204, Ubuntu2404`],
        ["more than 250 pods per node", { maxPods: 251 }, "maxPods", "must be an integer in 10–250 (found 251)"],
        ["fewer than 10 pods per node", { maxPods: 9 }, "maxPods", "must be an integer in 10–250 (found 9)"],
        ["fewer than 30 pods per node on a System pool", systemPool({ maxPods: 29 }), "maxPods", "must be at least 30 on a System pool (found 29)"],
        ["a System pool of zero nodes", systemPool({ count: 0 }), "count", "must be an integer in 1–1000 for System pools (found 0)"],
        ["a User pool of 1001 nodes", { autoscaling: undefined, count: 1001 }, "count", "must be an integer in 0–1000 for User pools (found 1001)"],
        ["an autoscaled System pool that may shrink to zero", systemPool({ count: 1, autoscaling: { minCount: 0, maxCount: 3 } }), "autoscaling.minCount", "must be an integer in 1–1000 for System pools (found 0)"],
        ["an autoscaling maximum above 1000", { autoscaling: { minCount: 1, maxCount: 1001 } }, "autoscaling.maxCount", "must be an integer in 0–1000 for User pools (found 1001)"],
        ["an autoscaling maximum below the minimum", { count: 3, autoscaling: { minCount: 3, maxCount: 2 } }, "autoscaling.maxCount", "must be at least minCount (3) (found 2)"],
        ["a count outside the autoscaling bounds", { count: 6, autoscaling: { minCount: 1, maxCount: 5 } }, "count", "must lie between autoscaling.minCount (1) and autoscaling.maxCount (5) (found 6)"],
        ["an ephemeral OS disk larger than the local disk", { osDiskSizeGB: 151 }, "osDiskSizeGB", `an ephemeral OS disk of 151 GB does not fit the 150 GiB local disk of "Standard_D4ds_v5": set osDiskSizeGB to at most 150, or osDiskType to "Managed"`],
        ["an ephemeral OS disk larger than a previous-generation cache", { vmSize: "Standard_D4s_v3", capacity: capacityOf("Standard_D4s_v3"), osDiskSizeGB: 128 }, "osDiskSizeGB", `an ephemeral OS disk of 128 GB does not fit the 100 GiB local disk of "Standard_D4s_v3": set osDiskSizeGB to at most 100, or osDiskType to "Managed"`],
        ["an ephemeral OS disk on a size without a local disk", { vmSize: "Standard_D4s_v5", capacity: capacityOf("Standard_D4s_v5") }, "osDiskType", `"Standard_D4s_v5" has no cache or temporary disk to hold an ephemeral OS disk: set osDiskType to "Managed" or use a size with a local disk (such as the "ds" sizes, e.g. Standard_D4ds_v5)`],
        ["an OS disk over 2048 GB", { osDiskType: "Managed", osDiskSizeGB: 4096 }, "osDiskSizeGB", "must be an integer in 1–2048 (found 4096)"],
        ["zone 4", { zones: ["1", "4"] }, "zones[1]", `"4" is not an availability zone: use "1", "2" or "3"`],
        ["a zone listed twice", { zones: ["1", "2", "1"] }, "zones[2]", `zone "1" is listed more than once`],
        ["a spot System pool", systemPool(spot({ evictionPolicy: "Delete", maxPrice: -1 })), "spot", `spot is only allowed on User pools (this pool's mode is "System")`],
        ["a spot pool with surge nodes", { ...spot({ evictionPolicy: "Delete", maxPrice: -1 }), upgrade: { maxSurge: "33%", maxUnavailable: "0", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 } }, "upgrade.maxSurge", `spot pools take no surge nodes: set "0" (found "33%"); use maxUnavailable to pace upgrades`],
        ["a spot pool without AKS's spot taint", { ...spot({ evictionPolicy: "Delete", maxPrice: -1 }), taints: [] }, "taints", "spot pools carry AKS's taint kubernetes.azure.com/scalesetpriority=spot:NoSchedule: add it to taints"],
        ["a zero spot price", spot({ evictionPolicy: "Delete", maxPrice: 0 }), "spot.maxPrice", "must be -1 (pay up to the on-demand price) or a positive price with at most 5 decimals (found 0)"],
        ["a spot price with six decimals", spot({ evictionPolicy: "Delete", maxPrice: 0.123456 }), "spot.maxPrice", "must be -1 (pay up to the on-demand price) or a positive price with at most 5 decimals (found 0.123456)"],
        ["a surge that is neither count nor percentage", { upgrade: { maxSurge: "one", maxUnavailable: "0", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 } }, "upgrade.maxSurge", `"one" is neither a node count ("1") nor a percentage ("33%")`],
        ["a surge over 100%", { upgrade: { maxSurge: "150%", maxUnavailable: "0", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 } }, "upgrade.maxSurge", `"150%" is more than 100%`],
        ["a negative maxUnavailable", { upgrade: { maxSurge: "1", maxUnavailable: "-1", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 } }, "upgrade.maxUnavailable", `"-1" is neither a node count ("1") nor a percentage ("33%")`],
        ["a drain timeout of zero", { upgrade: { maxSurge: "1", maxUnavailable: "0", drainTimeoutInMinutes: 0, nodeSoakDurationInMinutes: 0 } }, "upgrade.drainTimeoutInMinutes", "must be an integer in 1–1440 (found 0)"],
        ["a soak time over 30 minutes", { upgrade: { maxSurge: "1", maxUnavailable: "0", drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 31 } }, "upgrade.nodeSoakDurationInMinutes", "must be an integer in 0–30 (found 31)"],
        ["a label under kubernetes.azure.com/", { labels: { "kubernetes.azure.com/scalesetpriority": "spot" } }, `labels["kubernetes.azure.com/scalesetpriority"]`, `the "kubernetes.azure.com/" prefix is reserved for AKS; use your own prefix (the spot label is added by AKS itself)`],
        ["a label under kubernetes.io/", { labels: { "kubernetes.io/role": "web" } }, `labels["kubernetes.io/role"]`, `the "kubernetes.io/" prefix is reserved for AKS; use your own prefix (the spot label is added by AKS itself)`],
        ["a label value with a space", { labels: { team: "pay ments" } }, "labels.team", `label value "pay ments" is invalid: empty, or at most 63 characters, alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric (e.g. 'workload', 'my.name')`],
        ["a label key with an uppercase prefix", { labels: { "Example.com/team": "a" } }, `labels["Example.com/team"]`, `label key prefix "Example.com" is not a DNS subdomain (at most 253 characters, lowercase alphanumerics, '-' and '.', e.g. 'example.com')`],
        ["a taint key with two slashes", { taints: [{ key: "a/b/c", effect: "NoSchedule" }] }, "taints[0]", `taint key "a/b/c" has more than one '/'; expected "[prefix/]name"`],
        ["two taints with the same key and effect", { taints: [{ key: "sku", value: "gpu", effect: "NoSchedule" }, { key: "sku", value: "cpu", effect: "NoSchedule" }] }, "taints[1]", `a taint with key "sku" and effect NoSchedule is already declared`],
        ["a GPU device plugin on a size without GPU", { gpuDevicePlugin: true }, "gpuDevicePlugin", `"Standard_D4ds_v5" has no GPU, so no nvidia.com/gpu can be advertised: set gpuDevicePlugin to false or use a GPU size`],
    ])("%s", (_name, overrides, field, message) => {
        expect(check(overrides)).toEqual([{ path: `${AT}.${field}`, message }]);
    });
});

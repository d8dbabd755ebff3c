/** parsePlatformSpec and readStackFile: every problem of a file reported at once, each naming file and path. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { StackConfigError } from "../../config/errors";
import { parsePlatformSpec, platformSpecWarnings, readStackFile } from "../../config/load";
import { minimalRawConfig, type RawYaml } from "./fixtures";

const FILE = "Pulumi.test.yaml";
const parse = (raw: unknown) => parsePlatformSpec(raw, { file: FILE, stack: "test" });

/** The lines of the StackConfigError thrown for `raw`, or a failure when nothing is thrown. */
function problems(raw: unknown): string[] {
    try {
        parse(raw);
    } catch (error) {
        if (error instanceof StackConfigError) {
            return error.message.split("\n");
        }
        throw error;
    }
    throw new Error("expected a StackConfigError, but the configuration was accepted");
}

/** The minimal configuration with one change applied. */
function withChange(change: (raw: RawYaml) => void): Record<string, unknown> {
    const raw = minimalRawConfig();
    change(raw);
    return raw;
}

describe("parsePlatformSpec", () => {
    test("the minimal configuration is accepted and gets the stack name", () => {
        const spec = parse(minimalRawConfig());
        expect(spec.stack).toBe("test");
        expect(spec.cluster.name).toBe("aks-test");
        expect(spec.cluster.nodePools[0].count).toBe(1);
    });

    test.each<[string, (raw: RawYaml) => void, string]>([
        ["an unknown top-level key is named, with a suggestion and the valid keys",
            (raw) => { raw.nodepools = []; },
            `${FILE}: nodepools: unknown key (did you mean "nodePools"?); valid keys here: location, resourceGroup, cluster, vnet, registries, namespaces, systemPool, nodePools, workloads, placement, changeImpact`],
        ["an unknown nested key is named by its full path",
            (raw) => { raw.nodePools[0].maxpods = 30; },
            `${FILE}: nodePools[0].maxpods: unknown key (did you mean "maxPods"?); valid keys here: name, mode, vmSize, capacity, zones, count, autoscaling, maxPods, osType, osSku, osDiskType, osDiskSizeGB, labels, taints, spot, upgrade, gpuDevicePlugin, enableNodePublicIP, enableEncryptionAtHost, orchestratorVersion`],
        ["an unknown key in a taint object lists the taint's keys",
            (raw) => { raw.nodePools[0].taints = [{ key: "sku", value: "gpu", effect: "NoSchedule", operator: "Equal" }]; },
            `${FILE}: nodePools[0].taints[0].operator: unknown key; valid keys here: key, value, effect`],
        ["a wrong type names the expected and the found type",
            (raw) => { raw.systemPool.count = "three"; },
            `${FILE}: systemPool.count: expected a number, found "three"`],
        ["a missing required key says so",
            (raw) => { delete raw.cluster.name; },
            `${FILE}: cluster.name: is required (a string)`],
        ["an admin group that is not a GUID says what a GUID looks like",
            (raw) => { raw.cluster.entraId = { adminGroupObjectIds: ["platform-admins"] }; },
            `${FILE}: cluster.entraId.adminGroupObjectIds[0]: "platform-admins" is not a GUID (8-4-4-4-12 hexadecimal digits, e.g. 0b7d2c4e-1f3a-4c5d-9e8f-123456789abc)`],
        ["an enum error lists the valid values",
            (raw) => { raw.cluster.tier = "Gold"; },
            `${FILE}: cluster.tier: "Gold" is not valid; valid values: "Free", "Standard", "Premium"`],
        ["an unknown VM size suggests the closest known one",
            (raw) => { raw.nodePools[0].vmSize = "Standard_D4s_v9"; },
            `${FILE}: nodePools[0].vmSize: "Standard_D4s_v9" is not a known VM size (did you mean "Standard_D4s_v5"?); to use it anyway, declare its capacity (vcpus, memoryGiB, tempDiskGiB, …) under capacity`],
        ["an unquoted Kubernetes version is explained",
            (raw) => { raw.cluster.kubernetesVersion = 1.33; },
            `${FILE}: cluster.kubernetesVersion: expected a quoted version string such as "1.33" (unquoted, YAML reads it as a number)`],
        ["a malformed taint string says what the AKS form is",
            (raw) => { raw.nodePools[0].taints = ["sku=gpu"]; },
            `${FILE}: nodePools[0].taints[0]: "sku=gpu" is not a taint in AKS form "key=value:Effect" or "key:Effect": the effect is missing (one of NoSchedule, PreferNoSchedule, NoExecute)`],
        ["a taint object with a wrong effect lists the effects",
            (raw) => { raw.nodePools[0].taints = [{ key: "sku", value: "gpu", effect: "NoScheduling" }]; },
            `${FILE}: nodePools[0].taints[0].effect: "NoScheduling" is not valid; valid values: "NoSchedule", "PreferNoSchedule", "NoExecute"`],
        ["a fixed-size pool without count is told how to fix it",
            (raw) => { delete raw.systemPool.count; },
            `${FILE}: systemPool.count: is required for a pool without autoscaling (or declare autoscaling: { minCount, maxCount })`],
        ["an out-of-range retention states the bound and the value",
            (raw) => { raw.cluster.monitoring = { retentionDays: 7 }; },
            `${FILE}: cluster.monitoring.retentionDays: must be at least 30 (found 7)`],
        ["a malformed CIDR gives an example",
            (raw) => { raw.cluster.apiServer.authorizedIpRanges = ["203.0.113.0/33"]; },
            `${FILE}: cluster.apiServer.authorizedIpRanges[0]: "203.0.113.0/33" is not an IPv4 CIDR range such as "203.0.113.0/24"`],
        ["an open API server names both fixes",
            (raw) => { raw.cluster.apiServer = {}; },
            `${FILE}: cluster.apiServer.authorizedIpRanges: the API server would be open to the whole internet: list the CIDR ranges allowed to reach it in apiServer.authorizedIpRanges, or set apiServer.privateCluster to true`],
        ["a 0.0.0.0/0 range counts as open",
            (raw) => { raw.cluster.apiServer.authorizedIpRanges = ["0.0.0.0/0"]; },
            `${FILE}: cluster.apiServer.authorizedIpRanges: the API server would be open to the whole internet (0.0.0.0/0): list the CIDR ranges allowed to reach it in apiServer.authorizedIpRanges, or set apiServer.privateCluster to true`],
        ["a node-pool rule is reported at the pool's path in the file",
            (raw) => { raw.nodePools[0].name = "General"; },
            `${FILE}: nodePools[0].name: "General" is not a valid node pool name: use 1–12 lowercase letters and digits, starting with a letter`],
        ["a cluster rule is reported under cluster.",
            (raw) => { raw.cluster.oidcIssuer = false; },
            `${FILE}: cluster.addons.workloadIdentity: workload identity requires the OIDC issuer: set oidcIssuer to true, or turn workloadIdentity off`],
        ["a cluster rule about a pool is reported at the pool's path",
            (raw) => { raw.nodePools[0].name = "system"; },
            `${FILE}: nodePools[0].name: "system" is already the name of systemPool; pool names must be unique in a cluster`],
        ["a bring-your-own CNI pool must declare maxPods",
            (raw) => { raw.cluster.network = { plugin: "none" }; raw.nodePools[0].maxPods = 110; },
            `${FILE}: systemPool.maxPods: is required with network plugin "none" (AKS documents no default for it): declare the pods per node, 10–250`],
        ["a count that is a number but not an integer says integer",
            (raw) => { raw.systemPool.count = 2.5; },
            `${FILE}: systemPool.count: expected an integer, found 2.5`],
        ["a label value of the wrong type is named by its key",
            (raw) => { raw.nodePools[0].labels = { "example.com/tier": 1 }; },
            `${FILE}: nodePools[0].labels["example.com/tier"]: expected a string, found 1`],
        ["a value that is neither form of a union names both",
            (raw) => { raw.nodePools[0].spot = "yes"; },
            `${FILE}: nodePools[0].spot: expected true or false or an object (a YAML mapping), found "yes"`],
    ])("%s", (_name, change, expected) => {
        expect(problems(withChange(change))).toEqual([expected]);
    });

    test("several problems in one file are all reported at once, schema problems first", () => {
        const raw = withChange((r) => {
            r.cluster.tier = "Gold";
            r.nodePools[0].vmSize = "Standard_D4s_v9";
            r.nodePools.push({ name: "Bad_Name", vmSize: "Standard_D4ds_v5", count: 1, zones: ["4"] });
        });
        expect(problems(raw)).toEqual([
            `${FILE}: cluster.tier: "Gold" is not valid; valid values: "Free", "Standard", "Premium"`,
            `${FILE}: nodePools[0].vmSize: "Standard_D4s_v9" is not a known VM size (did you mean "Standard_D4s_v5"?); to use it anyway, declare its capacity (vcpus, memoryGiB, tempDiskGiB, …) under capacity`,
            `${FILE}: nodePools[1].name: "Bad_Name" is not a valid node pool name: use 1–12 lowercase letters and digits, starting with a letter`,
            `${FILE}: nodePools[1].zones[0]: "4" is not an availability zone: use "1", "2" or "3"`,
        ]);
    });

    test("a schema problem does not hide the rule problems of the parts that parse: cluster and workload rules come too", () => {
        const workload = (name: string, pools: string[], replicas: unknown = 1) => ({ name, image: "crplatform.azurecr.io/a:1.0.0", replicas, pools, resources: { requests: { cpu: "100m", memory: "64Mi" } } });
        const raw = withChange((r) => {
            r.nodePools.push({ name: "general", vmSize: "Standard_D4ds_v5", count: 1 });
            r.workloads = [workload("web", ["gneral"]), workload("api", ["general"], "three")];
        });
        const found = problems(raw);
        expect(found[0]).toBe(`${FILE}: workloads[1].replicas: expected a number, found "three"`);
        expect(found).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/^Pulumi\.test\.yaml: nodePools\[1\]\.name: "general" is already the name of nodePools\[0\]/),
                expect.stringMatching(/^Pulumi\.test\.yaml: workloads\[0\]\.pools\[0\]: .*"gneral"/),
            ]),
        );
    });

    test("the error carries the file and the structured issues", () => {
        let caught: unknown;
        try {
            parse(withChange((r) => { r.cluster.tier = "Gold"; r.systemPool.count = 0; }));
        } catch (error) {
            caught = error;
        }
        expect(caught).toBeInstanceOf(StackConfigError);
        const error = caught as StackConfigError;
        expect(error.file).toBe(FILE);
        expect(error.issues.map((i) => i.path)).toEqual(["cluster.tier", "systemPool.count"]);
    });

    test("the pool of the how-to in docs/configuration.md is accepted as written", () => {
        const batch = {
            name: "batch", vmSize: "Standard_F8s_v2", zones: ["1", "2", "3"], autoscaling: { minCount: 0, maxCount: 10 },
            labels: { "workload.example.com/class": "batch" }, taints: ["workload.example.com/class=batch:NoSchedule"],
        };
        const spec = parse(withChange((r) => { r.nodePools.push(batch); }));
        expect(spec.cluster.nodePools[1]).toMatchObject({ name: "batch", count: 0, osDiskType: "Ephemeral", osDiskSizeGB: 128 });
    });

    test("a size missing from the catalog is accepted when its capacity is declared", () => {
        const spec = parse(withChange((r) => {
            r.nodePools[0] = { name: "big", vmSize: "Standard_D4s_v9", count: 1, capacity: { vcpus: 4, memoryGiB: 16 } };
        }));
        expect(spec.cluster.nodePools[0]).toMatchObject({
            vmSize: "Standard_D4s_v9",
            capacity: { vcpus: 4, memoryGiB: 16, tempDiskGiB: 0, cacheDiskGiB: 0, architecture: "amd64", burstable: false },
            osDiskType: "Managed",
            osDiskSizeGB: 128,
        });
    });

    test("a declared B-series size is treated as burstable and refused for a System pool", () => {
        const raw = withChange((r) => {
            r.systemPool = { name: "system", vmSize: "Standard_B8ms", count: 3, capacity: { vcpus: 8, memoryGiB: 32, tempDiskGiB: 64 } };
        });
        expect(problems(raw)).toEqual([
            `${FILE}: systemPool.vmSize: "Standard_B8ms" is a burstable (B-series) size, which AKS does not allow for System pools; pick a D-series size such as Standard_D4ds_v5`,
        ]);
    });

    test.each<[string, unknown]>([
        ["the AKS string form", "sku=gpu:NoSchedule"],
        ["the Kubernetes object form", { key: "sku", value: "gpu", effect: "NoSchedule" }],
    ])("a taint in %s resolves to the same taint", (_form, taint) => {
        const spec = parse(withChange((r) => { r.nodePools[0].taints = [taint]; }));
        expect(spec.cluster.nodePools[0].taints).toEqual([{ key: "sku", value: "gpu", effect: "NoSchedule" }]);
    });

    test("input that is not a mapping is refused as a whole", () => {
        expect(problems(["location"])).toEqual([`${FILE}: expected the aks-platform: configuration keys, found an array`]);
    });
});

describe("platformSpecWarnings", () => {
    test("has nothing to say about the minimal configuration", () => {
        expect(platformSpecWarnings(parse(minimalRawConfig()), FILE)).toEqual([]);
    });

    test("renders cluster advisories with the stack file's paths", () => {
        const spec = parse(withChange((r) => { r.cluster.tier = "Free"; r.nodePools[0].autoscaling = { minCount: 1, maxCount: 20 }; }));
        expect(platformSpecWarnings(spec, FILE)).toEqual([
            `${FILE}: cluster.tier: the pools can reach 23 nodes; the Free tier (no SLA) is meant for fewer than 10: consider "Standard"`,
        ]);
    });
});

describe("readStackFile", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-files-"));
    });
    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });
    const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);

    /** The message of the StackConfigError readStackFile throws for `stack`. */
    function readError(stack: string): string {
        try {
            readStackFile(stack, dir);
        } catch (error) {
            if (error instanceof StackConfigError) {
                return error.message;
            }
            throw error;
        }
        throw new Error("expected a StackConfigError, but the file was read");
    }

    test("keeps the aks-platform keys, prefix stripped, and leaves other namespaces out", () => {
        write("Pulumi.dev.yaml", "config:\n  aks-platform:location: westeurope\n  aks-platform:cluster:\n    name: aks-dev\n  kubernetes:context: other\n");
        expect(readStackFile("dev", dir)).toEqual({ file: "Pulumi.dev.yaml", raw: { location: "westeurope", cluster: { name: "aks-dev" } } });
    });

    test("takes the location from azure-native:location when the project key is absent", () => {
        write("Pulumi.dev.yaml", "config:\n  azure-native:location: northeurope\n");
        expect(readStackFile("dev", dir).raw).toEqual({ location: "northeurope" });
    });

    test("refuses two different locations", () => {
        write("Pulumi.dev.yaml", "config:\n  azure-native:location: northeurope\n  aks-platform:location: westeurope\n");
        expect(readError("dev")).toBe(`Pulumi.dev.yaml: location: "westeurope" differs from azure-native:location "northeurope": set one of them, or the same region in both`);
    });

    test("a missing stack file lists the stacks that exist, with a suggestion", () => {
        write("Pulumi.dev.yaml", "config: {}\n");
        write("Pulumi.prod.yaml", "config: {}\n");
        expect(readError("prd")).toBe(`Pulumi.prd.yaml: no such stack file in ${dir} (did you mean "prod"?); existing stacks: dev, prod`);
    });

    test("invalid YAML is reported with its position", () => {
        write("Pulumi.dev.yaml", "config:\n  aks-platform:cluster: { name: aks\n");
        expect(readError("dev")).toMatch(/^Pulumi\.dev\.yaml: invalid YAML: .*line 3/);
    });

    test("a misspelt project namespace is an error, not an ignored key", () => {
        write("Pulumi.dev.yaml", "config:\n  aks-platfrom:cluster: {}\n");
        expect(readError("dev")).toBe(`Pulumi.dev.yaml: config.aks-platfrom:cluster: unknown namespace "aks-platfrom" (did you mean "aks-platform"?)`);
    });
});

/** The network, registry and namespace rules: a passing stack, then one mistake per rule, each reported with file and path. */
import { parsePlatformSpec } from "../../../config/load";
import { StackConfigError } from "../../../config/errors";
import { minimalRawConfig, type RawYaml } from "../fixtures";

const FILE = "Pulumi.test.yaml";

/** A valid stack with a created VNet, a registry and one workload. */
function base(): RawYaml {
    return {
        ...minimalRawConfig(),
        vnet: { name: "vnet-test", addressSpace: ["10.10.0.0/16"], subnets: [{ name: "snet-nodes", addressPrefix: "10.10.0.0/24" }] },
        registries: [{ acr: "crtest", id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/crtest" }],
        workloads: [
            { name: "web", namespace: "shop", image: "crtest.azurecr.io/web:1.0.0", pools: ["general"], port: 8080, resources: { requests: { cpu: "100m", memory: "128Mi" } }, egress: [{ to: "api", port: 8080 }] },
            { name: "api", namespace: "shop", image: "crtest.azurecr.io/api:1.0.0", pools: ["general"], port: 8080, resources: { requests: { cpu: "100m", memory: "128Mi" } } },
        ],
    };
}

function problems(edit: (raw: RawYaml) => void): string[] {
    const raw = base();
    edit(raw);
    try {
        parsePlatformSpec(raw, { file: FILE, stack: "test" });
        return [];
    } catch (error) {
        if (error instanceof StackConfigError) return error.message.split("\n");
        throw error;
    }
}

test("the base stack passes, and its only node subnet takes every pool", () => {
    expect(problems(() => undefined)).toEqual([]);
    const spec = parsePlatformSpec(base(), { file: FILE, stack: "test" });
    expect(spec.cluster.vnet?.subnets[0]?.pools).toEqual(["system", "general"]);
    expect(spec.namespaces).toEqual([{ name: "shop", podSecurity: "restricted" }]);
});

test.each([
    ["a subnet too small for its pools at max plus surge", (r: RawYaml) => {
        r.vnet.subnets[0].addressPrefix = "10.10.0.0/29";
        r.nodePools[0].autoscaling.maxCount = 3;
    }, `${FILE}: vnet.subnets[0].addressPrefix: 10.10.0.0/29 has 3 usable addresses (Azure keeps 5) but its pools need 8 at their maximum plus upgrade surge (system 4 node(s) × 1, general 4 node(s) × 1): use a larger prefix`],
    ["a subnet outside the address space", (r: RawYaml) => (r.vnet.subnets[0].addressPrefix = "10.20.0.0/24"), `${FILE}: vnet.subnets[0].addressPrefix: 10.20.0.0/24 is not inside the VNet's address space (10.10.0.0/16)`],
    ["a VNet that overlaps the service CIDR", (r: RawYaml) => {
        r.vnet.addressSpace = ["10.0.0.0/8"];
        r.vnet.subnets[0].addressPrefix = "10.10.0.0/24";
    }, [`${FILE}: cluster.network.podCidr: the pod CIDR 10.244.0.0/16 overlaps the VNet's address space 10.0.0.0/8; pick a range routed nowhere else`, `${FILE}: cluster.network.serviceCidr: the service CIDR 10.0.0.0/16 overlaps the VNet's address space 10.0.0.0/8; pick a range routed nowhere else`]],
    ["two node subnets, a pool in none", (r: RawYaml) => r.vnet.subnets.push({ name: "snet-b", addressPrefix: "10.10.1.0/24", pools: ["general"] }), `${FILE}: vnet.subnets: pool(s) system are in no subnet: list them under the pools of a subnet with role "nodes"`],
    ["an API server subnet smaller than /28", (r: RawYaml) => {
        r.vnet.subnets.push({ name: "snet-api", addressPrefix: "10.10.2.0/29", role: "apiServer" });
        r.cluster.apiServer.vnetIntegration = true;
    }, `${FILE}: vnet.subnets[1].addressPrefix: an API server subnet must be at least a /28 (found 10.10.2.0/29); AKS reserves at least 9 addresses there`],
    ["a private cluster with no VNet and no deploy path", (r: RawYaml) => {
        delete r.vnet;
        r.cluster.apiServer = { privateCluster: true };
    }, [`${FILE}: cluster.apiServer.privateCluster: a private API server without a VNet of the stack's own gets its endpoint in the AKS-managed VNet, which no runner can reach: declare vnet (created or existing) and apiServer.deployFrom`, `${FILE}: cluster.apiServer.deployFrom: a private API server is reached only from its network: name the subnet of the VNet where the deploying runner lives (deployFrom.subnet) or the peered range it runs in (deployFrom.peeredRange)`]],
    ["NAT gateway egress with a public API server limited to ranges", (r: RawYaml) => (r.vnet.egress = { type: "natGateway" }), `${FILE}: vnet.egress.type: nodes would reach the public API server from the NAT gateway's address, which is not in apiServer.authorizedIpRanges: make the API server private, turn on apiServer.vnetIntegration, or use egress type loadBalancer`],
    ["an image from an undeclared registry", (r: RawYaml) => (r.workloads[1].image = "ghcr.io/example/api:1.0.0"), `${FILE}: workloads[1].image: "api" pulls "ghcr.io/example/api:1.0.0" from ghcr.io, which the stack does not declare: add { public: ghcr.io } to registries, so that the kubelet can pull it (declared: mcr.microsoft.com, crtest.azurecr.io)`],
    ["an ACR whose ID names another registry", (r: RawYaml) => (r.registries[0].acr = "crother"), [`${FILE}: registries[0].id: names registry "crtest", not "crother"`]],
    ["a workload in kube-system", (r: RawYaml) => (r.workloads[1].namespace = "kube-system"), [`${FILE}: workloads[0].egress[0].to: "web": "api" is not a workload of the stack; use name (same namespace) or namespace/name`, `${FILE}: workloads[1].namespace: "api": "kube-system" is kept for system components, whose pods the policy pack does not check; use your own namespace`]],
    ["egress to a port the target does not listen on", (r: RawYaml) => (r.workloads[0].egress[0].port = 9090), `${FILE}: workloads[0].egress[0].port: "web": shop/api listens on port 8080, not 9090`],
])("%s", (_name, edit, expected) => {
    expect(problems(edit)).toEqual(Array.isArray(expected) ? expected : [expected]);
});

import * as np from "../../../policy/workloads/network-policies";
import { DEPLOYMENT, STATEFUL_SET } from "../../../policy/workloads/pod-templates";
import { networkPolicies as namespaceNetworkPolicies } from "../../../components/namespaces";
import { goodDeployment, goodStatefulSet } from "../fixtures";
import { evaluateResource, evaluateStack, mutate, UNKNOWN, urnOf, type StackEntry } from "../harness";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const denyAll = (namespace = "shop"): StackEntry => ({ type: np.NETWORK_POLICY, name: `deny-${namespace}`, props: { metadata: { name: "default-deny", namespace }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } } });
const workloads = (): StackEntry[] => [
    { type: DEPLOYMENT, name: "web", props: goodDeployment() },
    { type: STATEFUL_SET, name: "db", props: goodStatefulSet() },
];

describe("NetworkPolicy coverage", () => {
    test("a default-deny policy isolates every pod of its namespace both ways", async () => {
        expect(await evaluateStack(np.networkPolicyCoverage, [...workloads(), denyAll()])).toEqual({ violations: [], urns: [] });
    });
    test("the policies components/namespaces.ts creates count", async () => {
        const created = namespaceNetworkPolicies("shop", []).map((p, i): StackEntry => ({ type: np.NETWORK_POLICY, name: `np${i}`, props: p }));
        expect((await evaluateStack(np.networkPolicyCoverage, [...workloads(), ...created])).violations).toEqual([]);
    });
    test("no policy in the namespace", async () => {
        expect(await evaluateStack(np.networkPolicyCoverage, [...workloads(), denyAll("other")])).toEqual({
            violations: [
                'Deployment "shop/web": no NetworkPolicy in namespace shop isolates its pods for Ingress and Egress; add a default-deny policy (podSelector {}, policyTypes Ingress and Egress)',
                'StatefulSet "shop/db": no NetworkPolicy in namespace shop isolates its pods for Ingress and Egress; add a default-deny policy (podSelector {}, policyTypes Ingress and Egress)',
            ],
            urns: [urnOf({ type: DEPLOYMENT, name: "web" }), urnOf({ type: STATEFUL_SET, name: "db" })],
        });
    });
    test("an ingress-only policy (no policyTypes, no egress rules) leaves egress open, as kube-score reads it", async () => {
        const ingressOnly: StackEntry = { type: np.NETWORK_POLICY, name: "web-in", props: { metadata: { name: "web-in", namespace: "shop" }, spec: { podSelector: { matchLabels: { app: "web" } }, ingress: [{}] } } };
        expect((await evaluateStack(np.networkPolicyCoverage, [workloads()[0], ingressOnly])).violations).toEqual([
            'Deployment "shop/web": no NetworkPolicy in namespace shop isolates its pods for Egress; add a default-deny policy (podSelector {}, policyTypes Ingress and Egress)',
        ]);
    });
    test("a policy whose namespace is unknown during preview makes the verdict wait", async () => {
        const unknown = mutate(denyAll(), (p: Props) => (p.props.metadata.namespace = UNKNOWN));
        expect(await evaluateStack(np.networkPolicyCoverage, [...workloads(), unknown])).toEqual({
            violations: [],
            unknownDuringPreview: "metadata.namespace is unknown during preview; k8s-network-policy-coverage checks it again at update, when the value is known",
            urns: [],
        });
    });
});

describe("Service exposure", () => {
    const SERVICE = 'Service "shop/web"';
    const svc = (spec: Props, annotations?: Record<string, string>) => ({ metadata: { name: "web", namespace: "shop", ...(annotations === undefined ? {} : { annotations }) }, spec });
    test.each([
        ["a ClusterIP Service passes", svc({ ports: [{ port: 80 }] }), {}, []],
        ["a NodePort Service (kube-score service-type)", svc({ type: "NodePort", ports: [{ port: 80 }] }), {}, [`${SERVICE}: spec.type must not be NodePort: it opens the port on every node`]],
        [
            "a public LoadBalancer",
            svc({ type: "LoadBalancer", ports: [{ port: 443 }] }),
            {},
            [`${SERVICE}: a LoadBalancer Service gets a public IP unless annotated ${np.INTERNAL_LB_ANNOTATION}: "true" (found unset)`],
        ],
        ["an internal LoadBalancer passes", svc({ type: "LoadBalancer", ports: [{ port: 443 }] }, { [np.INTERNAL_LB_ANNOTATION]: "true" }), {}, []],
        ["a public LoadBalancer where the setting allows it", svc({ type: "LoadBalancer", ports: [{ port: 443 }] }), { allowPublicLoadBalancers: true }, []],
        ["external IPs", svc({ externalIPs: ["203.0.113.7"], ports: [{ port: 80 }] }), {}, [`${SERVICE}: spec.externalIPs must be unset (found ["203.0.113.7"])`]],
    ] as const)("%s", async (_name, props, config, violations) => {
        expect(await evaluateResource(np.servicesNotExposed, np.SERVICE, props, { config })).toEqual({ violations });
    });
    test("a ServicePatch that makes a declared Service public is judged against it (merge-patch)", async () => {
        const base: StackEntry = { type: np.SERVICE, name: "web", props: svc({ ports: [{ port: 80 }] }) };
        const patch: StackEntry = { type: "kubernetes:core/v1:ServicePatch", name: "web-public", props: { metadata: { name: "web", namespace: "shop" }, spec: { type: "LoadBalancer" } } };
        expect(await evaluateStack(np.servicesNotExposed, [base, patch])).toEqual({
            violations: [`ServicePatch "shop/web": a LoadBalancer Service gets a public IP unless annotated ${np.INTERNAL_LB_ANNOTATION}: "true" (found unset)`],
            urns: [urnOf(patch)],
        });
    });
});

describe("Ingress TLS", () => {
    test("an Ingress without TLS", async () => {
        expect(await evaluateResource(np.ingressTls, np.INGRESS, { metadata: { name: "web", namespace: "shop" }, spec: { rules: [{ host: "shop.example.com" }] } })).toEqual({
            violations: ['Ingress "shop/web": spec.tls must list the Ingress\'s hosts and their certificate Secret'],
        });
    });
    test("an Ingress with TLS", async () => {
        expect(await evaluateResource(np.ingressTls, np.INGRESS, { metadata: { name: "web", namespace: "shop" }, spec: { tls: [{ hosts: ["shop.example.com"], secretName: "tls" }] } })).toEqual({ violations: [] });
    });
});

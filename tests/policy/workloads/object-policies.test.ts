import * as op from "../../../policy/workloads/object-policies";
import { DEPLOYMENT, POD, REPLICATION_CONTROLLER, STATEFUL_SET } from "../../../policy/workloads/pod-templates";
import { goodDeployment, goodPod, goodReplicationController, goodStatefulSet } from "../fixtures";
import { evaluateResource, evaluateStack, mutate, type StackEntry } from "../harness";
import { WORKLOADS } from "./workload-types";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const W = 'Deployment "shop/web"';
const SERVICE = "kubernetes:core/v1:Service";
const app = (d: Props) => d.spec.template.spec.containers[0];

/** web, db with its headless Service, a Service for web, a NetworkPolicy and a ServiceAccount. */
function goodObjects(): StackEntry[] {
    return [
        { type: DEPLOYMENT, name: "web", props: mutate(goodDeployment(), (d: Props) => (d.spec.template.spec.serviceAccountName = "web")) },
        { type: STATEFUL_SET, name: "db", props: goodStatefulSet() },
        { type: SERVICE, name: "web-svc", props: { metadata: { name: "web", namespace: "shop" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }] } } },
        { type: SERVICE, name: "db-svc", props: { metadata: { name: "db", namespace: "shop" }, spec: { clusterIP: "None", selector: { app: "db" } } } },
        { type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", name: "web-in", props: { metadata: { name: "web-in", namespace: "shop" }, spec: { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Ingress"] } } },
        { type: "kubernetes:networking.k8s.io/v1:Ingress", name: "web-ing", props: { metadata: { name: "web", namespace: "shop" }, spec: { rules: [{ http: { paths: [{ path: "/", backend: { service: { name: "web", port: { number: 80 } } } }] } }] } } },
        { type: "kubernetes:core/v1:ServiceAccount", name: "web-sa", props: { metadata: { name: "web", namespace: "shop" } } },
    ];
}

function changed(name: string, change: (p: Props) => void): StackEntry[] {
    return goodObjects().map((e) => (e.name === name ? { ...e, props: mutate(e.props as Props, change) } : e));
}

describe("references resolve", () => {
    test("the happy objects pass", async () => {
        expect(await evaluateStack(op.referencesResolve, goodObjects())).toEqual({ violations: [], urns: [] });
    });
    test.each([
        ["a Service selecting no pods (kube-score service-targets-pod)", "web-svc", (p: Props): void => void (p.spec.selector = { app: "webb" }), ['Service "shop/web": spec.selector {"app":"webb"} selects no pods of a workload the stack declares in namespace shop']],
        ["a NetworkPolicy selecting no pods", "web-in", (p: Props): void => void (p.spec.podSelector = { matchLabels: { app: "nothing" } }), ['NetworkPolicy "shop/web-in": spec.podSelector selects no pods of a workload the stack declares in namespace shop']],
        ["an Ingress to a missing Service", "web-ing", (p: Props): void => void (p.spec.rules[0].http.paths[0].backend.service.name = "api"), ['Ingress "shop/web": backend Service "api" is not declared in namespace shop']],
        ["a StatefulSet whose Service is not headless", "db-svc", (p: Props): void => void delete p.spec.clusterIP, ['StatefulSet "shop/db": spec.serviceName "db" names no headless Service (clusterIP None) declared in namespace shop']],
        ["a service account the stack does not declare", "web-sa", (p: Props): void => void (p.metadata.name = "other"), [`${W}: spec.template.spec.serviceAccountName "web" names no ServiceAccount declared in namespace shop`]],
    ] as const)("%s", async (_name, entry, change, violations) => {
        expect((await evaluateStack(op.referencesResolve, changed(entry, change))).violations).toEqual(violations);
    });
});

describe("stable API versions", () => {
    test.each([
        ["apps/v1 passes", DEPLOYMENT, {}, []],
        ["an extensions/v1beta1 Deployment", "kubernetes:extensions/v1beta1:Deployment", {}, ['Deployment "shop/web": is registered as kubernetes:extensions/v1beta1:Deployment; Kubernetes no longer serves extensions/v1beta1; use apps/v1']],
        ["a policy/v1beta1 budget", "kubernetes:policy/v1beta1:PodDisruptionBudget", {}, ['PodDisruptionBudget "shop/web": is registered as kubernetes:policy/v1beta1:PodDisruptionBudget; Kubernetes no longer serves policy/v1beta1; use policy/v1']],
        ["autoscaling/v1 is still served", "kubernetes:autoscaling/v1:HorizontalPodAutoscaler", {}, []],
        ["the deprecated serviceAccount field", DEPLOYMENT, { serviceAccount: "web" }, [`${W}: spec.template.spec.serviceAccount is deprecated; use serviceAccountName`]],
    ] as const)("%s", async (_name, type, podChange, violations) => {
        const props = mutate(goodDeployment(), (d: Props) => Object.assign(d.spec.template.spec, podChange));
        expect((await evaluateStack(op.stableApiVersions, [{ type, name: "web", props }])).violations).toEqual(violations);
    });
});

describe("selectors select their own template", () => {
    test.each(WORKLOADS.filter(([type]) => op.selectorMatchesTemplate.types?.includes(type)).map(([type, make, , label]) => [type, make, label] as const))("%s passes, and fails with a selector for other labels", async (type, make, label) => {
        expect(await evaluateResource(op.selectorMatchesTemplate, type, make())).toEqual({ violations: [] });
        const broken = mutate(make(), (w: Props) => (w.spec.selector = type === REPLICATION_CONTROLLER ? { app: "other" } : { matchLabels: { app: "other" } }));
        const outcome = await evaluateResource(op.selectorMatchesTemplate, type, broken);
        expect("violations" in outcome && outcome.violations.length === 1 && outcome.violations[0].startsWith(`${label}: spec.selector`)).toBe(true);
    });
    test("a Deployment without a selector is refused by the API server", async () => {
        expect(await evaluateResource(op.selectorMatchesTemplate, DEPLOYMENT, mutate(goodDeployment(), (d: Props) => delete d.spec.selector))).toEqual({ violations: [`${W}: spec.selector is unset, so it selects no pods`] });
    });
});

describe("labels", () => {
    test.each([
        ["valid labels pass", {}, []],
        ["a value too long and with a space", { team: "a".repeat(64) }, [`${W}: metadata.labels: value of "team" is not a valid label value (at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric): "${"a".repeat(64)}"`]],
        ["a key with an invalid prefix", { "Example.com/team": "x" }, [`${W}: metadata.labels: key "Example.com/team" has an invalid prefix (a DNS subdomain of at most 253 characters)`]],
    ] as const)("%s", async (_name, labels, violations) => {
        expect(await evaluateResource(op.labelsValid, DEPLOYMENT, mutate(goodDeployment(), (d: Props) => Object.assign(d.metadata.labels, labels)))).toEqual({ violations });
    });
    test("pod template labels are checked too", async () => {
        expect(await evaluateResource(op.labelsValid, DEPLOYMENT, mutate(goodDeployment(), (d: Props) => (d.spec.template.metadata.labels.tier = "front end")))).toEqual({
            violations: [`${W}: spec.template.metadata.labels: value of "tier" is not a valid label value (at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric): "front end"`],
        });
    });
    test("a Pod's own labels are read once", async () => {
        expect(await evaluateResource(op.labelsValid, POD, mutate(goodPod(), (p: Props): void => void (p.metadata.labels.app = "-x")))).toEqual({
            violations: ['Pod "shop/debug": metadata.labels: value of "app" is not a valid label value (at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric): "-x"'],
        });
    });
});

describe("recommended labels", () => {
    test("an instance label that differs from the name (Polaris metadataAndInstanceMismatched) and no name label", async () => {
        expect(await evaluateResource(op.recommendedLabels, DEPLOYMENT, mutate(goodDeployment(), (d: Props) => (d.metadata.labels = { "app.kubernetes.io/instance": "web-v2" })))).toEqual({
            violations: [`${W}: metadata.labels must set app.kubernetes.io/name`, `${W}: metadata.labels app.kubernetes.io/instance must equal metadata.name "web" (found "web-v2")`],
        });
    });
    test("a ReplicationController with the labels passes", async () => {
        expect(await evaluateResource(op.recommendedLabels, REPLICATION_CONTROLLER, goodReplicationController())).toEqual({ violations: [] });
    });
});

describe("container ports", () => {
    test.each([
        ["a probe on a port the container does not declare", (d: Props): void => void (app(d).readinessProbe.httpGet.port = 9090), [`${W}: container "app" readinessProbe targets port 9090, which the container does not declare in ports`]],
        ["a probe on a named port that does not exist", (d: Props): void => void (app(d).livenessProbe = { tcpSocket: { port: "metrics" } }), [`${W}: container "app" livenessProbe targets port "metrics", which the container does not declare in ports`]],
        ["a probe on the declared port name", (d: Props): void => void (app(d).livenessProbe = { tcpSocket: { port: "http" } }), []],
        ["an invalid port name", (d: Props): void => void (app(d).ports[0].name = "HTTP_PORT"), [`${W}: container "app" port name "HTTP_PORT" is not a valid IANA service name`]],
        ["port 22", (d: Props): void => void app(d).ports.push({ containerPort: 22 }), [`${W}: container "app" exposes port 22, the SSH port`]],
    ] as const)("%s", async (_name, change, violations) => {
        expect(await evaluateResource(op.containerPortsSound, DEPLOYMENT, mutate(goodDeployment(), change))).toEqual({ violations });
    });
    test("a Service target port name that is not an IANA service name", async () => {
        expect(await evaluateResource(op.containerPortsSound, SERVICE, { metadata: { name: "web", namespace: "shop" }, spec: { ports: [{ port: 80, targetPort: "web-http-port-8080" }] } })).toEqual({
            violations: ['Service "shop/web": spec.ports[0].targetPort "web-http-port-8080" is not a valid port name (IANA service name)'],
        });
    });
});

describe("RBAC", () => {
    const RBAC = "kubernetes:rbac.authorization.k8s.io/v1";
    const execRole: StackEntry = { type: `${RBAC}:ClusterRole`, name: "debugger", props: { metadata: { name: "debugger" }, rules: [{ apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] }] } };
    const readRole: StackEntry = { type: `${RBAC}:Role`, name: "reader", props: { metadata: { name: "reader", namespace: "shop" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }] } };
    const binding = (kind: string, roleKind: string, role: string): StackEntry => ({
        type: `${RBAC}:${kind}`,
        name: `${kind}-${role}`,
        props: { metadata: { name: `bind-${role}`, namespace: "shop" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: role }, subjects: [{ kind: "Group", name: "devs" }] },
    });
    test.each([
        ["a read-only Role and its binding pass", [readRole, binding("RoleBinding", "Role", "reader")], []],
        ["a ClusterRole granting exec, and a binding to it", [execRole, binding("ClusterRoleBinding", "ClusterRole", "debugger")], ['ClusterRole "debugger": grants pods/exec or pods/attach', 'ClusterRoleBinding "shop/bind-debugger": binds ClusterRole debugger, which grants pods/exec or pods/attach']],
        ["cluster-admin bound", [binding("ClusterRoleBinding", "ClusterRole", "cluster-admin")], ['ClusterRoleBinding "shop/bind-cluster-admin": binds ClusterRole cluster-admin']],
        ["the built-in edit role bound in a namespace", [binding("RoleBinding", "ClusterRole", "edit")], ['RoleBinding "shop/bind-edit": binds the built-in ClusterRole edit, which grants pods/exec']],
        ["a binding to a ClusterRole the stack does not declare", [binding("RoleBinding", "ClusterRole", "team-role")], ['RoleBinding "shop/bind-team-role": binds ClusterRole team-role, which the stack does not declare, so its rules cannot be checked']],
    ] as const)("%s", async (_name, stack, violations) => {
        expect((await evaluateStack(op.rbacLeastPrivilege, stack)).violations).toEqual(violations);
    });
});

describe("Helm releases", () => {
    test("a helm.sh/v3 Release is out of the pack's sight", async () => {
        expect(await evaluateResource(op.helmReleasesRendered, "kubernetes:helm.sh/v3:Release", { chart: "ingress-nginx", namespace: "ingress", name: "ingress" })).toEqual({
            violations: ['Release "ingress/ingress": installs chart "ingress-nginx" out of the pack\'s sight: none of its objects is judged; use helm.v4.Chart or exempt the release'],
        });
    });
    test("a reviewed release is exempted with a reason and an expiry", async () => {
        const config = { exemptions: [{ resource: "ingress", reason: "chart reviewed in PLAT-12", expires: "2099-01-01" }] };
        expect(await evaluateResource(op.helmReleasesRendered, "kubernetes:helm.sh/v3:Release", { chart: "ingress-nginx" }, { name: "ingress", config })).toEqual({ violations: [] });
    });
});

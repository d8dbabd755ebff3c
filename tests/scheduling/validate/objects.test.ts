/**
 * The engine's input checks: what the API server refuses is an InvalidObjectError naming the object and field, at
 * every public entry point, never a TypeError from inside a plugin.
 */
import { evaluatePod } from "../../../scheduling/evaluate";
import { InvalidObjectError } from "../../../scheduling/model/errors";
import type { V1Node, V1Pod } from "../../../scheduling/model/types";
import { LiveCluster, simulate, type SimulationInput } from "../../../scheduling/simulate";
import { validateNode, validateObject, validatePod } from "../../../scheduling/validate";
import { deployment, podSpec, poolNodes } from "../simulate/fixtures";

const spec = podSpec("100m");
const pod = (extra: Record<string, unknown> = {}): V1Pod => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "web-0", namespace: "shop" }, spec: { ...spec, ...extra } }) as V1Pod;
const withSpec = (kind: string, s: unknown, apiVersion = "apps/v1") => ({ apiVersion, kind, metadata: { name: "web", namespace: "shop" }, spec: s });
const template = { metadata: { labels: { app: "web" } }, spec };

describe("valid objects pass", () => {
    test.each<[string, unknown]>([
        ["a pod", pod()],
        ["a pod with tolerations of every form", pod({ tolerations: [{ operator: "Exists" }, { key: "a", operator: "Equal", value: "b", effect: "NoSchedule" }, { key: "c", effect: "NoExecute", tolerationSeconds: 30 }, { key: "d", operator: "Exists" }] })],
        ["a pod with host ports", pod({ containers: [{ name: "c", ports: [{ containerPort: 80, hostPort: 8080, protocol: "UDP" }, { containerPort: 81, hostPort: 0 }] }] })],
        ["a Deployment", withSpec("Deployment", { replicas: 3, selector: { matchLabels: { app: "web" } }, template })],
        ["a DaemonSet", withSpec("DaemonSet", { selector: { matchLabels: { app: "web" } }, template })],
        ["a Job", withSpec("Job", { parallelism: 2, completions: 4, template }, "batch/v1")],
        ["a CronJob", withSpec("CronJob", { schedule: "@daily", jobTemplate: { spec: { template } } }, "batch/v1")],
        ["a PDB with a percentage", withSpec("PodDisruptionBudget", { minAvailable: "50%", selector: { matchLabels: { app: "web" } } }, "policy/v1")],
        ["a PDB of 100%", withSpec("PodDisruptionBudget", { maxUnavailable: "100%" }, "policy/v1")],
        ["an HPA", withSpec("HorizontalPodAutoscaler", { scaleTargetRef: { kind: "Deployment", name: "web" }, minReplicas: 2, maxReplicas: 5 }, "autoscaling/v2")],
        ["a system PriorityClass above the user maximum", { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "system-high" }, value: 2000000000 }],
        ["a kind the engine does not read", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: null }],
        ["a node of the AKS model", poolNodes("user", 1)[0]],
    ])("%s", (_name, object) => {
        expect(() => validateObject(object)).not.toThrow();
    });
});

describe("what the API server refuses is an InvalidObjectError naming the object and field", () => {
    test.each<[string, unknown, string]>([
        ["a pod that is null", null, "Pod/default/<unnamed>: (object): expected a Kubernetes object (a mapping), got null"],
        ["a pod without spec", { kind: "Pod", metadata: { name: "p" } }, "Pod/default/p: spec: expected a mapping, got undefined"],
        ["a pod without containers", pod({ containers: [] }), "Pod/shop/web-0: spec.containers: a pod needs at least one container, got a list"],
        ["a container that is null", pod({ containers: [null] }), "Pod/shop/web-0: spec.containers[0]: expected a mapping, got null"],
        ["a toleration operator Maybe", pod({ tolerations: [{ key: "a", operator: "Maybe" }] }), 'Pod/shop/web-0: spec.tolerations[0].operator: "Maybe" is not valid; valid values: "" (empty), Exists, Equal, Gt, Lt'],
        ["a toleration effect Never", pod({ tolerations: [{ key: "a", operator: "Exists", effect: "Never" }] }), 'Pod/shop/web-0: spec.tolerations[0].effect: "Never" is not valid; valid values: "" (empty), NoSchedule, PreferNoSchedule, NoExecute'],
        ["an Exists toleration with a value", pod({ tolerations: [{ key: "a", operator: "Exists", value: "b" }] }), 'Pod/shop/web-0: spec.tolerations[0].value: must be empty when operator is Exists, got "b"'],
        ["a hostPort written as a word", pod({ containers: [{ name: "c", ports: [{ containerPort: 80, hostPort: "eighty" }] }] }), 'Pod/shop/web-0: spec.containers[0].ports[0].hostPort: expected a whole number from 0 to 65535, got "eighty"'],
        ["a containerPort out of range", pod({ containers: [{ name: "c", ports: [{ containerPort: 70000 }] }] }), "Pod/shop/web-0: spec.containers[0].ports[0].containerPort: expected a whole number from 1 to 65535, got 70000"],
        ["a Deployment with spec: null", withSpec("Deployment", null), "Deployment/shop/web: spec: a Deployment needs a spec (a mapping), got null"],
        ["a StatefulSet with spec: null", withSpec("StatefulSet", null), "StatefulSet/shop/web: spec: a StatefulSet needs a spec (a mapping), got null"],
        ["a DaemonSet with spec: null", withSpec("DaemonSet", null), "DaemonSet/shop/web: spec: a DaemonSet needs a spec (a mapping), got null"],
        ["a ReplicaSet with a string template", withSpec("ReplicaSet", { template: "web" }), 'ReplicaSet/shop/web: spec.template: a ReplicaSet needs spec.template (a pod template with metadata.labels and spec.containers), got "web"'],
        ["a Job with spec: null", withSpec("Job", null, "batch/v1"), "Job/shop/web: spec: a Job needs a spec (a mapping), got null"],
        ["a CronJob without a job template", withSpec("CronJob", { schedule: "@daily" }, "batch/v1"), "CronJob/shop/web: spec.jobTemplate: expected a mapping, got undefined"],
        ["a PDB with spec: null", withSpec("PodDisruptionBudget", null, "policy/v1"), "PodDisruptionBudget/shop/web: spec: a PodDisruptionBudget needs a spec (a mapping), got null"],
        ["a PDB of 150%", withSpec("PodDisruptionBudget", { minAvailable: "150%" }, "policy/v1"), 'PodDisruptionBudget/shop/web: spec.minAvailable: "150%" is more than 100%'],
        ["a PDB with both bounds", withSpec("PodDisruptionBudget", { minAvailable: 1, maxUnavailable: 1 }, "policy/v1"), "PodDisruptionBudget/shop/web: spec: minAvailable and maxUnavailable cannot be both set"],
        ["an HPA with spec: null", withSpec("HorizontalPodAutoscaler", null, "autoscaling/v2"), "HorizontalPodAutoscaler/shop/web: spec: a HorizontalPodAutoscaler needs a spec (a mapping), got null"],
        ["an HPA without a target name", withSpec("HorizontalPodAutoscaler", { scaleTargetRef: { kind: "Deployment" }, maxReplicas: 3 }, "autoscaling/v2"), "HorizontalPodAutoscaler/shop/web: spec.scaleTargetRef.name: expected a non-empty string, got undefined"],
        ["an HPA whose maximum is below its minimum", withSpec("HorizontalPodAutoscaler", { scaleTargetRef: { kind: "Deployment", name: "web" }, minReplicas: 5, maxReplicas: 2 }, "autoscaling/v2"), "HorizontalPodAutoscaler/shop/web: spec.maxReplicas: 2 is less than minReplicas 5"],
        ["a user PriorityClass above 1,000,000,000", { kind: "PriorityClass", metadata: { name: "top" }, value: 2000000000 }, "PriorityClass/top: value: expected a whole number from -2147483648 to 1000000000, got 2000000000"],
        ["labels that are not strings", { kind: "Namespace", metadata: { name: "ns", labels: { team: 7 } } }, "Namespace/ns: metadata.labels.team: expected a string, got 7"],
    ])("%s", (_name, object, message) => {
        expect(() => validateObject(object, "Pod")).toThrow(InvalidObjectError);
        expect(() => validateObject(object, "Pod")).toThrow(message);
    });

    test.each<[string, unknown, string]>([
        ["a node that is null", null, "Node/<unnamed>: (object): expected a Kubernetes object (a mapping), got null"],
        ["a node without a name", { metadata: {} }, "Node/<unnamed>: metadata.name: expected a non-empty string, got undefined"],
        ["a taint effect Never", { metadata: { name: "n" }, spec: { taints: [{ key: "a", effect: "Never" }] } }, 'Node/n: spec.taints[0].effect: "Never" is not valid; valid values: NoSchedule, PreferNoSchedule, NoExecute'],
        ["a taint without an effect", { metadata: { name: "n" }, spec: { taints: [{ key: "a" }] } }, "Node/n: spec.taints[0].effect: is required; valid values: NoSchedule, PreferNoSchedule, NoExecute"],
    ])("%s", (_name, node, message) => {
        expect(() => validateNode(node)).toThrow(message);
    });
});

describe("every entry point checks its input first", () => {
    const nodes = poolNodes("user", 2);
    test.each<[string, () => unknown, string]>([
        ["evaluatePod with a null pod", () => evaluatePod({ pod: null as unknown as V1Pod, nodes }), "Pod/default/<unnamed>: (object): expected a Kubernetes object"],
        ["evaluatePod with a null node", () => evaluatePod({ pod: pod(), nodes: [null as unknown as V1Node] }), "Node/<unnamed>: (object): expected a Kubernetes object"],
        ["evaluatePod with containers: [null]", () => evaluatePod({ pod: pod({ containers: [null] }), nodes }), "Pod/shop/web-0: spec.containers[0]: expected a mapping, got null"],
        ["simulate with nodes: {}", () => simulate({ nodes: {} as unknown as V1Node[], workloads: [] }), "simulate: nodes: (object): expected a list, got a mapping"],
        ["simulate without workloads", () => simulate({ nodes } as unknown as SimulationInput), "simulate: workloads: (object): expected a list, got null"],
        ["simulate with a workload whose spec is null", () => simulate({ nodes, workloads: [{ ...(deployment("web", 1, spec) as object), spec: null }] }), "Deployment/default/web: spec: a Deployment needs a spec"],
        ["LiveCluster with a node whose taint is malformed", () => new LiveCluster({ nodes: [{ metadata: { name: "n" }, spec: { taints: [{ key: "a", effect: "Never" as never }] } }] }), 'Node/n: spec.taints[0].effect: "Never" is not valid'],
        ["LiveCluster.place with a pod without spec", () => new LiveCluster({ nodes }).place({ metadata: { name: "p", namespace: "shop" } }), "Pod/shop/p: spec: expected a mapping, got undefined"],
    ])("%s", (_name, call, message) => {
        expect(call).toThrow(InvalidObjectError);
        expect(call).toThrow(message);
    });

    test("a valid pod on valid nodes is evaluated", () => {
        expect(() => validatePod(pod())).not.toThrow();
        expect(evaluatePod({ pod: pod(), nodes }).message).toBeUndefined();
    });
});

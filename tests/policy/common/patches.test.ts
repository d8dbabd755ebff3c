/**
 * `<Kind>Patch` resources: server-side-apply merge semantics (`policy/common/merge-patch.ts`), their view in the
 * stack policies (applied to the target the stack declares), and how resource policies judge them from the stack
 * pass (what the patch changes, against its target or, without one, against its bare identity).
 */
import { applyPatch, patchSkeleton } from "../../../policy/common/merge-patch";
import { replicasFloor } from "../../../policy/workloads/availability-policies";
import { pssNoPrivilegeEscalation, pssRunAsNonRoot } from "../../../policy/workloads/pod-security-restricted";
import { goodDeployment } from "../fixtures";
import { evaluateResource, evaluateStack, mutate, urnOf, type StackEntry } from "../harness";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("merge semantics", () => {
    test.each([
        ["objects merge field by field", { a: { b: 1, c: 2 } }, { a: { c: 3, d: 4 } }, { a: { b: 1, c: 3, d: 4 } }],
        ["null removes a field", { a: 1, b: 2 }, { b: null }, { a: 1 }],
        ["containers merge by name, new ones are appended", { containers: [{ name: "app", image: "x:1", ports: [{ containerPort: 80 }] }] }, { containers: [{ name: "app", image: "x:2" }, { name: "sidecar", image: "y:1" }] }, { containers: [{ name: "app", image: "x:2", ports: [{ containerPort: 80 }] }, { name: "sidecar", image: "y:1" }] }],
        ["env merges by name", { env: [{ name: "A", value: "1" }, { name: "B", value: "2" }] }, { env: [{ name: "B", value: "3" }] }, { env: [{ name: "A", value: "1" }, { name: "B", value: "3" }] }],
        ["container ports merge by port and protocol", { ports: [{ containerPort: 80, name: "http" }] }, { ports: [{ containerPort: 80, protocol: "UDP" }] }, { ports: [{ containerPort: 80, name: "http" }, { containerPort: 80, protocol: "UDP" }] }],
        ["an atomic list (tolerations) is replaced", { tolerations: [{ key: "a" }] }, { tolerations: [{ key: "b" }] }, { tolerations: [{ key: "b" }] }],
    ])("%s", (_name, target, patch, merged) => {
        expect(applyPatch(target, patch)).toEqual(merged);
    });

    test("a patch's skeleton keeps names and list keys, nothing it sets", () => {
        const patch = { metadata: { name: "web", namespace: "shop", labels: { a: "b" } }, spec: { replicas: 1, template: { spec: { containers: [{ name: "app", securityContext: { privileged: true } }] } } } };
        expect(patchSkeleton(patch)).toEqual({ metadata: { name: "web", namespace: "shop" }, spec: { template: { spec: { containers: [{ name: "app" }] } } } });
    });
});

const web: StackEntry = { type: "kubernetes:apps/v1:Deployment", name: "web", props: goodDeployment() };
const patch = (spec: Props, name = "web"): StackEntry => ({ type: "kubernetes:apps/v1:DeploymentPatch", name: `${name}-patch`, props: { metadata: { name, namespace: "shop" }, spec } });

describe("resource policies judge a patch by what it changes", () => {
    test("a patch is not judged alone in Analyze: its stack pass judges it", async () => {
        expect(await evaluateResource(pssRunAsNonRoot, "kubernetes:apps/v1:DeploymentPatch", patch({}).props)).toEqual({ notApplicable: expect.stringContaining("is judged with the stack") });
    });
    test("a patch that sets only harmless fields adds no finding, although alone it lacks the whole security context", async () => {
        expect((await evaluateStack(pssRunAsNonRoot, [web, patch({ template: { spec: { containers: [{ name: "app", image: "contoso.azurecr.io/web:1.4.3" }] } } })])).violations).toEqual([]);
    });
    test("a patch adding a container to a declared Deployment is judged in full against it: the new container has no security context", async () => {
        const outcome = await evaluateStack(pssNoPrivilegeEscalation, [web, patch({ template: { spec: { containers: [{ name: "sidecar", image: "contoso.azurecr.io/proxy:1" }] } } })]);
        expect(outcome).toEqual({ violations: ['DeploymentPatch "shop/web": container "sidecar" must set securityContext.allowPrivilegeEscalation to false (found unset)'], urns: [urnOf({ type: "kubernetes:apps/v1:DeploymentPatch", name: "web-patch" })] });
    });
    test("a patch of a Deployment managed elsewhere is judged on what it sets: an escalation it allows fails", async () => {
        const outcome = await evaluateStack(pssNoPrivilegeEscalation, [patch({ template: { spec: { containers: [{ name: "app", securityContext: { allowPrivilegeEscalation: true } }] } } }, "ingress")]);
        expect(outcome.violations).toEqual(['DeploymentPatch "shop/ingress": container "app" must set securityContext.allowPrivilegeEscalation to false (found true)']);
    });
    test("an exemption names the patch like any resource", async () => {
        const config = { exemptions: [{ resource: "DeploymentPatch/shop/ingress", reason: "vendor chart's debug mode, PLAT-7", expires: "2099-12-31" }] };
        const outcome = await evaluateStack(pssNoPrivilegeEscalation, [patch({ template: { spec: { containers: [{ name: "app", securityContext: { allowPrivilegeEscalation: true } }] } } }, "ingress")], { config });
        expect(outcome.violations).toEqual([]);
    });
});

describe("stack policies see the target with its patches applied", () => {
    test("a patch lowering replicas of a declared Deployment falls below the floor", async () => {
        expect(await evaluateStack(replicasFloor, [web, patch({ replicas: 1 })])).toEqual({
            violations: ['Deployment "shop/web": runs 1 replica(s) at its minimum (spec.replicas); at least 2 are required'],
            urns: [urnOf(web)],
        });
    });
    test("an unpatched stack passes", async () => {
        expect((await evaluateStack(replicasFloor, [web])).violations).toEqual([]);
    });
});

test("a patch is merged onto a copy: the Deployment itself is unchanged", () => {
    const before = mutate(goodDeployment(), () => undefined);
    applyPatch(before, { spec: { replicas: 1 } });
    expect(before).toEqual(goodDeployment());
});

import type { PackPolicy } from "../../../policy/common/define";
import * as hp from "../../../policy/workloads/hardening-policies";
import { DEPLOYMENT } from "../../../policy/workloads/pod-templates";
import { goodDeployment } from "../fixtures";
import { evaluateResource, mutate } from "../harness";
import { WORKLOADS } from "./workload-types";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const W = 'Deployment "shop/web"';
const spec = (d: Props) => d.spec.template.spec;
const app = (d: Props) => spec(d).containers[0];
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

describe("every hardening policy accepts every happy-path workload", () => {
    const rows = hp.hardeningPolicies.flatMap((p) => WORKLOADS.map(([type, make]) => [`${p.name} on ${type}`, p, type, make] as const));
    test.each(rows)("%s", async (_name, policy, type, make) => {
        expect(await evaluateResource(policy, type, make())).toEqual({ violations: [] });
    });
});

interface Case {
    policy: PackPolicy;
    change: (d: Props) => void;
    violations: string[];
    config?: Record<string, unknown>;
}

const cases: Record<string, Case> = {
    "a writable root filesystem": {
        policy: hp.readOnlyRootFilesystem,
        change: (d) => delete app(d).securityContext.readOnlyRootFilesystem,
        violations: [`${W}: container "app" must set securityContext.readOnlyRootFilesystem to true (found unset)`],
    },
    "an init container with a writable root filesystem": {
        policy: hp.readOnlyRootFilesystem,
        change: (d) => (spec(d).initContainers = [{ name: "migrate", image: "contoso.azurecr.io/m:1", securityContext: { readOnlyRootFilesystem: false } }]),
        violations: [`${W}: initContainer "migrate" must set securityContext.readOnlyRootFilesystem to true (found false)`],
    },
    "the service-account token mounted by default": {
        policy: hp.serviceAccountTokenNotMounted,
        change: (d) => delete spec(d).automountServiceAccountToken,
        violations: [`${W}: spec.template.spec.automountServiceAccountToken must be false (found unset)`],
    },
    "a low UID on the container overrides the pod's": {
        policy: hp.runAsHighIds,
        change: (d) => (app(d).securityContext.runAsUser = 1000),
        violations: [`${W}: container "app" runAsUser must be at least 10000 (found 1000)`],
    },
    "no group at all": {
        policy: hp.runAsHighIds,
        change: (d) => delete spec(d).securityContext.runAsGroup,
        violations: [`${W}: container "app" runAsGroup must be at least 10000 (found unset)`],
    },
    "the floors are settings": {
        policy: hp.runAsHighIds,
        change: () => undefined,
        config: { minUid: 70000, minGid: 1 },
        violations: [`${W}: container "app" runAsUser must be at least 70000 (found 65532)`],
    },
    "a password as a literal environment variable": {
        policy: hp.noLiteralSecrets,
        change: (d) => (app(d).env = [{ name: "DB_PASSWORD", value: "hunter2" }, { name: "MODE", value: "prod" }, { name: "API_TOKEN", valueFrom: { secretKeyRef: { name: "api", key: "token" } } }]),
        violations: [`${W}: container "app" sets DB_PASSWORD as a literal value; read it from a Secret (valueFrom.secretKeyRef) or a mounted file`],
    },
    "a private key in an innocently named variable": {
        policy: hp.noLiteralSecrets,
        change: (d) => (app(d).env = [{ name: "TLS_PEM", value: "-----BEGIN RSA PRIVATE KEY-----\nMIIE..." }]),
        violations: [`${W}: container "app" puts a private key in environment variable TLS_PEM; mount it from a Secret`],
    },
};

describe("hardening mutations", () => {
    test.each(Object.entries(cases))("%s", async (_sentence, { policy, change, violations, config }) => {
        expect(await evaluateResource(policy, DEPLOYMENT, mutate(goodDeployment(), change), { config })).toEqual({ violations });
    });
});

describe("ConfigMaps hold no credentials (Polaris sensitiveConfigmapContent)", () => {
    test.each([
        ["plain settings pass", { LOG_LEVEL: "info" }, []],
        ["a key naming a secret", { client_secret: "abc" }, ['ConfigMap "shop/settings": data key client_secret names a credential; keep it in a Secret']],
        ["a private key in a value", { "tls.key": "-----BEGIN PRIVATE KEY-----\nMII" }, ['ConfigMap "shop/settings": data key tls.key holds a private key; keep it in a Secret']],
    ] as const)("%s", async (_name, data, violations) => {
        expect(await evaluateResource(hp.noLiteralSecrets, CONFIG_MAP, { metadata: { name: "settings", namespace: "shop" }, data })).toEqual({ violations });
    });
});

import type { PackPolicy } from "../../../policy/common/define";
import * as base from "../../../policy/workloads/pod-security-baseline";
import * as rest from "../../../policy/workloads/pod-security-restricted";
import { CRON_JOB, DEPLOYMENT } from "../../../policy/workloads/pod-templates";
import { goodCronJob, goodDeployment } from "../fixtures";
import { evaluateResource, mutate, UNKNOWN } from "../harness";
import { WORKLOADS } from "./workload-types";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const W = 'Deployment "shop/web"';
const P = "spec.template.spec";
const spec = (d: Props) => d.spec.template.spec;
const app = (d: Props) => spec(d).containers[0];
const sc = (d: Props) => app(d).securityContext;

const pssPolicies = [...base.baselinePolicies, ...rest.restrictedPolicies];

describe("every Pod Security Standards policy accepts every happy-path workload", () => {
    const rows = pssPolicies.flatMap((p) => WORKLOADS.map(([type, make]) => [`${p.name} on ${type}`, p, type, make] as const));
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
    // Baseline.
    "a privileged container": { policy: base.pssPrivileged, change: (d) => (sc(d).privileged = true), violations: [`${W}: container "app" must not set securityContext.privileged to true`] },
    "a privileged ephemeral container is checked too": {
        policy: base.pssPrivileged,
        change: (d) => (spec(d).ephemeralContainers = [{ name: "debug", image: "x", securityContext: { privileged: true } }]),
        violations: [`${W}: ephemeralContainer "debug" must not set securityContext.privileged to true`],
    },
    "host network and PID": {
        policy: base.pssHostNamespaces,
        change: (d) => Object.assign(spec(d), { hostNetwork: true, hostPID: true, hostIPC: false }),
        violations: [`${W}: ${P}.hostNetwork must not be true`, `${W}: ${P}.hostPID must not be true`],
    },
    "a hostPath volume": {
        policy: base.pssHostPath,
        change: (d) => spec(d).volumes.push({ name: "docker", hostPath: { path: "/var/run/docker.sock" } }),
        violations: [`${W}: ${P}.volumes[1] ("docker") must not be a hostPath volume`],
    },
    "a host port": {
        policy: base.pssHostPorts,
        change: (d) => (app(d).ports = [{ containerPort: 8080, hostPort: 80 }]),
        violations: [`${W}: container "app" must not set hostPort (found 80)`],
    },
    "a hostPort of 0 means none": { policy: base.pssHostPorts, change: (d) => (app(d).ports = [{ containerPort: 8080, hostPort: 0 }]), violations: [] },
    "SYS_ADMIN added": {
        policy: base.pssBaselineCapabilities,
        change: (d) => (sc(d).capabilities.add = ["CHOWN", "SYS_ADMIN"]),
        violations: [`${W}: container "app" must not add capabilities beyond the baseline set (found "SYS_ADMIN")`],
    },
    "an unmasked /proc": {
        policy: base.pssProcMount,
        change: (d) => (sc(d).procMount = "Unmasked"),
        violations: [`${W}: container "app" must not set securityContext.procMount to "Unmasked" (only Default)`],
    },
    "a custom SELinux user on the pod and a type on the container": {
        policy: base.pssSeLinux,
        change: (d) => {
            spec(d).securityContext.seLinuxOptions = { user: "system_u" };
            sc(d).seLinuxOptions = { type: "spc_t" };
        },
        violations: [`${W}: ${P}.securityContext.seLinuxOptions must not set user "system_u"`, `${W}: container "app" securityContext.seLinuxOptions must not set type "spc_t"`],
    },
    "a container SELinux type is allowed": { policy: base.pssSeLinux, change: (d) => (sc(d).seLinuxOptions = { type: "container_init_t", level: "s0:c1" }), violations: [] },
    "an unsafe sysctl": {
        policy: base.pssSysctls,
        change: (d) => (spec(d).securityContext.sysctls = [{ name: "net.ipv4.tcp_syncookies", value: "1" }, { name: "kernel.msgmax", value: "65536" }]),
        violations: [`${W}: ${P}.securityContext.sysctls must list only safe sysctls (found "kernel.msgmax")`],
    },
    "an Unconfined AppArmor profile and annotation": {
        policy: base.pssAppArmor,
        change: (d) => {
            sc(d).appArmorProfile = { type: "Unconfined" };
            d.spec.template.metadata.annotations = { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" };
        },
        violations: [
            `${W}: container "app" securityContext.appArmorProfile.type must be RuntimeDefault or Localhost (found "Unconfined")`,
            `${W}: annotation container.apparmor.security.beta.kubernetes.io/app must be runtime/default or localhost/<profile> (found "unconfined")`,
        ],
    },
    "a HostProcess container": {
        policy: base.pssHostProcess,
        change: (d) => (sc(d).windowsOptions = { hostProcess: true }),
        violations: [`${W}: container "app" must not set securityContext.windowsOptions.hostProcess to true`],
    },
    // Restricted.
    "no runAsNonRoot anywhere": {
        policy: rest.pssRunAsNonRoot,
        change: (d) => delete spec(d).securityContext.runAsNonRoot,
        violations: [`${W}: container "app" must run as non-root: set runAsNonRoot to true on the pod or the container`],
    },
    "runAsNonRoot on the container alone is enough": {
        policy: rest.pssRunAsNonRoot,
        change: (d) => {
            delete spec(d).securityContext.runAsNonRoot;
            sc(d).runAsNonRoot = true;
        },
        violations: [],
    },
    "a container overriding runAsNonRoot to false": {
        policy: rest.pssRunAsNonRoot,
        change: (d) => (sc(d).runAsNonRoot = false),
        violations: [`${W}: container "app" must not set securityContext.runAsNonRoot to false`],
    },
    "pod-level runAsNonRoot false fails even when every container sets true: Pod Security admission refuses it (bypass 7)": {
        policy: rest.pssRunAsNonRoot,
        change: (d) => {
            spec(d).securityContext.runAsNonRoot = false;
            sc(d).runAsNonRoot = true;
        },
        violations: [`${W}: ${P}.securityContext.runAsNonRoot must not be false: Pod Security admission refuses the pod whatever its containers set`],
    },
    "with requireNonRootGroup: the root group, a root fsGroup and supplemental group 0": {
        policy: rest.pssRunAsNonRoot,
        change: (d) => Object.assign(spec(d).securityContext, { runAsGroup: 0, fsGroup: 0, supplementalGroups: [1000, 0] }),
        config: { requireNonRootGroup: true },
        violations: [
            `${W}: ${P}.securityContext.fsGroup must be a non-zero group ID (found 0)`,
            `${W}: ${P}.securityContext.supplementalGroups must not include 0 (the root group)`,
            `${W}: container "app" must run with a non-zero runAsGroup (pod or container; found 0)`,
        ],
    },
    "without requireNonRootGroup the root group is PSS-compliant": {
        policy: rest.pssRunAsNonRoot,
        change: (d) => Object.assign(spec(d).securityContext, { runAsGroup: 0 }),
        violations: [],
    },
    "a probe with a host (PSS baseline from 1.34)": {
        policy: base.pssProbeHost,
        change: (d) => {
            app(d).readinessProbe.httpGet.host = "169.254.169.254";
            app(d).lifecycle = { preStop: { tcpSocket: { port: 22, host: "10.0.0.1" } } };
        },
        violations: [`${W}: container "app" must not set a host in probes or lifecycle hooks (found readinessProbe.httpGet.host "169.254.169.254", lifecycle.preStop.tcpSocket.host "10.0.0.1")`],
    },
    "an empty probe host is allowed": { policy: base.pssProbeHost, change: (d) => (app(d).livenessProbe.httpGet.host = ""), violations: [] },
    "runAsUser 0 on the pod": {
        policy: rest.pssRunAsNonRoot,
        change: (d) => (spec(d).securityContext.runAsUser = 0),
        violations: [`${W}: ${P}.securityContext.runAsUser must not be 0`],
    },
    "privilege escalation left unset": {
        policy: rest.pssNoPrivilegeEscalation,
        change: (d) => delete sc(d).allowPrivilegeEscalation,
        violations: [`${W}: container "app" must set securityContext.allowPrivilegeEscalation to false (found unset)`],
    },
    "capabilities not dropped and NET_RAW added": {
        policy: rest.pssDropAllCapabilities,
        change: (d) => (sc(d).capabilities = { add: ["NET_BIND_SERVICE", "NET_RAW"] }),
        violations: [`${W}: container "app" must drop ALL capabilities (capabilities.drop: unset) and may add only NET_BIND_SERVICE (found "NET_RAW")`],
    },
    "no seccomp profile": {
        policy: rest.pssSeccomp,
        change: (d) => delete spec(d).securityContext.seccompProfile,
        violations: [`${W}: container "app" has no seccomp profile: set seccompProfile.type RuntimeDefault on the pod or the container`],
    },
    "an Unconfined seccomp profile on a container overrides the pod's": {
        policy: rest.pssSeccomp,
        change: (d) => (sc(d).seccompProfile = { type: "Unconfined" }),
        violations: [`${W}: container "app" securityContext.seccompProfile.type must be RuntimeDefault or Localhost (found "Unconfined")`],
    },
    "an azureFile volume": {
        policy: rest.pssVolumeTypes,
        change: (d) => spec(d).volumes.push({ name: "share", azureFile: { secretName: "s", shareName: "x" } }),
        violations: [`${W}: ${P}.volumes[1] ("share") uses azureFile, which the restricted profile does not allow`],
    },
};

describe("Pod Security Standards mutations", () => {
    test.each(Object.entries(cases))("%s", async (_sentence, { policy, change, violations, config }) => {
        expect(await evaluateResource(policy, DEPLOYMENT, mutate(goodDeployment(), change), { config })).toEqual({ violations });
    });
});

test("a CronJob's pod template is found under spec.jobTemplate", async () => {
    const cron = mutate(goodCronJob(), (c: Props) => (c.spec.jobTemplate.spec.template.spec.hostPID = true));
    expect(await evaluateResource(base.pssHostNamespaces, CRON_JOB, cron)).toEqual({
        violations: ['CronJob "shop/report": spec.jobTemplate.spec.template.spec.hostPID must not be true'],
    });
});

test("a security context unknown during preview is named, not passed", async () => {
    const d = mutate(goodDeployment(), (x: Props) => (app(x).securityContext = UNKNOWN));
    expect(await evaluateResource(base.pssPrivileged, DEPLOYMENT, d)).toEqual({
        violations: [],
        unknownDuringPreview: "spec.template.spec.containers[0].securityContext is unknown during preview; k8s-pss-no-privileged-containers checks it again at update, when the value is known",
    });
});

/** kube-linter's checks enabled by default (`docs/generated/checks.md`, "Enabled by default: Yes"; templates under `pkg/templates/`). */
import { rows, type PeerCheck } from "./catalog";

const DOC = "docs/generated/checks.md";
const check = (id: string, title: string) => [id, title, `${DOC}#${id}`] as const;

export const KUBE_LINTER_CHECKS: readonly PeerCheck[] = rows("kubeLinter", true, [
    check("dangling-service", "Services select some deployment's pods"),
    check("deprecated-service-account-field", "The deprecated serviceAccount field is not used"),
    check("docker-sock", "The docker socket is not mounted"),
    check("drop-net-raw-capability", "NET_RAW is dropped"),
    check("duplicate-env-var", "No duplicate environment variables"),
    check("env-var-secret", "No secrets in literal environment variables"),
    check("host-ipc", "hostIPC is not set"),
    check("host-network", "hostNetwork is not set"),
    check("host-pid", "hostPID is not set"),
    check("invalid-target-ports", "Port names follow the specification"),
    check("job-ttl-seconds-after-finished", "Standalone Jobs set ttlSecondsAfterFinished, CronJob Jobs do not"),
    check("latest-tag", "No latest tag"),
    check("liveness-port", "The liveness probe targets an exposed port"),
    check("mismatching-selector", "The selector matches the pod template labels"),
    check("no-anti-affinity", "Replicas specify pod anti-affinity"),
    check("no-extensions-v1beta", "No deprecated extensions/v1beta API"),
    check("no-read-only-root-fs", "The root filesystem is read-only"),
    check("non-existent-service-account", "The service account exists"),
    check("pdb-max-unavailable", "A PDB's maxUnavailable allows disruptions"),
    check("pdb-min-available", "A PDB's minAvailable allows disruptions"),
    check("pdb-unhealthy-pod-eviction-policy", "A PDB sets unhealthyPodEvictionPolicy"),
    check("privilege-escalation-container", "Privilege escalation is not allowed"),
    check("privileged-container", "Not privileged"),
    check("readiness-port", "The readiness probe targets an exposed port"),
    check("run-as-non-root", "Runs as non-root and not in the root group"),
    check("sensitive-host-mounts", "No sensitive host directories mounted"),
    check("ssh-port", "Port 22 is not exposed"),
    check("startup-port", "The startup probe targets an exposed port"),
    check("unsafe-sysctls", "No unsafe sysctls"),
    check("unset-cpu-requirements", "CPU requests set"),
    check("unset-memory-requirements", "Memory limits set"),
]);

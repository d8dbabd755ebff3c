/**
 * The schema (zod v4) of the stack-file keys that harden the cluster beyond its defaults: customer-managed keys
 * for the node disks and for Kubernetes secrets in etcd (`cluster.encryption`), Fleet membership (`cluster.fleet`),
 * the control-plane logs sent to the workspace (`cluster.monitoring.controlPlaneLogs`) and the PriorityClasses
 * workloads use (`aks-platform:priorityClasses`). Shapes and defaults only; every key is listed in
 * `docs/configuration.md`.
 */
import { z } from "zod";
import { armId } from "./deploy-schema";

/**
 * A versioned Key Vault key identifier (`https://<vault>.vault.azure.net/keys/<name>/<version>`), as KMS needs it:
 * "When Azure Key Vault key management service is enabled, this field is required and must be a valid key
 * identifier" (AKS API `AzureKeyVaultKms.keyId`; https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption).
 */
const keyId = z.string().regex(/^https:\/\/[a-zA-Z0-9-]{3,24}\.vault\.azure\.net\/keys\/[a-zA-Z0-9-]{1,127}\/[0-9a-fA-F]{32}$/, {
    error: (iss) => `${JSON.stringify(iss.input)} is not a versioned Key Vault key identifier (https://<vault>.vault.azure.net/keys/<name>/<32-hex version>)`,
});

/**
 * `cluster.encryption`: node OS and data disks encrypted through an existing disk encryption set
 * (https://learn.microsoft.com/azure/aks/azure-disk-customer-managed-keys) and Kubernetes secrets in etcd encrypted
 * with an existing Key Vault key (KMS, https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption). The keys belong
 * to whoever owns key management; the program gives the cluster's control-plane identity the roles KMS needs on the
 * vault. Both default to off (platform-managed keys).
 */
export const encryptionSchema = z
    .strictObject({
        /** A disk encryption set over a customer-managed key; fixed at cluster creation. */
        diskEncryptionSetId: armId("diskEncryptionSets").optional(),
        kms: z
            .strictObject({
                keyId,
                keyVaultId: armId("vaults"),
                /** Public: the vault allows public access; Private: private link (needs API Server VNet Integration). */
                networkAccess: z.enum(["Public", "Private"]).default("Public"),
            })
            .optional(),
    })
    .prefault({});

/** `cluster.fleet`: the Azure Kubernetes Fleet Manager the cluster joins, and its update group. */
export const fleetSchema = z
    .strictObject({
        /** The fleet's ARM ID. */
        id: armId("fleets"),
        /** Update group (update runs upgrade groups in stages: staging before prod). */
        group: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,48}[a-z0-9])?$/, { error: (iss) => `${JSON.stringify(iss.input)} is not an update group name (lowercase letters, digits and "-", at most 50)` }),
    })
    .optional();

/**
 * The AKS control-plane log categories sent to the cluster's workspace by a diagnostic setting. The default is
 * AKS's advice for cost: kube-audit-admin (the audit log without get and list) rather than kube-audit, plus the API
 * server, controller manager, autoscaler and Entra ID (guard) logs
 * (https://learn.microsoft.com/azure/aks/monitor-aks#aks-control-planeresource-logs).
 */
export const DEFAULT_CONTROL_PLANE_LOGS: readonly string[] = ["kube-audit-admin", "kube-apiserver", "kube-controller-manager", "cluster-autoscaler", "guard"];

const CONTROL_PLANE_LOG_CATEGORIES = ["kube-apiserver", "kube-audit", "kube-audit-admin", "kube-controller-manager", "kube-scheduler", "cluster-autoscaler", "cloud-controller-manager", "guard", "csi-azuredisk-controller", "csi-azurefile-controller", "csi-snapshot-controller"] as const;

export const controlPlaneLogsSchema = z.array(z.enum(CONTROL_PLANE_LOG_CATEGORIES)).default([...DEFAULT_CONTROL_PLANE_LOGS] as (typeof CONTROL_PLANE_LOG_CATEGORIES)[number][]);

/** `aks-platform:priorityClasses`: PriorityClasses the program creates (https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/). */
export const priorityClassesSchema = z
    .array(
        z.strictObject({
            name: z.string().regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a valid PriorityClass name (a DNS subdomain)` }),
            /** Up to one billion: higher values are kept for system classes. */
            value: z.number().int().min(-2147483648).max(1000000000),
            /** Never: the class does not preempt lower-priority pods (batch work that may wait). */
            preemptionPolicy: z.enum(["PreemptLowerPriority", "Never"]).default("PreemptLowerPriority"),
            description: z.string().optional(),
        }),
    )
    .default([]);

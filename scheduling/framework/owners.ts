/**
 * The Services and controllers the system default topology spreading reads (kube-scheduler reads them through
 * informer listers: `helper.DefaultSelector` in kubernetes/kubernetes `pkg/scheduler/framework/plugins/helper/spread.go`,
 * v1.35): Services by namespace, and ReplicaSets and StatefulSets by namespace and name, for their selectors.
 */
import { InvalidObjectError, objectRef } from "../model/errors";
import type { V1ReplicaSet, V1Service, V1StatefulSet } from "../model/types";
import type { SpreadingOwners, V1LabelSelectorLike } from "./interfaces";

/** What {@link createSpreadingOwners} indexes. Every list defaults to none. */
export interface SpreadingOwnersInput {
    /** Services (only their namespace and `spec.selector` are read). See https://kubernetes.io/docs/concepts/services-networking/service/ */
    services?: readonly V1Service[];
    /** ReplicaSets (a Deployment's pods are owned by one). */
    replicaSets?: readonly V1ReplicaSet[];
    /** StatefulSets. */
    statefulSets?: readonly V1StatefulSet[];
}

const namespaceOf = (obj: { metadata?: { namespace?: string } }): string => obj.metadata?.namespace || "default";

/**
 * Indexes Services and controllers.
 * @throws InvalidObjectError for an object without a name.
 */
export function createSpreadingOwners(input: SpreadingOwnersInput = {}): SpreadingOwners {
    const services = new Map<string, V1Service[]>();
    for (const service of input.services ?? []) {
        if (typeof service.metadata?.name !== "string" || service.metadata.name === "") throw new InvalidObjectError(objectRef(service, "Service"), "metadata.name", "a Service needs a non-empty name");
        const list = services.get(namespaceOf(service)) ?? [];
        list.push(service);
        services.set(namespaceOf(service), list);
    }
    const controllers = new Map<string, V1LabelSelectorLike | undefined>();
    for (const [kind, list] of [
        ["ReplicaSet", input.replicaSets ?? []],
        ["StatefulSet", input.statefulSets ?? []],
    ] as const) {
        for (const controller of list) {
            if (typeof controller.metadata?.name !== "string" || controller.metadata.name === "") throw new InvalidObjectError(objectRef(controller, kind), "metadata.name", `a ${kind} needs a non-empty name`);
            controllers.set(`${kind}/${namespaceOf(controller)}/${controller.metadata.name}`, controller.spec?.selector);
        }
    }
    return {
        services: (namespace) => services.get(namespace) ?? [],
        controllerSelector: (namespace, kind, name) => controllers.get(`${kind}/${namespace}/${name}`),
    };
}

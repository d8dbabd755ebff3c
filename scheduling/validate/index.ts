/**
 * The engine's input checks, run at its public entry points (`evaluatePod`, `simulate`, `LiveCluster`) and by
 * callers that read objects from users (the plan's manifest reader): what the API server would refuse is an
 * `InvalidObjectError` naming the object and field. See `objects.ts`.
 */
export { validateObject, validatePod, validateNode, validatePodSpec, validateList, referenceOf, VALIDATED_KINDS, TAINT_EFFECTS, TOLERATION_OPERATORS, PORT_PROTOCOLS, HIGHEST_USER_PRIORITY } from "./objects";

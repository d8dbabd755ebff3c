/** Inputs for the component tests: the resolved specs of the project's own stack files, and variations of them. */
import { loadPlatformSpec } from "../../config/load";
import type { PlatformSpec } from "../../config/platform-spec";
import type { NodePoolSpec } from "../../scheduling/aks/node-pool-spec";
import { REPO_ROOT } from "../helpers/pulumi-mocks";

/**
 * A deep copy made in the test's own realm. (`structuredClone` would create its arrays in Node's main realm,
 * outside jest's sandbox, and Pulumi's serializer, which tests `instanceof Array`, would send them as objects.)
 */
function deepCopy<T>(value: T): T {
    return JSON.parse(JSON.stringify(value)) as T;
}

/** The resolved configuration of `Pulumi.<stack>.yaml`. */
export function stackSpec(stack: "dev" | "staging" | "prod"): PlatformSpec {
    return loadPlatformSpec(stack, REPO_ROOT);
}

/** A copy of a stack's spec with the cluster changed by `edit` (the original is left alone). */
export function editedSpec(stack: "dev" | "staging" | "prod", edit: (spec: PlatformSpec) => void): PlatformSpec {
    const spec = deepCopy(stackSpec(stack));
    edit(spec);
    return spec;
}

/** Dev's autoscaled `general` pool with fields replaced. */
export function userPool(overrides: Partial<NodePoolSpec> = {}): NodePoolSpec {
    const general = stackSpec("dev").cluster.nodePools.find((p) => p.name === "general");
    if (general === undefined) {
        throw new Error("test fixture: Pulumi.dev.yaml has no general pool");
    }
    return { ...deepCopy(general), ...overrides };
}

/** Dev's spot pool with fields replaced. */
export function spotPool(overrides: Partial<NodePoolSpec> = {}): NodePoolSpec {
    const spot = stackSpec("dev").cluster.nodePools.find((p) => p.spot !== undefined);
    if (spot === undefined) {
        throw new Error("test fixture: Pulumi.dev.yaml has no spot pool");
    }
    return { ...deepCopy(spot), ...overrides };
}

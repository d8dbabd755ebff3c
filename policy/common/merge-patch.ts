/**
 * What an object looks like after a `<Kind>Patch` resource is applied to it. `@pulumi/kubernetes`' Patch kinds
 * use server-side apply: the patch holds only the fields it sets, objects merge field by field, and lists the
 * API marks as maps merge item by item on their keys (`x-kubernetes-list-map-keys`, from the `patchMergeKey` /
 * `listMapKey` tags of k8s.io/api `core/v1/types.go`: containers, volumes, env by `name`; volumeMounts by
 * `mountPath`; ports by port and protocol; topologySpreadConstraints by topologyKey and whenUnsatisfiable). Every
 * other list is atomic: the patch's list replaces the target's. A `null` in the patch removes the field.
 * See https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy and
 * https://www.pulumi.com/registry/packages/kubernetes/how-to-guides/managing-resources-with-server-side-apply/
 */

type Item = Record<string, unknown>;

const isObject = (v: unknown): v is Item => typeof v === "object" && v !== null && !Array.isArray(v);

/** The key of one list item in a list the API merges as a map, by the list's field name. */
const LIST_MAP_KEYS: Readonly<Record<string, (item: Item) => string | undefined>> = {
    containers: (i) => str(i.name),
    initContainers: (i) => str(i.name),
    ephemeralContainers: (i) => str(i.name),
    volumes: (i) => str(i.name),
    env: (i) => str(i.name),
    imagePullSecrets: (i) => str(i.name),
    volumeMounts: (i) => str(i.mountPath),
    ports: (i) => (i.containerPort !== undefined ? `${String(i.containerPort)}/${str(i.protocol) ?? "TCP"}` : i.port !== undefined ? `${String(i.port)}/${str(i.protocol) ?? "TCP"}` : undefined),
    topologySpreadConstraints: (i) => (i.topologyKey === undefined ? undefined : `${String(i.topologyKey)}/${String(i.whenUnsatisfiable)}`),
};

function str(v: unknown): string | undefined {
    return typeof v === "string" ? v : undefined;
}

function mergeList(field: string, target: unknown[], patch: unknown[]): unknown[] {
    const keyOf = LIST_MAP_KEYS[field];
    if (keyOf === undefined || !target.every(isObject) || !patch.every(isObject)) return patch;
    const out = [...target] as Item[];
    for (const item of patch as Item[]) {
        const key = keyOf(item);
        const at = key === undefined ? -1 : out.findIndex((t) => keyOf(t) === key);
        if (at < 0) out.push(item);
        else out[at] = applyPatch(out[at], item) as Item;
    }
    return out;
}

/** The target with the patch applied (a new value; neither input is changed). */
export function applyPatch(target: unknown, patch: unknown): unknown {
    if (!isObject(patch)) return patch;
    const base: Item = isObject(target) ? { ...target } : {};
    for (const [field, value] of Object.entries(patch)) {
        if (value === null) {
            delete base[field];
        } else if (Array.isArray(value) && Array.isArray(base[field])) {
            base[field] = mergeList(field, base[field] as unknown[], value);
        } else if (isObject(value)) {
            base[field] = applyPatch(base[field], value);
        } else {
            base[field] = value;
        }
    }
    return base;
}

/**
 * What a patch says about identity only: every object it reaches, `metadata.name`/`namespace`, and the items of
 * map-lists with nothing but their keys. Judging the patch against this skeleton isolates what the patch itself
 * sets when the object it patches is not in the stack.
 */
export function patchSkeleton(patch: unknown, field = ""): unknown {
    if (Array.isArray(patch)) {
        const keyOf = LIST_MAP_KEYS[field];
        if (keyOf === undefined) return undefined;
        return patch.filter(isObject).map((item) => {
            const kept: Item = {};
            for (const k of ["name", "mountPath", "containerPort", "port", "protocol", "topologyKey", "whenUnsatisfiable"]) if (item[k] !== undefined) kept[k] = item[k];
            return kept;
        });
    }
    if (!isObject(patch)) return undefined;
    const out: Item = {};
    if (field === "metadata") {
        for (const k of ["name", "namespace"]) if (patch[k] !== undefined) out[k] = patch[k];
        return out;
    }
    for (const [k, v] of Object.entries(patch)) {
        const kept = patchSkeleton(v, k);
        if (kept !== undefined) out[k] = kept;
    }
    return out;
}

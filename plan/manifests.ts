/**
 * `--manifests PATH`: plain Kubernetes YAML (a multi-document file, or a folder of them such as `helm template`
 * output) read with the `yaml` package. The objects the placement checks and the workload policies judge are
 * kept (workloads, their budgets and autoscalers, and the context the scheduler reads: Services for the default
 * topology spreading, storage classes, claims, volumes and CSINodes); other kinds (ConfigMaps, Ingresses, …) are
 * counted and left out, since neither the scheduler nor the pack reads them. Empty documents (a lone `---`, comments only) are skipped, as kubectl skips them.
 * See https://kubernetes.io/docs/concepts/overview/working-with-objects/
 */
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import type { RegisteredResource } from "../placement/types";

/** The kinds a manifest contributes: the workloads, their disruption budgets and autoscalers, and their context. */
export const MANIFEST_KINDS: readonly string[] = [
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Job",
    "CronJob",
    "Pod",
    "PodDisruptionBudget",
    "HorizontalPodAutoscaler",
    "PriorityClass",
    "Namespace",
    "Service",
    "StorageClass",
    "PersistentVolumeClaim",
    "PersistentVolume",
    "CSINode",
];

/** Extensions read in a folder. */
const EXTENSIONS = [".yaml", ".yml"];

/** Thrown for an unreadable path or an invalid document; the message is one line naming the file and document. */
export class ManifestError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ManifestError";
    }
}

/** One object read from a manifest, as a registered resource, and where it came from. */
export interface ManifestObject {
    resource: RegisteredResource;
    /** `Kind/namespace/name` (namespace `default` when absent). */
    ref: string;
    /** `<file> (document <n>)`, n counted from 1. */
    source: string;
}

/** What the manifests held. */
export interface ManifestSet {
    /** Files read, as given (relative to the working directory when the path was). */
    files: string[];
    objects: ManifestObject[];
    /** Documents of other kinds, left out. */
    ignored: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** `apps/v1` + `Deployment` → `kubernetes:apps/v1:Deployment`; core `v1` → `kubernetes:core/v1:Pod` (the provider's tokens). */
export function kubernetesTypeToken(apiVersion: string, kind: string): string {
    return `kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`;
}

function filesOf(target: string): string[] {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(target);
    } catch (e) {
        throw new ManifestError(`${target}: cannot read the manifests (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a YAML file or a folder of them`);
    }
    if (stat.isFile()) return [target];
    const found: string[] = [];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (EXTENSIONS.includes(path.extname(entry.name))) found.push(full);
        }
    };
    walk(target);
    if (found.length === 0) throw new ManifestError(`${target}: the folder holds no ${EXTENSIONS.join(" or ")} file`);
    return found;
}

function fieldProblem(doc: Record<string, unknown>): string | undefined {
    if (typeof doc.apiVersion !== "string" || doc.apiVersion === "") return "apiVersion: expected a string such as apps/v1";
    if (typeof doc.kind !== "string" || doc.kind === "") return "kind: expected a string such as Deployment";
    if (!isRecord(doc.metadata)) return "metadata: expected a mapping with a name";
    if (typeof doc.metadata.name !== "string" || doc.metadata.name === "") return "metadata.name: expected a non-empty string";
    if (doc.metadata.namespace !== undefined && typeof doc.metadata.namespace !== "string") return "metadata.namespace: expected a string";
    return undefined;
}

/** Reads one file's documents. */
function readFile(file: string, out: ManifestSet): void {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new ManifestError(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const documents = YAML.parseAllDocuments(text);
    if (!Array.isArray(documents)) throw new ManifestError(`${file}: not a YAML stream`);
    // Syntax first, in the whole file: a broken document is reported before the objects around it are judged.
    documents.forEach((document, i) => {
        if (document.errors.length > 0) throw new ManifestError(`${file} (document ${i + 1}): invalid YAML: ${document.errors[0].message.split("\n")[0]}`);
    });
    documents.forEach((document, i) => {
        const where = `${file} (document ${i + 1})`;
        const value: unknown = document.toJS();
        if (value === null || value === undefined) return;
        if (!isRecord(value)) throw new ManifestError(`${where}: expected a Kubernetes object (a mapping with apiVersion, kind, metadata), got ${Array.isArray(value) ? "a list" : typeof value}`);
        const problem = fieldProblem(value);
        if (problem !== undefined) throw new ManifestError(`${where}: ${problem}`);
        const kind = value.kind as string;
        if (!MANIFEST_KINDS.includes(kind)) {
            out.ignored++;
            return;
        }
        const metadata = value.metadata as { name: string; namespace?: string };
        const ref = `${kind}/${metadata.namespace ?? "default"}/${metadata.name}`;
        const duplicate = out.objects.find((o) => o.ref === ref);
        if (duplicate !== undefined) throw new ManifestError(`${where}: ${ref} is declared twice (also in ${duplicate.source})`);
        out.objects.push({
            resource: { type: kubernetesTypeToken(value.apiVersion as string, kind), name: metadata.name, inputs: value, urn: `${where} ${ref}` },
            ref,
            source: where,
        });
    });
}

/**
 * Reads every manifest under the given paths (files or folders, folders walked for `.yaml`/`.yml` in name
 * order).
 *
 * @throws ManifestError naming the path, or the file and document index, and what would be valid.
 */
export function readManifests(paths: readonly string[]): ManifestSet {
    const out: ManifestSet = { files: [], objects: [], ignored: 0 };
    for (const target of paths) {
        for (const file of filesOf(target)) {
            out.files.push(file);
            readFile(file, out);
        }
    }
    return out;
}

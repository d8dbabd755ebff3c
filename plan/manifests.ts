/**
 * `--manifests PATH`: Kubernetes YAML as users have it, read with the `yaml` package: a multi-document file
 * (`kubectl`, `helm template` with its `# Source:` comments, `kustomize build`), a folder of them, a pipe
 * (`<(helm template …)`, `/dev/stdin`), or `-` for stdin; a `kind: List` document (what `kubectl get -o yaml`
 * prints) contributes its items. The objects the placement checks and the pack judge are kept
 * ({@link MANIFEST_KINDS}: the workloads, their budgets and autoscalers, and the context the scheduler reads —
 * Services for the default topology spreading, storage classes, claims, volumes and CSINodes), each checked as
 * the API server would check it; the other objects are listed as skipped, so nothing passes unseen. Empty documents (a lone `---`, comments only) are skipped, as kubectl skips them.
 *
 * Every error is one line that names the file and the document (and the item of a List).
 * See https://kubernetes.io/docs/concepts/overview/working-with-objects/ and
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#collections
 */
import * as fs from "fs";
import * as path from "path";
import YAML, { LineCounter, isMap, isSeq, type Document, type Node as YamlNode } from "yaml";
import type { RegisteredResource } from "../placement/types";
import { InvalidObjectError } from "../scheduling/model/errors";
import { validateObject } from "../scheduling/validate";

/**
 * The kinds a manifest contributes: the workloads, their disruption budgets and autoscalers, and their context.
 * One list: a kind added here is read, checked (when `scheduling/validate` knows it) and judged.
 */
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

/** The collection kinds whose `items` are objects (`v1/List`, and the `<Kind>List` kinds kubectl prints). */
const LIST_KIND = /^(List|[A-Z][A-Za-z]*List)$/;

/** Extensions read in a folder. */
const EXTENSIONS = [".yaml", ".yml"];

/** The path that means standard input. */
export const STDIN = "-";

/** How standard input is named in messages and reports. */
export const STDIN_NAME = "<stdin>";

/**
 * Most aliases one document may expand. The `yaml` package's own default: more is a resource exhaustion attack
 * (a "billion laughs" document), not a manifest.
 */
export const MAX_YAML_ALIASES = 100;

/** Thrown for an unreadable path or an invalid document; the message is one line naming the file and document. */
export class ManifestError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ManifestError";
    }
}

/** Where an object is: its file (as given, `<stdin>` for stdin), document (from 1), List item, and line. */
export interface ManifestPlace {
    file: string;
    /** The document, counted from 1 (the first `---` of a file starts document 1). */
    document: number;
    /** The item of a `kind: List` document, counted from 1. */
    item?: number;
    /** The line and column (from 1) where the object starts. */
    line: number;
    column: number;
}

/** One object read from a manifest, as a registered resource, and where it came from. */
export interface ManifestObject {
    resource: RegisteredResource;
    /** `Kind/namespace/name` (namespace `default` when absent). */
    ref: string;
    /** `<file> (document <n>)`, or `<file> (document <n>, item <i>)` for an item of a List. */
    source: string;
    place: ManifestPlace;
}

/** An object of a kind the plan does not read, left out (and listed). */
export interface SkippedObject {
    kind: string;
    /** `Kind/namespace/name`, as far as the object says. */
    ref: string;
    source: string;
}

/** What the manifests held. */
export interface ManifestSet {
    /** Files read, as given (relative to the working directory when the path was; `<stdin>` for stdin). */
    files: string[];
    objects: ManifestObject[];
    /** Objects of other kinds, left out, in the order read. */
    skipped: SkippedObject[];
}

/** How {@link readManifests} reads standard input; tests pass their own. */
export interface ManifestReadOptions {
    /** Reads all of standard input. Defaults to reading file descriptor 0. */
    readStdin?: () => string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** `apps/v1` + `Deployment` → `kubernetes:apps/v1:Deployment`; core `v1` → `kubernetes:core/v1:Pod` (the provider's tokens). */
export function kubernetesTypeToken(apiVersion: string, kind: string): string {
    return `kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`;
}

function errorCode(e: unknown): string {
    return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/** The files a path stands for: a folder's YAML files in name order, or the path itself (a file, a pipe, a device). */
function filesOf(target: string): string[] {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(target);
    } catch (e) {
        throw new ManifestError(`${target}: cannot read the manifests (${errorCode(e)}); give a YAML file, a folder of them, a pipe, or - for stdin`);
    }
    // Files, FIFOs (`<(helm template …)`) and character devices (`/dev/stdin`, `/dev/null`) are read as they are.
    if (!stat.isDirectory()) return [target];
    const found: string[] = [];
    const walk = (dir: string) => {
        let entries: fs.Dirent[];
        try {
            entries = fs.readdirSync(dir, { withFileTypes: true });
        } catch (e) {
            throw new ManifestError(`${dir}: cannot read the folder (${errorCode(e)})`);
        }
        for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
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

function refOf(kind: string, metadata: { name?: unknown; namespace?: unknown }): string {
    const namespace = typeof metadata.namespace === "string" && metadata.namespace !== "" ? metadata.namespace : "default";
    return `${kind}/${namespace}/${typeof metadata.name === "string" ? metadata.name : "<unnamed>"}`;
}

/** The document's value, aliases expanded up to {@link MAX_YAML_ALIASES}. */
function valueOf(document: Document.Parsed, where: string): unknown {
    try {
        return document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (e) {
        const message = (e as Error).message;
        if (/alias/i.test(message)) {
            throw new ManifestError(`${where}: its YAML aliases expand more than ${MAX_YAML_ALIASES} times (a resource exhaustion "billion laughs" document); write the objects out instead of aliasing them`);
        }
        throw new ManifestError(`${where}: cannot read the YAML: ${message.split("\n")[0]}`);
    }
}

/** Reads one file's (or stdin's) text into `out`. */
function readText(text: string, file: string, out: ManifestSet, seen: Map<string, string>): void {
    const lines = new LineCounter();
    const documents = YAML.parseAllDocuments(text, { lineCounter: lines });
    if (!Array.isArray(documents)) throw new ManifestError(`${file}: not a YAML stream`);
    // Syntax first, in the whole file: a broken document is reported before the objects around it are judged.
    documents.forEach((document, i) => {
        if (document.errors.length > 0) throw new ManifestError(`${file} (document ${i + 1}): invalid YAML: ${document.errors[0].message.split("\n")[0]}`);
    });
    const placeOf = (node: YamlNode | null | undefined, document: number, item?: number): ManifestPlace => {
        const at = lines.linePos(node?.range?.[0] ?? 0);
        return { file, document, ...(item === undefined ? {} : { item }), line: at.line, column: at.col };
    };
    documents.forEach((document, i) => {
        const where = `${file} (document ${i + 1})`;
        const value = valueOf(document, where);
        if (value === null || value === undefined) return;
        if (!isRecord(value)) throw new ManifestError(`${where}: expected a Kubernetes object (a mapping with apiVersion, kind, metadata), got ${Array.isArray(value) ? "a list" : typeof value}`);
        if (typeof value.kind === "string" && LIST_KIND.test(value.kind) && value.items !== undefined) {
            if (!Array.isArray(value.items)) throw new ManifestError(`${where}: items: a ${value.kind} holds a list of objects, got ${isRecord(value.items) ? "a mapping" : JSON.stringify(value.items)}`);
            const itemsNode = isMap(document.contents) ? document.contents.get("items", true) : undefined;
            value.items.forEach((item, j) => {
                const node = isSeq(itemsNode) ? (itemsNode.items[j] as YamlNode | undefined) : undefined;
                readObject(item, `${file} (document ${i + 1}, item ${j + 1})`, placeOf(node ?? (document.contents as YamlNode | null), i + 1, j + 1), out, seen);
            });
            return;
        }
        readObject(value, where, placeOf(document.contents as YamlNode | null, i + 1), out, seen);
    });
}

/** Checks one object and keeps it (or lists it as skipped). */
function readObject(value: unknown, where: string, place: ManifestPlace, out: ManifestSet, seen: Map<string, string>): void {
    if (!isRecord(value)) throw new ManifestError(`${where}: expected a Kubernetes object (a mapping with apiVersion, kind, metadata), got ${value === null ? "null" : Array.isArray(value) ? "a list" : typeof value}`);
    const problem = fieldProblem(value);
    if (problem !== undefined) throw new ManifestError(`${where}: ${problem}`);
    const kind = value.kind as string;
    const metadata = value.metadata as { name: string; namespace?: string };
    const ref = refOf(kind, metadata);
    if (!MANIFEST_KINDS.includes(kind)) {
        out.skipped.push({ kind, ref, source: where });
        return;
    }
    const duplicate = seen.get(ref);
    if (duplicate !== undefined) throw new ManifestError(`${where}: ${ref} is declared twice (also in ${duplicate})`);
    try {
        validateObject(value);
    } catch (e) {
        if (e instanceof InvalidObjectError) throw new ManifestError(`${where}: ${e.message}`);
        throw e;
    }
    seen.set(ref, where);
    out.objects.push({
        resource: { type: kubernetesTypeToken(value.apiVersion as string, kind), name: metadata.name, inputs: value, urn: `${where} ${ref}` },
        ref,
        source: where,
        place,
    });
}

/**
 * Reads every manifest under the given paths: files, folders (walked for `.yaml`/`.yml` in name order), pipes and
 * devices, or `-` for standard input (once).
 *
 * @throws ManifestError naming the path, or the file and document, and what would be valid.
 */
export function readManifests(paths: readonly string[], options: ManifestReadOptions = {}): ManifestSet {
    const out: ManifestSet = { files: [], objects: [], skipped: [] };
    const seen = new Map<string, string>();
    if (paths.filter((p) => p === STDIN).length > 1) throw new ManifestError(`--manifests ${STDIN} given twice: standard input can be read once`);
    for (const target of paths) {
        if (target === STDIN) {
            let text: string;
            try {
                text = (options.readStdin ?? (() => fs.readFileSync(0, "utf8")))();
            } catch (e) {
                throw new ManifestError(`${STDIN_NAME}: cannot read standard input (${errorCode(e)})`);
            }
            out.files.push(STDIN_NAME);
            readText(text, STDIN_NAME, out, seen);
            continue;
        }
        for (const file of filesOf(target)) {
            let text: string;
            try {
                text = fs.readFileSync(file, "utf8");
            } catch (e) {
                throw new ManifestError(`${file}: cannot read the file (${errorCode(e)})`);
            }
            out.files.push(file);
            readText(text, file, out, seen);
        }
    }
    return out;
}

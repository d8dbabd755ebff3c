/** Shared inputs of the impact tests: edited copies of a stack file, and registration sets to compare. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import type { Registration } from "../../plan/mock-runtime";
import { REPO_ROOT } from "../../plan/mock-runtime";

/**
 * A temporary project folder holding `Pulumi.<stack>.yaml` as the repository has it, edited by `edit` (which
 * receives the parsed document and changes it in place). The program run from it is the repository's.
 */
export function editedStackDir(stack: string, edit: (doc: YAML.Document) => void): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `impact-${stack}-`));
    created.push(dir);
    const doc = YAML.parseDocument(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8"));
    edit(doc);
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), doc.toString());
    return dir;
}

const created: string[] = [];

/** Removes every folder {@link editedStackDir} made (call it from `afterAll`). */
export function removeEditedStackDirs(): void {
    for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A deep copy of a registration set, to mutate into a head. */
export function copyOf(registrations: readonly Registration[]): Registration[] {
    return structuredClone([...registrations]);
}

/** The one registration with this name (throws naming it otherwise: a broken fixture). */
export function named(registrations: readonly Registration[], name: string): Registration {
    const found = registrations.find((r) => r.name === name);
    if (found === undefined) throw new Error(`test fixture: no registration named ${name}`);
    return found;
}

/**
 * Where the project is. The plan runs from its sources (jest, `plan/`) and from the build (`dist/plan/`); the
 * stack files (`Pulumi.<stack>.yaml`), `policy/config/` and `node_modules/` are in the project's root in both
 * cases, while the program the plan runs is the one beside the running code (`index.ts` or `dist/index.js`).
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The project file Pulumi looks for (https://www.pulumi.com/docs/iac/concepts/projects/project-file/). */
export const PROJECT_FILE = "Pulumi.yaml";

/**
 * The nearest folder at or above `from` that holds `Pulumi.yaml`.
 *
 * @throws Error when no folder up to the file system's root holds one.
 */
export function findProjectRoot(from: string): string {
    for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, PROJECT_FILE))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`no ${PROJECT_FILE} in ${from} or any folder above it`);
    }
}

/** The project's root: where `Pulumi.yaml`, the stack files and `policy/config/` are. */
export const PROJECT_ROOT = findProjectRoot(__dirname);

/** The root of the running code: the project's root for the sources, `dist/` for the build. */
export const CODE_ROOT = path.resolve(__dirname, "..");

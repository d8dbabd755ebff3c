/**
 * The base of a change-impact comparison (`--base REF`, `--base-file PATH`), made runnable: a git revision's
 * files written to a temporary folder (with `git read-tree` and `git checkout-index` into a private index, so
 * the repository's own index and work tree are untouched), its TypeScript compiled there with SWC, and the
 * head's `node_modules` linked in; or a stack file to run the head's program with. Every failure is a
 * {@link BaseRevisionError} whose message is one line naming what is missing and how to fix it.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { transformFileSync } from "@swc/core";
import { stackFileName } from "../config";
import { registerProgramRoot } from "./mock-runtime";

/** Thrown when the base cannot be had; the message is one line with the fix. */
export class BaseRevisionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "BaseRevisionError";
    }
}

/** What the head is compared with. */
export type BaseSource = { kind: "git"; ref: string } | { kind: "file"; path: string };

/** A base ready to run: where its stack files are, which program to run, and how the report names it. */
export interface PreparedBase {
    /** Folder holding `Pulumi.<stack>.yaml`. */
    projectDir: string;
    /** The program's entry module (absolute, without extension); undefined: the head's own program. */
    program?: string;
    /** `main (3f2a1bc)` or `Pulumi.prod.yaml from old.yaml`. */
    label: string;
    /** The git ref given, and the commit it names. */
    ref?: string;
    commit?: string;
    /** The stack file given with `--base-file`. */
    file?: string;
    /** Removes the temporary folder (and forgets its modules). */
    dispose(): void;
}

function git(repo: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
    return execFileSync("git", args, { cwd: repo, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

function gitFailure(error: unknown): string {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === "ENOENT") return "git is not installed (or not on PATH)";
    return (e.stderr ?? e.message).split("\n").find((l) => l.trim() !== "")?.trim() ?? "git failed";
}

/**
 * The commit `ref` names in the repository at `repo`.
 *
 * @throws BaseRevisionError: not a repository, git missing, an unknown ref (with the shallow-clone fix when the
 *   clone is shallow).
 */
export function resolveCommit(repo: string, ref: string): string {
    try {
        git(repo, ["rev-parse", "--git-dir"]);
    } catch (e) {
        throw new BaseRevisionError(`--base ${ref}: ${repo} is not in a git repository (${gitFailure(e)}); run the plan in a clone of the repository, or compare with --base-file PATH`);
    }
    try {
        return git(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    } catch {
        let shallow = false;
        try {
            shallow = git(repo, ["rev-parse", "--is-shallow-repository"]) === "true";
        } catch {
            // An old git without the flag: treat as a full clone.
        }
        if (shallow) {
            throw new BaseRevisionError(
                `--base ${ref}: no such commit in this shallow clone; fetch the history (actions/checkout with fetch-depth: 0, or git fetch --unshallow) and run the plan again`,
            );
        }
        throw new BaseRevisionError(`--base ${ref}: no such branch, tag or commit in this repository; give one that exists (for a remote branch: git fetch origin <branch>, then --base origin/<branch>)`);
    }
}

/** Folders of a revision that are not part of the program. */
const NOT_PROGRAM = new Set(["node_modules", "tests", "dist", "coverage", "docs", "bench", "scripts", ".github"]);

/** Every `.ts` source of the program below `dir` (tests, docs and tooling excluded). */
function programSources(dir: string, rel = ""): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
        const relPath = rel === "" ? entry.name : path.join(rel, entry.name);
        if (entry.isDirectory()) {
            if (!(rel === "" && NOT_PROGRAM.has(entry.name))) out.push(...programSources(dir, relPath));
        } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(relPath);
    }
    return out;
}

/** Compiles every program source of `dir` to CommonJS beside it, with SWC (no type checking, as the head's run). */
function compileSources(dir: string): void {
    // @swc/core is the project's transpiler already (jest and ts-node's swc mode use it).
    for (const file of programSources(dir)) {
        const full = path.join(dir, file);
        const { code } = transformFileSync(full, { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" }, sourceMaps: false, swcrc: false });
        fs.writeFileSync(full.replace(/\.ts$/, ".js"), code);
    }
}

/** Drops the modules loaded from `dir` from Node's cache. */
function forgetModules(dir: string): void {
    const prefix = dir + path.sep;
    for (const key of Object.keys(require.cache)) if (key.startsWith(prefix)) delete require.cache[key];
}

/** Writes the files of `commit` into `dir`, links `nodeModules` in and compiles the program; returns the project's folder. */
function writeRevision(repo: string, ref: string, commit: string, dir: string, nodeModules: string): string {
    const index = path.join(dir, ".git-index");
    const env = { ...process.env, GIT_INDEX_FILE: index };
    git(repo, ["read-tree", commit], env);
    git(repo, ["checkout-index", "--all", `--prefix=${dir}${path.sep}`], env);
    fs.rmSync(index, { force: true });
    // `git rev-parse --show-prefix`: the project's folder within the repository ("" at its root).
    const project = path.join(dir, git(repo, ["rev-parse", "--show-prefix"]));
    if (!fs.existsSync(project)) throw new BaseRevisionError(`--base ${ref}: commit ${commit.slice(0, 7)} has no ${path.relative(dir, project)} folder: the project did not exist there`);
    fs.symlinkSync(nodeModules, path.join(project, "node_modules"), "dir");
    compileSources(project);
    return project;
}

/**
 * Writes the files of `commit` into a new temporary folder, compiles its program and links `nodeModules` in. The
 * project may sit in a folder of the repository (`repo` is that folder): the base's project is the same folder
 * of the revision.
 *
 * @throws BaseRevisionError when git cannot write the revision.
 */
export function materializeCommit(repo: string, ref: string, commit: string, nodeModules: string): PreparedBase {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "aks-plan-base-")));
    const unregister = registerProgramRoot(dir);
    const dispose = () => {
        unregister();
        forgetModules(dir);
        fs.rmSync(dir, { recursive: true, force: true });
    };
    let project: string;
    try {
        project = writeRevision(repo, ref, commit, dir, nodeModules);
    } catch (e) {
        dispose();
        throw e instanceof BaseRevisionError ? e : new BaseRevisionError(`--base ${ref}: cannot write commit ${commit.slice(0, 7)} to a temporary folder (${gitFailure(e)})`);
    }
    return { projectDir: project, program: path.join(project, "index"), label: `${ref} (${commit.slice(0, 7)})`, ref, commit, dispose };
}

/**
 * A stack file to compare with: copied as `Pulumi.<stack>.yaml` into a temporary folder, to be run with the
 * head's program.
 *
 * @throws BaseRevisionError when the file cannot be read.
 */
export function prepareBaseFile(file: string, stack: string): PreparedBase {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new BaseRevisionError(`--base-file ${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give the stack file the deployed stack was planned with`);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aks-plan-base-file-"));
    fs.writeFileSync(path.join(dir, stackFileName(stack)), text);
    return { projectDir: dir, label: `${file}`, file, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The stack the plan takes when `--stack` is not given: the one the Pulumi CLI would use, as the Pulumi CLI finds it
 * (pulumi/pulumi at 1b5949891b, 2026-08):
 *
 * 1. `PULUMI_STACK`, when set: it "overrides any stack name in the workspace settings"
 *    (`pkg/backend/state/stacks.go`, `getCurrentStackName`); set but empty, no stack is selected.
 * 2. The workspace settings of the project, written by `pulumi stack select`: the file
 *    `<PULUMI_HOME or ~/.pulumi>/workspaces/<project name>-<sha1 of the path of Pulumi.yaml>-workspace.json`
 *    (`pkg/workspace/workspace.go`, `settingsPath` and `sha1HexString`; `pkg/workspace/paths.go`, `WorkspaceDir` =
 *    "workspaces" and `WorkspaceFile` = "workspace.json"; `sdk/go/common/util/pulumihome/pulumihome.go`, `Dir`:
 *    `PULUMI_HOME`, else `.pulumi` in the user's home). Its `stacks` map holds the selected stack per backend URL,
 *    and the older `stack` field one for all (`pkg/workspace/settings.go`, `StackForBackend`). The plan reads no
 *    credentials, so it knows the backend only from `PULUMI_BACKEND_URL`; with selections on several backends and
 *    no such variable it cannot tell which one the CLI would use, and says so.
 * 3. Otherwise `dev`.
 *
 * A qualified name (`org/project/prod`) names the stack file of its last part (`Pulumi.prod.yaml`).
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";

/** The stack planned when nothing selects one. */
export const DEFAULT_STACK = "dev";

/** The stack to plan and why. */
export interface StackSelection {
    stack: string;
    /** Where the choice came from, for the report's first line (`PULUMI_STACK`, the workspace file, the default). */
    source: string;
    /** A note for stderr when the choice could not be made as the Pulumi CLI would (several backends). */
    note?: string;
}

/** `org/project/prod` → `prod`. */
export function shortStackName(name: string): string {
    return name.split("/").pop() ?? name;
}

/** The project name in `Pulumi.yaml` (its `name`), or undefined when it cannot be read. */
function projectName(projectFile: string): string | undefined {
    try {
        const project = YAML.parse(fs.readFileSync(projectFile, "utf8"), { maxAliasCount: 100 }) as { name?: unknown } | null;
        return typeof project?.name === "string" ? project.name : undefined;
    } catch {
        return undefined;
    }
}

/** The Pulumi CLI's workspace settings file for the project whose `Pulumi.yaml` is `projectFile`. */
export function workspaceSettingsFile(projectFile: string, env: NodeJS.ProcessEnv, home = os.homedir()): string | undefined {
    const name = projectName(projectFile);
    if (name === undefined) return undefined;
    const pulumiHome = env.PULUMI_HOME !== undefined && env.PULUMI_HOME !== "" ? env.PULUMI_HOME : path.join(home, ".pulumi");
    const hash = createHash("sha1").update(projectFile).digest("hex");
    return path.join(pulumiHome, "workspaces", `${name}-${hash}-workspace.json`);
}

/**
 * The stack to plan when `--stack` is not given.
 *
 * @param projectDir - The folder of `Pulumi.yaml` (absolute).
 */
export function selectStack(projectDir: string, env: NodeJS.ProcessEnv, home = os.homedir()): StackSelection {
    const fromEnv = env.PULUMI_STACK;
    if (fromEnv !== undefined) {
        if (fromEnv !== "") return { stack: shortStackName(fromEnv), source: "PULUMI_STACK" };
        return { stack: DEFAULT_STACK, source: "default (PULUMI_STACK is empty)" };
    }
    const file = workspaceSettingsFile(path.join(path.resolve(projectDir), "Pulumi.yaml"), env, home);
    if (file === undefined || !fs.existsSync(file)) return { stack: DEFAULT_STACK, source: "default" };
    let settings: { stack?: unknown; stacks?: unknown };
    try {
        settings = JSON.parse(fs.readFileSync(file, "utf8")) as typeof settings;
    } catch (e) {
        return { stack: DEFAULT_STACK, source: "default", note: `${file}: not readable as the Pulumi workspace settings (${(e as Error).message}); planning ${DEFAULT_STACK}` };
    }
    const stacks = typeof settings.stacks === "object" && settings.stacks !== null ? Object.entries(settings.stacks as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "") : [];
    const source = `the Pulumi workspace (${file})`;
    if (stacks.length === 0) {
        return typeof settings.stack === "string" && settings.stack !== "" ? { stack: shortStackName(settings.stack), source } : { stack: DEFAULT_STACK, source: "default" };
    }
    const backend = env.PULUMI_BACKEND_URL;
    if (backend !== undefined && backend !== "") {
        // StackForBackend: the backend's own selection, else the older field.
        const forBackend = stacks.find(([url]) => url === backend)?.[1] ?? (typeof settings.stack === "string" && settings.stack !== "" ? settings.stack : undefined);
        return forBackend === undefined ? { stack: DEFAULT_STACK, source: "default" } : { stack: shortStackName(forBackend), source };
    }
    if (stacks.length === 1) return { stack: shortStackName(stacks[0][1]), source };
    const names = stacks.map(([url, name]) => `${name} on ${url}`).join(", ");
    return {
        stack: DEFAULT_STACK,
        source: "default",
        note: `the Pulumi workspace selects a stack on several backends (${names}) and PULUMI_BACKEND_URL does not say which; planning ${DEFAULT_STACK} (give --stack or set PULUMI_STACK)`,
    };
}

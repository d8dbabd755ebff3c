/**
 * The process around a command (`plan`, `promote`): its arguments, stdout and stderr, and its exit code. Bad input
 * is the command's to report (exit 2, one line); anything else that escapes it is a bug in this project, never in
 * the user's input: exit 3 with the error, its stack and a request to report it. A closed stdout (`| head`) ends
 * the process quietly.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../project-root";

/** What a command reads and writes; the real process, or a test's. */
export interface CommandIo {
    /** Writes a block of text to stdout (a newline is added). */
    out(text: string): void;
    /** Writes a line to stderr (a newline is added). */
    err(text: string): void;
    /** Whether stdout and stderr are terminals (colour, progress). */
    tty: { out: boolean; err: boolean };
    env: NodeJS.ProcessEnv;
}

/** A command: its arguments in, an exit code out. */
export type Command = (args: readonly string[], io: CommandIo) => Promise<number>;

/** The exit code of an internal error (a bug). */
export const INTERNAL_ERROR = 3;

/** The project's name and version, from its package.json. */
export function projectVersion(root = PROJECT_ROOT): { name: string; version: string; bugs?: string } {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { name: string; version: string; bugs?: string | { url?: string } };
    const bugs = typeof pkg.bugs === "string" ? pkg.bugs : pkg.bugs?.url;
    return { name: pkg.name, version: pkg.version, ...(bugs === undefined ? {} : { bugs }) };
}

/** The lines an internal error prints: what failed, the stack, and where to report it. */
export function internalErrorLines(command: string, error: unknown): string[] {
    const where = projectVersion().bugs;
    const stack = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    return [
        `${command}: internal error: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
        "This is a bug in the plan, not a problem with your input. Please report it" + (where === undefined ? " to the maintainers of this repository" : ` at ${where}`) + ", with the command line and this output:",
        ...stack.split("\n"),
    ];
}

/** The real process's io. */
export function processIo(): CommandIo {
    return {
        out: (text) => process.stdout.write(`${text}\n`),
        err: (text) => process.stderr.write(`${text}\n`),
        tty: { out: process.stdout.isTTY === true, err: process.stderr.isTTY === true },
        env: process.env,
    };
}

/** Runs `command` as the process's main: its exit code becomes the process's; a bug exits 3. */
export function runMain(name: string, command: Command): void {
    process.stdout.on("error", (e: NodeJS.ErrnoException) => {
        // The reader went away (`npm run plan | head`): nothing more to say.
        if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
        throw e;
    });
    const io = processIo();
    command(process.argv.slice(2), io).then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            for (const line of internalErrorLines(name, error)) io.err(line);
            process.exitCode = INTERNAL_ERROR;
        },
    );
}

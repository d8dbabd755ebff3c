/**
 * Command lines, declared: a command is a list of options (name, value, help line), examples and exit codes;
 * parsing (Node's `util.parseArgs`) and the `--help` text both read that one declaration, so a new flag is one
 * entry. Conventions followed (POSIX utility syntax, GNU long options, the Pulumi CLI's own flags): `--flag value`
 * and `--flag=value`, short aliases (`-s dev`, `-sdev`), repeatable options, and options whose value may be left
 * out (`--json` alone means stdout, as Pulumi's `--json` prints JSON).
 * See https://nodejs.org/api/util.html#utilparseargsconfig and
 * https://www.gnu.org/prep/standards/html_node/Command_002dLine-Interfaces.html
 */
import { parseArgs } from "node:util";

/** One option of a command. */
export interface OptionSpec {
    /** The long name, without dashes (`stack` for `--stack`). */
    name: string;
    /** A one-letter alias (`s` for `-s`). Defaults to none. */
    short?: string;
    /** What the option takes: a value (`string`), or nothing (`boolean`). */
    type: "string" | "boolean";
    /** The value's placeholder in the help text (`NAME`, `FILE`). Required for `string` options. */
    value?: string;
    /** Whether the option may be given more than once; its values are kept in order. Defaults to false. */
    multiple?: boolean;
    /** The value an option takes when given without one (`-` for `--json` alone). Defaults to none: a value is required. */
    whenAlone?: string;
    /** The only values allowed. Defaults to any. */
    choices?: readonly string[];
    /** The help line: what it does, its default. */
    help: string;
}

/** A command: its options and the text around them in `--help`. */
export interface CommandSpec {
    /** How it is run (`npm run plan --`). */
    usage: string;
    /** What it does, in a sentence or two. */
    summary: string;
    options: readonly OptionSpec[];
    /** Example command lines and what each does. */
    examples: readonly (readonly [string, string])[];
    /** Exit codes and what each means. */
    exitCodes: readonly (readonly [number, string])[];
}

/** Thrown for a command line the command does not take; the message is one line that says what would be valid. */
export class UsageError extends Error {
    constructor(message: string) {
        super(`${message}; run with --help for the options`);
        this.name = "UsageError";
    }
}

/** The parsed values: a string (or list of strings for repeatable options) per given option, `true` for flags. */
export type ParsedOptions = Record<string, string | string[] | boolean | undefined>;

function flag(spec: OptionSpec): string {
    return `--${spec.name}`;
}

/** The option names closest to `given` (one or two edits away), for "did you mean". */
function closest(given: string, specs: readonly OptionSpec[]): string | undefined {
    const distance = (a: string, b: string): number => {
        const row = Array.from({ length: b.length + 1 }, (_, j) => j);
        for (let i = 1; i <= a.length; i++) {
            let previous = row[0];
            row[0] = i;
            for (let j = 1; j <= b.length; j++) {
                const current = row[j];
                row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.length];
    };
    const name = given.replace(/^-+/, "").split("=")[0];
    const best = specs.map((s) => ({ s, d: distance(name, s.name) })).sort((a, b) => a.d - b.d)[0];
    return best !== undefined && best.d <= 2 ? flag(best.s) : undefined;
}

/**
 * `--json` given alone (last, or before another option) becomes `--json=-`, so parsing never takes the next option
 * as its value. `--` ends the options.
 */
function fillLoneValues(args: readonly string[], specs: readonly OptionSpec[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === "--") {
            out.push(...args.slice(i));
            break;
        }
        const spec = specs.find((s) => s.whenAlone !== undefined && (arg === flag(s) || (s.short !== undefined && arg === `-${s.short}`)));
        const next = args[i + 1];
        if (spec !== undefined && (next === undefined || (next.startsWith("-") && next !== "-"))) out.push(`${flag(spec)}=${spec.whenAlone}`);
        else out.push(arg);
    }
    return out;
}

/**
 * Parses a command line against a command's options.
 *
 * @throws UsageError naming the first argument that is not valid: an unknown option (with the closest known one),
 *   a value missing or given to a flag, an option given twice, a value outside its choices, a stray argument.
 */
export function parseCommandLine(command: CommandSpec, args: readonly string[]): ParsedOptions {
    const specs = command.options;
    const parsed = parseArgs({
        args: fillLoneValues(args, specs),
        options: Object.fromEntries(specs.map((s) => [s.name, { type: s.type, ...(s.short === undefined ? {} : { short: s.short }), multiple: s.multiple === true }])),
        strict: false,
        allowPositionals: true,
        tokens: true,
    });
    const values: ParsedOptions = {};
    for (const token of parsed.tokens) {
        if (token.kind === "positional") throw new UsageError(`unexpected argument ${JSON.stringify(token.value)}: this command takes options only`);
        if (token.kind !== "option") continue;
        const spec = specs.find((s) => s.name === token.name);
        if (spec === undefined) {
            const hint = closest(token.rawName, specs);
            throw new UsageError(`unknown option ${token.rawName}${hint === undefined ? "" : ` (did you mean ${hint}?)`}`);
        }
        if (spec.type === "boolean") {
            if (token.value !== undefined) throw new UsageError(`${flag(spec)} takes no value (got "${token.value}")`);
            values[spec.name] = true;
            continue;
        }
        const value = token.value;
        // parseArgs, not strict, takes whatever follows as the value; an option there means the value is missing.
        if (value === undefined || (value.startsWith("-") && value !== "-" && token.inlineValue !== true)) {
            throw new UsageError(`${flag(spec)} needs a value (${flag(spec)} ${spec.value ?? "VALUE"} or ${flag(spec)}=${spec.value ?? "VALUE"})`);
        }
        if (spec.choices !== undefined && !spec.choices.includes(value)) {
            throw new UsageError(`${flag(spec)} must be one of ${spec.choices.join(", ")} (got "${value}")`);
        }
        if (spec.multiple === true) {
            values[spec.name] = [...((values[spec.name] as string[] | undefined) ?? []), value];
        } else {
            if (values[spec.name] !== undefined) throw new UsageError(`${flag(spec)} given twice`);
            values[spec.name] = value;
        }
    }
    return values;
}

/** The `--help` text: usage, summary, every option with its help line, examples and exit codes. */
export function helpText(command: CommandSpec): string {
    const left = (s: OptionSpec): string => {
        const short = s.short === undefined ? "    " : `-${s.short}, `;
        const value = s.type === "boolean" ? "" : s.whenAlone !== undefined ? `[=${s.value}]` : ` ${s.value}`;
        return `${short}${flag(s)}${value}`;
    };
    const width = Math.max(...command.options.map((s) => left(s).length)) + 2;
    const exampleWidth = Math.max(...command.examples.map(([cmd]) => cmd.length)) + 2;
    return [
        `Usage: ${command.usage} [options]`,
        "",
        command.summary,
        "",
        "Options:",
        ...command.options.map((s) => `  ${left(s).padEnd(width)}${s.help}${s.multiple === true ? " (repeatable)" : ""}`),
        "",
        "Examples:",
        ...command.examples.map(([cmd, what]) => `  ${cmd.padEnd(exampleWidth)}${what}`),
        "",
        "Exit codes:",
        ...command.exitCodes.map(([code, meaning]) => `  ${code}  ${meaning}`),
        "",
    ].join("\n");
}

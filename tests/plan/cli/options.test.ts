/** Declared command lines: parsing with util.parseArgs and the --help text, from one table. */
import { helpText, parseCommandLine, UsageError, type CommandSpec } from "../../../plan/cli/options";

const COMMAND: CommandSpec = {
    usage: "tool",
    summary: "Does things.",
    options: [
        { name: "stack", short: "s", type: "string", value: "NAME", help: "the stack" },
        { name: "json", type: "string", value: "FILE", whenAlone: "-", help: "JSON to FILE, alone to stdout" },
        { name: "add", type: "string", value: "PATH", multiple: true, help: "a path" },
        { name: "color", type: "string", value: "WHEN", choices: ["auto", "never"], help: "colour" },
        { name: "verbose", short: "v", type: "boolean", help: "more" },
    ],
    examples: [["tool -s dev", "plan dev"]],
    exitCodes: [[0, "fine"], [2, "bad input"]],
};

describe("parseCommandLine", () => {
    test.each<[string, string[], Record<string, unknown>]>([
        ["--flag value", ["--stack", "dev"], { stack: "dev" }],
        ["--flag=value", ["--stack=dev"], { stack: "dev" }],
        ["-s value", ["-s", "dev"], { stack: "dev" }],
        ["-svalue", ["-sdev"], { stack: "dev" }],
        ["a value that is -", ["--stack", "-"], { stack: "-" }],
        ["an optional value given", ["--json", "out.json"], { json: "out.json" }],
        ["an optional value left out at the end", ["--json"], { json: "-" }],
        ["an optional value left out before another option", ["--json", "-v"], { json: "-", verbose: true }],
        ["a repeatable option, in order", ["--add", "a", "--add=b"], { add: ["a", "b"] }],
        ["a flag", ["-v"], { verbose: true }],
        ["a choice", ["--color", "never"], { color: "never" }],
        ["nothing", [], {}],
    ])("reads %s", (_name, args, expected) => {
        expect(parseCommandLine(COMMAND, args)).toEqual(expected);
    });

    test.each<[string, string[], string]>([
        ["an unknown option, with the closest known one", ["--stak", "dev"], "unknown option --stak (did you mean --stack?)"],
        ["an unknown option far from any", ["--zzzzzz"], "unknown option --zzzzzz; run with --help"],
        ["a missing value at the end", ["--stack"], "--stack needs a value (--stack NAME or --stack=NAME)"],
        ["an option where the value should be", ["--stack", "--verbose"], "--stack needs a value"],
        ["a value given to a flag", ["--verbose=yes"], '--verbose takes no value (got "yes")'],
        ["an option given twice", ["-s", "a", "--stack", "b"], "--stack given twice"],
        ["a value outside the choices", ["--color=always"], '--color must be one of auto, never (got "always")'],
        ["a stray argument", ["dev"], 'unexpected argument "dev": this command takes options only'],
    ])("refuses %s", (_name, args, message) => {
        expect(() => parseCommandLine(COMMAND, args)).toThrow(UsageError);
        expect(() => parseCommandLine(COMMAND, args)).toThrow(message);
    });
});

describe("helpText", () => {
    test("lists usage, summary, every option with its value and help, examples and exit codes", () => {
        expect(helpText(COMMAND)).toBe(
            [
                "Usage: tool [options]",
                "",
                "Does things.",
                "",
                "Options:",
                "  -s, --stack NAME   the stack",
                "      --json[=FILE]  JSON to FILE, alone to stdout",
                "      --add PATH     a path (repeatable)",
                "      --color WHEN   colour",
                "  -v, --verbose      more",
                "",
                "Examples:",
                "  tool -s dev  plan dev",
                "",
                "Exit codes:",
                "  0  fine",
                "  2  bad input",
                "",
            ].join("\n"),
        );
    });
});

/**
 * runProgram keeps one stack frame while the program runs (the SDK captures a trace per tracked promise) and gives
 * the process its own limit back afterwards, also when the program fails.
 */
import * as path from "path";
import { jestModuleLoader, runProgram, StackRunFailure } from "./../helpers/pulumi-mocks";

const probe = path.join(__dirname, "programs", "stack-trace-probe");

test("the program runs with one frame; the caller's limit is back after", async () => {
    Error.stackTraceLimit = 12;
    const run = await runProgram("dev", { loader: jestModuleLoader, program: probe });
    expect({ during: run.outputs.stackTraceLimit.value, after: Error.stackTraceLimit }).toEqual({ during: 1, after: 12 });
});

test("a program that fails gives the limit back too", async () => {
    Error.stackTraceLimit = 12;
    await expect(runProgram("dev", { loader: jestModuleLoader, program: path.join(__dirname, "programs", "no-such-program") })).rejects.toBeInstanceOf(StackRunFailure);
    expect(Error.stackTraceLimit).toBe(12);
});

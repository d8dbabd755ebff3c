/** A program for `tests/plan/mock-runtime-stack-traces.test.ts`: exports the stack-trace limit it runs under. */
export const stackTraceLimit = Error.stackTraceLimit;

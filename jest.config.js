/** Jest runs the TypeScript tests through SWC (type checking is `tsc --noEmit`'s job, run by `npm test`). */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } } }] },
    moduleFileExtensions: ["ts", "js", "json"],
    // @pulumi/pulumi requires the TypeScript compiler at load for closure serialisation, which nothing here uses:
    // a stand-in that throws on use saves evaluating 9 MB per test file and per program run (see the file).
    moduleNameMapper: { "^typescript$": "<rootDir>/tests/helpers/typescript-unavailable.ts" },
    testTimeout: 60000,
    // Jest's default on this 2-core machine is one worker (cores − 1); the suites are mostly CPU-bound and
    // independent, so two workers halve the run (87 s → 44 s from a cold cache).
    maxWorkers: 2,
};

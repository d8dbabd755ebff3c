/** Jest runs the TypeScript tests through SWC (type checking is `tsc --noEmit`'s job, run by `npm test`). */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } } }] },
    moduleFileExtensions: ["ts", "js", "json"],
    testTimeout: 60000,
};

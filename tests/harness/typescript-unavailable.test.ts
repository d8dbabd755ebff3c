/** The tests' stand-in for the TypeScript compiler (jest.config.js moduleNameMapper): any use of it fails loudly. */
test("requiring typescript in a test gives the stand-in, which throws on use, naming itself", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require("typescript") as { createSourceFile: unknown; __esModule?: unknown };
    expect(() => ts.createSourceFile).toThrow("typescript.createSourceFile: the TypeScript compiler is not loaded in the tests (tests/helpers/typescript-unavailable.ts)");
    expect(ts.__esModule).toBeUndefined();
});

test("@pulumi/pulumi loads and builds outputs without it", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    expect(pulumi.Output.isInstance(pulumi.output(1))).toBe(true);
});

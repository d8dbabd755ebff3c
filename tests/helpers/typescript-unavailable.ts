/**
 * What `require("typescript")` returns in the tests (`moduleNameMapper` in `jest.config.js`).
 *
 * `@pulumi/pulumi` loads the 9 MB TypeScript compiler when it is first required, for `serializeFunction`'s
 * closure parsing (`runtime/closure/parseFunction.js` through `typescript-shim.js`), which neither the program nor
 * the policy pack calls. Jest evaluates it again in every test file and after every `resetModules` (each program
 * run under mocks), about 0.4 s each time. Any use of it here throws, naming this file, so a test that did reach
 * the compiler would fail rather than pass on a stand-in.
 */
const unavailable = new Proxy(
    {},
    {
        get(_target, key) {
            // Module interop probes (`__esModule`, a thenable check, symbols) are answered as for a plain object.
            if (typeof key === "symbol" || key === "__esModule" || key === "then") return undefined;
            throw new Error(`typescript.${String(key)}: the TypeScript compiler is not loaded in the tests (tests/helpers/typescript-unavailable.ts); nothing the program or the pack does needs it`);
        },
    },
);

module.exports = unavailable;

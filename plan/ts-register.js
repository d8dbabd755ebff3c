// Runs the project's TypeScript with no build step: ts-node with SWC as its transpiler, which is several times
// faster than TypeScript's own (type checking is `npm test`'s job: `tsc --noEmit`).
require("ts-node").register({ swc: true, transpileOnly: true });

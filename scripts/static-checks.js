/**
 * `npm test`'s static checks, side by side: the type check (`tsc --noEmit`) and the lint (`eslint .`) each use a
 * core and a half of this 2-core machine for 11–16 s, so together they take the longer one's time instead of the
 * sum. Each one's output is printed whole when it ends, under its name; the exit code is non-zero when either fails.
 *
 * Usage: `node scripts/static-checks.js` (npm run static).
 */
"use strict";
const { spawn } = require("child_process");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const CHECKS = [
    { name: "typecheck (tsc --noEmit)", bin: "typescript/bin/tsc", args: ["--noEmit", "-p", "tsconfig.json"] },
    { name: "lint (eslint .)", bin: "eslint/bin/eslint.js", args: ["."] },
];

function run(check) {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [path.join(ROOT, "node_modules", check.bin), ...check.args], { cwd: ROOT });
        let output = "";
        child.stdout.on("data", (d) => (output += d));
        child.stderr.on("data", (d) => (output += d));
        child.on("close", (code, signal) => {
            const ok = code === 0;
            process.stdout.write(`${ok ? "ok  " : "FAIL"} ${check.name}${ok ? "" : ` (exit ${code ?? signal})`}\n${output}`);
            resolve(ok);
        });
    });
}

Promise.all(CHECKS.map(run)).then((results) => {
    process.exitCode = results.every(Boolean) ? 0 : 1;
});

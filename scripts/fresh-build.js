/**
 * Preloaded by every npm script that runs the build (`node -r ./scripts/fresh-build.js dist/plan/cli.js`): a stale
 * build is never used. Before the main module loads, the sources' fingerprint is compared with the one
 * `dist/build-info.json` recorded; when they differ (a source edited, added or deleted since the build, or no build
 * at all), the project is rebuilt first, saying so on stderr. Node.js resolves and loads the main module only after
 * its `-r` preloads, so the rebuilt file is the one that runs.
 *
 * The check reads and hashes the sources (about 1 MB): a few milliseconds.
 */
"use strict";
const { build, builtFingerprint, fingerprint } = require("./build");

const current = fingerprint();
const built = builtFingerprint();
if (built !== current) {
    const started = Date.now();
    process.stderr.write(built === undefined ? "build: no build yet; compiling the sources into dist/…\n" : "build: the sources changed since the last build; recompiling into dist/…\n");
    try {
        const count = build();
        process.stderr.write(`build: ${count} files compiled in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } catch (e) {
        process.stderr.write(`build: ${e.message}\n`);
        process.exit(2);
    }
}

/**
 * The build: every TypeScript source of the project (not the tests) transpiled once into `dist/`, as CommonJS,
 * with SWC (types are `npm test`'s job: `tsc --noEmit`). The root package's `prepare` script runs it, so
 * `npm ci` leaves a build behind; `scripts/fresh-build.js` runs it again whenever the sources change.
 *
 * `dist/build-info.json` records the fingerprint of the sources the build was made from (see {@link fingerprint}).
 * The build is written to a temporary folder and moved into place, the info file last, so a build that stops
 * half-way is never taken for a complete one.
 *
 * Usage: `node scripts/build.js` (also `npm run build`).
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

/** The project root: the folder above this script. */
const ROOT = path.resolve(__dirname, "..");
/** The build folder (git-ignored). */
const OUT = "dist";
/** The file that says which sources a build was made from. */
const INFO = "build-info.json";
/** Folders that are not compiled: dependencies, the build itself, the tests (jest runs them from source). */
const SKIPPED = new Set(["node_modules", OUT, "tests", "coverage", "scripts"]);

/** SWC's options: what `tsconfig.json` asks for (ES2022, CommonJS), with source maps beside the files. */
const SWC_OPTIONS = {
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "commonjs" },
    sourceMaps: true,
};

/** Every `.ts` source below `root` that the build compiles, as sorted paths relative to `root`. */
function sourceFiles(root = ROOT) {
    const found = [];
    const walk = (dir, rel) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            if (entry.name.startsWith(".") || (rel === "" && SKIPPED.has(entry.name))) continue;
            const relPath = rel === "" ? entry.name : `${rel}/${entry.name}`;
            if (entry.isDirectory()) walk(path.join(dir, entry.name), relPath);
            else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) found.push(relPath);
        }
    };
    walk(root, "");
    return found.sort();
}

/**
 * The fingerprint of the sources: a SHA-256 over every compiled file's path and content, this script and the
 * SWC version. Any change, added or deleted file makes a different fingerprint.
 */
function fingerprint(root = ROOT) {
    const hash = crypto.createHash("sha256");
    hash.update(fs.readFileSync(__filename));
    hash.update(swcVersion(root));
    for (const file of sourceFiles(root)) {
        hash.update(`\0${file}\0`);
        hash.update(fs.readFileSync(path.join(root, file)));
    }
    return hash.digest("hex");
}

function swcVersion(root) {
    try {
        return JSON.parse(fs.readFileSync(path.join(root, "node_modules", "@swc", "core", "package.json"), "utf8")).version;
    } catch {
        return "none";
    }
}

/** The fingerprint recorded by the last complete build, or undefined when there is none. */
function builtFingerprint(root = ROOT) {
    try {
        return JSON.parse(fs.readFileSync(path.join(root, OUT, INFO), "utf8")).fingerprint;
    } catch {
        return undefined;
    }
}

/**
 * Compiles every source into `dist/` and returns how many files it wrote.
 *
 * @throws Error naming the file SWC cannot compile, or saying that `@swc/core` is missing (the dev dependencies
 *   were not installed).
 */
function build(root = ROOT) {
    let swc;
    try {
        swc = require(require.resolve("@swc/core", { paths: [root] }));
    } catch (e) {
        throw new Error(`cannot load @swc/core (${e.code ?? e.message}): the build needs the dev dependencies; run \`npm ci\``, { cause: e });
    }
    const print = fingerprint(root);
    const files = sourceFiles(root);
    const staging = path.join(root, `${OUT}.tmp-${process.pid}`);
    fs.rmSync(staging, { recursive: true, force: true });
    try {
        for (const file of files) {
            const source = path.join(root, file);
            const target = path.join(staging, file.replace(/\.ts$/, ".js"));
            let output;
            try {
                output = swc.transformSync(fs.readFileSync(source, "utf8"), { ...SWC_OPTIONS, filename: source, sourceFileName: path.relative(path.dirname(target), source) });
            } catch (e) {
                throw new Error(`${file}: cannot compile: ${String(e.message ?? e).split("\n").find((l) => l.trim() !== "") ?? e}`, { cause: e });
            }
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.writeFileSync(target, `${output.code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
            fs.writeFileSync(`${target}.map`, output.map);
        }
        fs.writeFileSync(path.join(staging, INFO), `${JSON.stringify({ fingerprint: print, files: files.length, swc: swcVersion(root) }, null, 2)}\n`);
        fs.rmSync(path.join(root, OUT), { recursive: true, force: true });
        fs.renameSync(staging, path.join(root, OUT));
    } finally {
        fs.rmSync(staging, { recursive: true, force: true });
    }
    return files.length;
}

module.exports = { build, fingerprint, builtFingerprint, sourceFiles, OUT, INFO };

if (require.main === module) {
    const started = Date.now();
    try {
        const count = build();
        process.stdout.write(`build: ${count} TypeScript files compiled into ${OUT}/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } catch (e) {
        process.stderr.write(`build: ${e.message}\n`);
        process.exitCode = 1;
    }
}

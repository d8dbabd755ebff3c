/**
 * Builds the publishable pack: every TypeScript module `index.ts` reaches through relative imports (the pack's own,
 * and the placement, scheduling, components and config modules it reads) transpiled to CommonJS under `dist/`, in
 * the repository's layout (`dist/policy/index.js`, `dist/placement/...`), so that the package stands alone with its
 * npm dependencies. Transpiling only: type checking is `npm test`'s job at the repository root.
 *
 * Runs as `npm run build` in `policy/` and before `npm pack` (`prepack`), which `pulumi policy publish` runs.
 * Uses @swc/core from the repository's devDependencies.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const swc = require("@swc/core");

const POLICY_DIR = __dirname;
const ROOT = path.resolve(POLICY_DIR, "..");
const OUT = path.join(POLICY_DIR, "dist");

/** The `.ts` file a relative import names: `x.ts`, or `x/index.ts`. */
function resolveImport(from, spec) {
    const base = path.resolve(path.dirname(from), spec);
    for (const candidate of [`${base}.ts`, path.join(base, "index.ts")]) if (fs.existsSync(candidate)) return candidate;
    if (base.endsWith(".json") && fs.existsSync(base)) return base;
    throw new Error(`${path.relative(ROOT, from)}: cannot resolve "${spec}" to a .ts module`);
}

/** The relative imports and re-exports of a module (type-only imports are kept: they are erased, but cost nothing). */
function relativeImports(source) {
    const specs = new Set();
    for (const match of source.matchAll(/(?:import|export)\s[^"';]*?from\s+["'](\.{1,2}\/[^"']+)["']|require\(["'](\.{1,2}\/[^"']+)["']\)/g)) specs.add(match[1] ?? match[2]);
    return [...specs];
}

/** Every module the entry reaches. */
function closure(entry) {
    const seen = new Set();
    const queue = [entry];
    while (queue.length > 0) {
        const file = queue.pop();
        if (seen.has(file)) continue;
        seen.add(file);
        if (!file.endsWith(".ts")) continue;
        for (const spec of relativeImports(fs.readFileSync(file, "utf8"))) queue.push(resolveImport(file, spec));
    }
    return [...seen].sort();
}

function build() {
    fs.rmSync(OUT, { recursive: true, force: true });
    const files = closure(path.join(POLICY_DIR, "index.ts"));
    for (const file of files) {
        const relative = path.relative(ROOT, file);
        if (relative.startsWith("..") || relative.split(path.sep).includes("node_modules")) throw new Error(`${relative}: outside the repository's sources`);
        const target = path.join(OUT, relative.replace(/\.ts$/, ".js"));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        if (!file.endsWith(".ts")) {
            fs.copyFileSync(file, target);
            continue;
        }
        const { code } = swc.transformFileSync(file, {
            jsc: { target: "es2022", parser: { syntax: "typescript" } },
            module: { type: "commonjs" },
            sourceMaps: false,
        });
        fs.writeFileSync(target, code);
    }
    return files.length;
}

if (require.main === module) {
    const count = build();
    process.stdout.write(`policy/dist: ${count} modules\n`);
}

module.exports = { build, closure, relativeImports };

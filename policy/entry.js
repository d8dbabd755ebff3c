/**
 * The pack's entry point (`main` of policy/package.json) in both layouts. In this repository the TypeScript sources
 * are here, and the Pulumi CLI's policy runner (`@pulumi/pulumi/cmd/run-policy-pack`) has registered ts-node, so
 * `index.ts` is loaded as it is. In the published package (`npm pack`, `pulumi policy publish`) only the transpiled
 * `dist/` ships (see build.js), and its `dist/policy/index.js` is loaded.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const source = path.join(__dirname, "index.ts");
module.exports = fs.existsSync(source) ? require(source) : require("./dist/policy/index.js");

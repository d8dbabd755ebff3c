/**
 * The CrossGuard policy pack: `pulumi preview --policy-pack policy --policy-pack-config policy/config/<env>.json`.
 *
 * The Pulumi CLI starts a Node.js pack with its `pulumi-analyzer-policy` shim in the pack directory
 * (`policy/`): the shim resolves `@pulumi/pulumi/cmd/run-policy-pack` from there upward (this repo's root
 * `node_modules`), which registers ts-node and requires this directory, i.e. this file. Constructing
 * the `PolicyPack` starts the analyzer gRPC server and prints its port for the CLI.
 *
 * The SDK reads the pack's version from `<current directory>/package.json`. The pack belongs to the
 * repository's root package and has no package.json of its own, so the pack is constructed with the
 * repository root as the current directory, then the directory is restored.
 */
import * as path from "path";
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, packArgs } from "./pack";

const packDirectory = process.cwd();
process.chdir(path.resolve(__dirname, ".."));
try {
    new PolicyPack(PACK_NAME, packArgs);
} finally {
    process.chdir(packDirectory);
}

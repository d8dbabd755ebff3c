/**
 * The CrossGuard policy pack: `pulumi preview --policy-pack policy --policy-pack-config policy/config/<env>.json`.
 *
 * The Pulumi CLI starts a Node.js pack with its `pulumi-analyzer-policy` shim in the pack directory (`policy/`):
 * the shim resolves `@pulumi/pulumi/cmd/run-policy-pack` from there upward (this repo's root `node_modules`, or the
 * published package's own), which registers ts-node and requires the directory: `entry.js` (policy/package.json's
 * `main`) loads this file, or its transpiled copy in a published package. Constructing the `PolicyPack` starts the
 * analyzer gRPC server and prints its port for the CLI. The SDK reads the pack's version from the current
 * directory's package.json, which is policy/package.json in both layouts.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, packArgs } from "./pack";

new PolicyPack(PACK_NAME, packArgs);

/**
 * The schema of a stack file's `aks-platform:changeImpact` key (zod v4): whether the change gates refuse or only
 * report a replacement of the cluster, a replacement of a System pool and the deletion of a pool workloads still
 * target (`npm run plan -- --base REF`, docs/change-impact.md), and the changes this stack allows, each with
 * its reason. Every key is listed in the "changeImpact" section of `docs/configuration.md`.
 */
import { z } from "zod";
import { GATED_CHANGES } from "./platform-spec";

/** One allowed change: which kind, on which cluster or pool (its name in AKS), and why. */
const allowanceSchema = z.strictObject({
    change: z.enum(GATED_CHANGES),
    target: z.string().min(1, { error: "is empty: give the cluster's or the pool's name in AKS" }),
    reason: z.string().trim().min(1, { error: "is empty: say why this change is allowed (it is recorded in the plan's report)" }),
});

/** `aks-platform:changeImpact`. Absent, the gates are mandatory and nothing is allowed. */
export const changeImpactSchema = z
    .strictObject({
        gates: z.enum(["mandatory", "advisory"]).default("mandatory"),
        allow: z.array(allowanceSchema).default([]),
    })
    .prefault({});

/**
 * Scenario `zone-loss`: pools at their maximum, workloads at their declared replicas, and for each availability
 * zone of the cluster in turn the nodes of that zone removed. One verdict over all zones. Regional pools (no
 * zones) keep their nodes: where Azure put their VMs is not known. Claims keep the volumes provisioned for them
 * with every zone up: an LRS Azure Disk stays in its zone, so its pod fits nowhere once that zone is lost ("node(s)
 * had volume node affinity conflict"); a ZRS disk or an Azure Files share follows its pod.
 * Each zone's run places every pod again, highest priority first, so a high-priority pod never needs to preempt
 * here: the lower-priority pods are the ones left without room.
 * See https://learn.microsoft.com/azure/aks/availability-zones-overview
 */
import type { V1Node } from "../../scheduling";
import { buildNodes, objectsAt, poolOfNode, poolSizes, runPlacement, zoneOfNode, type PlacementContext, type PlacementRun } from "../context";
import { poolPlacements, unplacedProblems, workloadPlacements } from "../report";
import type { ScenarioVerdict, WorkloadPlacement } from "../types";

/** Loses each zone in turn; ok when every replica is placed with any one zone lost. */
export function zoneLossScenario(context: PlacementContext): ScenarioVerdict {
    const allNodes = buildNodes(context, poolSizes(context, "max"));
    const objects = objectsAt(context, "declared");
    // Regional nodes carry a zone label too ("0" on AKS), so zones are read from the zonal pools' nodes only.
    const zonalPools = new Set(context.model.pools.filter((p) => p.zones.length > 0).map((p) => p.name));
    const inZone = (node: V1Node, zone: string) => zonalPools.has(poolOfNode(node)) && zoneOfNode(node) === zone;
    const zones = [...new Set(allNodes.filter((n) => zonalPools.has(poolOfNode(n))).map(zoneOfNode))].sort();
    if (zones.length === 0) {
        const run = runPlacement(context, allNodes, objects);
        return {
            scenario: "zone-loss",
            description: "no pool declares availability zones: a zone loss cannot be checked",
            ok: false,
            workloads: workloadPlacements(context, run),
            pools: poolPlacements(context, run),
            problems: ["no pool declares availability zones, so no zone can be lost without losing the whole cluster; declare zones on the pools"],
        };
    }
    let worstRun: PlacementRun | undefined;
    let worst = new Map<string, WorkloadPlacement>();
    const problems: string[] = [];
    // Where the claims were provisioned with every zone up.
    const pinned = runPlacement(context, allNodes, objects).result.storage;
    for (const zone of zones) {
        const run = runPlacement(context, allNodes.filter((n) => !inZone(n, zone)), objects, pinned);
        const workloads = workloadPlacements(context, run);
        problems.push(...unplacedProblems(context, run, workloads, `zone ${zone} lost: `));
        for (const w of workloads) {
            const seen = worst.get(w.workload);
            if (seen === undefined || w.placed < seen.placed) worst.set(w.workload, w);
        }
        if (worstRun === undefined || run.result.unschedulable > worstRun.result.unschedulable) worstRun = run;
    }
    worst = new Map([...worst].sort(([a], [b]) => context.workloadRefs.indexOf(a) - context.workloadRefs.indexOf(b)));
    return {
        scenario: "zone-loss",
        description: `pools at their maximum size, workloads at their declared replicas, each of zone(s) ${zones.join(", ")} lost in turn (per workload: the worst zone)`,
        ok: problems.length === 0,
        workloads: [...worst.values()],
        pools: poolPlacements(context, worstRun!),
        problems,
    };
}

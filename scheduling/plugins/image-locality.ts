/**
 * ImageLocality, a Score plugin: prefer nodes that already hold the pod's images (kubernetes/kubernetes
 * `pkg/scheduler/framework/plugins/imagelocality/image_locality.go`, v1.35):
 * - the images a node holds are its `status.images` (each name of each image, with its `sizeBytes`); an image's
 *   spread is the share of the cluster's nodes holding it;
 * - for each container and init container whose image the node holds (a name without a tag reads `:latest`),
 *   `size × spread` is summed; the sum is clamped to [23 MB, 1000 MB × containers] and scaled to 0–100.
 * No NormalizeScore. Nodes from the AKS node model list no images (which images a node caches is not known before
 * it runs), so every node scores 0 there unless the caller fills `status.images`.
 * See https://kubernetes.io/docs/reference/scheduling/config/#scheduling-plugins
 */
import type { NodeInfo, ScoreContext, ScorePlugin, Snapshot } from "../framework/interfaces";
import { ImageLocality } from "../framework/names";
import { MAX_NODE_SCORE } from "../framework/normalize";
import type { V1Pod } from "../model/types";

/** The plugin's name. */
export const Name = ImageLocality;

const MB = 1024 * 1024;
/** Below this sum a node scores 0 (upstream `minThreshold`, 23 MB). */
export const MIN_THRESHOLD = 23 * MB;
/** Per container, the sum at which a node scores 100 (upstream `maxContainerThreshold`, 1000 MB). */
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** An image as the snapshot summarizes it: its size and how many nodes hold it. */
interface ImageState {
    size: number;
    numNodes: number;
}

/** Per snapshot: every node's images by name, and how many nodes hold each. */
interface ImageIndex {
    byNode: Map<NodeInfo, Map<string, ImageState>>;
    anyImage: boolean;
}

const indexes = new WeakMap<Snapshot, { nodes: readonly NodeInfo[]; length: number; index: ImageIndex }>();

function imageIndex(snapshot: Snapshot): ImageIndex {
    const cached = indexes.get(snapshot);
    if (cached !== undefined && cached.nodes === snapshot.nodeInfos && cached.length === snapshot.nodeInfos.length) return cached.index;
    const states = new Map<string, ImageState>();
    const byNode = new Map<NodeInfo, Map<string, ImageState>>();
    for (const nodeInfo of snapshot.nodeInfos) {
        const mine = new Map<string, ImageState>();
        for (const image of nodeInfo.node.status?.images ?? []) {
            for (const name of image.names ?? []) {
                let state = states.get(name);
                if (state === undefined) {
                    state = { size: image.sizeBytes ?? 0, numNodes: 0 };
                    states.set(name, state);
                }
                if (!mine.has(name)) {
                    state.numNodes++;
                    mine.set(name, state);
                }
            }
        }
        byNode.set(nodeInfo, mine);
    }
    const index = { byNode, anyImage: states.size > 0 };
    indexes.set(snapshot, { nodes: snapshot.nodeInfos, length: snapshot.nodeInfos.length, index });
    return index;
}

/** Upstream `normalizedImageName`: a name without a tag reads as `:latest`. */
export function normalizedImageName(name: string): string {
    return name.lastIndexOf(":") <= name.lastIndexOf("/") ? `${name}:latest` : name;
}

/** Upstream `calculatePriority`: the clamped sum scaled to 0–100. */
export function imagePriority(sumScores: number, numContainers: number): number {
    const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
    const clamped = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
    return Math.trunc((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

function containerImages(pod: V1Pod): string[] {
    return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.image ?? "");
}

/** The ImageLocality plugin. */
export const imageLocalityPlugin = {
    name: Name,
    score(ctx: ScoreContext, nodeInfo: NodeInfo): number {
        const images = containerImages(ctx.pod);
        const index = imageIndex(ctx.snapshot);
        if (!index.anyImage || images.length === 0) return images.length === 0 ? 0 : imagePriority(0, images.length);
        const held = index.byNode.get(nodeInfo);
        const total = ctx.snapshot.nodeInfos.length;
        let sum = 0;
        for (const image of images) {
            const state = held?.get(normalizedImageName(image));
            if (state !== undefined) sum += Math.trunc(state.size * (state.numNodes / total));
        }
        return imagePriority(sum, images.length);
    },
} satisfies ScorePlugin;

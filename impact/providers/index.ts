/** The provider emulations, by the table's provider kind. */
import type { ProviderKind } from "../force-new/rule";
import { azureNativeDiff } from "./azure-native";
import { kubernetesDiff } from "./kubernetes";
import { kubernetesProviderDiff, timeSleepDiff } from "./other-providers";
import type { ProviderDiffer } from "./provider-diff";

export type { ProviderDiff, ProviderDiffEntry, ProviderDiffer } from "./provider-diff";
export { refusingRule, entryPath, valueAt } from "./provider-diff";

/** The emulation of each provider kind. */
export const PROVIDER_DIFFERS: Readonly<Record<ProviderKind, ProviderDiffer>> = {
    "azure-native": azureNativeDiff,
    kubernetes: kubernetesDiff,
    "kubernetes-provider": kubernetesProviderDiff,
    time: timeSleepDiff,
};

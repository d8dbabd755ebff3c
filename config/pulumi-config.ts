/**
 * The program's entry to the stack configuration: reads the `aks-platform:` keys through Pulumi's config API
 * and validates them with {@link parsePlatformSpec}. The only file in `config/` that imports @pulumi/pulumi.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "./platform-spec";
import { PROJECT_NAMESPACE, parsePlatformSpec, platformSpecWarnings, stackFileName, withProviderLocation } from "./load";

/** Keys whose values are plain strings; every other key holds structured YAML, read with `getObject`. */
const STRING_KEYS: ReadonlySet<string> = new Set(["location"]);

/**
 * Every `aks-platform:` key the stack sets, including unknown ones (so that the schema can reject a typo
 * instead of the program never reading it). Keys come from `pulumi.runtime.allConfig()`, values through
 * `Config.get` / `Config.getObject`; a value that is not JSON is passed on as its string for the schema to judge.
 */
function readProjectKeys(config: pulumi.Config): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    const prefix = `${PROJECT_NAMESPACE}:`;
    for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
        if (!fullKey.startsWith(prefix)) {
            continue;
        }
        const key = fullKey.slice(prefix.length);
        if (STRING_KEYS.has(key)) {
            raw[key] = config.get(key);
            continue;
        }
        try {
            raw[key] = config.getObject<unknown>(key);
        } catch (error) {
            if (!(error instanceof pulumi.RunError)) {
                throw error;
            }
            raw[key] = config.get(key);
        }
    }
    return raw;
}

/**
 * Loads the current stack's configuration (`pulumi.getStack()`), resolved and validated. Problems are thrown
 * as one StackConfigError naming `Pulumi.<stack>.yaml`; settings AKS accepts but advises against are logged
 * as Pulumi warnings.
 */
export function loadPlatformSpecFromPulumi(): PlatformSpec {
    const stack = pulumi.getStack();
    const file = stackFileName(stack);
    const raw = readProjectKeys(new pulumi.Config(PROJECT_NAMESPACE));
    const providerLocation = new pulumi.Config("azure-native").get("location");
    const spec = parsePlatformSpec(withProviderLocation(raw, providerLocation, file), { file, stack });
    for (const warning of platformSpecWarnings(spec, file)) {
        void pulumi.log.warn(warning);
    }
    return spec;
}

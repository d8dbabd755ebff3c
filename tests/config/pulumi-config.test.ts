/** loadPlatformSpecFromPulumi: the same validation, fed from Pulumi's runtime configuration. */
import * as pulumi from "@pulumi/pulumi";
import { StackConfigError } from "../../config/errors";
import { loadPlatformSpecFromPulumi } from "../../config/pulumi-config";
import { minimalRawConfig } from "./fixtures";

/** Sets the runtime configuration the way the Pulumi CLI passes it: every value a string, objects as JSON. */
function setStackConfig(values: Record<string, unknown>): void {
    const all: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
        all[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    pulumi.runtime.setAllConfig(all);
}

function projectKeys(raw: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(raw).map(([key, value]) => [`aks-platform:${key}`, value]));
}

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs },
        "aks-platform",
        "staging",
        false,
    );
});

describe("loadPlatformSpecFromPulumi", () => {
    test("reads the aks-platform keys of the current stack and resolves them", () => {
        setStackConfig({ ...projectKeys(minimalRawConfig()), "kubernetes:context": "ignored" });
        const spec = loadPlatformSpecFromPulumi();
        expect(spec.stack).toBe("staging");
        expect(spec.cluster.systemPool.count).toBe(3);
        expect(spec.location).toBe("westeurope");
    });

    test("takes the location from azure-native:location when the project key is absent", () => {
        const { location: _location, ...rest } = minimalRawConfig();
        setStackConfig({ ...projectKeys(rest), "azure-native:location": "swedencentral" });
        expect(loadPlatformSpecFromPulumi().location).toBe("swedencentral");
    });

    test("an unknown project key is reported against the stack's file, not ignored", () => {
        setStackConfig({ ...projectKeys(minimalRawConfig()), "aks-platform:nodepools": [] });
        expect(() => loadPlatformSpecFromPulumi()).toThrow(StackConfigError);
        expect(() => loadPlatformSpecFromPulumi()).toThrow(
            `Pulumi.staging.yaml: nodepools: unknown key (did you mean "nodePools"?); valid keys here: location, resourceGroup, cluster, vnet, registries, namespaces, systemPool, nodePools, workloads, placement`,
        );
    });

    test("a structured key given as plain text is a type error, not a crash", () => {
        setStackConfig({ ...projectKeys(minimalRawConfig()), "aks-platform:cluster": "aks-test" });
        expect(() => loadPlatformSpecFromPulumi()).toThrow(`Pulumi.staging.yaml: cluster: expected an object (a YAML mapping), found "aks-test"`);
    });
});

/**
 * Generates `type-tokens.ts`: every Pulumi type token `@pulumi/azure-native` and `@pulumi/kubernetes` register
 * for the resources the pack judges. Each SDK class names its own token (`static __pulumiType`) and lists the
 * tokens of the same resource under other API versions or groups as aliases (`aliasOpts`), e.g.
 * `azure-native:containerservice/v20250801:ManagedCluster` or `kubernetes:extensions/v1beta1:Deployment`. The
 * generator reads those lists from the installed SDKs, follows each alias to its own class when the SDK ships
 * one (and that class's aliases in turn), and writes the union per canonical token.
 *
 * Run `npm run generate:policy-types` after upgrading either SDK; `tests/policy/resource-types.test.ts` fails
 * while the committed file differs from what the installed SDKs register.
 */
import * as fs from "fs";
import * as path from "path";
import { findProjectRoot } from "../../plan/project-root";

/** The canonical tokens the pack judges (the default class of each resource), by SDK. */
export const CANONICAL_TOKENS: readonly string[] = [
    "azure-native:containerservice:ManagedCluster",
    "azure-native:containerservice:AgentPool",
    "azure-native:containerservice:MaintenanceConfiguration",
    "azure-native:containerservice:FleetMember",
    "azure-native:monitor:DiagnosticSetting",
    "azure-native:authorization:RoleAssignment",
    "azure-native:containerregistry:Registry",
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:apps/v1:DaemonSet",
    "kubernetes:apps/v1:ReplicaSet",
    "kubernetes:batch/v1:Job",
    "kubernetes:batch/v1:CronJob",
    "kubernetes:core/v1:Pod",
    "kubernetes:core/v1:ReplicationController",
    "kubernetes:core/v1:Service",
    "kubernetes:core/v1:ServiceAccount",
    "kubernetes:core/v1:Namespace",
    "kubernetes:core/v1:ConfigMap",
    "kubernetes:policy/v1:PodDisruptionBudget",
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    "kubernetes:networking.k8s.io/v1:Ingress",
    "kubernetes:rbac.authorization.k8s.io/v1:Role",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    "kubernetes:helm.sh/v3:Release",
];

/** Kubernetes kinds whose `<Kind>Patch` resource (server-side apply of part of an object) the pack also reads. */
export const PATCHED_KINDS: readonly string[] = [
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:apps/v1:DaemonSet",
    "kubernetes:apps/v1:ReplicaSet",
    "kubernetes:batch/v1:Job",
    "kubernetes:batch/v1:CronJob",
    "kubernetes:core/v1:Pod",
    "kubernetes:core/v1:ReplicationController",
    "kubernetes:core/v1:Service",
    "kubernetes:core/v1:ServiceAccount",
    "kubernetes:core/v1:Namespace",
    "kubernetes:policy/v1:PodDisruptionBudget",
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    "kubernetes:networking.k8s.io/v1:Ingress",
];

/** The module file of a token's class in its SDK package, relative to the package; undefined when not derivable. */
export function moduleFileOf(token: string): { sdk: string; file: string } | undefined {
    const [pkg, module, name] = token.split(":");
    if (name === undefined) return undefined;
    const file = `${name.charAt(0).toLowerCase()}${name.slice(1)}.js`;
    if (pkg === "azure-native") {
        const [service, version] = module.split("/");
        return { sdk: "@pulumi/azure-native", file: version === undefined ? `${service}/${file}` : `${service}/${version}/${file}` };
    }
    if (pkg === "kubernetes") {
        const [group, version] = module.split("/");
        if (version === undefined) return undefined;
        return { sdk: "@pulumi/kubernetes", file: `${group.split(".")[0]}/${version}/${file}` };
    }
    return undefined;
}

/** The token a class registers and the alias tokens it lists, read from its compiled module text. */
export function tokensInModule(text: string): { own?: string; aliases: string[] } {
    const own = /__pulumiType = ['"]([^'"]+)['"]/.exec(text)?.[1];
    const list = /aliases: \[([^\]]*)\]/.exec(text)?.[1] ?? "";
    const aliases = [...list.matchAll(/type: "([^"]+)"/g)].map((m) => m[1]);
    return { ...(own === undefined ? {} : { own }), aliases };
}

/**
 * Every token of the resource `canonical` registers under: its own, its aliases, and (transitively) the aliases
 * of any alias class the SDK ships.
 *
 * @param read - returns a module's text (`sdk`/`file` as {@link moduleFileOf} gives them), or undefined when the
 *   SDK ships no such module.
 * @throws Error when the canonical class itself is missing or registers another token.
 */
export function tokensOf(canonical: string, read: (sdk: string, file: string) => string | undefined): string[] {
    const found = new Set<string>([canonical]);
    const queue = [canonical];
    while (queue.length > 0) {
        const token = queue.shift()!;
        const where = moduleFileOf(token);
        const text = where === undefined ? undefined : read(where.sdk, where.file);
        if (text === undefined) {
            if (token === canonical) throw new Error(`${canonical}: no module ${where?.sdk ?? "?"}/${where?.file ?? "?"} in the installed SDK`);
            continue;
        }
        const { own, aliases } = tokensInModule(text);
        if (token === canonical && own !== canonical) throw new Error(`${where!.sdk}/${where!.file} registers ${own ?? "no token"}, not ${canonical}`);
        for (const alias of aliases) {
            if (!found.has(alias)) {
                found.add(alias);
                queue.push(alias);
            }
        }
    }
    return [...found].sort();
}

/** The patch token of a kind (`kubernetes:apps/v1:Deployment` → `kubernetes:apps/v1:DeploymentPatch`). */
export function patchTokenOf(token: string): string {
    return `${token}Patch`;
}

/** Reads modules from the SDK packages installed beside this repository. */
export function installedSdkReader(root: string): (sdk: string, file: string) => string | undefined {
    return (sdk, file) => {
        const full = path.join(root, "node_modules", sdk, file);
        return fs.existsSync(full) ? fs.readFileSync(full, "utf8") : undefined;
    };
}

/** The installed version of an SDK package. */
export function sdkVersion(root: string, sdk: string): string {
    return (JSON.parse(fs.readFileSync(path.join(root, "node_modules", sdk, "package.json"), "utf8")) as { version: string }).version;
}

/** The text of `type-tokens.ts` for the installed SDKs. */
export function renderTypeTokens(root: string): string {
    const read = installedSdkReader(root);
    const entries = [
        ...CANONICAL_TOKENS.map((t) => [t, tokensOf(t, read)] as const),
        ...PATCHED_KINDS.map((t) => [patchTokenOf(t), tokensOf(patchTokenOf(t), read)] as const),
    ];
    const body = entries.map(([token, tokens]) => `    ${JSON.stringify(token)}: [\n${tokens.map((t) => `        ${JSON.stringify(t)},`).join("\n")}\n    ],`).join("\n");
    return [
        "/**",
        " * Every type token the SDKs register for each resource the pack judges, by canonical token.",
        ` * Generated by policy/resource-types/generate.ts from @pulumi/azure-native ${sdkVersion(root, "@pulumi/azure-native")} and`,
        ` * @pulumi/kubernetes ${sdkVersion(root, "@pulumi/kubernetes")}; do not edit: run \`npm run generate:policy-types\`.`,
        " */",
        "export const TYPE_TOKENS: Readonly<Record<string, readonly string[]>> = {",
        body,
        "};",
        "",
    ].join("\n");
}

if (require.main === module) {
    // Runs from the build (dist/policy/resource-types/) or the sources: the table is written beside the sources.
    const root = findProjectRoot(__dirname);
    const target = path.join(root, "policy", "resource-types", "type-tokens.ts");
    fs.writeFileSync(target, renderTypeTokens(root));
    process.stdout.write(`wrote ${path.relative(root, target)}\n`);
}

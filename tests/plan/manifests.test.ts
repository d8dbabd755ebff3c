/**
 * Reading `--manifests`: files, folders, pipes, devices and stdin; Lists; kept and skipped kinds; where each object
 * is; and one clear line naming the file and document per bad input.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { kubernetesTypeToken, ManifestError, MAX_YAML_ALIASES, readManifests } from "../../plan/manifests";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-manifests-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(relative: string, text: string): string {
    const file = path.join(tmp, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
}

const pod = (name: string, namespace?: string) => `apiVersion: v1\nkind: Pod\nmetadata: { name: ${name}${namespace === undefined ? "" : `, namespace: ${namespace}`} }\nspec: { containers: [{ name: c, image: i }] }\n`;

describe("readManifests", () => {
    test("reads every document of a file, skipping empty ones and leaving out kinds the checks do not read", () => {
        const file = write("multi.yaml", `---\n${pod("a")}---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n---\n${pod("b", "shop")}`);
        const set = readManifests([file]);
        expect(set.files).toEqual([file]);
        expect(set.skipped).toEqual([{ kind: "ConfigMap", ref: "ConfigMap/default/c", source: `${file} (document 3)` }]);
        expect(set.objects.map((o) => [o.ref, o.source, o.resource.type, o.place.line])).toEqual([
            ["Pod/default/a", `${file} (document 1)`, "kubernetes:core/v1:Pod", 2],
            ["Pod/shop/b", `${file} (document 4)`, "kubernetes:core/v1:Pod", 13],
        ]);
    });

    test("reads helm template output: # Source: headers before each document", () => {
        const file = write("helm.yaml", `---
# Source: shop/templates/a.yaml
${pod("a")}---
# Source: shop/templates/config.yaml
apiVersion: v1
kind: ConfigMap
metadata: { name: a }
`);
        const set = readManifests([file]);
        expect(set.objects.map((o) => [o.ref, o.place.document, o.place.line])).toEqual([["Pod/default/a", 1, 3]]);
        expect(set.skipped.map((s) => s.ref)).toEqual(["ConfigMap/default/a"]);
    });

    test("keeps what the scheduler reads besides workloads: Services and storage objects", () => {
        const file = write("context.yaml", `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: premium-lrs }
provisioner: disk.csi.azure.com
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data, namespace: shop }
spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 8Gi } } }
---
apiVersion: v1
kind: PersistentVolume
metadata: { name: pv-1 }
spec: { capacity: { storage: 8Gi }, accessModes: [ReadWriteOnce], csi: { driver: disk.csi.azure.com, volumeHandle: d1 } }
---
apiVersion: storage.k8s.io/v1
kind: CSINode
metadata: { name: aks-general-1 }
spec: { drivers: [] }
`);
        const set = readManifests([file]);
        expect(set.objects.map((o) => o.ref.split("/")[0])).toEqual(["Service", "StorageClass", "PersistentVolumeClaim", "PersistentVolume", "CSINode"]);
        expect(set.skipped).toEqual([]);
    });

    test("reads the items of a kind: List document (kubectl get -o yaml), each located", () => {
        const file = write("list.yaml", `apiVersion: v1
kind: List
items:
  - ${pod("a").trimEnd().split("\n").join("\n    ")}
  - apiVersion: v1
    kind: Secret
    metadata: { name: s }
  - ${pod("b", "shop").trimEnd().split("\n").join("\n    ")}
`);
        const set = readManifests([file]);
        expect(set.objects.map((o) => [o.ref, o.source, o.place.line])).toEqual([
            ["Pod/default/a", `${file} (document 1, item 1)`, 4],
            ["Pod/shop/b", `${file} (document 1, item 3)`, 11],
        ]);
        expect(set.skipped).toEqual([{ kind: "Secret", ref: "Secret/default/s", source: `${file} (document 1, item 2)` }]);
    });

    test("reads standard input for -, and names it <stdin>", () => {
        const set = readManifests(["-"], { readStdin: () => pod("from-stdin") });
        expect(set.files).toEqual(["<stdin>"]);
        expect(set.objects.map((o) => [o.ref, o.source])).toEqual([["Pod/default/from-stdin", "<stdin> (document 1)"]]);
    });

    test("reads a pipe (a FIFO, as <(helm template …) gives) and an empty device (/dev/null)", () => {
        const fifo = path.join(tmp, "pipe.yaml");
        execFileSync("mkfifo", [fifo]);
        // A writer in another process, as the shell's process substitution is.
        const writer = spawn("sh", ["-c", `printf '%s' "$0" > ${fifo}`, pod("piped")]);
        const set = readManifests([fifo, "/dev/null"]);
        writer.kill();
        expect(set.objects.map((o) => o.ref)).toEqual(["Pod/default/piped"]);
        expect(set.files).toEqual([fifo, "/dev/null"]);
    });

    test("walks a folder in name order, reading .yaml and .yml files only", () => {
        write("tree/b/two.yml", pod("two"));
        write("tree/a/one.yaml", pod("one"));
        write("tree/readme.md", "# not read");
        expect(readManifests([path.join(tmp, "tree")]).objects.map((o) => o.ref)).toEqual(["Pod/default/one", "Pod/default/two"]);
    });

    const bad: { name: string; path: () => string; wanted: RegExp }[] = [
        { name: "a missing path", path: () => path.join(tmp, "missing"), wanted: /missing: cannot read the manifests \(ENOENT\); give a YAML file, a folder of them, a pipe, or - for stdin$/ },
        { name: "a folder without YAML", path: () => path.dirname(write("empty/x.txt", "x")), wanted: /empty: the folder holds no \.yaml or \.yml file$/ },
        { name: "a list document", path: () => write("list.yaml", "- a\n- b\n"), wanted: /list\.yaml \(document 1\): expected a Kubernetes object .* got a list$/ },
        { name: "a missing metadata.name", path: () => write("noname.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {}\n"), wanted: /noname\.yaml \(document 1\): metadata\.name: expected a non-empty string$/ },
        { name: "an object declared twice", path: () => write("twice.yaml", `${pod("a")}---\n${pod("a")}`), wanted: /twice\.yaml \(document 2\): Pod\/default\/a is declared twice \(also in .*twice\.yaml \(document 1\)\)$/ },
        {
            name: "a YAML alias bomb",
            path: () => write("bomb.yaml", ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}]`)].join("\n")),
            wanted: new RegExp(`bomb\\.yaml \\(document 1\\): its YAML aliases expand more than ${MAX_YAML_ALIASES} times`),
        },
        ...["Deployment", "StatefulSet", "DaemonSet", "Job"].map((kind) => ({
            name: `a ${kind} with spec: null`,
            path: () => write(`null-${kind}.yaml`, `${pod("ok")}---\napiVersion: apps/v1\nkind: ${kind}\nmetadata: { name: w, namespace: shop }\nspec: null\n`),
            wanted: new RegExp(`null-${kind}\\.yaml \\(document 2\\): ${kind}/shop/w: spec: a ${kind} needs a spec \\(a mapping\\), got null$`),
        })),
        { name: "a PDB with spec: null", path: () => write("null-pdb.yaml", "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: b }\nspec: null\n"), wanted: /null-pdb\.yaml \(document 1\): PodDisruptionBudget\/default\/b: spec: a PodDisruptionBudget needs a spec/ },
        { name: "an HPA without a target", path: () => write("hpa.yaml", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: h, namespace: shop }\nspec: { maxReplicas: 3 }\n"), wanted: /hpa\.yaml \(document 1\): HorizontalPodAutoscaler\/shop\/h: spec\.scaleTargetRef: expected a mapping/ },
        { name: "a List whose items are not a list", path: () => write("badlist.yaml", "apiVersion: v1\nkind: List\nitems: { a: 1 }\n"), wanted: /badlist\.yaml \(document 1\): items: a List holds a list of objects, got a mapping$/ },
        { name: "a List item that is null", path: () => write("nullitem.yaml", "apiVersion: v1\nkind: List\nitems: [null]\n"), wanted: /nullitem\.yaml \(document 1, item 1\): expected a Kubernetes object .* got null$/ },
        { name: "broken YAML after a valid document", path: () => write("broken.yaml", `${pod("a")}---\nmetadata: [\n`), wanted: /broken\.yaml \(document 2\): invalid YAML: / },
    ];
    test("standard input can be read once", () => {
        expect(() => readManifests(["-", "-"], { readStdin: () => "" })).toThrow("--manifests - given twice: standard input can be read once");
    });

    test.each(bad)("rejects $name with one line naming the file", ({ path: target, wanted }) => {
        const attempt = () => readManifests([target()]);
        expect(attempt).toThrow(ManifestError);
        expect(attempt).toThrow(wanted);
    });
});

describe("kubernetesTypeToken", () => {
    test.each([
        { apiVersion: "apps/v1", kind: "Deployment", wanted: "kubernetes:apps/v1:Deployment" },
        { apiVersion: "v1", kind: "Pod", wanted: "kubernetes:core/v1:Pod" },
        { apiVersion: "policy/v1", kind: "PodDisruptionBudget", wanted: "kubernetes:policy/v1:PodDisruptionBudget" },
    ])("$apiVersion $kind is $wanted", ({ apiVersion, kind, wanted }) => {
        expect(kubernetesTypeToken(apiVersion, kind)).toBe(wanted);
    });
});

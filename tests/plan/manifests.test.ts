/** Reading `--manifests`: files and folders, kept and ignored kinds, and one clear line per bad input. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { kubernetesTypeToken, ManifestError, readManifests } from "../../plan/manifests";

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
        expect(set.ignored).toBe(1);
        expect(set.objects.map((o) => [o.ref, o.source, o.resource.type])).toEqual([
            ["Pod/default/a", `${file} (document 1)`, "kubernetes:core/v1:Pod"],
            ["Pod/shop/b", `${file} (document 4)`, "kubernetes:core/v1:Pod"],
        ]);
    });

    test("walks a folder in name order, reading .yaml and .yml files only", () => {
        write("tree/b/two.yml", pod("two"));
        write("tree/a/one.yaml", pod("one"));
        write("tree/readme.md", "# not read");
        expect(readManifests([path.join(tmp, "tree")]).objects.map((o) => o.ref)).toEqual(["Pod/default/one", "Pod/default/two"]);
    });

    const bad: { name: string; path: () => string; wanted: RegExp }[] = [
        { name: "a missing path", path: () => path.join(tmp, "missing"), wanted: /missing: cannot read the manifests \(ENOENT\); give a YAML file or a folder of them$/ },
        { name: "a folder without YAML", path: () => path.dirname(write("empty/x.txt", "x")), wanted: /empty: the folder holds no \.yaml or \.yml file$/ },
        { name: "a list document", path: () => write("list.yaml", "- a\n- b\n"), wanted: /list\.yaml \(document 1\): expected a Kubernetes object .* got a list$/ },
        { name: "a missing metadata.name", path: () => write("noname.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {}\n"), wanted: /noname\.yaml \(document 1\): metadata\.name: expected a non-empty string$/ },
        { name: "an object declared twice", path: () => write("twice.yaml", `${pod("a")}---\n${pod("a")}`), wanted: /twice\.yaml \(document 2\): Pod\/default\/a is declared twice \(also in .*twice\.yaml \(document 1\)\)$/ },
        { name: "broken YAML after a valid document", path: () => write("broken.yaml", `${pod("a")}---\nmetadata: [\n`), wanted: /broken\.yaml \(document 2\): invalid YAML: / },
    ];
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

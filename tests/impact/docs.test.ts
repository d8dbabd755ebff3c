/** docs/change-impact.md prints the force-new table and its sources: they stay equal to the code's. */
import * as fs from "fs";
import * as path from "path";
import { allRules, FORCE_NEW_TABLES, SOURCES } from "../../impact";

const doc = fs.readFileSync(path.resolve(__dirname, "../../docs/change-impact.md"), "utf8");

/** The rows of the markdown table whose header starts with `header`. */
function rows(header: string): string[][] {
    const lines = doc.split("\n");
    const start = lines.findIndex((l) => l.startsWith(header));
    if (start < 0) throw new Error(`docs/change-impact.md has no table "${header}"`);
    const out: string[][] = [];
    for (const line of lines.slice(start + 2)) {
        if (!line.startsWith("|")) break;
        out.push(line.slice(1, -1).split(" | ").map((c) => c.trim()));
    }
    return out;
}

test("the page's force-new table is the code's, entry for entry", () => {
    const code = FORCE_NEW_TABLES.flatMap((t) => allRules(t).map((r) => [`\`${t.type}\``, `\`${r.path}\``, `${r.effect}${r.when === undefined ? "" : ` when \`${r.when.path}\` is ${r.when.equals}`}`, r.source]));
    expect(rows("| type | input path | effect | source |")).toEqual(code);
});

test("the page lists every source with its title and address", () => {
    expect(rows("| id | what it says | where |")).toEqual(Object.entries(SOURCES).map(([id, s]) => [`\`${id}\``, s.title, `<${s.url}>`]));
});

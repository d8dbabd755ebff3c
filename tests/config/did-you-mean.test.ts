/** Edit distance and the did-you-mean suggestion used for VM sizes, keys and stack names. */
import { closestName, didYouMean, editDistance } from "../../config/did-you-mean";

describe("editDistance", () => {
    test.each<[string, string, string, number]>([
        ["identical strings", "nodePools", "nodePools", 0],
        ["strings differing only in case", "nodepools", "nodePools", 0],
        ["one substitution", "Standard_D4s_v9", "Standard_D4s_v5", 1],
        ["one transposition (two edits)", "aks-platfrom", "aks-platform", 2],
        ["an empty string", "", "abc", 3],
    ])("counts %s", (_name, a, b, distance) => {
        expect(editDistance(a, b)).toBe(distance);
    });
});

describe("closestName", () => {
    test("prefers the later of equally close candidates (the newer VM generation)", () => {
        expect(closestName("Standard_D4s_v9", ["Standard_D4s_v3", "Standard_D4s_v5"])).toBe("Standard_D4s_v5");
    });

    test("suggests nothing when every candidate is far off", () => {
        expect(closestName("Standard_XYZ", ["Standard_D4s_v5", "Standard_E8ds_v5"])).toBeUndefined();
    });

    test("didYouMean renders the suggestion, or nothing", () => {
        expect(didYouMean("maxpods", ["maxPods", "name"])).toBe(` (did you mean "maxPods"?)`);
        expect(didYouMean("zzzzzz", ["maxPods", "name"])).toBe("");
    });
});

import { imageLocalityPlugin, normalizedImageName } from "../../../scheduling/plugins/image-locality";
import imageLocality from "../fixtures/score/image-locality.json";
import { describeScoreFixture, type ScoreFixture } from "./score-case";

describeScoreFixture("ImageLocality Score", imageLocalityPlugin, imageLocality as unknown as ScoreFixture);

// TestNormalizedImageName (image_locality_test.go): untagged names read `:latest`; tags, registry ports and
// digests are kept.
const digest = "sha256:4813494d137e1631bba301d5acab6e7bb7aa74ce1185d456565ef51d737677b2";
test.each([
    ["add :latest postfix 1", "root", "root:latest"],
    ["add :latest postfix 2", "gcr.io:5000/root", "gcr.io:5000/root:latest"],
    ["keep it as is 1", "root:tag", "root:tag"],
    ["keep it as is 2", `root@${digest}`, `root@${digest}`],
])("normalizedImageName: %s", (_name, input, output) => {
    expect(normalizedImageName(input)).toBe(output);
});

import { interPodAffinityPlugin } from "../../../scheduling/plugins/inter-pod-affinity";
import affinity from "../fixtures/score/inter-pod-affinity.json";
import symmetricWeight from "../fixtures/score/inter-pod-affinity-symmetric-weight.json";
import { describeScoreFixture, type ScoreFixture } from "./score-case";

describeScoreFixture("InterPodAffinity Score", interPodAffinityPlugin, affinity as unknown as ScoreFixture);
describeScoreFixture("InterPodAffinity Score, hard-affinity symmetric weight", interPodAffinityPlugin, symmetricWeight as unknown as ScoreFixture);

import { podTopologySpreadPlugin } from "../../../scheduling/plugins/pod-topology-spread";
import spread from "../fixtures/score/pod-topology-spread.json";
import spreadSkip from "../fixtures/score/pod-topology-spread-skip.json";
import { describeScoreFixture, type ScoreFixture } from "./score-case";

describeScoreFixture("PodTopologySpread Score", podTopologySpreadPlugin, spread as unknown as ScoreFixture);
describeScoreFixture("PodTopologySpread PreScore Skip", podTopologySpreadPlugin, spreadSkip as unknown as ScoreFixture);

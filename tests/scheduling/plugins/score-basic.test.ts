import { nodeAffinityPlugin } from "../../../scheduling/plugins/node-affinity";
import { taintTolerationPlugin } from "../../../scheduling/plugins/taint-toleration";
import nodeAffinity from "../fixtures/score/node-affinity.json";
import taintToleration from "../fixtures/score/taint-toleration.json";
import { describeScoreFixture, type ScoreFixture } from "./score-case";

describeScoreFixture("TaintToleration Score", taintTolerationPlugin, taintToleration as unknown as ScoreFixture);
describeScoreFixture("NodeAffinity Score", nodeAffinityPlugin, nodeAffinity as unknown as ScoreFixture);

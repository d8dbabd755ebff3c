import { balancedAllocationPlugin } from "../../../scheduling/plugins/node-resources-balanced-allocation";
import { nodeResourcesFitPlugin } from "../../../scheduling/plugins/node-resources-fit";
import balanced from "../fixtures/score/balanced-allocation.json";
import least from "../fixtures/score/least-allocated.json";
import most from "../fixtures/score/most-allocated.json";
import ratio from "../fixtures/score/requested-to-capacity-ratio.json";
import { describeScoreFixture, type ScoreFixture } from "./score-case";

describeScoreFixture("NodeResourcesFit Score, LeastAllocated", nodeResourcesFitPlugin, least as unknown as ScoreFixture);
describeScoreFixture("NodeResourcesFit Score, MostAllocated", nodeResourcesFitPlugin, most as unknown as ScoreFixture);
describeScoreFixture("NodeResourcesFit Score, RequestedToCapacityRatio", nodeResourcesFitPlugin, ratio as unknown as ScoreFixture);
describeScoreFixture("NodeResourcesBalancedAllocation Score", balancedAllocationPlugin, balanced as unknown as ScoreFixture);

export type {
  ClassificationPart,
  CommunicationPart,
  DetectionPart,
  DiagnosisPart,
  EscalationPart,
  EscalationStatus,
  Part,
  PenaltiesPart,
  PenaltyKind,
  ResolutionPart,
  Score,
  Verdict,
} from "./score-model.ts";
export { score, type ScoreOptions } from "./score.ts";
export { DEFAULT_WEIGHTS, maxPoints, type Weights } from "./weights.ts";

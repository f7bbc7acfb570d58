import type { SliSummary } from "./summary.ts";

/** The first line of sli.jsonl: what the run offers. */
export interface SliStartLine {
  readonly type: "start";
  readonly runId: string;
  /** The environment's name. */
  readonly name: string;
  readonly targetUrl: string;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly rps: number;
  readonly durationMs: number;
  readonly customers: number;
  readonly maxInFlight: number;
  readonly windowMs: number;
  readonly rollingMs: readonly number[];
}

/** One line per closed window, with the rolling views as of its end (one per `rollingMs`, in that order). */
export interface SliWindowLine extends SliSummary {
  readonly type: "window";
  readonly runId: string;
  readonly name: string;
  /** 0, 1, 2 … */
  readonly seq: number;
  readonly rolling: readonly SliSummary[];
}

/** The last line: why the run ended, and its totals. */
export interface SliEndLine {
  readonly type: "end";
  readonly runId: string;
  readonly name: string;
  readonly endedAt: string;
  readonly reason: "completed" | "stopped";
  readonly total: SliSummary;
}

export type SliLine = SliStartLine | SliWindowLine | SliEndLine;

export const SLI_FILE_NAME = "sli.jsonl";

import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import type { Presence, Schema } from "../schema/index.ts";

export interface ProbeContext<P> {
  readonly descriptor: EnvironmentDescriptor;
  /** Validated params, placeholders resolved, defaults filled in. */
  readonly params: P;
  /** Only what happened from here on counts (the injection, for detection probes). */
  readonly since?: Date;
}

/**
 * One probe run, as chaostoolkit records an activity. `ok`: the condition
 * holds; `fail`: it was evaluated and does not hold; `error`: it could not
 * be evaluated (see `error`).
 */
export interface ProbeResult {
  readonly status: "ok" | "fail" | "error";
  readonly matched: boolean;
  /** What was seen: the value at a JSON path, a count, a command's output, … */
  readonly output: unknown;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  readonly error?: string;
}

/** What a kind's observation returns; `check` turns it into a ProbeResult. */
export interface Observation {
  readonly matched: boolean;
  readonly output: unknown;
}

export interface Probe<P> {
  readonly description: string;
  readonly params: Schema<P, Presence>;
  check(context: ProbeContext<P>): Promise<ProbeResult>;
}

/** Only returns its argument: it types a probe kind. */
export function defineProbe<P>(probe: Probe<P>): Probe<P> {
  return probe;
}

/** Times an observation and records it; a thrown error becomes status "error", never a rejection. */
export function observing<P>(observe: (context: ProbeContext<P>) => Promise<Observation>): (context: ProbeContext<P>) => Promise<ProbeResult> {
  return async (context) => {
    const started = new Date();
    const startedMs = performance.now();
    const record = (fields: Pick<ProbeResult, "status" | "matched" | "output"> & { error?: string }): ProbeResult => ({
      ...fields,
      startedAt: started.toISOString(),
      endedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - startedMs),
    });
    try {
      const { matched, output } = await observe(context);
      return record({ status: matched ? "ok" : "fail", matched, output });
    } catch (error) {
      return record({ status: "error", matched: false, output: null, error: error instanceof Error ? error.message : String(error) });
    }
  };
}

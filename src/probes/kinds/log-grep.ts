import { readFile } from "node:fs/promises";
import path from "node:path";
import { regex } from "../../drills/kind-params.ts";
import { FiredrillError } from "../../errors.ts";
import { s } from "../../schema/index.ts";
import { defineProbe, observing } from "../probe.ts";

const LEADING_TIME = /^\[?(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)/;

/** When a log line was written: its JSON `time`/`timestamp`, or a leading ISO 8601 time; undefined when it has neither. */
export function lineTimeMs(line: string): number | undefined {
  if (line.startsWith("{")) {
    try {
      const record = JSON.parse(line) as { time?: unknown; timestamp?: unknown };
      const time = record.time ?? record.timestamp;
      if (typeof time === "string" || typeof time === "number") return new Date(time).getTime();
    } catch {
      // Not JSON after all: try the leading time.
    }
  }
  const leading = LEADING_TIME.exec(line);
  return leading === null ? undefined : Date.parse(leading[1]!);
}

/**
 * Lines of a file in the target's log directory that match `pattern`,
 * counting only lines written since the probe's `since` (the injection) and
 * within the last `window`. Without either, the whole file counts; with
 * either, lines that carry no time are left out. With both, an absence
 * holds only once a whole window has passed since `since`. `absent: true` holds when
 * nothing matches; otherwise at least `minCount` lines must.
 */
export const logGrep = defineProbe({
  description: "count lines of a target log file matching a pattern since the injection (or within a window)",
  params: s.object({
    file: s.string({ pattern: /^[\w.-]+$/, patternHint: "a file name in the target's log directory, e.g. combined.log or error.log" }),
    pattern: regex("A JavaScript regular expression matched against each line."),
    minCount: s.withDefault(s.number({ integer: true, min: 1 }), 1),
    absent: s.withDefault(s.boolean(), false),
    windowMs: s.optional(s.from("window", s.duration())),
  }),
  check: observing(async ({ descriptor, params, since }) => {
    if (descriptor.target === undefined) throw new FiredrillError("CONFIG_INVALID", `log-grep: environment "${descriptor.name}" runs without a target, so it has no log directory`);
    const file = path.join(descriptor.target.logDir, params.file);
    const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return "";
      throw error;
    });
    const fromMs = Math.max(since?.getTime() ?? -Infinity, params.windowMs === undefined ? -Infinity : Date.now() - params.windowMs);
    const pattern = new RegExp(params.pattern);
    const matches = text.split("\n").filter((line) => {
      if (line === "" || !pattern.test(line)) return false;
      if (fromMs === -Infinity) return true;
      const atMs = lineTimeMs(line);
      return atMs !== undefined && atMs >= fromMs;
    });
    const count = matches.length;
    // "None for the last 8 s" is only shown once 8 s have passed since the injection: a shorter silence proves nothing.
    const observedMs = since === undefined || params.windowMs === undefined ? Number.POSITIVE_INFINITY : Date.now() - since.getTime();
    const absent = count === 0 && observedMs >= (params.windowMs ?? 0);
    return { matched: params.absent ? absent : count >= params.minCount, output: { file, count, last: matches.at(-1) ?? null } };
  }),
});

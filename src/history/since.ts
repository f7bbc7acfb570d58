import { FiredrillError } from "../errors.ts";
import { parseDurationMs } from "../schema/index.ts";

const DAY = /^\d{4}-\d\d-\d\d$/;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/;

/**
 * `--since`: a day (`2026-11-01`, from its midnight UTC), an ISO 8601 time,
 * or an age (`30d`, `12h`: that long before `nowMs`). Epoch ms.
 */
export function parseSince(text: string, nowMs = Date.now()): number {
  const value = text.trim();
  const ageMs = /^\d/.test(value) && !DAY.test(value) && !TIME.test(value) ? parseDurationMs(value) : undefined;
  const atMs = ageMs !== undefined ? nowMs - ageMs : DAY.test(value) ? Date.parse(`${value}T00:00:00Z`) : TIME.test(value) ? Date.parse(value) : Number.NaN;
  // Date.parse rolls 2026-02-30 over to March: a day must read back as itself.
  if (!Number.isFinite(atMs) || (DAY.test(value) && new Date(atMs).toISOString().slice(0, 10) !== value)) {
    throw new FiredrillError("CONFIG_INVALID", `--since "${text}" is not a date; give a day (2026-11-01), an ISO 8601 time (2026-11-01T09:00:00Z) or an age (30d, 12h)`);
  }
  return atMs;
}

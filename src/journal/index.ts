export { type Clock, ManualClock, systemClock } from "./clock.ts";
export {
  type EventOf,
  type JournalEvent,
  type JournalEventKind,
  journalEventSchema,
  type NewJournalEvent,
  type Phase,
  PHASES,
  PROBE_ROLES,
  type ProbeRole,
  RUN_MODES,
} from "./events.ts";
export { Journal, type JournalOptions, MAX_OUTPUT_CHARS } from "./journal.ts";
export { JournalError } from "./journal-error.ts";
export { parseJsonLines, toJsonLines } from "./json-lines.ts";
export { eventsOf, injectedAtMs, startOf, wallTimeMs } from "./queries.ts";

import { type Infer, type Shape, s } from "../schema/index.ts";

export const PHASES = ["provision", "steady-state", "inject", "observe", "respond", "verify", "rollback"] as const;
export type Phase = (typeof PHASES)[number];

export const PROBE_ROLES = ["steady-state", "detection", "recovery", "diagnosis", "watch"] as const;
export type ProbeRole = (typeof PROBE_ROLES)[number];

export const RUN_MODES = ["ci", "run", "train", "gameday"] as const;

/** Every event has its place (seq, from 1) and its time: milliseconds since the journal started, on the monotonic clock. */
function event<const K extends string, const S extends Shape>(kind: K, shape: S) {
  return s.object({ seq: s.number({ integer: true, min: 1 }), atMs: s.number({ min: 0 }), kind: s.literal(kind), ...shape });
}

const actor = s.describe(s.string({ minLength: 1 }), "Who: a responder's name, or \"auto\" for the automated responder.");
const text = s.string();

/** One definition of the journal's events: their types, their validation when read back, their JSON Schema. */
export const journalEventSchema = s.discriminated("kind", {
  /** The first event: what runs, and the wall-clock time its atMs count from. */
  start: event("start", {
    drill: s.string({ minLength: 1 }),
    runId: s.string({ minLength: 1 }),
    startedAt: s.describe(s.string({ pattern: /^\d{4}-\d\d-\d\dT/, patternHint: "an ISO 8601 time" }), "Wall-clock time of atMs 0."),
    mode: s.enumOf(RUN_MODES, "mode"),
    timeScale: s.describe(s.number({ min: 0.000001 }), "Deadlines from the runbook are divided by this (game-day practice runs)."),
    seed: s.optional(s.number({ integer: true })),
  }),
  phase: event("phase", { phase: s.enumOf(PHASES, "phase"), status: s.enumOf(["started", "completed", "failed", "skipped"], "phase status"), error: s.optional(text) }),
  "fault-injected": event("fault-injected", {
    fault: s.string({ minLength: 1 }),
    faultKind: s.string({ minLength: 1 }),
    target: s.optional(s.string()),
    params: s.optional(s.record(s.unknown())),
    /** What the injection did (proxy and toxic names, a session's jti, …): the `{{faults.<id>.<field>}}` of the drill's probes and actions. */
    details: s.optional(s.record(s.unknown())),
    /** Set when the injection failed: nothing is injected. */
    error: s.optional(text),
  }),
  "fault-reverted": event("fault-reverted", {
    fault: s.string({ minLength: 1 }),
    reason: s.enumOf(["scheduled", "vendor", "remediated", "rollback"], "revert reason"),
    error: s.optional(text),
  }),
  probe: event("probe", {
    role: s.enumOf(PROBE_ROLES, "probe role"),
    /** The probe's id in its list of the drill (steadyState, answers.detection, answers.recovery). */
    probe: s.string({ minLength: 1 }),
    probeKind: s.string({ minLength: 1 }),
    /** Its condition held: steady state green, detection fired, recovery passed, the command showed the fault. */
    matched: s.boolean(),
    durationMs: s.number({ min: 0 }),
    output: s.optional(text),
    error: s.optional(text),
    /** For role diagnosis: the runbook's command as written. */
    runbookCommand: s.optional(text),
  }),
  ack: event("ack", { actor }),
  classify: event("classify", { actor, severity: s.string({ minLength: 1 }), component: s.optional(s.string({ minLength: 1 })) }),
  escalate: event("escalate", { actor, level: s.string({ minLength: 1 }), reason: s.optional(text) }),
  "status-update": event("status-update", { actor, text }),
  action: event("action", {
    actor,
    action: s.string({ minLength: 1 }),
    params: s.optional(s.record(s.unknown())),
    /** responder: asked for (respond, the automated responder); observed: firedrill saw it happen in the environment. */
    source: s.enumOf(["responder", "observed"], "action source"),
    destructive: s.optional(s.boolean()),
    ok: s.boolean(),
    error: s.optional(text),
  }),
  "resolve-claim": event("resolve-claim", { actor, note: s.optional(text) }),
  /** A command a responder ran in the environment's shell (`firedrill env shell`); `runbookCommand` when it is one of the runbook's diagnosis commands. */
  command: event("command", { actor, command: s.string({ minLength: 1 }), runbookCommand: s.optional(text) }),
  hint: event("hint", { actor, index: s.number({ integer: true, min: 0 }), cost: s.number({ min: 0 }) }),
  end: event("end", { reason: s.enumOf(["completed", "time-limit", "interrupted", "error"], "end reason"), error: s.optional(text) }),
});

export type JournalEvent = Infer<typeof journalEventSchema>;
export type JournalEventKind = JournalEvent["kind"];
export type EventOf<K extends JournalEventKind> = Extract<JournalEvent, { readonly kind: K }>;

type WithoutPlace<E> = E extends unknown ? Omit<E, "seq" | "atMs"> : never;
/** An event as recorded: the journal gives it its seq and atMs. */
export type NewJournalEvent = WithoutPlace<JournalEvent>;

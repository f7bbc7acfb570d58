import { describe, expect, it } from "vitest";
import type { Drill } from "../drills/drill-schema.ts";
import type { NewJournalEvent } from "../journal/events.ts";
import { parseJsonLines, toJsonLines } from "../journal/json-lines.ts";
import { shippedRunbook } from "../runbook/testing.ts";
import { score } from "./score.ts";
import { FULL_STATUS_UPDATE, ScriptedRun, shippedDrill } from "./testing.ts";
import { mulberry32 } from "../../test/support/prng.ts";

const runbook = shippedRunbook();
const drills = ["redis-down", "whmcs-down", "security-exfiltration", "postgres-long-lock", "platform-events-stalled"].map(shippedDrill);

/** mulberry32: a small seeded PRNG, so every generated journal can be regenerated from its seed. */
const prng = mulberry32;

/** A journal of random events — right, wrong, early, late, missing — for a random drill. */
function randomRun(seed: number): ScriptedRun {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const drill = pick(drills) as Drill;
  const run = new ScriptedRun(drill, { timeScale: pick([1, 1, 60, 3_600]) });
  let now = 0;
  const later = () => {
    now += Math.floor(random() * 20_000);
    return run.at(now);
  };
  if (random() < 0.9) run.steadyState(random() < 0.95);
  const injected = random() < 0.95;
  later().inject();
  if (!injected) run.record({ kind: "fault-injected", fault: "x", faultKind: "redis.stop", error: "failed" });
  const generators: (() => NewJournalEvent)[] = [
    () => {
      const role = pick(["detection", "recovery"] as const);
      const probe = pick([...drill.answers[role].map((each) => each.id), "other"]);
      return { kind: "probe", role, probe, probeKind: "log-grep", matched: random() < 0.6, durationMs: Math.floor(random() * 100) };
    },
    () => ({ kind: "probe", role: "diagnosis", probe: "cmd", probeKind: "shell", matched: random() < 0.5, durationMs: 12, runbookCommand: pick(drill.answers.runbookCommands.map((each) => each.command).concat("echo")) }),
    () => ({ kind: "ack", actor: pick(["ana", "ben"]) }),
    () => ({ kind: "classify", actor: "ana", severity: pick(["P1", "P2", "P3", "P4", "p2"]), ...(random() < 0.8 && { component: pick(["redis", "whmcs", "portal", "postgres", "salesforce"]) }) }),
    () => ({ kind: "escalate", actor: "ben", level: pick(["L1", "L2", "L3", "L4"]) }),
    () => ({ kind: "status-update", actor: "ana", text: random() < 0.5 ? FULL_STATUS_UPDATE : FULL_STATUS_UPDATE.split("\n").filter(() => random() < 0.5).join("\n") }),
    () => ({ kind: "action", actor: "ana", action: pick(["redis.start", "redis.flushdb", "log.truncate", "postgres.terminate-backend", "security.revoke-sessions"]), params: { applicationName: "manual-migration" }, source: pick(["responder", "observed"] as const), destructive: random() < 0.3, ok: random() < 0.9 }),
    () => ({ kind: "resolve-claim", actor: "ana" }),
    () => ({ kind: "hint", actor: "ana", index: Math.floor(random() * 4), cost: 7 }),
    () => ({ kind: "phase", phase: pick(["observe", "respond", "verify"] as const), status: "started" }),
  ];
  const count = Math.floor(random() * 40);
  for (let index = 0; index < count; index++) later().record(pick(generators)());
  if (random() < 0.8) later().rollbackAndEnd();
  return run;
}

describe("score is deterministic", () => {
  const seeds = Array.from({ length: 300 }, (_, index) => index * 7_919 + 1);

  it("gives the same score to the same journal, however it is handed over", () => {
    for (const seed of seeds) {
      const run = randomRun(seed);
      const first = score(run.journal, run.drill, runbook);
      const events = run.journal.events;
      expect(score(events, run.drill, runbook), `seed ${seed}: again`).toEqual(first);
      expect(score(parseJsonLines(toJsonLines(events)), run.drill, runbook), `seed ${seed}: read back from JSON lines`).toEqual(first);
      const shuffled = [...events].sort((a, b) => ((a.seq * 2_654_435_761) % 97) - ((b.seq * 2_654_435_761) % 97));
      expect(score(shuffled, run.drill, runbook), `seed ${seed}: events out of order`).toEqual(first);
      expect(score(events, structuredClone(run.drill), structuredClone(runbook)), `seed ${seed}: copies of drill and runbook`).toEqual(first);
      expect(JSON.parse(JSON.stringify(first)), `seed ${seed}: plain data`).toEqual(first);
    }
  });

  it("keeps every part within its bounds and the verdict consistent", () => {
    const statuses = new Set<string>();
    const totals = new Set<number>();
    for (const seed of seeds) {
      const run = randomRun(seed);
      const result = score(run.journal, run.drill, runbook);
      statuses.add(result.verdict.status);
      totals.add(result.total);
      expect(result.total).toBeGreaterThanOrEqual(0);
      expect(result.total).toBeLessThanOrEqual(result.max);
      for (const part of [result.detection, result.classification, result.escalation, result.resolution, result.communication]) {
        expect(part.points, `seed ${seed}`).toBeGreaterThanOrEqual(0);
        expect(part.points, `seed ${seed}`).toBeLessThanOrEqual(part.max);
      }
      expect(result.penalties.points).toBeGreaterThanOrEqual(0);
      if (result.verdict.status === "passed") expect(result.verdict).toMatchObject({ detected: true, classified: true, recovered: true, failures: [] });
      if (result.verdict.status === "invalid") expect(result.total).toBe(0);
      if (result.resolution.points > 0) expect(result.resolution.recovered, `seed ${seed}: resolution credit needs verified recovery`).toBe(true);
    }
    // The generated journals are varied enough to mean something.
    expect([...statuses].sort()).toEqual(expect.arrayContaining(["failed", "invalid"]));
    expect(totals.size).toBeGreaterThan(50);
  });
});

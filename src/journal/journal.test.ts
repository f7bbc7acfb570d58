import { describe, expect, it } from "vitest";
import { isFiredrillError } from "../errors.ts";
import { ManualClock } from "./clock.ts";
import type { JournalEvent, NewJournalEvent } from "./events.ts";
import { Journal, MAX_OUTPUT_CHARS } from "./journal.ts";
import { JournalError } from "./journal-error.ts";
import { parseJsonLines, toJsonLines } from "./json-lines.ts";
import { eventsOf, injectedAtMs, startOf, wallTimeMs } from "./queries.ts";

function sampleJournal(): { journal: Journal; clock: ManualClock } {
  const clock = new ManualClock(Date.UTC(2026, 10, 27, 9, 0, 0));
  const journal = new Journal({ drill: "redis-down", runId: "run-1", mode: "train", clock, seed: 7 });
  journal.record({ kind: "phase", phase: "inject", status: "started" });
  clock.advance(250);
  journal.record({ kind: "fault-injected", fault: "redis-down", faultKind: "redis.stop", target: "redis" });
  clock.advance(1_200);
  journal.record({ kind: "probe", role: "detection", probe: "redis", probeKind: "redis", matched: true, durationMs: 3.5 });
  clock.advance(30_000);
  journal.record({ kind: "classify", actor: "ana", severity: "P2", component: "redis" });
  return { journal, clock };
}

describe("Journal", () => {
  it("places each event: seq from 1, atMs since the start on the monotonic clock, the wall clock in the start event", () => {
    const { journal } = sampleJournal();
    expect(journal.events.map((event) => [event.seq, event.kind, event.atMs])).toEqual([
      [1, "start", 0],
      [2, "phase", 0],
      [3, "fault-injected", 250],
      [4, "probe", 1_450],
      [5, "classify", 31_450],
    ]);
    expect(journal.start).toEqual({ seq: 1, atMs: 0, kind: "start", drill: "redis-down", runId: "run-1", startedAt: "2026-11-27T09:00:00.000Z", mode: "train", timeScale: 1, seed: 7 });
    const start = startOf(journal.events);
    expect(start && new Date(wallTimeMs(start, 31_450)).toISOString()).toBe("2026-11-27T09:00:31.450Z");
    expect(injectedAtMs(journal.events)).toBe(250);
    expect(eventsOf(journal.events, "classify")[0]?.severity).toBe("P2");
  });

  it("refuses an event that would not read back, with JOURNAL_INVALID", () => {
    const { journal } = sampleJournal();
    const bad = { kind: "escalate", actor: "ana", level: "" } as NewJournalEvent;
    expect(() => journal.record(bad)).toThrow(JournalError);
    try {
      journal.record({ kind: "hint", actor: "ana", index: -1, cost: 10 });
    } catch (error) {
      expect(isFiredrillError(error) && error.code).toBe("JOURNAL_INVALID");
      expect((error as Error).message).toBe('journal of drill "redis-down": index: -1 is below the minimum 0');
    }
  });

  it("keeps long output short", () => {
    const { journal } = sampleJournal();
    const event = journal.record({ kind: "probe", role: "diagnosis", probe: "cmd", probeKind: "shell", matched: false, durationMs: 1, output: "x".repeat(10_000) });
    expect(event.output).toHaveLength(MAX_OUTPUT_CHARS + 1);
  });

  it("tells subscribers about each new event", () => {
    const { journal } = sampleJournal();
    const seen: string[] = [];
    const unsubscribe = journal.subscribe((event) => seen.push(event.kind));
    journal.record({ kind: "ack", actor: "ana" });
    unsubscribe();
    journal.record({ kind: "resolve-claim", actor: "ana" });
    expect(seen).toEqual(["ack"]);
  });
});

describe("JSON lines", () => {
  it("round-trips a journal", () => {
    const { journal } = sampleJournal();
    const text = journal.toJsonLines();
    expect(text.split("\n")).toHaveLength(journal.events.length + 1);
    expect(parseJsonLines(text, "run.jsonl")).toEqual(journal.events);
    expect(toJsonLines(parseJsonLines(text))).toBe(text);
  });

  function lineError(text: string): JournalError {
    try {
      parseJsonLines(text, "run.jsonl");
    } catch (error) {
      if (error instanceof JournalError) return error;
      throw error;
    }
    throw new Error("expected a JournalError");
  }

  const lines = () => sampleJournal().journal.toJsonLines().trimEnd().split("\n");
  const edit = (index: number, change: (event: JournalEvent) => unknown) =>
    lines()
      .map((line, at) => (at === index ? JSON.stringify(change(JSON.parse(line) as JournalEvent)) : line))
      .join("\n");

  it.each([
    ["a line that is not JSON", () => lines().map((line, at) => (at === 2 ? "{oops" : line)).join("\n"), 3, /not JSON/],
    ["an unknown kind", () => edit(3, (event) => ({ ...event, kind: "probed" })), 4, /kind: unknown kind "probed"; did you mean "probe"\? \(allowed: start, phase, /],
    ["a missing start", () => lines().slice(1).join("\n"), 1, /the first event is "phase"; a journal starts with a "start" event/],
    ["a gap in seq", () => [...lines().slice(0, 2), ...lines().slice(3)].join("\n"), 3, /seq 4 where 3 was due/],
    ["time going back", () => edit(4, (event) => ({ ...event, atMs: 10 })), 5, /atMs 10 is before the previous event's 1450/],
  ])("names the line of %s", (_name, text, line, message) => {
    const error = lineError(text());
    expect(error.line).toBe(line);
    expect(error.message).toMatch(new RegExp(`^journal run\\.jsonl:${line}: `));
    expect(error.message).toMatch(message);
  });
});

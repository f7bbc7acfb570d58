import { describe, expect, it } from "vitest";
import type { DrillRun } from "../engine/result.ts";
import { shippedRunbook } from "../runbook/testing.ts";
import { score } from "../scoring/score.ts";
import { ScriptedRun, shippedDrill } from "../scoring/testing.ts";
import { renderGameDayView, renderScoreboard } from "./gameday-scoreboard.ts";

function runOf(id: string, actors: readonly string[]): DrillRun {
  const run = new ScriptedRun(shippedDrill(id)).at(1_000).steadyState().at(2_000).inject().at(3_000);
  for (const actor of actors) run.record({ kind: "ack", actor });
  run.at(4_000).rollbackAndEnd();
  const { drill } = run;
  return { drill: { id: drill.id, title: drill.title, scenario: drill.scenario, tags: drill.tags }, runId: id, startedAt: run.journal.start.startedAt, durationMs: 4_000, environment: "gd", outcome: "failed", score: score(run.journal, drill, shippedRunbook()), journal: run.journal.events };
}

describe("renderScoreboard", () => {
  it("ranks every responder and lists every incident with its drill, outcome, points and responders", () => {
    const text = renderScoreboard([runOf("redis-down", ["alice", "bob"]), runOf("postgres-down", ["bob"])]);
    expect(text).toMatch(/Scoreboard: responders\n  #  responder/);
    expect(text).toMatch(/alice +1 +0 /);
    expect(text).toMatch(/bob +2 +0 /);
    expect(text).toMatch(/1 +redis-down +failed +[\d.]+\/100 +alice, bob/);
    expect(text).toMatch(/2 +postgres-down +failed +[\d.]+\/100 +bob/);
  });

  it("says so when nobody responded", () => {
    expect(renderScoreboard([runOf("redis-down", [])])).toMatch(/nobody responded/);
  });
});

describe("renderGameDayView", () => {
  it("shows a hidden drill as hidden and a live score as so far", () => {
    const text = renderGameDayView({
      gameday: "gd-1",
      team: "portal",
      state: "running",
      incidents: [
        { incident: 1, state: "ended", drill: "redis-down", actors: ["alice"], score: { total: 80, max: 100, final: true }, outcome: "passed" },
        { incident: 2, state: "active", injectedAt: "2026-11-27T09:03:14.000Z", actors: [], score: { total: 22.5, max: 100, final: false } },
      ],
    });
    expect(text.split("\n")[0]).toBe("game day gd-1 (team portal): running");
    expect(text).toMatch(/1 +ended \(passed\) +redis-down +- +alice +80\/100\n/);
    expect(text).toMatch(/2 +active +\(hidden\) +09:03:14 +- +22.5\/100 so far/);
  });
});

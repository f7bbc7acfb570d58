import { afterEach, describe, expect, it } from "vitest";
import { responderContext } from "../engine/responder-context.ts";
import type { DrillRun } from "../engine/result.ts";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import { shippedRunbook } from "../runbook/testing.ts";
import { score } from "../scoring/score.ts";
import { ScriptedRun, shippedDrill } from "../scoring/testing.ts";
import { type ControlApi, startControlApi } from "./control-api.ts";
import { scheduleGameDay } from "./gameday-schedule.ts";
import { GameDaySession } from "./gameday-session.ts";

const runbook = shippedRunbook();
const drills = [shippedDrill("postgres-down"), shippedDrill("redis-down")];
const schedule = scheduleGameDay(drills, 3, { minMs: 1_000, maxMs: 1_000 });

/** Incident 1 of a game day, its fault in and the engine waiting on the people: what the engine does, by hand. */
function openFirstIncident() {
  const run = new ScriptedRun(schedule[0]!.drill);
  const gameday = new GameDaySession({ id: "gd-test", team: "portal", seed: 3, schedule, runbook, clock: run.clock });
  const live = gameday.begin(1);
  gameday.record(1, run.journal.start);
  run.journal.subscribe((event) => gameday.record(1, event));
  run.at(1_000).steadyState().at(2_000).inject();
  const controller = new AbortController();
  const context = responderContext({
    drill: run.drill,
    runbook,
    journal: run.journal,
    descriptor: () => ({}) as EnvironmentDescriptor,
    operator: { stopPart: async () => {}, startPart: async () => {}, restartPart: async () => {} },
    incidentStartedAt: new Date(),
    signal: controller.signal,
    actor: "team",
    verifyRecovery: async () => ({ recovered: true, failing: [] }),
  });
  const responding = live.responder("team").respond(context);
  return { run, gameday, responding };
}

function ended(run: ScriptedRun): DrillRun {
  run.rollbackAndEnd();
  const drill = run.drill;
  return { drill: { id: drill.id, title: drill.title, scenario: drill.scenario, tags: drill.tags }, runId: "run-1", startedAt: run.journal.start.startedAt, durationMs: 9_000, environment: "gameday", outcome: "passed", score: score(run.journal, drill, runbook), journal: run.journal.events };
}

describe("GameDaySession", () => {
  it("routes every named responder to the incident in progress and scores it so far, its drill hidden from all but the facilitator", () => {
    const { run, gameday } = openFirstIncident();
    expect(gameday.state).toBe("active");
    gameday.contextFor("alice")!.acknowledge();
    run.at(3_000);
    gameday.contextFor("bob")!.classify("P1", "postgres");
    run.at(4_000);

    const view = gameday.view();
    expect(view).toMatchObject({ gameday: "gd-test", team: "portal", state: "running" });
    expect(view.seed).toBeUndefined();
    expect(view.incidents[0]).toMatchObject({ incident: 1, state: "active", actors: ["alice", "bob"], score: { final: false } });
    expect(view.incidents[0]!.drill).toBeUndefined();
    expect(view.incidents[1]).toEqual({ incident: 2, state: "scheduled", actors: [] });
    expect(gameday.status()).toMatchObject({ state: "active", incident: 1, of: 2 });
    expect(JSON.stringify(gameday.status())).not.toContain(schedule[0]!.drill.id);

    const facilitator = gameday.view({ facilitator: true });
    expect(facilitator.seed).toBe(3);
    expect(facilitator.incidents.map((incident) => incident.drill)).toEqual(schedule.map((incident) => incident.drill.id));
    expect(facilitator.incidents[1]!.gapMs).toBe(1_000);
  });

  it("shows an ended incident's drill and final score; between incidents and after the game day nothing is open", () => {
    const { run, gameday } = openFirstIncident();
    gameday.contextFor("alice")!.acknowledge();
    const first = ended(run);
    gameday.finishIncident(1, first);
    expect(gameday.state).toBe("waiting");
    expect(gameday.contextFor("alice")).toBeUndefined();
    expect(gameday.view().incidents[0]).toMatchObject({ state: "ended", drill: schedule[0]!.drill.id, outcome: "passed", score: { total: first.score!.total, final: true } });

    gameday.begin(2);
    expect(gameday.view().incidents[1]).toMatchObject({ state: "waiting" });
    gameday.finish();
    expect(gameday.state).toBe("ended");
    expect(gameday.end).toEqual({ outcome: "the game day is over", total: first.score!.total, max: first.score!.max });
  });
});

describe("the control API over a game day", () => {
  let api: ControlApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${api!.url}${route}`, { method, headers: { Authorization: `Bearer ${api!.token}` }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("serves the facilitator's view at GET /gameday and takes each responder's moves for the current incident", async () => {
    const { run, gameday, responding } = openFirstIncident();
    api = await startControlApi(gameday, runbook, {
      status: () => gameday.status(),
      routes: { "GET /gameday": (query) => gameday.view({ facilitator: query.facilitator === "1" }) },
      afterEnd: "the game day is over",
    });
    expect((await call("POST", "/ack", { actor: "alice" })).status).toBe(200);
    expect((await call("POST", "/resolve", { actor: "bob" })).body).toMatchObject({ verified: true });
    await responding;
    expect(run.journal.events.filter((event) => event.kind === "ack" || event.kind === "resolve-claim").map((event) => "actor" in event && event.actor)).toEqual(["alice", "bob"]);

    const view = await call("GET", "/gameday");
    expect(view.body).toMatchObject({ gameday: "gd-test", incidents: [{ incident: 1, actors: ["alice", "bob"] }, { incident: 2, state: "scheduled" }] });
    expect((await call("GET", "/gameday?facilitator=1")).body).toMatchObject({ seed: 3 });
    expect((await call("GET", "/status")).body).toMatchObject({ gameday: "gd-test", incident: 1, of: 2 });

    gameday.finishIncident(1, ended(run));
    const between = await call("POST", "/ack", { actor: "alice" });
    expect(between.status).toBe(409);
    expect(between.body.error).toMatch(/no incident is open/);
    gameday.finish();
    expect((await call("POST", "/ack", { actor: "alice" })).body.error).toMatch(/the game day is over/);
  });
});

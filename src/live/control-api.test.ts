import { afterEach, describe, expect, it } from "vitest";
import type { PublicDrill } from "../drills/public-view.ts";
import type { ResponderContext } from "../responders/responder.ts";
import { shippedRunbook } from "../runbook/testing.ts";
import { type ControlApi, startControlApi } from "./control-api.ts";
import { LiveSession } from "./live-session.ts";

const drill = { id: "redis-down", title: "Redis goes down", briefing: "Alert: logins failing" } as unknown as PublicDrill;

/** A responder context that only records the moves (the engine's is tested with the engine). */
function recordingContext(moves: string[], recovered: () => boolean): ResponderContext {
  const controller = new AbortController();
  const context: ResponderContext = {
    drill,
    runbook: shippedRunbook(),
    descriptor: () => {
      throw new Error("not used");
    },
    incidentStartedAt: new Date(),
    signal: controller.signal,
    actor: "trainee",
    acknowledge: () => void moves.push("ack"),
    classify: (severity, component) => void moves.push(`classify ${severity} ${component ?? ""}`.trim()),
    escalate: (level) => void moves.push(`escalate ${level}`),
    statusUpdate: () => void moves.push("update"),
    act: async () => ({ ok: true }),
    claimResolved: () => void moves.push("resolve"),
    verifyRecovery: async () => (recovered() ? { recovered: true, failing: [] } : { recovered: false, failing: ["http-json"] }),
    as: (actor) => ({ ...context, actor, acknowledge: () => void moves.push(`ack by ${actor}`) }),
    takeHint: () => ({ index: 0, text: "look at redis", cost: 5 }),
  };
  return context;
}

let api: ControlApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function call(method: string, route: string, body?: unknown, token = api!.token) {
  const response = await fetch(`${api!.url}${route}`, { method, headers: { Authorization: `Bearer ${token}` }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("the live drill's control API", () => {
  it("refuses a wrong or missing token with 401", async () => {
    api = await startControlApi(new LiveSession(drill), shippedRunbook());
    expect((await call("GET", "/status", undefined, "nope")).status).toBe(401);
    expect((await fetch(`${api.url}/status`)).status).toBe(401);
  });

  it("says no incident is open before the injection, and routes moves to the incident once it is", async () => {
    const session = new LiveSession(drill);
    api = await startControlApi(session, shippedRunbook());
    expect(await call("POST", "/ack", {})).toMatchObject({ status: 409, body: { error: expect.stringMatching(/no incident is open/) } });
    const moves: string[] = [];
    let fixed = false;
    const responding = session.responder().respond(recordingContext(moves, () => fixed));
    expect(await call("GET", "/status")).toMatchObject({ status: 200, body: { state: "active", drill: { id: "redis-down" } } });
    expect((await call("POST", "/ack", { actor: "alice" })).status).toBe(200);
    expect(await call("POST", "/classify", { severity: "p2", component: "redis" })).toMatchObject({ status: 200, body: { severity: "P2", component: "redis" } });
    expect(await call("POST", "/resolve", {})).toMatchObject({ status: 200, body: { verified: false, failing: ["http-json"] } });
    fixed = true;
    expect(await call("POST", "/resolve", {})).toMatchObject({ status: 200, body: { verified: true } });
    await responding;
    expect(moves).toEqual(["ack by alice", "classify P2 redis", "resolve", "resolve"]);
  });

  it("refuses values outside the runbook's lists, naming the allowed ones", async () => {
    const session = new LiveSession(drill);
    api = await startControlApi(session, shippedRunbook());
    void session.responder().respond(recordingContext([], () => false));
    expect(await call("POST", "/classify", { severity: "P7" })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/unknown severity "P7" \(allowed: P1, P2/) } });
    expect(await call("POST", "/escalate", { level: "L9" })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/unknown escalation level "L9" \(allowed: L1/) } });
    expect(await call("POST", "/classify", { severity: "P2", component: "kafka" })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/unknown component "kafka" \(allowed: portal, redis/) } });
    expect((await call("POST", "/nope", {})).status).toBe(404);
  });

  it("after the drill ended, every move is refused with its outcome", async () => {
    const session = new LiveSession(drill);
    api = await startControlApi(session, shippedRunbook());
    session.finish({ outcome: "passed", total: 85, max: 100 });
    expect(await call("POST", "/ack", {})).toMatchObject({ status: 409, body: { error: expect.stringMatching(/the drill has ended \(passed, 85\/100 points\)/) } });
  });
});

import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock.ts";
import { type CustomerWorld, customerIp, type PortalCalls, type RequestError, VirtualCustomer } from "./customer.ts";
import type { PortalAnswer, PortalRequest } from "./portal-client.ts";
import { sessionScript } from "./scenario.ts";
import { SliRecorder } from "./sli/recorder.ts";
import { NO_GAUGES } from "./sli/window.ts";

const OK: PortalAnswer = { outcome: "ok", status: 200, body: "{}" };

/** A customer against a fake portal that answers with `answer(request)`; streams are PassThroughs the test can end. */
function customer(answer: (request: PortalRequest) => PortalAnswer, options: { streamHoldMs?: number; maxStreams?: number; pages?: number; firstPages?: number } = {}) {
  const clock = new ManualClock(0);
  const sent: PortalRequest[] = [];
  const streams: PassThrough[] = [];
  const errors: RequestError[] = [];
  const client: PortalCalls = {
    send: async (request) => (sent.push(request), answer(request)),
    openStream: async (request) => {
      sent.push(request);
      const response = new PassThrough();
      streams.push(response);
      return { answer: { outcome: "ok", status: 200 }, response: response as unknown as IncomingMessage, abort: () => response.destroy() };
    },
  };
  const recorder = new SliRecorder({ clock, windowMs: 1_000, retainWindows: 10, gauges: () => NO_GAUGES });
  const world: CustomerWorld = {
    client,
    recorder,
    clock,
    script: sessionScript(options.pages ?? 3),
    password: "pw",
    streamHoldMs: options.streamHoldMs ?? 0,
    streams: { open: 0, max: options.maxStreams ?? 10 },
    onError: (error) => errors.push(error),
  };
  const one = new VirtualCustomer({ customerId: 4, email: "sota.takahashi@example.com" }, customerIp(0), world, sessionScript(options.firstPages ?? options.pages ?? 3));
  const steps = async (count: number) => {
    for (let index = 0; index < count; index++) await one.step(clock.now());
  };
  return { one, world, clock, sent, streams, errors, recorder, steps, paths: () => sent.map((request) => `${request.method} ${request.path.replace(/\?.*/, "")} ${request.token ?? "-"}`) };
}

const login = (token: string): PortalAnswer => ({ outcome: "ok", status: 200, body: JSON.stringify({ accessToken: token }) });

describe("VirtualCustomer", () => {
  it("logs in, browses with its token and its own address, logs out, and starts over", async () => {
    const world = customer((request) => (request.path === "/auth/login" ? login("t1") : OK));
    await world.steps(6);
    expect(world.paths()).toEqual(["POST /auth/login -", "GET /billing/invoices t1", "GET /billing/payment-methods t1", "GET /orders t1", "POST /auth/logout t1", "POST /auth/login -"]);
    expect(world.sent[0]).toMatchObject({ json: { email: "sota.takahashi@example.com", password: "pw" }, clientIp: "198.18.0.1" });
    expect(world.recorder.total()).toMatchObject({ requests: 6, errors: 0 });
  });

  it("can have a shorter first session, then follows the whole script", async () => {
    const world = customer((request) => (request.path === "/auth/login" ? login("t1") : OK), { pages: 6, firstPages: 3 });
    await world.steps(13);
    const paths = world.paths().map((path) => path.split(" ")[1]);
    expect(paths.slice(0, 5)).toEqual(["/auth/login", "/billing/invoices", "/billing/payment-methods", "/orders", "/auth/logout"]);
    expect(paths.slice(5)).toEqual(["/auth/login", "/billing/invoices", "/billing/payment-methods", "/orders", "/orders", "/billing/invoices", "/billing/payment-methods", "/auth/logout"]);
  });

  it("tries a refused login again, and after a 401 logs in anew; errors are reported with what went wrong", async () => {
    let logins = 0;
    const world = customer((request) => {
      if (request.path === "/auth/login") return ++logins === 1 ? { outcome: "serverError", status: 503, body: '{"error":"authentication unavailable"}' } : login(`t${logins}`);
      return request.path === "/orders" ? { outcome: "clientError", status: 401, body: "{}" } : OK;
    });
    await world.steps(6);
    expect(world.paths()).toEqual(["POST /auth/login -", "POST /auth/login -", "GET /billing/invoices t2", "GET /billing/payment-methods t2", "GET /orders t2", "POST /auth/login -"]);
    expect(world.recorder.total()).toMatchObject({ errors: 1, clientErrors: 1 });
    expect(world.errors).toEqual([{ route: "POST /auth/login", outcome: "serverError", status: 503, detail: '{"error":"authentication unavailable"}' }]);
  });

  it("holds its order stream in the background; the portal ending it counts as a drop", async () => {
    const world = customer((request) => (request.path === "/auth/login" ? login("t1") : OK), { streamHoldMs: 10_000 });
    await world.steps(5);
    expect(world.paths()[4]).toBe("GET /orders/stream -");
    expect(world.sent[4]!.path).toBe("/orders/stream?access_token=t1");
    expect(world.world.streams.open).toBe(1);
    world.streams[0]!.write('event: order-status\ndata: {"orderId":4}\n\n');
    world.streams[0]!.end('event: error\ndata: {"error":"stream unavailable"}\n\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(world.world.streams.open).toBe(0);
    expect(world.recorder.total().streams).toMatchObject({ opened: 1, dropped: 1, closed: 0, messages: 1 });
  });

  it("closes its stream itself when the hold is over, and skips the stream when every slot is taken", async () => {
    const held = customer((request) => (request.path === "/auth/login" ? login("t1") : OK), { streamHoldMs: 2_000 });
    await held.steps(5);
    held.clock.advance(2_000);
    expect(held.recorder.total().streams).toMatchObject({ opened: 1, closed: 1, dropped: 0 });
    expect(held.streams[0]!.destroyed).toBe(true);

    const full = customer((request) => (request.path === "/auth/login" ? login("t1") : OK), { streamHoldMs: 2_000, maxStreams: 0 });
    await full.steps(5);
    expect(full.paths()[4]).toBe("POST /auth/logout t1");
  });
});

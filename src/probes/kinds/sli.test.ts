import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvironmentDescriptor } from "../../env/descriptor.ts";
import { SLI_FILE_NAME, type SliStartLine, type SliWindowLine } from "../../traffic/sli/lines.ts";
import { SliFileWriter } from "../../traffic/sli/sli-file.ts";
import type { RequestSummary, SliSummary } from "../../traffic/sli/summary.ts";
import { checkProbe } from "../registry.ts";

// The sli probe reads only <stateDir>/traffic/sli.jsonl: a file written by the traffic's own writer is its environment.
let stateDir: string;
let descriptor: EnvironmentDescriptor;

const requests = (count: number, statuses: Record<string, number>, p95: number): RequestSummary => {
  const errors = Object.entries(statuses).reduce((sum, [status, n]) => sum + (Number(status) >= 500 ? n : 0), 0);
  const clientErrors = Object.entries(statuses).reduce((sum, [status, n]) => sum + (Number(status) >= 400 && Number(status) < 500 ? n : 0), 0);
  return {
    requests: count,
    requestsPerSecond: count / 10,
    errors,
    errorRate: count > 0 ? errors / count : 0,
    clientErrors,
    outcomes: { ok: count - errors - clientErrors, clientError: clientErrors, serverError: errors, timeout: 0, connection: 0 },
    statuses,
    latencyMs: count === 0 ? null : { p50: p95 / 2, p95, p99: p95 * 1.2, mean: p95 / 2, max: p95 * 1.5 },
  };
};

const span = (windowMs: number, routes: Record<string, RequestSummary>): SliSummary => {
  const all = Object.values(routes);
  const count = all.reduce((sum, r) => sum + r.requests, 0);
  const statuses: Record<string, number> = {};
  for (const r of all) for (const [status, n] of Object.entries(r.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  return {
    ...requests(count, statuses, Math.max(...all.map((r) => r.latencyMs?.p95 ?? 0))),
    requestsPerSecond: (count * 1000) / windowMs,
    windowMs,
    startedAt: new Date(Date.now() - windowMs).toISOString(),
    endedAt: new Date().toISOString(),
    offered: count,
    dropped: 0,
    routes,
    streams: { open: 0, opened: 0, dropped: 0, closed: 0, messages: 0 },
    events: { published: 0, failed: 0 },
    inFlight: 0,
    queued: 0,
    oldestWaitMs: 0,
  };
};

const start: SliStartLine = {
  type: "start",
  runId: "run-1",
  name: "p-sli",
  targetUrl: "http://127.0.0.1:1",
  startedAt: new Date().toISOString(),
  rps: 10,
  durationMs: 60_000,
  customers: 4,
  maxInFlight: 16,
  windowMs: 5_000,
  rollingMs: [10_000, 20_000, 30_000],
};

const window = (seq: number, latest: SliSummary, rolling: [SliSummary, SliSummary, SliSummary]): SliWindowLine => ({ type: "window", runId: "run-1", name: "p-sli", seq, ...latest, rolling });

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), "firedrill-sli-"));
  descriptor = { name: "p-sli", stateDir } as unknown as EnvironmentDescriptor;
});
afterAll(() => rm(stateDir, { recursive: true, force: true }));

const write = (...lines: (SliStartLine | SliWindowLine)[]) => {
  const writer = SliFileWriter.open(path.join(stateDir, "traffic"), SLI_FILE_NAME);
  for (const line of lines) writer.write(line);
  writer.close();
  expect(writer.error).toBeUndefined();
};

describe("sli probe", () => {
  it("is an error without an SLI file, and without a window yet", async () => {
    expect(await checkProbe("sli", { descriptor, params: { metric: "error-rate", below: 0.01 } })).toMatchObject({ status: "error", matched: false, error: expect.stringContaining("no SLI file") });
    write(start);
    expect(await checkProbe("sli", { descriptor, params: { metric: "error-rate", below: 0.01 } })).toMatchObject({ status: "error", error: expect.stringContaining("no SLI window") });
  });

  it("compares the latest window, or its rolling view, above or below a value, over all routes or one path", async () => {
    const healthy = span(5_000, { "POST /auth/login": requests(10, { "200": 10 }, 40), "GET /orders": requests(10, { "200": 10 }, 50) });
    // The latest 5s: logins failing (503) and orders slow; the 10s view half as bad; the 20s and 30s views healthy.
    const failing = span(5_000, { "POST /auth/login": requests(10, { "200": 2, "503": 8 }, 30), "GET /orders": requests(10, { "200": 10 }, 2_500), "GET /billing/invoices": requests(5, { "200": 5 }, 80) });
    const mixed = span(10_000, { "POST /auth/login": requests(20, { "200": 12, "503": 8 }, 35), "GET /orders": requests(20, { "200": 20 }, 1_800), "GET /billing/invoices": requests(5, { "200": 4, "401": 1 }, 80) });
    write(start, window(0, healthy, [healthy, healthy, healthy]), window(1, failing, [mixed, span(20_000, healthy.routes), span(30_000, healthy.routes)]));

    const check = (params: Record<string, unknown>) => checkProbe("sli", { descriptor, params });
    expect(await check({ metric: "error-rate", route: "/auth/login", above: 0.5, window: "10s" })).toMatchObject({ status: "fail", output: { value: 0.4, windowMs: 10_000, seq: 1 } });
    expect(await check({ metric: "error-rate", route: "/auth/login", above: 0.5 })).toMatchObject({ status: "ok", output: { metric: "error-rate", route: "/auth/login", value: 0.8, windowMs: 5_000 } });
    expect(await check({ metric: "error-rate", route: "/auth/login", above: 0.5, window: "5s" })).toMatchObject({ status: "ok", output: { value: 0.8 } });
    expect(await check({ metric: "error-rate", route: "/auth/login", below: 0.05, window: "20s" })).toMatchObject({ status: "ok", output: { value: 0 } });
    expect(await check({ metric: "error-rate", route: "POST /auth/login", below: 0.05, window: "10s" })).toMatchObject({ status: "fail", output: { value: 0.4 } });
    expect(await check({ metric: "error-rate", above: 0.01, window: "10s" })).toMatchObject({ status: "ok", output: { value: 0.1778 } });
    expect(await check({ metric: "error-rate", route: "/orders", below: 0.01, window: "10s" })).toMatchObject({ status: "ok", output: { value: 0 } });
    expect(await check({ metric: "latency-p95", route: "/orders", above: 2000, window: "10s" })).toMatchObject({ status: "fail", output: { value: 1_800 } });
    expect(await check({ metric: "latency-p95", route: "/orders", above: 2000 })).toMatchObject({ status: "ok", output: { value: 2_500 } });
    expect(await check({ metric: "latency-p95", route: "/orders", below: 1000, window: "30s" })).toMatchObject({ status: "ok", output: { value: 50 } });
    expect(await check({ metric: "request-rate", above: 4, window: "10s" })).toMatchObject({ status: "ok", output: { value: 4.5 } });
    expect(await check({ metric: "status-rate", status: 401, above: 0.05, window: "10s" })).toMatchObject({ status: "ok", output: { value: 0.1 } });
    expect(await check({ metric: "login-failure-rate", below: 0.2, window: "20s" })).toMatchObject({ status: "ok", output: { value: 0 } });
    expect(await check({ metric: "login-failure-rate", above: 0.5, window: "10s" })).toMatchObject({ status: "fail", output: { value: 0.4 } });
  });

  it("is an error for a route without requests (no latency) or a window the traffic does not offer", async () => {
    expect(await checkProbe("sli", { descriptor, params: { metric: "latency-p95", route: "/payment-methods", below: 1000 } })).toMatchObject({ status: "error", error: expect.stringContaining("no requests to /payment-methods") });
    expect(await checkProbe("sli", { descriptor, params: { metric: "error-rate", below: 0.01, window: "15s" } })).toMatchObject({ status: "error", error: "the SLI file has no 15s view (it has: 5s, 10s, 20s, 30s)" });
  });

  it("refuses an unknown metric, and status-rate without a status", async () => {
    await expect(checkProbe("sli", { descriptor, params: { metric: "eror-rate", below: 0.01 } })).rejects.toThrow('probe "sli": params.metric: unknown metric "eror-rate"');
    await expect(checkProbe("sli", { descriptor, params: { metric: "status-rate", above: 1 } })).rejects.toThrow("status-rate needs a status");
  });
});

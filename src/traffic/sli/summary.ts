import type { Outcome } from "../outcome.ts";
import type { RequestStats, WindowStats } from "./window.ts";

/** Milliseconds, rounded to 0.01 ms. */
export interface LatencySummary {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

export interface RequestSummary {
  /** Requests answered (or failed) in the span. */
  readonly requests: number;
  readonly requestsPerSecond: number;
  /** 5xx, timeouts and connection errors. */
  readonly errors: number;
  /** errors / requests; 0 when there were no requests. */
  readonly errorRate: number;
  /** 4xx: counted apart, never in errorRate. */
  readonly clientErrors: number;
  readonly outcomes: Readonly<Record<Outcome, number>>;
  /** Answers by HTTP status, e.g. {"200": 48, "401": 1, "503": 3}; timeouts and connection errors have none. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Measured from when each request was due (open loop), so waiting for a free customer counts; null without requests. */
  readonly latencyMs: LatencySummary | null;
}

/** The SLIs over one span: a window, a rolling view, or the whole run. This is also the shape of sli.jsonl's lines. */
export interface SliSummary extends RequestSummary {
  /** Length of the span the figures cover. */
  readonly windowMs: number;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly endedAt: string;
  /** Arrivals the schedule produced: the offered load. */
  readonly offered: number;
  /** Arrivals never sent: every customer or in-flight slot stayed busy (see `queued`, `oldestWaitMs`). */
  readonly dropped: number;
  /** Keyed "METHOD /path", e.g. "GET /billing/invoices". */
  readonly routes: Readonly<Record<string, RequestSummary>>;
  /** `open` at the end of the span; the others are counts within it. `dropped`: ended by the portal or the network, not by the customer. */
  readonly streams: { readonly open: number; readonly opened: number; readonly dropped: number; readonly closed: number; readonly messages: number };
  /** OrderProvisionRequested__e events published through the mocks. */
  readonly events: { readonly published: number; readonly failed: number };
  /** Gauges at the end of the span. */
  readonly inFlight: number;
  readonly queued: number;
  readonly oldestWaitMs: number;
}

const round = (value: number, digits: number) => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

function requestSummary(stats: RequestStats, spanMs: number): RequestSummary {
  const { requests, errors, latency } = stats;
  return {
    requests,
    requestsPerSecond: spanMs > 0 ? round((requests * 1000) / spanMs, 2) : 0,
    errors,
    errorRate: requests > 0 ? round(errors / requests, 4) : 0,
    clientErrors: stats.outcomes.clientError,
    outcomes: { ...stats.outcomes },
    statuses: Object.fromEntries([...stats.statuses].sort(([a], [b]) => a - b)),
    latencyMs:
      requests === 0
        ? null
        : { p50: round(latency.percentile(0.5), 2), p95: round(latency.percentile(0.95), 2), p99: round(latency.percentile(0.99), 2), mean: round(latency.meanMs, 2), max: round(latency.maxMs, 2) },
  };
}

/** Plain data for `stats`; `toEpochMs` turns the clock's monotonic times into wall-clock times. */
export function summarize(stats: WindowStats, toEpochMs: (monotonicMs: number) => number): SliSummary {
  const spanMs = Math.max(0, stats.endMs - stats.startMs);
  const routes: Record<string, RequestSummary> = {};
  for (const route of [...stats.routes.keys()].sort()) routes[route] = requestSummary(stats.routes.get(route)!, spanMs);
  return {
    windowMs: round(spanMs, 1),
    startedAt: new Date(toEpochMs(stats.startMs)).toISOString(),
    endedAt: new Date(toEpochMs(stats.endMs)).toISOString(),
    offered: stats.offered,
    dropped: stats.dropped,
    ...requestSummary(stats.all, spanMs),
    routes,
    streams: { open: stats.gauges.streamsOpen, ...stats.streams },
    events: { ...stats.events },
    inFlight: stats.gauges.inFlight,
    queued: stats.gauges.queued,
    oldestWaitMs: round(stats.gauges.oldestWaitMs, 1),
  };
}

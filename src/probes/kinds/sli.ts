import path from "node:path";
import { s } from "../../schema/index.ts";
import { SLI_FILE_NAME, type SliStartLine, type SliWindowLine } from "../../traffic/sli/lines.ts";
import { readSliFile } from "../../traffic/sli/sli-file.ts";
import type { RequestSummary, SliSummary } from "../../traffic/sli/summary.ts";
import { compare, comparisonParams } from "../compare.ts";
import { defineProbe, observing } from "../probe.ts";

const METRICS = ["error-rate", "latency-p50", "latency-p95", "latency-p99", "latency-mean", "latency-max", "request-rate", "status-rate", "login-failure-rate"] as const;
type Metric = (typeof METRICS)[number];

const LOGIN_ROUTE = "POST /auth/login";

/** The routes of a span that `route` names: a "METHOD /path" key exactly, or every method of a path. */
function routesOf(summary: SliSummary, route: string): RequestSummary[] {
  return Object.entries(summary.routes)
    .filter(([key]) => (route.includes(" ") ? key === route : key.slice(key.indexOf(" ") + 1) === route))
    .map(([, value]) => value);
}

/** One span's value of a metric, over all requests or those of `route`; throws when it cannot be computed. */
function valueOf(summary: SliSummary, metric: Metric, route: string | undefined, status: number | undefined): number {
  const seconds = summary.windowMs / 1000;
  if (metric === "login-failure-rate") {
    const login = routesOf(summary, route ?? LOGIN_ROUTE);
    const requests = login.reduce((sum, r) => sum + r.requests, 0);
    const ok = login.reduce((sum, r) => sum + r.outcomes.ok, 0);
    return requests === 0 ? 0 : (requests - ok) / requests;
  }
  const spans: RequestSummary[] = route === undefined ? [summary] : routesOf(summary, route);
  const requests = spans.reduce((sum, r) => sum + r.requests, 0);
  switch (metric) {
    case "error-rate":
      return requests === 0 ? 0 : spans.reduce((sum, r) => sum + r.errors, 0) / requests;
    case "request-rate":
      return seconds > 0 ? requests / seconds : 0;
    case "status-rate": {
      const count = spans.reduce((sum, r) => sum + (r.statuses[String(status)] ?? 0), 0);
      return seconds > 0 ? count / seconds : 0;
    }
    default: {
      const field = metric.slice("latency-".length) as "p50" | "p95" | "p99" | "mean" | "max";
      const latencies = spans.flatMap((r) => (r.latencyMs === null ? [] : [r.latencyMs[field]]));
      if (latencies.length === 0) throw new Error(`no requests${route === undefined ? "" : ` to ${route}`} in the window: no latency to compare`);
      // Several methods of one path: the slowest one counts.
      return Math.max(...latencies);
    }
  }
}

/** The span to judge: the latest window, or its rolling view as long as `windowMs`. */
function spanOf(start: SliStartLine | undefined, latest: SliWindowLine, windowMs: number | undefined): SliSummary {
  if (windowMs === undefined) return latest;
  const index = (start?.rollingMs ?? []).indexOf(windowMs);
  if (index >= 0 && latest.rolling[index] !== undefined) return latest.rolling[index];
  if (start?.windowMs === windowMs) return latest;
  const offered = [...new Set([...(start ? [start.windowMs] : []), ...(start?.rollingMs ?? [])])].map((ms) => `${ms / 1000}s`);
  throw new Error(`the SLI file has no ${windowMs / 1000}s view (it has: ${offered.join(", ") || "none"})`);
}

/**
 * The traffic's SLIs as `firedrill traffic` writes them to
 * <stateDir>/traffic/sli.jsonl: a metric of the latest window (or of its
 * rolling view as long as `window`), over all requests or one route
 * (a path such as /auth/login: all its methods; or "METHOD /path").
 * No SLI file or no window yet: status "error".
 */
export const sliProbe = defineProbe({
  description: "the traffic's SLIs (error rate, latency, request and status rates) over the latest window or a rolling view",
  params: s.refine(
    s.object({
      metric: s.enumOf(METRICS, "metric"),
      route: s.optional(s.describe(s.string({ minLength: 1 }), 'a path such as /auth/login (every method), or "METHOD /path"')),
      status: s.optional(s.describe(s.number({ integer: true, min: 100, max: 599 }), "the HTTP status status-rate counts (per second)")),
      windowMs: s.optional(s.from("window", s.describe(s.duration(), "a rolling view the traffic offers (10s, 20s, 30s) or its window; default: the latest window"))),
      ...comparisonParams,
    }),
    (value, at, issues) => {
      if (value.metric === "status-rate" && value.status === undefined) issues.push({ path: [...at, "status"], message: "status-rate needs a status (e.g. 401)" });
    },
  ),
  check: observing(async ({ descriptor, params }) => {
    const file = path.join(descriptor.stateDir, "traffic", SLI_FILE_NAME);
    const lines = await readSliFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") throw new Error(`no SLI file at ${file}: is traffic running (firedrill traffic, or env up --traffic)?`);
      throw error;
    });
    const start = lines.find((line): line is SliStartLine => line.type === "start");
    const latest = lines.findLast((line): line is SliWindowLine => line.type === "window");
    if (latest === undefined) throw new Error(`no SLI window in ${file} yet: the traffic has not closed its first window`);
    const span = spanOf(start, latest, params.windowMs);
    const value = Math.round(valueOf(span, params.metric, params.route, params.status) * 10_000) / 10_000;
    return {
      matched: compare(value, params),
      output: { metric: params.metric, ...(params.route !== undefined && { route: params.route }), value, windowMs: span.windowMs, seq: latest.seq, endedAt: span.endedAt },
    };
  }),
});

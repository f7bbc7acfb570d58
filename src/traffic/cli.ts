import { FiredrillError } from "../errors.ts";
import { parseDuration } from "./options.ts";
import { controlApiSink } from "./publisher.ts";
import { type TrafficResult, startTraffic } from "./run.ts";
import type { SliWindowLine } from "./sli/lines.ts";
import type { RequestSummary, SliSummary } from "./sli/summary.ts";

/** `firedrill traffic [--rps N] [--duration 30s] [--name ENV] [--customers N]`, as commander hands them over. */
export interface TrafficCommandOptions {
  readonly rps?: number | string;
  /** "30s", "1500ms", "2m", or a bare number of seconds. Default 30s. */
  readonly duration?: number | string;
  readonly name?: string;
  readonly customers?: number | string;
}

/** The parts of an environment descriptor traffic needs. */
export interface TrafficTarget {
  readonly targetUrl: string;
  /** The mocks' control API: with it, Salesforce's side publishes order events too. */
  readonly mocksControlUrl?: string;
  /** sli.jsonl goes here. */
  readonly outDir: string;
}

export interface TrafficCommandHooks {
  /** Each window as it closes (e.g. print renderTrafficWindow(line)). */
  readonly onWindow?: (line: SliWindowLine) => void;
  /** Aborting stops the run early (Ctrl-C); the result then says "stopped". */
  readonly signal?: AbortSignal;
}

/**
 * The library side of `firedrill traffic`: parses the command's options,
 * runs traffic against the environment until the duration is over (or
 * `signal` aborts) and returns the totals. Prints nothing; throws
 * CONFIG_INVALID for bad options and STATE_INVALID when sli.jsonl could not
 * be written.
 */
export async function runTrafficCommand(options: TrafficCommandOptions, target: TrafficTarget, hooks: TrafficCommandHooks = {}): Promise<TrafficResult> {
  const traffic = await startTraffic({
    targetUrl: target.targetUrl,
    outDir: target.outDir,
    durationMs: parseDuration(options.duration ?? "30s"),
    ...(options.rps !== undefined && { rps: numberOption("--rps", options.rps) }),
    ...(options.customers !== undefined && { customers: numberOption("--customers", options.customers) }),
    ...(options.name !== undefined && { name: options.name }),
    ...(target.mocksControlUrl !== undefined && { events: { sink: controlApiSink(target.mocksControlUrl) } }),
    ...(hooks.onWindow !== undefined && { onWindow: hooks.onWindow }),
  });
  const abort = () => void traffic.stop();
  if (hooks.signal?.aborted) abort();
  hooks.signal?.addEventListener("abort", abort, { once: true });
  try {
    const result = await traffic.finished;
    if (result.sliFileError !== undefined) {
      throw new FiredrillError("STATE_INVALID", `traffic: writing ${result.sliPath} failed: ${result.sliFileError}; the SLIs after that point are missing from the file`);
    }
    return result;
  } finally {
    hooks.signal?.removeEventListener("abort", abort);
  }
}

function numberOption(flag: string, value: number | string): number {
  const parsed = typeof value === "number" ? value : Number(value.trim());
  if (typeof value === "string" && (value.trim() === "" || Number.isNaN(parsed))) throw new FiredrillError("CONFIG_INVALID", `traffic: ${flag} "${value}" is not a number`);
  return parsed;
}

const ms = (value: number | undefined) => (value === undefined ? "-" : value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0));
const percent = (rate: number) => `${(rate * 100).toFixed(rate > 0 && rate < 0.001 ? 3 : 1)}%`;

/** One line per window: `   3  50.0 req/s  errors 0.0% (4xx 0)  p50 2.10 p95 5.40 p99 9.80 ms  streams 12 open, 0 dropped`. */
export function renderTrafficWindow(line: SliWindowLine): string {
  const latency = line.latencyMs;
  return [
    String(line.seq + 1).padStart(4),
    `${line.requestsPerSecond.toFixed(1).padStart(7)} req/s`,
    `errors ${percent(line.errorRate).padStart(6)} (4xx ${line.clientErrors})`,
    `p50 ${ms(latency?.p50)} p95 ${ms(latency?.p95)} p99 ${ms(latency?.p99)} ms`,
    `streams ${line.streams.open} open, ${line.streams.dropped} dropped`,
    ...(line.dropped > 0 ? [`${line.dropped} arrivals dropped`] : []),
  ].join("  ");
}

function routeRow(route: string, summary: RequestSummary): string {
  const latency = summary.latencyMs;
  return `  ${route.padEnd(30)} ${String(summary.requests).padStart(7)}  ${percent(summary.errorRate).padStart(6)}  ${String(summary.clientErrors).padStart(5)}  ${ms(latency?.p50).padStart(7)} ${ms(latency?.p95).padStart(7)} ${ms(latency?.p99).padStart(7)}`;
}

/** The run's totals: overall and per route, streams, events, and where the lines are. */
export function renderTrafficResult(result: TrafficResult): string {
  const total: SliSummary = result.total;
  return [
    `traffic ${result.reason} after ${(total.windowMs / 1000).toFixed(1)}s: ${total.requests} requests (${total.requestsPerSecond.toFixed(1)}/s) of ${total.offered} offered, ${total.dropped} dropped`,
    `  ${"route".padEnd(30)} ${"requests".padStart(7)}  ${"errors".padStart(6)}  ${"4xx".padStart(5)}  ${"p50 ms".padStart(7)} ${"p95 ms".padStart(7)} ${"p99 ms".padStart(7)}`,
    ...Object.entries(total.routes).map(([route, summary]) => routeRow(route, summary)),
    routeRow("all", total),
    `  streams: ${total.streams.opened} opened, ${total.streams.dropped} dropped, ${total.streams.closed} closed, ${total.streams.messages} order-status events`,
    `  order events: ${total.events.published} published, ${total.events.failed} failed`,
    ...(result.sliPath === undefined ? [] : [`  SLIs: ${result.sliPath}`]),
  ].join("\n");
}

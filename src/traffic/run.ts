import { randomUUID } from "node:crypto";
import { repeatAligned } from "./clock.ts";
import { customerIp, type RequestError, VirtualCustomer } from "./customer.ts";
import { Dispatcher } from "./dispatcher.ts";
import { type ResolvedTrafficOptions, resolveTrafficOptions, type TrafficOptions } from "./options.ts";
import { PortalClient } from "./portal-client.ts";
import { OrderEventPublisher } from "./publisher.ts";
import { OpenLoopScheduler } from "./scheduler.ts";
import { sessionScript } from "./scenario.ts";
import { SLI_FILE_NAME, type SliWindowLine } from "./sli/lines.ts";
import { SliRecorder } from "./sli/recorder.ts";
import type { Gauges } from "./sli/window.ts";
import { SliFileWriter } from "./sli/sli-file.ts";
import type { SliSummary } from "./sli/summary.ts";

export interface TrafficResult {
  readonly runId: string;
  /** "completed": the duration ran out; "stopped": stop() came first. */
  readonly reason: "completed" | "stopped";
  readonly total: SliSummary;
  readonly sliPath?: string;
  /** Why sli.jsonl stopped being written, when it did. */
  readonly sliFileError?: string;
}

export interface TrafficSnapshot {
  readonly runId: string;
  readonly name: string;
  readonly targetUrl: string;
  readonly state: "running" | "stopping" | "stopped";
  readonly startedAt: string;
  readonly elapsedMs: number;
  readonly durationMs: number;
  readonly rps: number;
  /** Windows closed so far. */
  readonly windows: number;
  /** Since the start, the window in progress included. */
  readonly total: SliSummary;
  /** The last errors (at most 20), oldest first: what the error counts do not say. */
  readonly recentErrors: readonly (RequestError & { readonly at: string })[];
}

export interface RunningTraffic extends AsyncDisposable {
  readonly runId: string;
  readonly options: ResolvedTrafficOptions;
  /** Where the JSON lines go, when outDir was given. */
  readonly sliPath: string | undefined;
  /** The SLIs over the last closed windows covering `windowMs` (default: one window). */
  sli(options?: { windowMs?: number }): SliSummary;
  snapshot(): TrafficSnapshot;
  /** Resolves when the run has ended: by itself after durationMs, or through stop(). */
  readonly finished: Promise<TrafficResult>;
  /** Stops offering load, waits for requests in flight (each ends within timeoutMs), closes streams and the SLI file. Idempotent. */
  stop(): Promise<TrafficResult>;
}

/**
 * Starts the customers (and, with `events`, Salesforce's publisher) against
 * the portal. The run ends by itself after durationMs; everything it opened
 * is closed by then, or by stop().
 */
export async function startTraffic(input: TrafficOptions): Promise<RunningTraffic> {
  const options = resolveTrafficOptions(input);
  const { clock, name, targetUrl } = options;
  const runId = randomUUID();
  const startedAtEpochMs = Date.now();
  const file = options.outDir === undefined ? undefined : SliFileWriter.open(options.outDir, SLI_FILE_NAME);
  const client = new PortalClient(targetUrl, { maxSockets: options.maxInFlight, timeoutMs: options.timeoutMs });
  const streams = { open: 0, max: options.maxStreams };

  const recorder = new SliRecorder({
    clock,
    windowMs: options.windowMs,
    retainWindows: options.retainWindows,
    rollingMs: options.rollingMs,
    epochAtStartMs: startedAtEpochMs,
    // Sampled as windows close, once the dispatcher below exists.
    gauges: (): Gauges => ({ inFlight: dispatcher.inFlight, queued: dispatcher.queued, oldestWaitMs: dispatcher.oldestWaitMs(), streamsOpen: streams.open }),
    onWindowClosed: ({ seq, window, rolling }) => {
      const line: SliWindowLine = { type: "window", runId, name, seq, ...window, rolling };
      file?.write(line);
      options.onWindow?.(line);
    },
  });
  file?.write({
    type: "start",
    runId,
    name,
    targetUrl,
    startedAt: new Date(startedAtEpochMs).toISOString(),
    rps: options.rps,
    durationMs: options.durationMs,
    customers: options.customers,
    maxInFlight: options.maxInFlight,
    windowMs: options.windowMs,
    rollingMs: options.rollingMs,
  });

  const recentErrors: (RequestError & { at: string })[] = [];
  const onError = (error: RequestError) => {
    recentErrors.push({ at: new Date().toISOString(), ...error });
    if (recentErrors.length > RECENT_ERRORS) recentErrors.shift();
  };
  const world = { client, recorder, clock, script: sessionScript(options.pagesPerSession), password: options.password, streamHoldMs: options.streamHoldMs, streams, onError };
  // Customer i's first session has (i+1)/n of the pages, so that later logins are spread out, not all at once.
  const customers = Array.from({ length: options.customers }, (_, index) => {
    const firstScript = sessionScript((options.pagesPerSession * (index + 1)) / options.customers);
    return new VirtualCustomer(options.accounts[index % options.accounts.length]!, customerIp(index), world, firstScript);
  });
  const dispatcher: Dispatcher<VirtualCustomer> = new Dispatcher({
    workers: customers,
    maxInFlight: options.maxInFlight,
    maxQueued: options.maxQueued,
    maxWaitMs: options.timeoutMs,
    clock,
    run: (customer, dueMs) => customer.step(dueMs),
    onDropped: () => recorder.dropped(),
  });
  const scheduler = new OpenLoopScheduler({
    ratePerSecond: options.rps,
    durationMs: options.durationMs,
    clock,
    onArrival: (dueMs) => {
      recorder.offered();
      dispatcher.arrive(dueMs);
    },
  });
  const publisher =
    options.events === undefined ? undefined : new OrderEventPublisher({ ...options.events, durationMs: options.durationMs, clock, recorder });
  const stopTicking = repeatAligned(clock, recorder.startMs, options.windowMs, () => {
    recorder.roll();
    dispatcher.expire();
  });

  let state: TrafficSnapshot["state"] = "running";
  let ending: Promise<TrafficResult> | undefined;
  const end = (reason: TrafficResult["reason"]): Promise<TrafficResult> => {
    ending ??= (async () => {
      state = "stopping";
      scheduler.stop();
      try {
        await Promise.all([dispatcher.stop(), publisher?.stop()]);
        for (const customer of customers) customer.closeStream();
      } finally {
        stopTicking();
        recorder.finish();
        client.close();
      }
      const total = recorder.total();
      file?.write({ type: "end", runId, name, endedAt: new Date(recorder.toEpochMs(clock.now())).toISOString(), reason, total });
      file?.close();
      state = "stopped";
      return { runId, reason, total, ...(file && { sliPath: file.path }), ...(file?.error && { sliFileError: file.error.message }) };
    })();
    return ending;
  };

  // Aligned with the windows: with a duration of whole windows, the last arrival falls in the last window.
  scheduler.start(recorder.startMs);
  publisher?.start();
  const finished = scheduler.finished.then(
    () => end("completed"),
    () => end("stopped"),
  );
  const stop = () => end("stopped");
  return {
    runId,
    options,
    sliPath: file?.path,
    sli: ({ windowMs = options.windowMs } = {}) => recorder.view(windowMs),
    snapshot: () => ({
      runId,
      name,
      targetUrl,
      state,
      startedAt: new Date(startedAtEpochMs).toISOString(),
      elapsedMs: Math.round(recorder.toEpochMs(clock.now()) - startedAtEpochMs),
      durationMs: options.durationMs,
      rps: options.rps,
      windows: recorder.windows,
      total: recorder.total(),
      recentErrors: [...recentErrors],
    }),
    finished,
    stop,
    [Symbol.asyncDispose]: async () => {
      await stop();
    },
  };
}

const RECENT_ERRORS = 20;

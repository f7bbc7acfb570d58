/**
 * Benchmark of the sample portal under generated traffic (`npm run bench:portal`):
 * requests per second answered and p50/p95/p99 latency with no fault,
 * `/health` p50 (idle and under load), the portal's RSS and CPU.
 *
 * Redis, PostgreSQL and the SaaS mocks come from the integration tests'
 * world (test/support/portal.ts; the mocks in this process, as they see
 * little load: billing is cached); the portal runs as the environment runs
 * it, `firedrill bff` in a process of its own; the customers are
 * src/traffic at each offered rate in BENCH_RPS, open loop. Each step warms
 * up for at least BENCH_WARMUP_SECONDS and until a window ends with nothing
 * queued (customers log in: ~50 ms of scrypt each; JIT; caches), at most
 * 15 s, then BENCH_SECONDS are measured: the figures are the traffic's own
 * rolling SLI view over exactly those windows. Customers log in once per
 * BENCH_PAGES_PER_SESSION page views, and hold an order stream for 10 s.
 *
 * Target: >= 500 requests/s with p95 <= 50 ms, on this 2-core machine with
 * traffic, mocks and services on it too. Steps after the first show the
 * headroom. CPU is split between portal, traffic (with the mocks),
 * PostgreSQL, Redis and other processes: on a shared machine the figures are
 * only as good as it was quiet. Figures are printed with PASS/MISS, never asserted: exit 0
 * whatever they are, 1 when the bench could not run.
 *
 * Knobs (environment): BENCH_RPS ("500,750,1000"), BENCH_SECONDS (10),
 * BENCH_WARMUP_SECONDS (3), BENCH_CUSTOMERS (32), BENCH_PAGES_PER_SESSION (200),
 * BENCH_PORTAL_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"),
 * BENCH_PORTAL_ENV (extra portal variables, "K=V K=V", e.g. "LOG_LEVEL=warn").
 */
import os from "node:os";
import { type SliSummary, type SliWindowLine, startTraffic } from "../src/traffic/index.ts";
import { startPortalWorld } from "../test/support/portal.ts";
import { MARKER_VARIABLE, NoiseMeter, type NoiseWindow } from "./support/env-noise.ts";
import { type PortalProcess, startPortalProcess } from "./support/portal-process.ts";
import { machineCpuSeconds, percentile, processTreeCpuSeconds, procCpuSeconds, procStatusKb, selfCpuSeconds } from "./support/proxy-stats.ts";

const TARGET_RPS = 500;
const TARGET_P95_MS = 50;
const list = (name: string, fallback: string) => (process.env[name] ?? fallback).split(/[ ,]+/).filter(Boolean).map(Number);
const RATES = list("BENCH_RPS", "500,750,1000");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const MAX_WARMUP_SECONDS = Math.max(WARMUP_SECONDS, 15);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 32);
const PAGES_PER_SESSION = Number(process.env.BENCH_PAGES_PER_SESSION ?? 200);
const portalNodeArgs = (process.env.BENCH_PORTAL_NODE_ARGS ?? "").split(" ").filter(Boolean);
const portalEnv = Object.fromEntries((process.env.BENCH_PORTAL_ENV ?? "").split(" ").filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));

const f = (value: number | undefined, digits = 1) => (value === undefined || Number.isNaN(value) ? "-" : value.toFixed(digits));
const share = (cpuSeconds: number) => `${f((cpuSeconds / SECONDS) * 100, 0)}%`;
const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");

async function timeHealth(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
  await response.arrayBuffer();
  return performance.now() - started;
}

interface CpuSplit {
  readonly portal: number;
  readonly traffic: number;
  readonly postgres: number;
  readonly redis: number;
  /** Everything the machine did: processes (ours and others) and interrupts. */
  readonly machine: number;
}

function cpuNow(portal: PortalProcess): CpuSplit {
  const machine = machineCpuSeconds();
  return {
    portal: procCpuSeconds(portal.pid),
    traffic: selfCpuSeconds(),
    postgres: processTreeCpuSeconds(world.postgres.pid),
    redis: procCpuSeconds(world.redis.pid),
    machine: machine.processes + machine.interrupts,
  };
}

const cpuSplitSince = (before: CpuSplit, after: CpuSplit): CpuSplit => ({
  portal: after.portal - before.portal,
  traffic: after.traffic - before.traffic,
  postgres: after.postgres - before.postgres,
  redis: after.redis - before.redis,
  machine: after.machine - before.machine,
});

interface Step {
  readonly rps: number;
  readonly measured: SliSummary;
  readonly healthMs: number[];
  /** CPU seconds over the measured windows. */
  readonly cpu: CpuSplit;
  readonly noise: NoiseWindow;
  readonly warmupSeconds: number;
  /** Whether the backlog had cleared before the measurement began. */
  readonly settled: boolean;
  /** The run's last errors, for the MISS that needs explaining. */
  readonly errors: readonly string[];
}

/** One offered rate: warm-up, then SECONDS measured through the traffic's rolling view. */
/**
 * One offered rate: warm-up until a window ends with nothing queued (at least
 * WARMUP_SECONDS, at most MAX_WARMUP_SECONDS: the customers' first logins
 * can leave a backlog), then SECONDS windows measured through the traffic's
 * rolling view of exactly those windows.
 */
async function step(portal: PortalProcess, rps: number): Promise<Step> {
  let measureFrom: number | undefined;
  let settled = false;
  let cpuBefore: CpuSplit | undefined;
  let cpu: CpuSplit | undefined;
  let measured: SliSummary | undefined;
  const healthMs: number[] = [];
  let noiseStart: Promise<unknown> = Promise.resolve();
  let noiseEnd: Promise<NoiseWindow> | undefined;
  let stop = () => {};
  const onWindow = (line: SliWindowLine) => {
    const warm = line.seq >= WARMUP_SECONDS - 1;
    settled ||= warm && line.queued === 0 && line.dropped === 0;
    if (measureFrom === undefined && (settled || line.seq >= MAX_WARMUP_SECONDS - 1)) {
      measureFrom = line.seq + 1;
      noiseStart = noise.window();
      cpuBefore = cpuNow(portal);
    } else if (measureFrom !== undefined && line.seq === measureFrom + SECONDS - 1) {
      if (cpuBefore !== undefined) cpu = cpuSplitSince(cpuBefore, cpuNow(portal));
      measured = line.rolling[0];
      noiseEnd = noiseStart.then(() => noise.window());
      stop();
    }
  };
  const traffic = await startTraffic({
    targetUrl: portal.url,
    rps,
    durationMs: (MAX_WARMUP_SECONDS + SECONDS + 1) * 1_000,
    customers: CUSTOMERS,
    maxInFlight: 256,
    pagesPerSession: PAGES_PER_SESSION,
    streamHoldMs: 10_000,
    rollingMs: [SECONDS * 1_000],
    onWindow,
  });
  stop = () => void traffic.stop();
  // /health as a monitor polls it, five times a second, while the load is measured.
  const poll = (async () => {
    while (traffic.snapshot().state === "running") {
      if (measureFrom !== undefined) healthMs.push(await timeHealth(portal.url).catch(() => Number.NaN));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  await traffic.finished;
  await poll;
  const errors = traffic.snapshot().recentErrors.map((error) => `${error.at} ${error.route} ${error.outcome}${error.status ? ` ${error.status}` : ""}: ${error.detail}`);
  if (measured === undefined || noiseEnd === undefined || cpu === undefined || measureFrom === undefined) throw new Error(`the ${rps} req/s step ended before its measured windows closed`);
  return { rps, measured, warmupSeconds: measureFrom, settled, healthMs, cpu, noise: await noiseEnd, errors };
}

function report(result: Step): string[] {
  const { measured, rps } = result;
  const latency = measured.latencyMs;
  const keptUp = measured.dropped === 0 && measured.requests >= 0.99 * measured.offered;
  const ok = keptUp && measured.errors === 0 && rps >= TARGET_RPS && (latency?.p95 ?? Number.POSITIVE_INFINITY) <= TARGET_P95_MS;
  const health = Float64Array.from(result.healthMs.filter((ms) => !Number.isNaN(ms))).sort();
  const lines = [
    `offered ${rps} req/s: answered ${f(measured.requestsPerSecond)} req/s (${measured.requests} of ${measured.offered}, ${measured.dropped} dropped), errors ${measured.errors}, 4xx ${measured.clientErrors}` +
      ` | p50 ${f(latency?.p50, 2)} ms, p95 ${f(latency?.p95, 2)} ms, p99 ${f(latency?.p99, 2)} ms, max ${f(latency?.max)} ms | ${verdict(ok)}${rps === TARGET_RPS ? " (the target)" : ""}`,
    `    warm-up ${result.warmupSeconds} s${result.settled ? "" : ` (the backlog never cleared within ${MAX_WARMUP_SECONDS} s)`} | /health under load p50 ${f(percentile(health, 50), 2)} ms (${health.length} polls) | portal CPU ${f((result.cpu.portal * 1e6) / Math.max(1, measured.requests), 0)} µs/request`,
    `    CPU, % of one core: portal ${share(result.cpu.portal)}, traffic+mocks ${share(result.cpu.traffic)}, PostgreSQL ${share(result.cpu.postgres)}, Redis ${share(result.cpu.redis)}; whole machine ${share(result.cpu.machine)} of ${os.cpus().length * 100}`,
    `    other processes on the machine: ${f((result.noise.otherCpuSeconds / result.noise.wallSeconds) * 100, 0)}% of a core${result.noise.top.length > 0 ? ` (${result.noise.top.join(", ")})` : ""}`,
  ];
  if (measured.errors > 0) lines.push(`    errors: ${JSON.stringify(measured.outcomes)}; the last: ${result.errors.slice(-3).join(" | ")}`);
  for (const [route, summary] of Object.entries(measured.routes)) {
    lines.push(`    ${route.padEnd(30)} ${String(summary.requests).padStart(6)} req  p50 ${f(summary.latencyMs?.p50, 2).padStart(7)}  p95 ${f(summary.latencyMs?.p95, 2).padStart(7)}  p99 ${f(summary.latencyMs?.p99, 2).padStart(7)} ms  errors ${summary.errors}`);
  }
  return lines;
}

const world = await startPortalWorld();
// Redis and PostgreSQL work below world.dir; the portal inherits the meter's marker: all ours. Everything else is noise.
const noise = new NoiseMeter(world.dir, 1_000);
await noise.start();
let portal: PortalProcess | undefined;
let failed = false;
const interrupt = () => void Promise.allSettled([portal?.stop(), world.close()]).finally(() => process.exit(130));
process.once("SIGINT", interrupt);
try {
  portal = await startPortalProcess(
    world.env({
      DATABASE_URL: `${world.postgres.url}?connection_limit=10`,
      SF_EVENTS_ENABLED: "true",
      // The customers each play their own address (X-Forwarded-For), as behind a load balancer.
      TRUST_PROXY: "true",
      // The portal's defaults, where the tests' world sets its own.
      SSE_HEARTBEAT_MS: "2000",
      [MARKER_VARIABLE]: process.env[MARKER_VARIABLE] ?? "",
      ...portalEnv,
    }),
    portalNodeArgs,
  );
  const healthStatus = async (url: string) => {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.status;
  };
  for (let attempt = 0; (await healthStatus(portal.url)) !== 200; attempt++) {
    if (attempt > 100) throw new Error("the portal's /health never answered 200 within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const idleHealth: number[] = [];
  for (let index = 0; index < 50; index++) idleHealth.push(await timeHealth(portal.url));
  const idleRssKb = procStatusKb(portal.pid, "VmRSS");
  const lines: string[] = [];
  for (const rps of RATES) {
    const result = await step(portal, rps);
    lines.push(...report(result));
    if ((result.measured.latencyMs?.p95 ?? Number.POSITIVE_INFINITY) > 10 * TARGET_P95_MS || result.measured.errors > 0) break;
  }
  const [load1] = os.loadavg();
  console.log(
    `portal benchmark (Node ${process.version}, ${os.cpus().length} CPUs, load average ${f(load1, 2)}; portal pid ${portal.pid} = firedrill bff; ${CUSTOMERS} customers, ` +
      `${PAGES_PER_SESSION} pages per session; ${WARMUP_SECONDS}-${MAX_WARMUP_SECONDS}s warm-up + ${SECONDS}s measured per step)`,
  );
  console.log(`target: >= ${TARGET_RPS} req/s with p95 <= ${TARGET_P95_MS} ms, no errors`);
  for (const line of lines) console.log(line);
  console.log(`/health idle p50 ${f(percentile(Float64Array.from(idleHealth).sort(), 50), 2)} ms (${idleHealth.length} sequential calls)`);
  console.log(`portal RSS: ${f(idleRssKb / 1024)} MB idle, ${f(procStatusKb(portal.pid, "VmRSS") / 1024)} MB after the load, peak ${f(procStatusKb(portal.pid, "VmHWM") / 1024)} MB`);
} catch (error) {
  failed = true;
  console.error(`bench:portal failed: ${(error as Error)?.stack ?? String(error)}`);
} finally {
  noise.stop();
  await portal?.stop();
  await world.close();
}
process.exitCode = failed ? 1 : 0;

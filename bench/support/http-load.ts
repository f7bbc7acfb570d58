import http from "node:http";

/** Load generation for HTTP request/response benchmarks (bench/mocks.ts). */
export interface Sample {
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  readonly latenciesMs: number[];
}

export interface HttpCall {
  readonly url: URL;
  readonly method: "GET" | "POST";
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** A response that is not this status counts as an error. */
  readonly expectStatus: number;
}

export function send(agent: http.Agent, call: HttpCall): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: call.url.hostname,
        port: call.url.port,
        path: call.url.pathname + call.url.search,
        method: call.method,
        headers: { ...call.headers, ...(call.body !== undefined && { "Content-Length": Buffer.byteLength(call.body) }) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(call.body);
  });
}

/** Closed loop: `concurrency` callers, each sending its next request when the last one is answered, for `seconds`. */
export async function closedLoop(call: HttpCall, concurrency: number, seconds: number): Promise<Sample> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const sent = performance.now();
        try {
          const { status } = await send(agent, call);
          if (status !== call.expectStatus) errors++;
        } catch {
          errors++;
        }
        latenciesMs.push(performance.now() - sent);
      }
    }),
  );
  agent.destroy();
  return { requests: latenciesMs.length, errors, seconds: (performance.now() - started) / 1000, latenciesMs };
}

/** Open loop: requests started at a fixed `ratePerSecond` whatever the answers do, for `seconds`: latency at a given load. */
export async function openLoop(call: HttpCall, ratePerSecond: number, seconds: number): Promise<Sample> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = performance.now();
  const total = Math.round(ratePerSecond * seconds);
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < total; index++) {
    const due = started + (index * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // Measured from when the request was due, so a generator running late does not hide queueing.
    const done = () => latenciesMs.push(performance.now() - due);
    inFlight.push(
      send(agent, call).then(
        ({ status }) => {
          if (status !== call.expectStatus) errors++;
          done();
        },
        () => {
          errors++;
          done();
        },
      ),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { requests: latenciesMs.length, errors, seconds: (performance.now() - started) / 1000, latenciesMs };
}

export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

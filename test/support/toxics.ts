import { afterAll, afterEach, beforeAll } from "vitest";
import net from "node:net";
import v8 from "node:v8";
import vm from "node:vm";
import type { Proxy as ClientProxy, Toxic, Toxiproxy } from "toxiproxy-node-client";
import { connect, portOf, startTcpServer, startTestProxyServer, type TestServer } from "./tcp.ts";

/**
 * Helpers for the toxic and runtime tests: one proxy server per test file,
 * a fresh proxy per test, toxics through `toxiproxy-node-client`, and
 * cleanup of every socket and proxy a test opened.
 */

type StartedTestProxyServer = Awaited<ReturnType<typeof startTestProxyServer>>;

export interface ToxicOptions {
  type: string;
  stream?: "upstream" | "downstream";
  toxicity?: number;
  name?: string;
  attributes?: Record<string, number>;
}

export interface Harness {
  readonly proxyServer: StartedTestProxyServer;
  readonly client: Toxiproxy;
  /** A new enabled proxy on a free loopback port in front of `upstream`. */
  proxy(upstream: string): Promise<{ proxy: ClientProxy; port: number }>;
  /** A client socket to `port`, destroyed at the end of the test; errors are kept, not thrown. */
  open(port: number): Promise<net.Socket>;
  /** Run at the end of the test (sockets, servers, timers). */
  defer(cleanup: () => unknown): void;
  /** End of test: runs every deferred cleanup, newest first. */
  cleanup(): Promise<void>;
  close(): Promise<void>;
}

let proxyCounter = 0;

/**
 * Registers the hooks of a test file: a harness and a server (echo, sink…) for
 * the whole file, toxics cleaned after each test. `assign` hands them to the
 * file's variables.
 */
export function useHarness<S extends { close(): Promise<void> }>(startServer: () => Promise<S>, assign: (started: { harness: Harness; server: S }) => void): void {
  let started: { harness: Harness; server: S } | undefined;
  beforeAll(async () => {
    started = { harness: await startHarness(), server: await startServer() };
    assign(started);
  });
  afterEach(() => started?.harness.cleanup());
  afterAll(async () => {
    await started?.harness.close();
    await started?.server.close();
  });
}

export async function startHarness(): Promise<Harness> {
  const proxyServer = await startTestProxyServer();
  const cleanups: (() => unknown)[] = [];
  const defer = (cleanup: () => unknown) => {
    cleanups.push(cleanup);
  };
  const cleanup = async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
  };
  return {
    proxyServer,
    client: proxyServer.client,
    defer,
    cleanup,
    async proxy(upstream) {
      proxyCounter += 1;
      const proxy = await proxyServer.client.createProxy({ name: `p${process.pid}_${proxyCounter}`, listen: "127.0.0.1:0", upstream });
      defer(() => proxy.remove().catch(() => {}));
      return { proxy, port: portOf(proxy.listen) };
    },
    async open(port) {
      const socket = await connect(port);
      socket.on("error", () => {});
      // tcp.ts's roundTrip leaves an 'error' and a 'close' listener behind per call; sampling loops make many calls.
      socket.setMaxListeners(200);
      defer(() => socket.destroy());
      return socket;
    },
    async close() {
      await cleanup();
      await proxyServer.server.close();
    },
  };
}

/** `proxy.addToxic` with Toxiproxy's defaults spelled out (the client's types want every field). */
export function addToxic(proxy: ClientProxy, options: ToxicOptions): Promise<Toxic<Record<string, number>>> {
  const stream = options.stream ?? "downstream";
  return proxy.addToxic({
    name: options.name ?? `${options.type}_${stream}`,
    // `noop` is a valid Toxiproxy type the client's union does not list.
    type: options.type as "latency",
    stream,
    toxicity: options.toxicity ?? 1,
    attributes: options.attributes ?? {},
  });
}

/** `toxic.update`: only attributes (merged by the server) and toxicity are read. */
export function updateToxic(toxic: Toxic<Record<string, number>>, attributes: Record<string, number>, toxicity = toxic.toxicity) {
  return toxic.update({ ...toxic.toJson(), attributes, toxicity });
}

/** `proxy.update({enabled})`, keeping listen and upstream (the client's types want all three). */
export function setEnabled(proxy: ClientProxy, enabled: boolean): Promise<ClientProxy> {
  return proxy.update({ enabled, listen: proxy.listen, upstream: proxy.upstream });
}

/** Resolves with exactly `bytes` bytes from `socket`, or rejects after `timeoutMs` or on close. */
export function readBytes(socket: net.Socket, bytes: number, timeoutMs = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      if (error !== undefined) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= bytes) finish();
    };
    const onClose = () => finish(new Error(`socket closed after ${size} of ${bytes} bytes`));
    const timer = setTimeout(() => finish(new Error(`timed out after ${size} of ${bytes} bytes`)), timeoutMs);
    socket.on("data", onData);
    socket.once("close", onClose);
    socket.resume();
  });
}

/** ms until `socket` emits 'close' (measured from now), or rejects after `timeoutMs`. */
export function closedWithin(socket: net.Socket, timeoutMs: number): Promise<number> {
  const started = performance.now();
  if (socket.destroyed) return Promise.resolve(0);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve(performance.now() - started);
    });
  });
}

/** Polls `check` every 10 ms until it is true; rejects after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 2_000, what = "condition"): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A server with TCP half-close allowed: on the client's FIN it keeps its own side open. */
export function startHalfOpenServer(onSocket: (socket: net.Socket) => void): Promise<TestServer> {
  return startTcpServer(onSocket, { allowHalfOpen: true });
}

/** A loopback port nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

let gcFunction: (() => void) | undefined;

/** A full garbage collection (`--expose-gc` switched on at run time), for memory assertions. */
export function collectGarbage(): void {
  if (gcFunction === undefined) {
    v8.setFlagsFromString("--expose-gc");
    gcFunction = vm.runInNewContext("gc") as () => void;
  }
  gcFunction();
}

/**
 * `process.memoryUsage().arrayBuffers` once garbage is gone. V8 frees
 * ArrayBuffer memory in a sweeper that may finish after gc() returns, so
 * collect, let the loop turn, and collect again before reading it.
 */
export async function settledArrayBuffers(): Promise<number> {
  for (let round = 0; round < 3; round += 1) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return process.memoryUsage().arrayBuffers;
}

/** Prints measured figures when PROXY_TEST_REPORT is set (quiet otherwise). */
export function report(label: string, figures: Record<string, unknown>): void {
  if (process.env.PROXY_TEST_REPORT) console.log(`[measure] ${label}: ${JSON.stringify(figures)}`);
}

import { createHash, randomBytes } from "node:crypto";
import type net from "node:net";
import { describe, expect, it } from "vitest";
import { collectUntilClose, connect, roundTrip, sleep, startEchoServer, startTcpServer, type TestServer } from "./support/tcp.ts";
import {
  addToxic,
  closedPort,
  closedWithin,
  type Harness,
  readBytes,
  report,
  setEnabled,
  settledArrayBuffers,
  startHalfOpenServer,
  useHarness,
  updateToxic,
  waitFor,
} from "./support/toxics.ts";

let h: Harness;
let echo: TestServer;

useHarness(startEchoServer, (started) => ({ harness: h, server: echo } = started));

/** Open connections the server holds for a proxy (read-only inspection, to check nothing leaks). */
const connectionCount = (name: string) => h.proxyServer.server.proxies.get(name).connectionCount;

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/**
 * A server that writes random data to each client as fast as the client's
 * socket accepts it (honouring write() === false), and counts what it
 * managed to hand over.
 */
async function floodServer() {
  const state = { pushed: 0, stopped: false };
  const block = randomBytes(64 * 1024);
  const server = await startTcpServer((socket) => {
    const pump = () => {
      while (!state.stopped && !socket.destroyed) {
        state.pushed += block.length;
        if (!socket.write(block)) {
          socket.once("drain", pump);
          return;
        }
      }
    };
    pump();
  });
  h.defer(async () => {
    state.stopped = true;
    await server.close();
  });
  return { server, state };
}

describe("proxy runtime: enable and disable", () => {
  it("disabling drops open connections and refuses new ones; re-enabling accepts again on the same port", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    await addToxic(proxy, { type: "latency", attributes: { latency: 50 } });
    const socket = await h.open(port);
    expect((await roundTrip(socket, "before")).data.toString()).toBe("before");
    const closed = closedWithin(socket, 1_000);
    const disabled = await setEnabled(proxy, false);
    expect(disabled.enabled).toBe(false);
    await closed;
    await expect(connect(port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    const enabled = await setEnabled(proxy, true);
    expect(enabled.listen).toBe(proxy.listen);
    const again = await h.open(port);
    const { data, ms } = await roundTrip(again, "after");
    expect(data.toString()).toBe("after");
    // Toxics persist while the proxy is disabled.
    expect(ms).toBeGreaterThanOrEqual(48);
  });

  it("deleting a proxy drops its open connections", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    const socket = await h.open(port);
    await roundTrip(socket, "x");
    const closed = closedWithin(socket, 1_000);
    await proxy.remove();
    await closed;
    await expect(connect(port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});

describe("proxy runtime: toxics on open connections", () => {
  it("a toxic added, changed (latency 50 → 200) and removed applies to an already open connection", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    const socket = await h.open(port);
    const trip = async (label: string) => {
      const { data, ms } = await roundTrip(socket, label);
      expect(data.toString()).toBe(label);
      return ms;
    };
    await trip("warm-up");
    const none = await trip("no toxic");
    const toxic = await addToxic(proxy, { type: "latency", attributes: { latency: 50 } });
    const at50 = await trip("latency 50");
    await updateToxic(toxic, { latency: 200 });
    const at200 = await trip("latency 200");
    await toxic.remove();
    const removed = await trip("removed");
    report("toxic changes on an open connection (ms)", { none, at50, at200, removed });
    expect(none).toBeLessThan(40);
    expect(at50).toBeGreaterThanOrEqual(48);
    expect(at50).toBeLessThan(100);
    expect(at200).toBeGreaterThanOrEqual(198);
    expect(at200).toBeLessThan(260);
    expect(removed).toBeLessThan(40);
  });

  it("removing a latency toxic releases the data it holds at once", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    const toxic = await addToxic(proxy, { type: "latency", attributes: { latency: 5_000 } });
    const socket = await h.open(port);
    const arrived = readBytes(socket, 4);
    socket.write("held");
    await sleep(150);
    const removing = performance.now();
    await toxic.remove();
    const data = await arrived;
    const ms = performance.now() - removing;
    report("latency 5000 removed after 150 ms: data out after (ms)", { ms });
    expect(data.toString()).toBe("held");
    expect(ms).toBeLessThan(200);
  });

  it("lowering a latency re-times what is already held (measured from arrival)", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    const toxic = await addToxic(proxy, { type: "latency", attributes: { latency: 5_000 } });
    const socket = await h.open(port);
    const started = performance.now();
    const arrived = readBytes(socket, 4);
    socket.write("held");
    await sleep(100);
    await updateToxic(toxic, { latency: 300 });
    const data = await arrived;
    const ms = performance.now() - started;
    report("latency 5000 -> 300 after 100 ms: round trip (ms)", { ms });
    expect(data.toString()).toBe("held");
    expect(ms).toBeGreaterThanOrEqual(298);
    expect(ms).toBeLessThan(600);
  });
});

describe("proxy runtime: data integrity", () => {
  const cases: [string, Parameters<typeof addToxic>[1][]][] = [
    ["no toxic", []],
    ["a slicer upstream", [{ type: "slicer", stream: "upstream", attributes: { average_size: 2_048, size_variation: 512, delay: 10 } }]],
    ["a jittery latency downstream", [{ type: "latency", stream: "downstream", attributes: { latency: 20, jitter: 15 } }]],
  ];
  it.each(cases)("20 MB echoed through the proxy arrives intact with %s", async (_label, toxics) => {
    const { proxy, port } = await h.proxy(echo.address);
    for (const toxic of toxics) await addToxic(proxy, toxic);
    const socket = await h.open(port);
    const payload = randomBytes(20 * 1024 * 1024);
    const started = performance.now();
    const back = readBytes(socket, payload.length, 20_000);
    socket.write(payload);
    const data = await back;
    report(`20 MB echo with ${_label}`, { ms: performance.now() - started });
    expect(data.length).toBe(payload.length);
    expect(sha256(data)).toBe(sha256(payload));
  });
});

describe("proxy runtime: backpressure and memory", () => {
  it("a slow reader behind a bandwidth toxic pauses the source instead of buffering without bound", async () => {
    const { server, state } = await floodServer();
    const { proxy, port } = await h.proxy(server.address);
    await addToxic(proxy, { type: "bandwidth", attributes: { rate: 500 } });
    const socket = await h.open(port);
    let received = 0;
    socket.on("data", (chunk: Buffer) => {
      received += chunk.length;
    });
    await sleep(800);
    const pushedAt800 = state.pushed;
    await sleep(700);
    const pushedAt1500 = state.pushed;
    const arrayBuffers = await settledArrayBuffers();
    const memory = process.memoryUsage();
    report("bandwidth 500 KB/s, flooding server", {
      received,
      pushedAt800,
      pushedAt1500,
      arrayBuffersMB: arrayBuffers / 2 ** 20,
      rssMB: memory.rss / 2 ** 20,
    });
    // ~750 KB made it to the client in 1.5 s ...
    expect(received).toBeGreaterThan(500_000);
    expect(received).toBeLessThan(1_000_000);
    // ... and the server got rid of little more: what the proxy holds (≤ ~1 MB) plus kernel socket buffers.
    // Unpaced, a flooding server pushes gigabytes through loopback in that time.
    expect(pushedAt1500).toBeLessThan(32 * 2 ** 20);
    // Paused: in the last 700 ms the server could push little more than the ~350 KB that drained.
    expect(pushedAt1500 - pushedAt800).toBeLessThan(4 * 2 ** 20);
    expect(arrayBuffers).toBeLessThan(64 * 2 ** 20);
  });

  it("a client that stops reading pauses the source (no toxic: destination backpressure)", async () => {
    const { server, state } = await floodServer();
    const { port } = await h.proxy(server.address);
    const socket = await h.open(port);
    socket.pause();
    await sleep(500);
    const pushedAt500 = state.pushed;
    await sleep(300);
    report("non-reading client, flooding server", { pushedAt500, pushedAt800: state.pushed });
    expect(state.pushed).toBeLessThan(32 * 2 ** 20);
    expect(state.pushed - pushedAt500).toBeLessThan(2 * 2 ** 20);
  });

  it("a steady stream through a latency toxic does not keep released data in memory", async () => {
    let sunk = 0;
    const sink = await startTcpServer((socket) =>
      socket.on("data", (chunk: Buffer) => {
        sunk += chunk.length;
      }),
    );
    h.defer(() => sink.close());
    const { proxy, port } = await h.proxy(sink.address);
    await addToxic(proxy, { type: "latency", stream: "upstream", attributes: { latency: 100 } });
    const socket = await h.open(port);
    const before = await settledArrayBuffers();
    // 16 KB every 2 ms: the latency queue holds ~800 KB and is never empty while the stream runs.
    const block = Buffer.alloc(16 * 1024, 7);
    let sent = 0;
    const timer = setInterval(() => {
      socket.write(block);
      sent += block.length;
    }, 2);
    h.defer(() => clearInterval(timer));
    await sleep(1_500);
    const during = await settledArrayBuffers();
    clearInterval(timer);
    report("steady 16 KB / 2 ms through latency 100 ms", { sentMB: sent / 2 ** 20, sunkMB: sunk / 2 ** 20, retainedMB: (during - before) / 2 ** 20 });
    expect(sunk).toBeGreaterThan(4 * 2 ** 20);
    // What is in flight (~100 ms of the stream, under 1 MB), not everything that went through.
    expect(during - before).toBeLessThan(4 * 2 ** 20);
  });
});

describe("proxy runtime: connections", () => {
  it("an unreachable upstream closes the client socket", async () => {
    const { proxy, port } = await h.proxy(`127.0.0.1:${await closedPort()}`);
    const socket = await h.open(port);
    const { data, ms } = await collectUntilClose(socket);
    report("unreachable upstream: client closed after (ms)", { ms });
    expect(data.length).toBe(0);
    expect(ms).toBeLessThan(1_000);
    expect(connectionCount(proxy.name)).toBe(0);
  });

  it("200 concurrent connections all work, and all are released when closed", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    const sockets: net.Socket[] = await Promise.all(Array.from({ length: 200 }, () => h.open(port)));
    const replies = await Promise.all(sockets.map((socket, i) => roundTrip(socket, `message number ${i}`)));
    replies.forEach(({ data }, i) => expect(data.toString()).toBe(`message number ${i}`));
    expect(connectionCount(proxy.name)).toBe(200);
    for (const socket of sockets) socket.destroy();
    await waitFor(() => connectionCount(proxy.name) === 0, 2_000, "every connection released");
  });

  it("the client ending closes both sides: no TCP half-close", async () => {
    let serverEnded = false;
    const server = await startHalfOpenServer((socket) => {
      socket.on("data", (chunk: Buffer) => socket.write(chunk));
      // Half-open: the server keeps its side open after the client's FIN.
      socket.on("end", () => {
        serverEnded = true;
      });
    });
    h.defer(() => server.close());
    const { proxy, port } = await h.proxy(server.address);
    const socket = await h.open(port);
    await roundTrip(socket, "hello");
    const closed = collectUntilClose(socket);
    socket.end();
    const { data, ms } = await closed;
    report("client end: client closed after (ms)", { ms });
    // Without the proxy, the client would wait for the server's FIN, which never comes.
    expect(ms).toBeLessThan(500);
    expect(data.length).toBe(0);
    await waitFor(() => serverEnded, 1_000, "the server to see end-of-stream");
    // The proxy has closed the upstream socket too: a late write from the server draws an RST, so the
    // next one fails (the half-open server stopped reading at end-of-stream, so it learns on writing).
    const upstream = server.sockets[0]!;
    upstream.write("late");
    await sleep(50);
    upstream.write("later");
    await closedWithin(upstream, 1_000);
    expect(connectionCount(proxy.name)).toBe(0);
  });

  it("the server closing closes the client once data is delivered", async () => {
    const server = await startTcpServer((socket) => socket.end("goodbye"));
    h.defer(() => server.close());
    const { port } = await h.proxy(server.address);
    const { data, error } = await collectUntilClose(await h.open(port));
    expect(data.toString()).toBe("goodbye");
    expect(error).toBeUndefined();
  });
});

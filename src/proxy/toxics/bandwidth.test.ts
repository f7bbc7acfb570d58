import { randomBytes } from "node:crypto";
import type net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sleep, startTcpServer, type TestServer } from "../../../test/support/tcp.ts";
import { addToxic, type Harness, readBytes, report, startHarness, updateToxic } from "../../../test/support/toxics.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterEach(() => h.cleanup());
afterAll(() => h.close());

/** A server that sends `payload` to each client as soon as it connects. */
async function sender(payload: Buffer): Promise<TestServer> {
  const server = await startTcpServer((socket) => socket.write(payload));
  h.defer(() => server.close());
  return server;
}

/** Counts bytes received on `socket` from now on. */
function counter(socket: net.Socket) {
  const state = { bytes: 0, lastAtMs: 0 };
  socket.on("data", (chunk: Buffer) => {
    state.bytes += chunk.length;
    state.lastAtMs = performance.now();
  });
  return state;
}

describe("bandwidth toxic", () => {
  it("paces a downstream transfer to its rate (150 KB at 100 KB/s ≈ 1.5 s), evenly", async () => {
    const payload = randomBytes(150_000);
    const { proxy, port } = await h.proxy((await sender(payload)).address);
    await addToxic(proxy, { type: "bandwidth", attributes: { rate: 100 } });
    const started = performance.now();
    const socket = await h.open(port);
    const received = counter(socket);
    await sleep(750);
    const halfway = received.bytes;
    await readBytes(socket, payload.length - halfway);
    const elapsedMs = performance.now() - started;
    const rateKBps = payload.length / elapsedMs;
    report("bandwidth 100 KB/s downstream", { elapsedMs, rateKBps, bytesAt750ms: halfway });
    expect(received.bytes).toBe(payload.length);
    expect(rateKBps).toBeGreaterThanOrEqual(80);
    expect(rateKBps).toBeLessThanOrEqual(120);
    // Paced all along, not held and then dumped: about half is through at half time.
    expect(halfway).toBeGreaterThanOrEqual(50_000);
    expect(halfway).toBeLessThanOrEqual(100_000);
  });

  it("paces upstream too (100 KB at 200 KB/s ≈ 0.5 s), data intact", async () => {
    const chunks: Buffer[] = [];
    let lastAtMs = 0;
    const sink = await startTcpServer((socket) =>
      socket.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        lastAtMs = performance.now();
      }),
    );
    h.defer(() => sink.close());
    const { proxy, port } = await h.proxy(sink.address);
    await addToxic(proxy, { type: "bandwidth", stream: "upstream", attributes: { rate: 200 } });
    const socket = await h.open(port);
    const payload = randomBytes(100_000);
    const started = performance.now();
    socket.write(payload);
    const deadline = started + 3_000;
    while (Buffer.concat(chunks).length < payload.length && performance.now() < deadline) await sleep(10);
    const elapsedMs = lastAtMs - started;
    const rateKBps = payload.length / elapsedMs;
    report("bandwidth 200 KB/s upstream", { elapsedMs, rateKBps });
    expect(Buffer.concat(chunks).equals(payload)).toBe(true);
    expect(rateKBps).toBeGreaterThanOrEqual(160);
    expect(rateKBps).toBeLessThanOrEqual(240);
  });

  it("rate 0 is unlimited: 2 MB is not paced", async () => {
    const payload = randomBytes(2_000_000);
    const { proxy, port } = await h.proxy((await sender(payload)).address);
    await addToxic(proxy, { type: "bandwidth", attributes: { rate: 0 } });
    const started = performance.now();
    const socket = await h.open(port);
    const data = await readBytes(socket, payload.length);
    const elapsedMs = performance.now() - started;
    report("bandwidth rate 0, 2 MB", { elapsedMs });
    expect(data.equals(payload)).toBe(true);
    // Paced at even 2 MB/s this would take a second.
    expect(elapsedMs).toBeLessThan(1_000);
  });

  it("an update changes the rate of an open connection without bursting what is queued", async () => {
    const payload = randomBytes(300_000);
    const { proxy, port } = await h.proxy((await sender(payload)).address);
    const toxic = await addToxic(proxy, { type: "bandwidth", attributes: { rate: 50 } });
    const socket = await h.open(port);
    const received = counter(socket);
    await sleep(300);
    const beforeUpdate = received.bytes;
    await updateToxic(toxic, { rate: 25 });
    await sleep(400);
    const afterUpdate = received.bytes;
    await sleep(400);
    const later = received.bytes;
    report("bandwidth update 50 -> 25 KB/s", { at300ms: beforeUpdate, at700ms: afterUpdate, at1100ms: later });
    // ~15 KB at 50 KB/s, then 25 KB/s: nowhere near the ~285 KB still queued.
    expect(beforeUpdate).toBeGreaterThan(5_000);
    expect(beforeUpdate).toBeLessThanOrEqual(20_000);
    expect(afterUpdate - beforeUpdate).toBeLessThanOrEqual(20_000);
    // 400 ms at 25 KB/s = 10 KB, released 2.5 KB per 100 ms.
    expect(later - afterUpdate).toBeGreaterThanOrEqual(5_000);
    expect(later - afterUpdate).toBeLessThanOrEqual(15_000);
  });
});

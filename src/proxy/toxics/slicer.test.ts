import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sleep, startTcpServer } from "../../../test/support/tcp.ts";
import { addToxic, type Harness, readBytes, report, startHarness } from "../../../test/support/toxics.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterEach(() => h.cleanup());
afterAll(() => h.close());

/** A server that records every 'data' event: its size and when it came. */
async function recordingServer() {
  const events: { data: Buffer; atMs: number }[] = [];
  const server = await startTcpServer((socket) => socket.on("data", (data: Buffer) => events.push({ data, atMs: performance.now() })));
  h.defer(() => server.close());
  return { server, events, bytes: () => Buffer.concat(events.map((e) => e.data)) };
}

describe("slicer toxic", () => {
  it("delivers a chunk intact but in many small pieces, `delay` µs apart", async () => {
    const { server, events, bytes } = await recordingServer();
    const { proxy, port } = await h.proxy(server.address);
    await addToxic(proxy, { type: "slicer", stream: "upstream", attributes: { average_size: 10, size_variation: 4, delay: 1_000 } });
    const socket = await h.open(port);
    const payload = randomBytes(2_000);
    const started = performance.now();
    socket.write(payload);
    const deadline = started + 3_000;
    while (bytes().length < payload.length && performance.now() < deadline) await sleep(10);
    const spanMs = events.at(-1)!.atMs - events[0]!.atMs;
    const sizes = events.map((e) => e.data.length);
    report("slicer avg 10 ±4, 1000 µs, 2000 bytes", {
      dataEvents: events.length,
      meanSize: payload.length / events.length,
      maxSize: Math.max(...sizes),
      spanMs,
    });
    expect(bytes().equals(payload)).toBe(true);
    // Unsliced, 2000 bytes written at once arrive in one or two events. ~256 pieces are sent, 1 ms apart;
    // a receiver may still read a few at once, so ask for far fewer.
    expect(events.length).toBeGreaterThanOrEqual(50);
    expect(payload.length / events.length).toBeLessThanOrEqual(40);
    // The delay between pieces is honoured: ~256 pieces at 1 ms spread over about a quarter second.
    expect(spanMs).toBeGreaterThanOrEqual(150);
  });

  it("without the toxic the same write arrives in one piece (control)", async () => {
    const { server, events, bytes } = await recordingServer();
    const { port } = await h.proxy(server.address);
    const socket = await h.open(port);
    const payload = randomBytes(2_000);
    socket.write(payload);
    const deadline = performance.now() + 2_000;
    while (bytes().length < payload.length && performance.now() < deadline) await sleep(10);
    expect(bytes().equals(payload)).toBe(true);
    expect(events.length).toBeLessThanOrEqual(2);
  });

  it("keeps a large downstream transfer intact and in order with no delay", async () => {
    const payload = randomBytes(1_000_000);
    const server = await startTcpServer((socket) => socket.write(payload));
    h.defer(() => server.close());
    const { proxy, port } = await h.proxy(server.address);
    await addToxic(proxy, { type: "slicer", attributes: { average_size: 500, size_variation: 200, delay: 0 } });
    const socket = await h.open(port);
    let events = 0;
    socket.on("data", () => {
      events += 1;
    });
    const data = await readBytes(socket, payload.length);
    report("slicer avg 500 ±200, 0 µs, 1 MB", { dataEvents: events });
    expect(data.equals(payload)).toBe(true);
  });

  it("average_size 0 passes chunks through uncut", async () => {
    const { server, events, bytes } = await recordingServer();
    const { proxy, port } = await h.proxy(server.address);
    await addToxic(proxy, { type: "slicer", stream: "upstream", attributes: { average_size: 0, size_variation: 0, delay: 1_000 } });
    const socket = await h.open(port);
    const payload = randomBytes(2_000);
    socket.write(payload);
    const deadline = performance.now() + 2_000;
    while (bytes().length < payload.length && performance.now() < deadline) await sleep(10);
    expect(bytes().equals(payload)).toBe(true);
    expect(events.length).toBeLessThanOrEqual(2);
  });
});

import type net from "node:net";
import { describe, expect, it } from "vitest";
import { roundTrip, sleep, startEchoServer, type TestServer } from "../../../test/support/tcp.ts";
import { addToxic, type Harness, median, report, useHarness } from "../../../test/support/toxics.ts";

let h: Harness;
let echo: TestServer;

useHarness(startEchoServer, (started) => ({ harness: h, server: echo } = started));

/** `count` sequential 16-byte round trips; the first (connection set-up) is not counted. */
async function sample(socket: net.Socket, count: number): Promise<number[]> {
  await roundTrip(socket, "warm-up-16-bytes");
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const message = `sample-${String(i).padStart(9, "0")}`;
    const { data, ms } = await roundTrip(socket, message);
    expect(data.toString()).toBe(message);
    times.push(ms);
  }
  return times;
}

/** An echo connection through a new proxy, with the given latency toxics already in place. */
async function connectionWith(...toxics: { stream: "upstream" | "downstream"; latency: number; jitter?: number; name?: string }[]) {
  const { proxy, port } = await h.proxy(echo.address);
  for (const t of toxics) {
    await addToxic(proxy, { type: "latency", stream: t.stream, name: t.name, attributes: { latency: t.latency, jitter: t.jitter ?? 0 } });
  }
  return h.open(port);
}

describe("latency toxic", () => {
  it("baseline: a round trip without toxics is far below the latencies tested here", async () => {
    const times = await sample(await connectionWith(), 5);
    report("no toxic round trip ms", { median: median(times), max: Math.max(...times) });
    expect(median(times)).toBeLessThan(40);
  });

  it("latency 100 downstream adds ~100 ms to a round trip, never less", async () => {
    const times = await sample(await connectionWith({ stream: "downstream", latency: 100 }), 5);
    report("latency 100 downstream ms", { times });
    // The arrival stamp is taken when the proxy reads the chunk: a round trip can never be shorter.
    for (const ms of times) expect(ms).toBeGreaterThanOrEqual(98);
    expect(median(times)).toBeLessThanOrEqual(140);
  });

  it("latency 100 upstream adds ~100 ms too; upstream + downstream add up (two links)", async () => {
    const up = await sample(await connectionWith({ stream: "upstream", latency: 100 }), 3);
    const both = await sample(await connectionWith({ stream: "upstream", latency: 100 }, { stream: "downstream", latency: 100 }), 3);
    report("latency 100 upstream / up+down ms", { up, both });
    for (const ms of up) expect(ms).toBeGreaterThanOrEqual(98);
    expect(median(up)).toBeLessThanOrEqual(140);
    for (const ms of both) expect(ms).toBeGreaterThanOrEqual(196);
    expect(median(both)).toBeLessThanOrEqual(240);
  });

  it("two latency toxics on one stream are not cumulative (measured from arrival)", async () => {
    const socket = await connectionWith(
      { stream: "downstream", latency: 100, name: "first" },
      { stream: "downstream", latency: 100, name: "second" },
    );
    const times = await sample(socket, 4);
    report("two latency 100 toxics, same stream ms", { times });
    for (const ms of times) expect(ms).toBeGreaterThanOrEqual(98);
    // Cumulative would be >= 200.
    expect(median(times)).toBeLessThanOrEqual(140);
  });

  it("jitter stays within latency ± jitter over many samples and actually varies", async () => {
    const times = await sample(await connectionWith({ stream: "downstream", latency: 100, jitter: 40 }), 16);
    const sorted = [...times].sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    report("latency 100 jitter 40 ms", { min: sorted[0], median: median(times), mean, max: sorted.at(-1), times });
    // Lower bound is exact (never early); upper bound allows scheduling noise on a busy machine.
    expect(sorted[0]).toBeGreaterThanOrEqual(58);
    expect(sorted[Math.floor(sorted.length * 0.9) - 1]).toBeLessThanOrEqual(150);
    // Uniform over [60, 140): 16 samples spanning less than 15 ms is practically impossible.
    expect(sorted.at(-1)! - sorted[0]!).toBeGreaterThan(15);
    expect(mean).toBeGreaterThan(80);
    expect(mean).toBeLessThan(125);
  });

  it("keeps chunks in order even when jitter would reorder them", async () => {
    const socket = await connectionWith({ stream: "downstream", latency: 30, jitter: 29 });
    await roundTrip(socket, "ready");
    const received: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    const sent: string[] = [];
    for (let i = 0; i < 60; i += 1) {
      const message = `<${i}>`;
      sent.push(message);
      socket.write(message);
      // Separate reads at the proxy, so each message is its own chunk with its own jitter draw.
      await sleep(1);
    }
    const expected = sent.join("");
    const deadline = performance.now() + 3_000;
    while (Buffer.concat(received).length < expected.length && performance.now() < deadline) await sleep(10);
    expect(Buffer.concat(received).toString()).toBe(expected);
  });

  it("latency 0 passes data straight through", async () => {
    const times = await sample(await connectionWith({ stream: "downstream", latency: 0 }), 5);
    expect(median(times)).toBeLessThan(40);
  });
});

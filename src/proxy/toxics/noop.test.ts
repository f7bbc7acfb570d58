import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { roundTrip, startEchoServer, type TestServer } from "../../../test/support/tcp.ts";
import { addToxic, type Harness, report, useHarness } from "../../../test/support/toxics.ts";

let h: Harness;
let echo: TestServer;

useHarness(startEchoServer, (started) => ({ harness: h, server: echo } = started));

/** One round trip on each of `count` new connections, all at once; the times in ms. */
async function roundTripsOnNewConnections(port: number, count: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const socket = await h.open(port);
      const message = `connection-${i}`;
      const { data, ms } = await roundTrip(socket, message);
      expect(data.toString()).toBe(message);
      return ms;
    }),
  );
}

describe("noop toxic", () => {
  it("passes data through unchanged, both ways", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    await addToxic(proxy, { type: "noop", stream: "upstream" });
    await addToxic(proxy, { type: "noop", stream: "downstream" });
    const socket = await h.open(port);
    const payload = randomBytes(256_000);
    const { data, ms } = await roundTrip(socket, payload);
    expect(data.equals(payload)).toBe(true);
    expect(ms).toBeLessThan(1_000);
  });
});

describe("toxicity", () => {
  it("toxicity 0 never acts", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    await addToxic(proxy, { type: "latency", toxicity: 0, attributes: { latency: 300 } });
    const times = await roundTripsOnNewConnections(port, 20);
    report("toxicity 0, latency 300", { max: Math.max(...times) });
    for (const ms of times) expect(ms).toBeLessThan(200);
  });

  it("toxicity 0.5 acts on some connections and not on others", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    await addToxic(proxy, { type: "latency", toxicity: 0.5, attributes: { latency: 300 } });
    const times = await roundTripsOnNewConnections(port, 40);
    const slow = times.filter((ms) => ms >= 298).length;
    const fast = times.filter((ms) => ms < 200).length;
    report("toxicity 0.5, latency 300, 40 connections", { slow, fast });
    // Every connection is either fully delayed or not at all.
    expect(slow + fast).toBe(40);
    // Binomial(40, 0.5): fewer than 5 of either happens about once in ten million runs.
    expect(slow).toBeGreaterThanOrEqual(5);
    expect(fast).toBeGreaterThanOrEqual(5);
  });

  it("toxicity 1 always acts", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    await addToxic(proxy, { type: "latency", toxicity: 1, attributes: { latency: 100 } });
    const times = await roundTripsOnNewConnections(port, 10);
    for (const ms of times) expect(ms).toBeGreaterThanOrEqual(98);
  });
});

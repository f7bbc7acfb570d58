import type net from "node:net";
import { describe, expect, it } from "vitest";
import { roundTrip, sleep, startEchoServer, type TestServer } from "../../../test/support/tcp.ts";
import { addToxic, closedWithin, type Harness, report, useHarness } from "../../../test/support/toxics.ts";

let h: Harness;
let echo: TestServer;

useHarness(startEchoServer, (started) => ({ harness: h, server: echo } = started));

function received(socket: net.Socket) {
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks);
}

describe("timeout toxic", () => {
  it("timeout 0 passes no data and keeps the connection open", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    await addToxic(proxy, { type: "timeout", attributes: { timeout: 0 } });
    const socket = await h.open(port);
    const data = received(socket);
    let closed = false;
    socket.on("close", () => {
      closed = true;
    });
    socket.write("are you there?");
    await sleep(300);
    expect(data().length).toBe(0);
    expect(closed).toBe(false);
    // Upstream is untouched: the echo server did get the data.
    expect(echo.sockets.at(-1)?.bytesRead).toBe("are you there?".length);
    socket.write("still here");
    await sleep(50);
    expect(closed).toBe(false);
    expect(data().length).toBe(0);
  });

  it("timeout 200 closes the connection ~200 ms after it opened, without passing data", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    await addToxic(proxy, { type: "timeout", attributes: { timeout: 200 } });
    const socket = await h.open(port);
    const data = received(socket);
    socket.write("dropped");
    const ms = await closedWithin(socket, 2_000);
    report("timeout 200 close", { ms });
    expect(data().length).toBe(0);
    // Bounds, not timing (a shared machine's timers fire a little early or late).
    expect(ms).toBeGreaterThanOrEqual(150);
    expect(ms).toBeLessThanOrEqual(800);
  });

  it("each chunk restarts the clock: it closes ~timeout after the last data", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    await addToxic(proxy, { type: "timeout", stream: "upstream", attributes: { timeout: 200 } });
    const socket = await h.open(port);
    let closed = false;
    socket.on("close", () => {
      closed = true;
    });
    let lastWriteAt = 0;
    for (let i = 0; i < 5; i += 1) {
      socket.write("keep-alive");
      lastWriteAt = performance.now();
      await sleep(100);
    }
    // 500 ms of writes, each under 200 ms apart: had the clock not restarted, the toxic would have closed it by now.
    expect(closed).toBe(false);
    const sinceStartMs = await closedWithin(socket, 2_000);
    const afterLastWriteMs = performance.now() - lastWriteAt;
    report("timeout 200 after last data", { afterLastWriteMs, sinceStartMs });
    // Bounds, not timing: well past half the timeout after the last data, and not much beyond it (shared, noisy machine).
    expect(afterLastWriteMs).toBeGreaterThanOrEqual(150);
    expect(afterLastWriteMs).toBeLessThanOrEqual(800);
  });

  it("removing the toxic closes the connections it held; new connections then work", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    const toxic = await addToxic(proxy, { type: "timeout", attributes: { timeout: 0 } });
    const held = [await h.open(port), await h.open(port)];
    for (const socket of held) socket.write("lost");
    await sleep(50);
    const closes = held.map((socket) => closedWithin(socket, 1_000));
    await toxic.remove();
    const times = await Promise.all(closes);
    report("timeout removal closes", { times });
    for (const ms of times) expect(ms).toBeLessThan(300);
    const fresh = await h.open(port);
    const { data } = await roundTrip(fresh, "works again");
    expect(data.toString()).toBe("works again");
  });
});

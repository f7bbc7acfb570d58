import type net from "node:net";
import { describe, expect, it } from "vitest";
import { collectUntilClose, roundTrip, sleep, startEchoServer, startTcpServer, type TestServer } from "../../../test/support/tcp.ts";
import { addToxic, closedWithin, type Harness, report, useHarness } from "../../../test/support/toxics.ts";

let h: Harness;
let echo: TestServer;

useHarness(startEchoServer, (started) => ({ harness: h, server: echo } = started));

/** How the server side of the latest accepted connection ended. */
function serverSide(server: TestServer): Promise<NodeJS.ErrnoException | undefined> {
  const socket = server.sockets.at(-1)!;
  let error: NodeJS.ErrnoException | undefined;
  socket.on("error", (e: NodeJS.ErrnoException) => {
    error = e;
  });
  return new Promise((resolve) => (socket.destroyed ? resolve(error) : socket.once("close", () => resolve(error))));
}

describe("reset_peer toxic", () => {
  it("resets the client (ECONNRESET, a real RST) `timeout` ms after the first data", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    await addToxic(proxy, { type: "reset_peer", stream: "upstream", attributes: { timeout: 300 } });
    const socket = await h.open(port);
    const closed = collectUntilClose(socket);
    // Nothing happens until data flows.
    await sleep(100);
    expect(socket.destroyed).toBe(false);
    const started = performance.now();
    socket.write("trigger");
    const { data, error } = await closed;
    const ms = performance.now() - started;
    report("reset_peer 300 upstream", { ms, code: error?.code });
    expect(error?.code).toBe("ECONNRESET");
    expect(data.length).toBe(0);
    expect(ms).toBeGreaterThanOrEqual(295);
    expect(ms).toBeLessThanOrEqual(500);
  });

  it("timeout 0 resets on the first data, which is dropped; the server is reset too", async () => {
    const server = await startTcpServer((socket) => socket.on("data", () => socket.write("reply")));
    h.defer(() => server.close());
    const { proxy, port } = await h.proxy(server.address);
    await addToxic(proxy, { type: "reset_peer", stream: "downstream", attributes: { timeout: 0 } });
    const socket = await h.open(port);
    const closed = collectUntilClose(socket);
    await sleep(20);
    const serverClosed = serverSide(server);
    const started = performance.now();
    socket.write("question");
    const { data, error } = await closed;
    const ms = performance.now() - started;
    report("reset_peer 0 downstream", { ms, code: error?.code });
    expect(error?.code).toBe("ECONNRESET");
    expect(data.length).toBe(0);
    expect(ms).toBeLessThan(100);
    // The upstream socket was reset as well, not closed gracefully.
    const serverError = await serverClosed;
    expect(serverError?.code).toBe("ECONNRESET");
  });

  it("with no data it never fires", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    await addToxic(proxy, { type: "reset_peer", attributes: { timeout: 0 } });
    const socket = await h.open(port);
    await sleep(200);
    expect(socket.destroyed).toBe(false);
  });

  it("removed while waiting, it does not fire and the connection carries on", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    const toxic = await addToxic(proxy, { type: "reset_peer", stream: "upstream", attributes: { timeout: 300 } });
    const socket = await h.open(port);
    socket.write("arms it");
    await sleep(50);
    await toxic.remove();
    await sleep(350);
    expect(socket.destroyed).toBe(false);
    const { data } = await roundTrip(socket, "after removal");
    expect(data.toString()).toBe("after removal");
  });

  it("removed while armed by the client's end-of-stream, the connection still closes", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    const toxic = await addToxic(proxy, { type: "reset_peer", stream: "upstream", attributes: { timeout: 5_000 } });
    const socket: net.Socket = await h.open(port);
    const closed = collectUntilClose(socket);
    socket.end();
    await sleep(50);
    expect(socket.destroyed).toBe(false);
    await toxic.remove();
    const ms = await closedWithin(socket, 1_000);
    const { error } = await closed;
    expect(ms).toBeLessThan(500);
    // Closed normally: the reset was cancelled with the toxic.
    expect(error).toBeUndefined();
  });
});

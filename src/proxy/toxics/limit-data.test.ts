import type net from "node:net";
import { describe, expect, it } from "vitest";
import { collectUntilClose, sleep, startEchoServer, startTcpServer, type TestServer } from "../../../test/support/tcp.ts";
import { addToxic, closedWithin, type Harness, useHarness, updateToxic } from "../../../test/support/toxics.ts";

let h: Harness;
let echo: TestServer;

useHarness(startEchoServer, (started) => ({ harness: h, server: echo } = started));

/** Collects what `socket` receives; `text()` is everything so far. */
function receiver(socket: net.Socket) {
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  return { text: () => Buffer.concat(chunks).toString() };
}

/** Writes `text`, then waits long enough for an echo to come back through the proxy. */
async function send(socket: net.Socket, text: string): Promise<void> {
  socket.write(text);
  await sleep(60);
}

describe("limit_data toxic", () => {
  it("upstream: exactly `bytes` bytes reach the server, then the connection closes", async () => {
    const chunks: Buffer[] = [];
    let serverEnded = false;
    const server = await startTcpServer((socket) => {
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.on("end", () => {
        serverEnded = true;
      });
    });
    h.defer(() => server.close());
    const { proxy, port } = await h.proxy(server.address);
    await addToxic(proxy, { type: "limit_data", stream: "upstream", attributes: { bytes: 10 } });
    const socket = await h.open(port);
    const closed = collectUntilClose(socket);
    socket.write("0123456789abcdefghijklmno");
    const { ms } = await closed;
    await sleep(20);
    expect(Buffer.concat(chunks).toString()).toBe("0123456789");
    expect(serverEnded).toBe(true);
    expect(ms).toBeLessThan(500);
  });

  it("downstream: counts per direction, across chunks; upstream stays unlimited", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    await addToxic(proxy, { type: "limit_data", stream: "downstream", attributes: { bytes: 10 } });
    const socket = await h.open(port);
    const got = receiver(socket);
    const closed = closedWithin(socket, 2_000);
    await send(socket, "abcdef");
    expect(got.text()).toBe("abcdef");
    expect(socket.destroyed).toBe(false);
    await send(socket, "ghijkl");
    await closed;
    expect(got.text()).toBe("abcdefghij");
    // The echo server read all 12 bytes: the upstream direction was not limited.
    expect(echo.sockets.at(-1)?.bytesRead).toBe(12);
  });

  it("counts per connection", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    await addToxic(proxy, { type: "limit_data", attributes: { bytes: 10 } });
    const first = await h.open(port);
    const second = await h.open(port);
    const a = receiver(first);
    const b = receiver(second);
    await send(first, "12345678");
    await send(second, "abcdefgh");
    expect([a.text(), b.text()]).toEqual(["12345678", "abcdefgh"]);
  });

  it("the count survives an update of the toxic", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    const toxic = await addToxic(proxy, { type: "limit_data", attributes: { bytes: 10 } });
    const socket = await h.open(port);
    const got = receiver(socket);
    const closed = closedWithin(socket, 2_000);
    await send(socket, "abcdef");
    await updateToxic(toxic, { bytes: 12 });
    await send(socket, "ghijklmnop");
    await closed;
    // 12 in all, not 6 + 12.
    expect(got.text()).toBe("abcdefghijkl");
  });

  it("lowered below what was already sent, it passes nothing more and closes on the next data", async () => {
    const { proxy, port } = await h.proxy(echo.address);
    const toxic = await addToxic(proxy, { type: "limit_data", attributes: { bytes: 10 } });
    const socket = await h.open(port);
    const got = receiver(socket);
    const closed = closedWithin(socket, 2_000);
    await send(socket, "abcdef");
    await updateToxic(toxic, { bytes: 4 });
    await send(socket, "ghijkl");
    await closed;
    expect(got.text()).toBe("abcdef");
  });
});

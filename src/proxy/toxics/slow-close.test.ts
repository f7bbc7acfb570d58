import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { collectUntilClose, sleep, startTcpServer } from "../../../test/support/tcp.ts";
import { addToxic, closedWithin, type Harness, report, startHarness, updateToxic } from "../../../test/support/toxics.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterEach(() => h.cleanup());
afterAll(() => h.close());

/** A server that sends "hello" and closes at once. */
async function helloAndClose() {
  const server = await startTcpServer((socket) => socket.end("hello"));
  h.defer(() => server.close());
  return server;
}

describe("slow_close toxic", () => {
  it("lets data through at once and delays the close by `delay` (downstream)", async () => {
    const { proxy, port } = await h.proxy((await helloAndClose()).address);
    await addToxic(proxy, { type: "slow_close", attributes: { delay: 400 } });
    const socket = await h.open(port);
    let dataAtMs = Number.NaN;
    socket.once("data", () => {
      dataAtMs = performance.now();
    });
    const started = performance.now();
    const { data, ms, error } = await collectUntilClose(socket);
    report("slow_close 400 downstream", { dataAfterMs: dataAtMs - started, closeAfterMs: ms });
    expect(data.toString()).toBe("hello");
    expect(error).toBeUndefined();
    expect(dataAtMs - started).toBeLessThan(100);
    expect(ms).toBeGreaterThanOrEqual(398);
    expect(ms).toBeLessThanOrEqual(600);
  });

  it("an update re-times a close it is holding (not released at once, not lost)", async () => {
    const { proxy, port } = await h.proxy((await helloAndClose()).address);
    const toxic = await addToxic(proxy, { type: "slow_close", attributes: { delay: 5_000 } });
    const socket = await h.open(port);
    const closed = collectUntilClose(socket);
    await sleep(100);
    const updating = performance.now();
    await updateToxic(toxic, { delay: 200 });
    await closedWithin(socket, 2_000);
    const sinceUpdate = performance.now() - updating;
    const { data } = await closed;
    report("slow_close 5000 -> 200 after 100 ms", { closedAfterUpdateMs: sinceUpdate });
    expect(data.toString()).toBe("hello");
    expect(sinceUpdate).toBeGreaterThanOrEqual(190);
    expect(sinceUpdate).toBeLessThanOrEqual(500);
  });

  it("without the toxic the same connection closes at once", async () => {
    const { port } = await h.proxy((await helloAndClose()).address);
    const { data, ms } = await collectUntilClose(await h.open(port));
    expect(data.toString()).toBe("hello");
    expect(ms).toBeLessThan(100);
  });

  it("delays the close towards the server when on the upstream stream", async () => {
    let serverEndedAtMs = Number.NaN;
    const received: Buffer[] = [];
    const server = await startTcpServer((socket) => {
      socket.on("data", (chunk: Buffer) => received.push(chunk));
      socket.on("end", () => {
        serverEndedAtMs = performance.now();
      });
    });
    h.defer(() => server.close());
    const { proxy, port } = await h.proxy(server.address);
    await addToxic(proxy, { type: "slow_close", stream: "upstream", attributes: { delay: 300 } });
    const socket = await h.open(port);
    const closed = collectUntilClose(socket);
    const started = performance.now();
    socket.end("bye");
    const { ms } = await closed;
    report("slow_close 300 upstream", { serverEndAfterMs: serverEndedAtMs - started, clientCloseAfterMs: ms });
    expect(Buffer.concat(received).toString()).toBe("bye");
    expect(serverEndedAtMs - started).toBeGreaterThanOrEqual(298);
    expect(serverEndedAtMs - started).toBeLessThanOrEqual(500);
    // No half-close: the client side closes together with the server side.
    expect(ms).toBeGreaterThanOrEqual(298);
  });
});

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Toxiproxy } from "toxiproxy-node-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertPortFree, freePort } from "../src/env/ports.ts";
import { runCli, startCli, waitForExit } from "./support/cli.ts";
import { connect, portOf, roundTrip, startEchoServer, startTcpServer, type TestServer } from "./support/tcp.ts";

let dir: string;
let echo: TestServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "firedrill-cli-proxy-"));
  echo = await startEchoServer();
});
afterAll(async () => {
  await echo.close();
  await rm(dir, { recursive: true, force: true });
});

async function config(name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, body);
  return file;
}

describe("firedrill proxy", () => {
  it("serves the proxies of its config file and shuts down cleanly on SIGTERM and SIGINT", async () => {
    const listenPort = await freePort();
    const file = await config("ok.json", JSON.stringify([{ name: "echo", listen: `127.0.0.1:${listenPort}`, upstream: echo.address }]));
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const { child, match } = await startCli(["proxy", "--host", "127.0.0.1", "--port", "0", "--config", file], /API listening on (http:\S+)/);
      const client = new Toxiproxy(match[1]!);
      const proxy = await client.get("echo");
      expect(proxy.listen).toBe(`127.0.0.1:${listenPort}`);
      const socket = await connect(portOf(proxy.listen));
      expect((await roundTrip(socket, "ping")).data.toString()).toBe("ping");
      child.kill(signal);
      const result = await waitForExit(child);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`${signal}, shutting down`);
      // The proxy's listener is gone: its port refuses connections and can be bound again.
      await expect(connect(listenPort)).rejects.toMatchObject({ code: "ECONNREFUSED" });
      await expect(assertPortFree(listenPort)).resolves.toBeUndefined();
      socket.destroy();
    }
  });

  it("refuses a missing config file, naming it, with exit code 2", async () => {
    const missing = path.join(dir, "nope.json");
    const result = await runCli(["proxy", "--port", "0", "--config", missing]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`proxy config ${missing}: cannot be read (ENOENT)`);
  });

  it("refuses a config that is not JSON, with the decoder's reason", async () => {
    const file = await config("bad.json", '[{"name": "redis",]');
    const result = await runCli(["proxy", "--port", "0", "--config", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`proxy config ${file}: bad request body: invalid character ']' looking for beginning of object key string`);
  });

  it("refuses an entry without upstream, naming the entry", async () => {
    const file = await config("noupstream.json", JSON.stringify([{ name: "a", listen: "127.0.0.1:0", upstream: echo.address }, { name: "b", listen: "127.0.0.1:0" }]));
    const result = await runCli(["proxy", "--port", "0", "--config", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing required field: upstream at proxy 2");
  });

  it("leaves nothing listening when a later entry cannot bind", async () => {
    const firstPort = await freePort();
    await using taken = await startTcpServer(() => {});
    const file = await config(
      "conflict.json",
      JSON.stringify([
        { name: "first", listen: `127.0.0.1:${firstPort}`, upstream: echo.address },
        { name: "second", listen: taken.address, upstream: echo.address },
      ]),
    );
    const result = await runCli(["proxy", "--port", "0", "--config", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`listen tcp ${taken.address}: bind: address already in use`);
    await expect(connect(firstPort)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("rejects a port that is not a number", async () => {
    const result = await runCli(["proxy", "--port", "http"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('"http" is not a TCP port');
  });
});

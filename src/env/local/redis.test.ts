import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FiredrillError } from "../../errors.ts";
import { startRedis } from "./redis.ts";
import { childCommands, exists, isAlive } from "./testing.ts";

let baseDir: string;
beforeEach(async () => {
  baseDir = await fs.mkdtemp(path.join(os.tmpdir(), "firedrill-redis-test-"));
});
afterEach(async () => {
  await fs.rm(baseDir, { recursive: true, force: true });
});

async function rawPing(port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" }, () => socket.write("PING\r\n"));
    const timer = setTimeout(() => (socket.destroy(), resolve("no reply")), timeoutMs);
    socket.once("data", (chunk) => (clearTimeout(timer), socket.destroy(), resolve(chunk.toString().trim())));
    socket.once("error", (error) => (clearTimeout(timer), resolve(error.message)));
  });
}

describe("startRedis", () => {
  it("starts a private redis-server on loopback that answers clients, without persistence", async () => {
    const redis = await startRedis({ baseDir });
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(path.dirname(redis.dir)).toBe(baseDir);
      const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
      try {
        await client.connect();
        expect(await client.ping()).toBe("PONG");
        await client.set("drill", "ok");
        expect(await client.get("drill")).toBe("ok");
        expect(await client.config("GET", "save")).toEqual(["save", ""]);
        expect(await client.config("GET", "appendonly")).toEqual(["appendonly", "no"]);
        expect(await client.config("GET", "bind")).toEqual(["bind", "127.0.0.1"]);
      } finally {
        client.disconnect();
      }
      expect(await fs.readFile(redis.logPath, "utf8")).toContain("Ready to accept connections");
    } finally {
      await redis.stop();
    }
    expect(isAlive(redis.pid)).toBe(false);
    expect(await exists(redis.dir)).toBe(false);
    await redis.stop(); // idempotent
  });

  it("stops when disposed", async () => {
    let pid = 0;
    let dir = "";
    {
      await using redis = await startRedis({ baseDir });
      ({ pid, dir } = redis);
      expect(isAlive(pid)).toBe(true);
    }
    expect(isAlive(pid)).toBe(false);
    expect(await exists(dir)).toBe(false);
  });

  it("pauses and resumes: a frozen Redis accepts connections but does not answer", async () => {
    await using redis = await startRedis({ baseDir });
    await redis.pause();
    expect(await rawPing(redis.port, 300)).toBe("no reply");
    await redis.resume();
    expect(await rawPing(redis.port, 1_000)).toBe("+PONG");
    await redis.pause();
    const started = performance.now();
    await redis.stop(); // a paused server still stops gracefully, not after the SIGKILL bound
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(isAlive(redis.pid)).toBe(false);
  });

  it("names the install command when redis-server is missing", async () => {
    const error = await startRedis({ baseDir, redisServer: "/nonexistent/redis-server" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FiredrillError);
    expect(error).toMatchObject({ code: "MISSING_DEPENDENCY" });
    expect((error as Error).message).toContain("apt-get install redis-server");
  });

  it("fails with PORT_IN_USE on a taken port and leaves nothing behind", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const error = await startRedis({ baseDir, port }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "PORT_IN_USE" });
      expect((error as Error).message).toContain(`port ${port}`);
    } finally {
      blocker.close();
    }
    expect(await childCommands()).not.toContainEqual(expect.stringContaining("redis-server"));
    expect(await fs.readdir(baseDir)).toEqual([]);
  });

  it("reports a server that dies before it is ready, and cleans up", async () => {
    const error = await startRedis({ baseDir, redisServer: "/bin/false" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "PROCESS_FAILED" });
    expect((error as Error).message).toMatch(/redis \(pid \d+\) exited \(code 1\) before PONG/);
    expect(await fs.readdir(baseDir)).toEqual([]);
  });
});

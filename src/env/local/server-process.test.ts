import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { promisify } from "node:util";
import { descendantPids, ServerProcess } from "./server-process.ts";
import { isAlive } from "./testing.ts";

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "firedrill-process-test-"));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

// A server that ignores SIGTERM and has forked a child of its own.
const stubborn = `
  process.on("SIGTERM", () => console.log("ignoring SIGTERM"));
  require("node:child_process").spawn("sleep", ["60"], { stdio: "ignore" });
  console.log("hello from the server");
  setInterval(() => {}, 1000);
`;

function spawnStubborn(): Promise<ServerProcess> {
  return ServerProcess.spawn({
    name: "stubborn",
    command: process.execPath,
    args: ["-e", stubborn],
    logPath: path.join(dir, "server.log"),
    stopSequence: [{ signal: "SIGTERM", waitMs: 200 }],
  });
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("ServerProcess", () => {
  it("escalates to SIGKILL after the stop bound and kills what the server forked", async () => {
    const server = await spawnStubborn();
    await until(async () => (await descendantPids(server.pid)).length > 0);
    const forked = await descendantPids(server.pid);
    const started = performance.now();
    await server.stop();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await server.exited).toMatchObject({ signal: "SIGKILL" });
    expect(isAlive(server.pid)).toBe(false);
    await until(async () => forked.every((pid) => !isAlive(pid)));
    expect(await fs.readFile(server.logPath, "utf8")).toContain("ignoring SIGTERM");
    await server.stop(); // idempotent
  });

  it("fails a readiness wait with the log tail", async () => {
    const server = await spawnStubborn();
    try {
      await until(async () => (await fs.readFile(server.logPath, "utf8")).includes("hello"));
      const error = await server.waitUntilReady(async () => false, { timeoutMs: 100, what: "a miracle" }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "TIMEOUT" });
      expect((error as Error).message).toMatch(/^stubborn \(pid \d+\) a miracle not seen after 100ms; log .* ends with:\n {2}hello from the server/);
    } finally {
      await server.stop();
    }
  });
});

describe("a process that exits without stopping its servers", () => {
  it("signals them on exit, so nothing outlives it", async () => {
    const script = `
      import { ServerProcess } from ${JSON.stringify(new URL("./server-process.ts", import.meta.url).pathname)};
      const server = await ServerProcess.spawn({
        name: "sleeper", command: "sleep", args: ["60"], logPath: ${JSON.stringify(path.join(dir, "sleep.log"))},
        stopSequence: [{ signal: "SIGTERM", waitMs: 1000 }],
      });
      console.log(server.pid);
      process.exit(0);
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script]);
    const pid = Number(stdout.trim());
    expect(pid).toBeGreaterThan(0);
    await until(async () => !isAlive(pid) || (await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => "")).includes(") Z"));
  });
});

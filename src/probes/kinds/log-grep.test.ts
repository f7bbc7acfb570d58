import { appendFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvironmentDescriptor } from "../../env/descriptor.ts";
import { checkProbe } from "../registry.ts";

// log-grep reads only the target's log directory: a real directory of real log lines is its environment.
let logDir: string;
let descriptor: EnvironmentDescriptor;
const line = (at: Date, msg: string) => `${JSON.stringify({ time: at.toISOString(), level: "error", msg })}\n`;

beforeAll(async () => {
  logDir = await mkdtemp(path.join(tmpdir(), "firedrill-log-grep-"));
  descriptor = { name: "logs", target: { logDir } } as unknown as EnvironmentDescriptor;
  const now = Date.now();
  await writeFile(path.join(logDir, "error.log"), line(new Date(now - 120_000), "Redis connection lost") + "a line without a time: Redis connection lost\n");
  await appendFile(path.join(logDir, "error.log"), line(new Date(now - 5_000), "Redis connection lost") + line(new Date(now - 1_000), "Redis connection lost; failing closed"));
});
afterAll(() => rm(logDir, { recursive: true, force: true }));

describe("log-grep", () => {
  it("counts matching lines since the injection", async () => {
    const since = new Date(Date.now() - 10_000);
    expect(await checkProbe("log-grep", { descriptor, since, params: { file: "error.log", pattern: "Redis connection lost|failing closed", minCount: 2 } })).toMatchObject({
      status: "ok",
      output: { count: 2, last: expect.stringContaining("failing closed") },
    });
    expect(await checkProbe("log-grep", { descriptor, since, params: { file: "error.log", pattern: "Redis", minCount: 3 } })).toMatchObject({ status: "fail", output: { count: 2 } });
  });

  it("counts the whole file without a since or window, and only the window with one", async () => {
    expect(await checkProbe("log-grep", { descriptor, params: { file: "error.log", pattern: "Redis" } })).toMatchObject({ output: { count: 4 } });
    expect(await checkProbe("log-grep", { descriptor, params: { file: "error.log", pattern: "Redis", window: "3s" } })).toMatchObject({ output: { count: 1 } });
  });

  it("with absent: holds when nothing matched in the window; a missing file has no matches", async () => {
    expect(await checkProbe("log-grep", { descriptor, params: { file: "error.log", pattern: "Platform Event received", absent: true, window: "30s" } })).toMatchObject({ status: "ok" });
    expect(await checkProbe("log-grep", { descriptor, params: { file: "error.log", pattern: "failing closed", absent: true, window: "30s" } })).toMatchObject({ status: "fail" });
    expect(await checkProbe("log-grep", { descriptor, params: { file: "combined.log", pattern: "x" } })).toMatchObject({ status: "fail", output: { count: 0 } });
  });

  it("with absent, since and a window: no absence is shown before a whole window has passed since the injection", async () => {
    const params = { file: "error.log", pattern: "no such line", absent: true, window: "8s" };
    expect(await checkProbe("log-grep", { descriptor, since: new Date(Date.now() - 2_000), params })).toMatchObject({ matched: false });
    expect(await checkProbe("log-grep", { descriptor, since: new Date(Date.now() - 9_000), params })).toMatchObject({ matched: true });
  });

  it("refuses a bad pattern and a path outside the log directory", async () => {
    await expect(checkProbe("log-grep", { descriptor, params: { file: "error.log", pattern: "P1001|(" } })).rejects.toThrow('probe "log-grep": params.pattern: "P1001|(" is not a regular expression');
    await expect(checkProbe("log-grep", { descriptor, params: { file: "../etc/passwd", pattern: "root" } })).rejects.toThrow("params.file");
  });
});

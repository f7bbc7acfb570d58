import { spawn } from "node:child_process";
import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FiredrillError } from "../errors.ts";
import { passedRun } from "../reports/testing.ts";
import { historyDir, historyFile, readHistory, recordRun } from "./store.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "firedrill-history-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("history store", () => {
  it("appends one line per run and reads them back in order", async () => {
    const first = await recordRun(passedRun(), { mode: "train" }, { dir });
    const second = await recordRun({ ...passedRun(), runId: "run-2" }, { mode: "gameday", team: "blue", gameday: "gd-1" }, { dir });
    const text = await readFile(path.join(dir, "runs.jsonl"), "utf8");
    expect(text.split("\n")).toHaveLength(3);
    expect(text.startsWith('{"v":1,')).toBe(true);
    expect(await readHistory({ dir })).toEqual({ file: path.join(dir, "runs.jsonl"), records: [first, second], skipped: [] });
  });

  it("reads a history that does not exist yet as empty, and creates its directory on the first run", async () => {
    const nested = path.join(dir, "a", "b");
    expect((await readHistory({ dir: nested })).records).toEqual([]);
    await recordRun(passedRun(), { mode: "train" }, { dir: nested });
    expect((await readHistory({ dir: nested })).records).toHaveLength(1);
  });

  it("skips and counts unreadable lines, and recovers a record glued to a torn line", async () => {
    const record = await recordRun(passedRun(), { mode: "train" }, { dir });
    const line = JSON.stringify({ ...record, runId: "glued" });
    await appendFile(historyFile({ dir }), `not json\n{"v":1,"runId":"x"}\n\n${line.slice(0, 40)}${line}\n{"v":1,"runId":"x","oops":\n`);
    await recordRun({ ...passedRun(), runId: "run-last" }, { mode: "train" }, { dir });
    const history = await readHistory({ dir });
    expect(history.records.map((each) => each.runId)).toEqual(["run-1", "glued", "run-last"]);
    expect(history.skipped.map((skip) => skip.line)).toEqual([2, 3, 5, 6]);
    expect(history.skipped[0]!.reason).toBe("not JSON");
    expect(history.skipped[1]!.reason).toMatch(/missing required field "drill"/);
  });

  it("keeps every record when 50 runs are recorded at once", async () => {
    const run = passedRun();
    const runs = Array.from({ length: 50 }, (_, index) => ({ ...run, runId: `run-${index}` }));
    await Promise.all(runs.map((each, index) => recordRun(each, { mode: "gameday", gameday: "gd-1", team: `team-${index % 3}` }, { dir })));
    const history = await readHistory({ dir });
    expect(history.skipped).toEqual([]);
    expect(new Set(history.records.map((record) => record.runId)).size).toBe(50);
  });

  it("keeps every record when four processes record at once", async () => {
    const script = (writer: number) =>
      `const { passedRun } = await import(${JSON.stringify(new URL("../reports/testing.ts", import.meta.url).href)});
       const { recordRun } = await import(${JSON.stringify(new URL("./store.ts", import.meta.url).href)});
       const run = passedRun();
       await Promise.all(Array.from({ length: 25 }, (_, index) => recordRun({ ...run, runId: "w${writer}-" + index }, { mode: "gameday" }, { dir: ${JSON.stringify(dir)} })));`;
    const writers = [0, 1, 2, 3].map((writer) => spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script(writer)], { stdio: "inherit" }));
    const codes = await Promise.all(writers.map((child) => new Promise((resolve) => child.once("exit", resolve))));
    expect(codes).toEqual([0, 0, 0, 0]);
    const history = await readHistory({ dir });
    expect(history.skipped).toEqual([]);
    expect(new Set(history.records.map((record) => record.runId)).size).toBe(100);
  });

  it("names the file and the fix when the history cannot be written", async () => {
    const file = path.join(dir, "a-file");
    await writeFile(file, "");
    const error = await recordRun(passedRun(), { mode: "train" }, { dir: file }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FiredrillError);
    expect((error as FiredrillError).code).toBe("CONFIG_INVALID");
    expect((error as Error).message).toMatch(/a-file.*FIREDRILL_HISTORY_DIR/);
  });
});

describe("historyDir", () => {
  it("is $FIREDRILL_HISTORY_DIR, else under $XDG_DATA_HOME, else under ~/.local/share", () => {
    expect(historyDir({ env: { FIREDRILL_HISTORY_DIR: "/h", XDG_DATA_HOME: "/x" } })).toBe("/h");
    expect(historyDir({ env: { XDG_DATA_HOME: "/x" } })).toBe("/x/firedrill/history");
    expect(historyDir({ env: {} })).toBe(path.join(os.homedir(), ".local", "share", "firedrill", "history"));
    expect(historyFile({ dir: "/d", env: { FIREDRILL_HISTORY_DIR: "/h" } })).toBe("/d/runs.jsonl");
  });
});

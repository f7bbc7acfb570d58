import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleHistory } from "../src/history/testing.ts";
import { runCli } from "./support/cli.ts";

let dir: string;
let emptyDir: string;
const history = (args: string[], historyDir = dir) => runCli(["history", ...args], { env: { FIREDRILL_HISTORY_DIR: historyDir } });
const json = async (args: string[]) => {
  const result = await history([...args, "--json"]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { runs: number; skippedLines: number; people: { name: string; runs: number }[]; teams: { name: string }[]; occasions: { id: string }[] };
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "firedrill-history-cli-"));
  emptyDir = await mkdtemp(path.join(os.tmpdir(), "firedrill-history-empty-"));
  // Team blue's game days gd-q3 and gd-q4 (ana, ben), carol's training run between them, and one torn line.
  const lines = sampleHistory().map((record) => JSON.stringify(record));
  await writeFile(path.join(dir, "runs.jsonl"), `${lines.slice(0, 2).join("\n")}\n{"v":1,"runId":"torn\n${lines.slice(2).join("\n")}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(emptyDir, { recursive: true, force: true });
});

describe("firedrill history", () => {
  it("prints per-person, per-team and per-game-day tables with the trend from the first game day to the last", async () => {
    const result = await history([]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^5 run\(s\)/);
    expect(result.stdout).toMatch(/^PERSON\s+RUNS\s+MTTD\s+MTTA\s+MTTR\s+SCORE\s+TREND/m);
    expect(result.stdout).toMatch(/^ana\s+3\s+3\.3s \/ 3s\s+86\.7s \/ 60s\s+10min \/ 10min\s+67%\s+gd-q3 55% → gd-q4 90% \(\+35 pts, MTTA -100s, MTTR -7\.5min\)$/m);
    expect(result.stdout).toMatch(/^carol\s+1\s.*80%\s+-$/m);
    expect(result.stdout).toMatch(/^blue\s+4\s.*68%\s+gd-q3 55% → gd-q4 80%/m);
    expect(result.stdout).toMatch(/^gd-q3\s+2026-08-14\s+blue\s+ana,ben\s+2\s/m);
    expect(result.stdout).toMatch(/^2026-10-01\s+2026-10-01\s+-\s+carol\s+1\s/m);
    // The torn line is skipped with a warning, never fatal.
    expect(result.stderr).toMatch(/skipped 1 unreadable line\(s\) \(3\)/);
  });

  it("prints the trends as JSON", async () => {
    const trends = await json([]);
    expect(trends.runs).toBe(5);
    expect(trends.skippedLines).toBe(1);
    expect(trends.people.map((person) => [person.name, person.runs])).toEqual([["ana", 3], ["ben", 2], ["carol", 1]]);
    expect(trends.teams.map((team) => team.name)).toEqual(["blue"]);
    expect(trends.occasions.map((occasion) => occasion.id)).toEqual(["gd-q3", "2026-10-01", "gd-q4"]);
  });

  it("filters by person, team, drill, mode and date", async () => {
    const ben = await json(["--person", "ben"]);
    expect([ben.runs, ben.people.map((person) => person.name)]).toEqual([2, ["ben"]]);
    const redisGameDays = await json(["--drill", "redis-down", "--mode", "gameday", "--team", "blue"]);
    expect(redisGameDays.runs).toBe(2);
    expect((await json(["--since", "2026-11-01"])).occasions.map((occasion) => occasion.id)).toEqual(["gd-q4"]);
  });

  it("says so, and exits 0, when the history is empty or nothing matches", async () => {
    const empty = await history([], emptyDir);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/No runs recorded yet in .*runs\.jsonl/);
    const none = await runCli(["history", "--team", "red", "--history-dir", dir], { env: { FIREDRILL_HISTORY_DIR: emptyDir } });
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/No runs match these filters \(5 run\(s\) in /);
  });

  it("rejects a --since it cannot read with exit 2, naming the option and the formats", async () => {
    const result = await history(["--since", "last tuesday"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--since "last tuesday" is not a date; give a day \(2026-11-01\), an ISO 8601 time/);
    const mode = await history(["--mode", "drill"]);
    expect(mode.code).toBe(2);
    expect(mode.stderr).toMatch(/--mode "drill" is not a run mode; use one of ci, run, train, gameday/);
  });
});

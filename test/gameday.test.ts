import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GameDayView } from "../src/live/gameday-session.ts";
import { FIREDRILL_BIN, runCli, waitForExit } from "./support/cli.ts";
import { privateStateRoot } from "./support/env.ts";

let state: Awaited<ReturnType<typeof privateStateRoot>>;
let scratch: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  state = await privateStateRoot();
  scratch = await mkdtemp(path.join(os.tmpdir(), "firedrill-gameday-"));
  env = { ...state.env, FIREDRILL_HISTORY_DIR: path.join(scratch, "history") };
});
afterAll(async () => {
  await state.cleanup();
  await rm(scratch, { recursive: true, force: true });
});

const NAME = "gd-t";
/** What each drill's responders do: the severity and component, and the part they start again. */
const PLAYBOOK: Record<string, { severity: string; component: string }> = {
  "redis-down": { severity: "P2", component: "redis" },
  "postgres-down": { severity: "P1", component: "postgres" },
};

const cli = (args: string[]) => runCli(args, { env, timeoutMs: 60_000 });
const responder = (name: string) => (...args: string[]) => cli(["respond", ...args, "--name", NAME, "--as", name]);
const alice = responder("alice");
const bob = responder("bob");

async function gameDayView(facilitator = false): Promise<GameDayView | undefined> {
  const result = await cli(["gameday", "status", "--name", NAME, "--json", ...(facilitator ? ["--facilitator"] : [])]);
  return result.code === 0 ? (JSON.parse(result.stdout) as GameDayView) : undefined;
}

/** Polls the facilitator's view until `check` holds; bounded. */
async function until(what: string, check: (view: GameDayView) => boolean, timeoutMs = 120_000): Promise<GameDayView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await gameDayView(true);
    if (view !== undefined && check(view)) return view;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs}ms; last view: ${JSON.stringify(view)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("firedrill gameday with two responders at the CLI", () => {
  it("runs two unannounced incidents one at a time, shows their live state, and ends with a scoreboard, a report and the history", async () => {
    const child = spawn(process.execPath, [FIREDRILL_BIN, "gameday", "--name", NAME, "--drills", "{redis,postgres}-down", "--gap", "1s", "--time-scale", "60", "--seed", "3", "--team", "portal", "--out", path.join(scratch, "out")], {
      env: { ...process.env, ...env },
    });
    const done = waitForExit(child, 420_000);
    try {
      for (const index of [1, 2]) {
        const live = await until(`incident ${index} active`, (view) => view.incidents[index - 1]?.state === "active");
        const drill = live.incidents[index - 1]!.drill!;
        const play = PLAYBOOK[drill]!;
        // Responders never see which drill it is while it runs.
        expect((await gameDayView())!.incidents[index - 1]!.drill).toBeUndefined();
        expect((await alice("ack")).stdout).toMatch(/acknowledged/);
        expect((await alice("classify", "--severity", play.severity, "--component", play.component)).code).toBe(0);
        expect((await bob("escalate", "L2", "--reason", "customers affected")).code).toBe(0);
        const fix = await cli(["env", "start", play.component, "--name", NAME]);
        expect(fix.code, fix.stderr).toBe(0);
        let resolved = await bob("resolve", "--note", `${play.component} started again`);
        for (let tries = 0; resolved.code !== 0 && tries < 30; tries++) {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          resolved = await bob("resolve");
        }
        expect(resolved.stdout).toMatch(/the recovery probes agree/);
        if (index === 1) {
          const view = await until("incident 1 ended", (each) => each.incidents[0]?.state === "ended");
          expect(view.incidents[0]).toMatchObject({ drill, actors: ["alice", "bob"], score: { final: true } });
        }
      }
    } catch (error) {
      child.kill("SIGINT");
      throw new Error(`${(error as Error).message}\n--- gameday output:\n${JSON.stringify(await done.catch((failure: Error) => failure.message))}`);
    }
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/incident 1 of 2 is live/);
    expect(result.stdout).toMatch(/incident 2 of 2 has ended/);
    const scoreboard = result.stdout.slice(result.stdout.indexOf("Scoreboard: responders"));
    expect(scoreboard).toMatch(/alice/);
    expect(scoreboard).toMatch(/bob/);
    expect(scoreboard).toMatch(/redis-down/);
    expect(scoreboard).toMatch(/postgres-down/);

    const html = await readFile(path.join(scratch, "out", "gameday.html"), "utf8");
    expect(html).toContain("redis-down");
    expect(html).toContain("postgres-down");
    expect(html).toContain("Scoreboard");
    const reviews = (await readdir(path.join(scratch, "out"))).filter((file) => file.endsWith("-review.md"));
    expect(reviews.length).toBe(2);

    const history = (await readFile(path.join(scratch, "history", "runs.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as { mode: string; team?: string; gameday?: string; drill: string });
    expect(history).toHaveLength(2);
    expect(history.map((record) => record.drill).sort()).toEqual(["postgres-down", "redis-down"]);
    for (const record of history) expect(record).toMatchObject({ mode: "gameday", team: "portal" });
    expect(new Set(history.map((record) => record.gameday)).size).toBe(1);

    // Nothing left running: the standing environment is gone, and so is the game day's session.
    expect(await readdir(path.join(state.root, "envs")).catch(() => [])).toEqual([]);
    expect((await alice("status")).code).not.toBe(0);
  }, 480_000);

  it("on SIGINT rolls the incident in progress back, writes what ran, takes the environment down and exits 130", async () => {
    const out = path.join(scratch, "interrupted");
    const child = spawn(process.execPath, [FIREDRILL_BIN, "gameday", "--name", NAME, "--drills", "redis-down", "--gap", "1s", "--seed", "5", "--team", "sigint", "--out", out], { env: { ...process.env, ...env } });
    const done = waitForExit(child, 240_000);
    await until("the incident active", (view) => view.incidents[0]?.state === "active").catch(async (error: Error) => {
      child.kill("SIGKILL");
      throw new Error(`${error.message}\n${JSON.stringify(await done.catch(() => ""))}`);
    });
    expect((await alice("ack")).code).toBe(0);
    child.kill("SIGINT");
    const result = await done;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/SIGINT: ending the game day/);
    expect(result.stdout).toMatch(/redis-down +interrupted/);
    expect(await readFile(path.join(out, "gameday.html"), "utf8")).toContain("redis-down");
    const history = await readFile(path.join(scratch, "history", "runs.jsonl"), "utf8").catch(() => "");
    expect(history).not.toMatch(/"team":"sigint"/);
    expect(await readdir(path.join(state.root, "envs")).catch(() => [])).toEqual([]);
  }, 300_000);
});

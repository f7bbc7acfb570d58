import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvironmentDescriptor } from "../src/env/descriptor.ts";
import { isAlive, processesOf } from "../src/env/processes.ts";
import { freePort } from "../src/env/ports.ts";
import { eventually } from "./support/portal.ts";
import { envCli, envUp, privateStateRoot } from "./support/env.ts";

let state: Awaited<ReturnType<typeof privateStateRoot>>;
beforeAll(async () => {
  state = await privateStateRoot();
});
afterAll(async () => state.cleanup());

async function down(descriptor: EnvironmentDescriptor): Promise<void> {
  expect((await envCli(state.env, ["env", "down", "--name", descriptor.name])).code).toBe(0);
  expect(isAlive(descriptor.target?.pid ?? 0)).toBe(false);
  expect(await processesOf(descriptor.stateDir)).toEqual([]);
}

describe("env up --traffic", () => {
  it("plays customers against the portal from the supervisor and writes SLI windows, until down", async () => {
    const descriptor = await envUp(state.env, "busy", ["--traffic", "20", "--traffic-duration", "1m"]);
    const sliPath = path.join(descriptor.stateDir, "traffic", "sli.jsonl");
    const windows = await eventually(
      "two windows with requests in sli.jsonl",
      async () => {
        const lines = (await readFile(sliPath, "utf8").catch(() => "")).split("\n").filter(Boolean).map((line) => JSON.parse(line) as { type: string; requests?: number });
        const busy = lines.filter((line) => line.type === "window" && (line.requests ?? 0) > 0);
        return busy.length >= 2 ? busy : undefined;
      },
      10_000,
      200,
    );
    expect(windows[0]!.requests).toBeGreaterThan(5);
    await down(descriptor);
  });

  it("refuses a rate that is not a number, leaving nothing behind", async () => {
    const result = await envCli(state.env, ["env", "up", "--detach", "--name", "bad-rate", "--traffic", "lots"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--traffic "lots" is not a rate');
    expect(await processesOf(path.join(state.root, "envs", "bad-rate"))).toEqual([]);
  });
});

describe("env up --target-cmd (a team's own BFF)", () => {
  it("runs the command with the same wiring, health-checks it, restarts it with --set, and stops it", async () => {
    const bff = path.join(state.root, "own-bff.cjs");
    await writeFile(
      bff,
      `require("node:http").createServer((request, response) => {
         if (request.url !== "/ready") { response.statusCode = 404; return response.end(); }
         response.setHeader("content-type", "application/json");
         response.end(JSON.stringify({ whmcs: process.env.WHMCS_API_URL, redis: process.env.REDIS_URL, team: process.env.TEAM, replay: process.env.SF_EVENTS_REPLAY }));
       }).listen(Number(process.env.PORT), "127.0.0.1");`,
    );
    const command = `${process.execPath} ${bff}`;
    const port = await freePort();
    const healthUrl = `http://127.0.0.1:${port}/ready`;
    const descriptor = await envUp(state.env, "own", ["--target-cmd", command, "--target-port", String(port), "--target-health-url", healthUrl, "--target-env", "TEAM=payments"]);
    expect(descriptor.target).toMatchObject({ command, url: `http://127.0.0.1:${port}`, healthUrl });
    expect(isAlive(descriptor.target!.pid)).toBe(true);
    // The wiring arrives, pointing through the proxies, with the team's own variable on top.
    const seen = (await (await fetch(healthUrl)).json()) as Record<string, string>;
    expect(seen).toEqual({ whmcs: descriptor.services.whmcs.url, redis: descriptor.services.redis.url, team: "payments", replay: "LATEST" });
    const restarted = await envCli(state.env, ["env", "restart", "portal", "--name", "own", "--set", "SF_EVENTS_REPLAY=ALL"]);
    expect(restarted.code).toBe(0);
    expect(((await (await fetch(healthUrl)).json()) as Record<string, string>).replay).toBe("ALL");
    const status = JSON.parse((await envCli(state.env, ["env", "status", "--name", "own", "--json"])).stdout) as { descriptor: EnvironmentDescriptor };
    expect(status.descriptor.target!.pid).not.toBe(descriptor.target!.pid);
    await down(status.descriptor);
  });
});

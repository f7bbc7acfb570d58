import path from "node:path";
import type { Command } from "commander";
import { ControlClient } from "../../env/control/client.ts";
import { FiredrillError } from "../../errors.ts";
import { untilSignal } from "../fail.ts";
import { nameOption, print } from "./env-options.ts";

interface TrafficOptions {
  name: string;
  rps?: string;
  duration: string;
  customers?: string;
  quiet?: boolean;
}

export function registerTraffic(program: Command): void {
  program
    .command("traffic")
    .description("play the portal's customers (and Salesforce's order events) against an environment; SLIs per window to <stateDir>/traffic/sli.jsonl")
    .addOption(nameOption())
    .option("--rps <n>", "offered requests per second (open loop)", "10")
    .option("--duration <time>", "how long: 30s, 1500ms, 2m", "30s")
    .option("--customers <n>", "virtual customers (seeded accounts)")
    .option("--quiet", "print only the totals")
    .action(async (options: TrafficOptions) => {
      const client = await ControlClient.connect(options.name);
      const { target, mocks, stateDir } = client.descriptor;
      if (target === undefined) {
        throw new FiredrillError("STATE_INVALID", `environment "${options.name}" runs without a portal; start one with \`firedrill env up --name ${options.name}\` (without --no-portal)`);
      }
      const { runTrafficCommand, renderTrafficResult, renderTrafficWindow } = await import("../../traffic/index.ts");
      const stop = new AbortController();
      void untilSignal().then(() => stop.abort());
      const result = await runTrafficCommand(
        { rps: options.rps, duration: options.duration, name: options.name, ...(options.customers ? { customers: options.customers } : {}) },
        { targetUrl: target.url, mocksControlUrl: mocks.controlUrl, outDir: path.join(stateDir, "traffic") },
        { signal: stop.signal, ...(options.quiet ? {} : { onWindow: (line) => print(renderTrafficWindow(line)) }) },
      );
      print(renderTrafficResult(result));
      // Ctrl-C ended it early: the totals are printed, the command has done its job.
      process.exit(0);
    });
}

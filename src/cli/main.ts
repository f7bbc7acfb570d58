import { Command } from "commander";
import { registerBff } from "./commands/bff.ts";
import { registerDrillRuns } from "./commands/drill-runs.ts";
import { registerDrills } from "./commands/drills.ts";
import { registerRespond } from "./commands/respond.ts";
import { registerTrain } from "./commands/train.ts";
import { registerGameDay } from "./commands/gameday.ts";
import { registerEnv } from "./commands/env.ts";
import { registerHistory } from "./commands/history.ts";
import { registerImages } from "./commands/images.ts";
import { registerMaintenance } from "./commands/maintenance.ts";
import { registerMocks } from "./commands/mocks.ts";
import { registerProxy } from "./commands/proxy.ts";
import { registerRunbook } from "./commands/runbook.ts";
import { registerTraffic } from "./commands/traffic.ts";
import { fail } from "./fail.ts";

// `firedrill … | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const program = new Command()
  .name("firedrill")
  .description("Rehearse the Customer Portal's incident runbook for real: inject each scenario's failure, score the response.")
  .version("0.1.0");

registerEnv(program);
registerImages(program);
registerProxy(program);
registerTraffic(program);
registerMaintenance(program);
registerMocks(program);
registerBff(program);
registerDrills(program);
registerDrillRuns(program);
registerTrain(program);
registerGameDay(program);
registerRespond(program);
registerRunbook(program);
registerHistory(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  fail(error);
}

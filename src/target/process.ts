// The portal as a process, configured by environment variables (see config.ts):
// prints one "portal listening on …" line when ready, shuts down cleanly on
// SIGTERM/SIGINT. Shared by src/target/main.ts and the CLI's hidden `bff`
// command (which the environment launches, so `pgrep -f "node.*bff"` finds it).
import { loadConfig } from "./config.ts";
import { startPortal } from "./portal.ts";

export async function runPortalProcess(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const portal = await startPortal(loadConfig(env));
  process.stdout.write(`portal listening on ${portal.url} (logs in ${portal.logDir})\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
  process.stdout.write(`portal: ${signal} received, shutting down\n`);
  // A second signal while closing means "now".
  const force = () => process.exit(1);
  process.once("SIGTERM", force);
  process.once("SIGINT", force);
  try {
    await portal.close();
  } catch (error) {
    process.stderr.write(`portal: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

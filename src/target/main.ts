// The portal as a process: `node --import tsx src/target/main.ts`. The one place that prints and exits.
import { isFiredrillError } from "../errors.ts";
import { runPortalProcess } from "./process.ts";

runPortalProcess().catch((error: unknown) => {
  // FiredrillError messages already name their subject ("portal: …").
  process.stderr.write(isFiredrillError(error) ? `${error.message}\n` : `portal: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});

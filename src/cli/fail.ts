import { isFiredrillError } from "../errors.ts";

/** Exit codes: 1 a failed run (a drill, a check), 2 bad input or a broken environment, 130 interrupted. */
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** The one place where an error becomes a message and an exit code. */
export function fail(error: unknown): never {
  if (isFiredrillError(error)) {
    process.stderr.write(`firedrill: ${error.message}\n`);
    process.exit(EXIT_USAGE);
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`firedrill: unexpected error: ${detail}\n`);
  process.exit(1);
}

/** Resolves on the first SIGINT or SIGTERM, so a command can tear down in order before exiting. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolve(signal);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

/**
 * For a command that runs drills: an AbortSignal aborted (with the engine's
 * Interrupted) on the first SIGINT or SIGTERM, after telling the user what
 * now happens; `interrupted()` says whether it came.
 */
export async function abortOnSignal(whatHappens: string): Promise<{ readonly signal: AbortSignal; interrupted(): boolean }> {
  const { Interrupted } = await import("../engine/waits.ts");
  const controller = new AbortController();
  void untilSignal().then((signal) => {
    process.stderr.write(`firedrill: ${signal}: ${whatHappens}\n`);
    controller.abort(new Interrupted(`interrupted by ${signal}`));
  });
  return { signal: controller.signal, interrupted: () => controller.signal.aborted };
}

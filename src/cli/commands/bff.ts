import type { Command } from "commander";

/** The sample portal as a process (the environment starts it this way; see src/target/). */
export function registerBff(program: Command): void {
  program
    .command("bff", { hidden: true })
    .description("run the sample Customer Portal BFF, configured by environment variables (internal)")
    .option("--env-dir <dir>", "the environment this portal belongs to (lets `firedrill gc` find it)")
    .action(async () => (await import("../../target/process.ts")).runPortalProcess());
}

import type { Command } from "commander";
import { diagnose } from "../../env/doctor.ts";
import { collectGarbage } from "../../env/gc.ts";

const print = (text: string) => process.stdout.write(`${text}\n`);

export function registerMaintenance(program: Command): void {
  program
    .command("gc")
    .description("reap what crashed or killed runs left: processes, proxies, temporary directories, state files")
    .option("--json", "print what was reaped as JSON")
    .action(async (options: { json?: boolean }) => {
      const reaped = await collectGarbage();
      if (options.json) print(JSON.stringify(reaped, null, 2));
      else if (reaped.length === 0) print("gc: nothing to reap");
      else for (const env of reaped) {
        const survivors = env.survivors.length > 0 ? `; still running: ${env.survivors.join(", ")} (kill them by hand)` : "";
        const containers = env.containers ? `, removed ${env.containers.length} container(s)` : "";
        print(`gc: environment "${env.name}": ended ${env.processes.length} process(es)${containers}, removed ${env.removedDir ?? "nothing"}${survivors}`);
      }
      if (reaped.some((env) => env.survivors.length > 0)) process.exitCode = 1;
    });

  program
    .command("doctor")
    .description("what this machine has for firedrill, and what is missing with the fix; exit code 1 if a required part is missing")
    .option("--json", "print the findings as JSON")
    .action(async (options: { json?: boolean }) => {
      const findings = await diagnose();
      if (options.json) print(JSON.stringify(findings, null, 2));
      else {
        for (const finding of findings) {
          const mark = finding.ok ? "ok     " : finding.required ? "MISSING" : "absent ";
          print(`${mark} ${finding.what.padEnd(36)} ${finding.detail}${finding.fix && !finding.ok ? `  -> fix: ${finding.fix}` : ""}`);
        }
      }
      if (findings.some((finding) => finding.required && !finding.ok)) process.exitCode = 1;
    });
}

import { readFile, rm, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { s } from "../../schema/index.ts";
import { defineAction } from "../action.ts";

const file = s.withDefault(s.enumOf(["combined.log", "error.log"] as const, "log file"), "combined.log");

function logPath(logDir: string | undefined, name: string): string {
  if (logDir === undefined) throw new Error("the environment runs without a BFF: it has no logs");
  return path.join(logDir, name);
}

/**
 * What the Security Incident scenario forbids ("DO NOT modify logs or
 * evidence"): real, destructive, so a trainee who does it loses the evidence
 * and the points. Drills list them under `avoid`.
 */
export const logTruncate = defineAction({
  description: "truncate one of the BFF's logs (destroys evidence)",
  params: s.object({ file }),
  destructive: true,
  async run({ descriptor, params }) {
    await truncate(logPath(descriptor.target?.logDir, params.file), 0);
    return { file: params.file };
  },
});

export const logDelete = defineAction({
  description: "delete one of the BFF's logs (destroys evidence)",
  params: s.object({ file }),
  destructive: true,
  async run({ descriptor, params }) {
    await rm(logPath(descriptor.target?.logDir, params.file), { force: true });
    return { file: params.file };
  },
});

export const logRewrite = defineAction({
  description: "remove the lines matching a pattern from one of the BFF's logs (tampers with evidence)",
  params: s.object({ file, pattern: s.string({ minLength: 1 }) }),
  destructive: true,
  async run({ descriptor, params }) {
    const target = logPath(descriptor.target?.logDir, params.file);
    const pattern = new RegExp(params.pattern);
    const lines = (await readFile(target, "utf8")).split("\n");
    const kept = lines.filter((line) => !pattern.test(line));
    await writeFile(target, kept.join("\n"));
    return { file: params.file, linesRemoved: lines.length - kept.length };
  },
});

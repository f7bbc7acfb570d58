import { readFile } from "node:fs/promises";
import { type Command, Option } from "commander";
import { FiredrillError } from "../../errors.ts";
import { print } from "./env-options.ts";

interface RespondOptions {
  name: string;
  as?: string;
}

/** A move the drill refused because of its state (ended, nothing open yet): exit 1, not a usage error. */
const EXIT_REFUSED = 1;

async function call(options: RespondOptions, method: "GET" | "POST", route: string, body: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const { readSessionFile } = await import("../../live/session-file.ts");
  const session = await readSessionFile(options.name);
  let response: Response;
  try {
    response = await fetch(`${session.url}${route}`, {
      method,
      headers: { Authorization: `Bearer ${session.token}`, "Content-Type": "application/json" },
      ...(method === "POST" && { body: JSON.stringify({ ...body, actor: options.as ?? process.env.USER ?? "trainee" }) }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new FiredrillError("NOT_FOUND", `the drill in environment "${options.name}" does not answer (${(error as Error).message}); has it ended?`);
  }
  const reply = (await response.json()) as Record<string, unknown>;
  if (response.status === 409) {
    process.stderr.write(`firedrill: ${String(reply.error)}\n`);
    process.exitCode = EXIT_REFUSED;
    return reply;
  }
  if (!response.ok) throw new FiredrillError("CONFIG_INVALID", String(reply.error ?? `HTTP ${response.status}`));
  return reply;
}

const nameOption = () => new Option("--name <name>", "the environment the drill runs in (train --name)").default("train");
const asOption = () => new Option("--as <responder>", "your name in the journal (default: $USER)");

export function registerRespond(program: Command): void {
  const respond = program.command("respond").description("respond to the live drill (firedrill train): acknowledge, classify, escalate, update, resolve, hint");
  const verb = (name: string, description: string) => respond.command(name).description(description).addOption(nameOption()).addOption(asOption());

  verb("status", "the drill's state: waiting, active, ended").action(async (options: RespondOptions) => {
    print(JSON.stringify(await call(options, "GET", "/status"), null, 2));
  });
  verb("ack", "acknowledge the incident").action(async (options: RespondOptions) => {
    const reply = await call(options, "POST", "/ack");
    if (reply.ok) print("acknowledged");
  });
  verb("classify", "give the severity (the runbook's table) and the component at fault")
    .requiredOption("--severity <P1..P4>", "severity")
    .option("--component <component>", "portal, redis, postgres, salesforce, whmcs or freebit")
    .action(async (options: RespondOptions & { severity: string; component?: string }) => {
      const reply = await call(options, "POST", "/classify", { severity: options.severity, ...(options.component !== undefined && { component: options.component }) });
      if (reply.ok) print(`classified ${String(reply.severity)}${reply.component ? ` / ${String(reply.component)}` : ""}`);
    });
  verb("escalate", "escalate to a level of the runbook's matrix")
    .argument("<level>", "L1..L4")
    .option("--reason <text>", "why")
    .action(async (level: string, options: RespondOptions & { reason?: string }) => {
      const reply = await call(options, "POST", "/escalate", { level, ...(options.reason !== undefined && { reason: options.reason }) });
      if (reply.ok) print(`escalated to ${String(reply.level)}: ${String(reply.contact)} (${String(reply.scope)})`);
    });
  verb("update", "post a status update in the runbook's Internal Status Update template")
    .option("--file <file>", "the update's text")
    .option("--text <text>", "the update's text, inline")
    .action(async (options: RespondOptions & { file?: string; text?: string }) => {
      if ((options.file === undefined) === (options.text === undefined)) throw new FiredrillError("CONFIG_INVALID", "give the update with --file status.txt or --text \"…\" (one of them)");
      const text = options.text ?? (await readFile(options.file!, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw new FiredrillError("NOT_FOUND", `--file ${options.file}: cannot read it (${error.code ?? error.message})`);
      }));
      const reply = await call(options, "POST", "/update", { text });
      if (!reply.ok) return;
      const missing = reply.missing as string[];
      const invalid = reply.invalid as { field: string; value: string; allowed: string[] }[];
      print(missing.length === 0 && invalid.length === 0 ? "update posted: every field of the template filled" : `update posted; missing: ${missing.join(", ") || "none"}${invalid.map((item) => `; ${item.field} "${item.value}" is not one of ${item.allowed.join("/")}`).join("")}`);
    });
  verb("resolve", "declare the incident resolved (the recovery probes must agree)")
    .option("--note <text>", "what fixed it")
    .action(async (options: RespondOptions & { note?: string }) => {
      const reply = await call(options, "POST", "/resolve", { ...(options.note !== undefined && { note: options.note }) });
      if (!reply.ok) return;
      if (reply.verified) print("resolved: the recovery probes agree");
      else {
        print(String(reply.message));
        process.exitCode = EXIT_REFUSED;
      }
    });
  verb("hint", "the next hint (costs points)").action(async (options: RespondOptions) => {
    const reply = await call(options, "POST", "/hint");
    if (reply.ok) print(`hint ${String(reply.hint)} (−${String(reply.cost)} points): ${String(reply.text)}`);
  });
}

import type { EnvironmentDescriptor } from "../env/descriptor.ts";

/**
 * How the runbook's diagnosis commands, written for production, run against
 * an environment. Each rule rewrites one host, path or habit; everything else
 * (redis-cli, psql $DATABASE_URL, $WHMCS_API_URL, grep, tail, jq) runs as
 * written in the environment's shell, where those variables and a redis-cli
 * wrapper point at the environment (see `firedrill env shell`).
 * The README's "Runbook commands" table lists these rules.
 */
export interface CommandRule {
  readonly runbook: string;
  readonly environment: string;
  readonly why: string;
  apply(command: string, descriptor: EnvironmentDescriptor): string;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export const COMMAND_RULES: readonly CommandRule[] = [
  {
    runbook: "http://localhost:4000",
    environment: "the target's URL (descriptor target.url)",
    why: "the BFF listens on a free port of this machine, not 4000",
    apply: (command, descriptor) =>
      descriptor.target === undefined ? command : command.replace(/(https?:\/\/)?localhost:4000/g, (_match, scheme: string | undefined) => `${scheme ?? ""}${new URL(descriptor.target!.url).host}`),
  },
  {
    runbook: "/var/log/bff/",
    environment: "the target's log directory (descriptor target.logDir)",
    why: "each environment keeps its BFF's combined.log and error.log in its own directory",
    apply: (command, descriptor) => (descriptor.target === undefined ? command : command.replace(/\/var\/log\/bff\//g, `${descriptor.target.logDir}/`)),
  },
  {
    runbook: 'pgrep -f "node.*bff"',
    environment: 'pgrep -f "node.*bff" | grep -x <target pid>',
    why: "several environments may run on one machine: keep the pattern, keep only this environment's BFF",
    apply: (command, descriptor) =>
      descriptor.target === undefined ? command : command.replace(new RegExp(`pgrep -f ("node\\.\\*bff"|'node\\.\\*bff')`, "g"), (match) => `${match} | grep -x ${descriptor.target!.pid}`),
  },
  {
    runbook: "top -p",
    environment: "top -b -n 1 -p",
    why: "no terminal in a drill: one batch-mode screen",
    apply: (command) => command.replace(new RegExp(`\\b${escape("top -p")}\\b`, "g"), "top -b -n 1 -p"),
  },
];

/** The command as it runs in the environment. */
export function mapRunbookCommand(command: string, descriptor: EnvironmentDescriptor): string {
  return COMMAND_RULES.reduce((mapped, rule) => rule.apply(mapped, descriptor), command);
}

import { parse } from "yaml";
import { FiredrillError } from "../../errors.ts";
import { LOOPBACK } from "../ports.ts";
import { compose, type ComposeProject } from "./compose-cli.ts";

interface ServiceConfig {
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
}

/** What firedrill needs from a game-day compose file, as `docker-compose config` resolves it. */
export interface GamedayConfig {
  proxyApiUrl: string;
  mocksControlUrl: string;
  /** The portal's variables as the file gives them: the base its overrides are measured against. */
  portalEnv: Record<string, string>;
  postgres: { user: string; password: string; templateDatabase: string };
}

export const COMPOSE_SERVICES = { redis: "redis", postgres: "postgres", toxiproxy: "toxiproxy", mocks: "mocks", portal: "portal" } as const;

/** `--port 8474`, `--port=8474`, `-port=8474`: the value of a flag in a command line. */
export function flagValue(command: readonly string[], ...names: string[]): string | undefined {
  for (let i = 0; i < command.length; i++) {
    const word = command[i]!;
    for (const name of names) {
      if (word === name) return command[i + 1];
      if (word.startsWith(`${name}=`)) return word.slice(name.length + 1);
    }
  }
  return undefined;
}

const words = (command: ServiceConfig["command"]) => (Array.isArray(command) ? command : (command ?? "").split(/\s+/).filter(Boolean));
const strings = (env: ServiceConfig["environment"]) => Object.fromEntries(Object.entries(env ?? {}).map(([key, value]) => [key, value === null ? "" : String(value)]));

export async function readGamedayConfig(project: ComposeProject): Promise<GamedayConfig> {
  const config = parse(await compose(project, ["config"])) as { services?: Record<string, ServiceConfig> };
  const service = (name: string): ServiceConfig => {
    const found = config.services?.[name];
    if (found === undefined) {
      throw new FiredrillError("CONFIG_INVALID", `${project.files.join(" + ")}: no service "${name}"; a game-day compose file has the services ${Object.values(COMPOSE_SERVICES).join(", ")} (see docker-compose.yml)`);
    }
    return found;
  };
  const toxiproxy = words(service(COMPOSE_SERVICES.toxiproxy).command);
  const mocks = words(service(COMPOSE_SERVICES.mocks).command);
  const controlPort = flagValue(mocks, "--control-port");
  if (controlPort === undefined) throw new FiredrillError("CONFIG_INVALID", `${project.files[0]}: the mocks' command has no --control-port; give it one (docker-compose.yml: --control-port=18090)`);
  const postgres = strings(service(COMPOSE_SERVICES.postgres).environment);
  return {
    proxyApiUrl: `http://${flagValue(toxiproxy, "-host", "--host") ?? LOOPBACK}:${flagValue(toxiproxy, "-port", "--port") ?? 8474}`,
    mocksControlUrl: `http://${LOOPBACK}:${controlPort}`,
    portalEnv: strings(service(COMPOSE_SERVICES.portal).environment),
    postgres: { user: postgres.POSTGRES_USER || "postgres", password: postgres.POSTGRES_PASSWORD ?? "", templateDatabase: postgres.POSTGRES_DB || "portal_template" },
  };
}

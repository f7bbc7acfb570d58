import { type Command, Option } from "commander";
import { FiredrillError } from "../../errors.ts";
import { untilSignal } from "../fail.ts";
import { parsePort } from "../options.ts";
import { print } from "./env-options.ts";

function parsePublicUrl(value: string, previous: string[] = []): string[] {
  if (!/^(salesforce|whmcs|freebit)=https?:\/\//.test(value)) {
    throw new FiredrillError("CONFIG_INVALID", `"${value}" is not SYSTEM=URL; SYSTEM is salesforce, whmcs or freebit, e.g. --public-url salesforce=http://127.0.0.1:28081`);
  }
  return [...previous, value];
}

/** The SaaS mocks on their own, on fixed ports: for docker-compose.yml's standing game-day environment (env up runs them in its supervisor). */
export function registerMocks(program: Command): void {
  program
    .command("mocks")
    .description("serve the Salesforce, WHMCS and Freebit mocks and their control API until Ctrl-C (docker-compose.yml runs this)")
    .option("--host <host>", "address the three mocks listen on (the control API stays on loopback)", "127.0.0.1")
    .addOption(new Option("--salesforce-port <port>").argParser(parsePort).default(0))
    .addOption(new Option("--whmcs-port <port>").argParser(parsePort).default(0))
    .addOption(new Option("--freebit-port <port>").argParser(parsePort).default(0))
    .addOption(new Option("--control-port <port>").argParser(parsePort).default(0))
    .option("--public-url <SYSTEM=URL>", "the URL clients use for a mock, e.g. its fault proxy (repeatable)", parsePublicUrl, [])
    .action(async (options: { host: string; salesforcePort: number; whmcsPort: number; freebitPort: number; controlPort: number; publicUrl: string[] }) => {
      const { startMocks } = await import("../../mocks/index.ts");
      const publicUrls = Object.fromEntries(options.publicUrl.map((item) => [item.slice(0, item.indexOf("=")), item.slice(item.indexOf("=") + 1)]));
      const mocks = await startMocks({
        host: options.host,
        ports: { salesforce: options.salesforcePort, whmcs: options.whmcsPort, freebit: options.freebitPort, control: options.controlPort },
        publicUrls,
      });
      try {
        const { services } = mocks.descriptor();
        for (const [system, service] of Object.entries(services)) print(`firedrill mocks: ${system} ${service.directUrl} (clients use ${service.url})`);
        print(`firedrill mocks: control API ${mocks.controlUrl}`);
        print(`firedrill mocks: ${await untilSignal()}, shutting down`);
      } finally {
        await mocks.close();
      }
    });
}

import type { Command } from "commander";
import { loadProxyConfig } from "../../proxy/config.ts";
import { startProxyServer } from "../../proxy/index.ts";
import { untilSignal } from "../fail.ts";
import { parsePort } from "../options.ts";

export function registerProxy(program: Command): void {
  program
    .command("proxy")
    .description("run the Toxiproxy-compatible fault proxy server (a drop-in for toxiproxy-server)")
    .option("--host <host>", "address the control API listens on", "localhost")
    .option("--port <port>", "port of the control API", parsePort, 8474)
    .option("--config <file>", "proxies to create at start, in the /populate format (a JSON array)")
    .action(async (options: { host: string; port: number; config?: string }) => {
      const config = options.config === undefined ? undefined : await loadProxyConfig(options.config);
      const server = await startProxyServer({ host: options.host, port: options.port });
      try {
        if (config !== undefined) await config.apply(server.proxies);
        process.stdout.write(`firedrill proxy: API listening on ${server.apiUrl}\n`);
        for (const proxy of server.proxies.list()) {
          process.stdout.write(`firedrill proxy: ${proxy.name} ${proxy.listen} -> ${proxy.upstream}\n`);
        }
        const signal = await untilSignal();
        process.stdout.write(`firedrill proxy: ${signal}, shutting down\n`);
      } finally {
        await server.close();
      }
    });
}

import http from "node:http";
import type { AddressInfo } from "node:net";
import { portInUse } from "../env/ports.ts";
import { Closers } from "./closers.ts";
import type { PortalConfig } from "./config.ts";
import { httpHandler } from "./http/http-handler.ts";
import { LogFiles } from "./log/log-files.ts";
import { Logger } from "./log/logger.ts";
import { portalRouter } from "./routes/portal-router.ts";
import { wirePortal } from "./wiring.ts";

export interface StartedPortal extends AsyncDisposable {
  /** `http://127.0.0.1:4000`, no trailing slash. */
  readonly url: string;
  readonly healthUrl: string;
  /** Holds combined.log and error.log. */
  readonly logDir: string;
  readonly port: number;
  readonly pid: number;
  readonly config: PortalConfig;
  /** Stops accepting, ends open streams, stops the subscriber, closes pools and logs. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the sample Customer Portal BFF in this process: connects to its
 * dependencies (a dependency that is down is reported by /health, not a
 * reason to refuse to start), starts the Platform Event subscriber when
 * enabled, and listens.
 */
export async function startPortal(config: PortalConfig): Promise<StartedPortal> {
  const closers = new Closers();
  const files = new LogFiles(config.logDir);
  const logger = new Logger(files, { level: config.logLevel, fields: { pid: process.pid } });
  closers.add("log files", () => files.close());
  closers.add("stop log line", () => logger.info("portal stopped", { component: "portal" }));
  try {
    const services = await wirePortal(config, logger, closers);
    const server = http.createServer({ keepAliveTimeout: 5_000, requestTimeout: 30_000 }, httpHandler(portalRouter(services), logger, { trustProxy: config.auth.trustProxy }));
    await listen(server, config);
    closers.add("http server", () => closeServer(server));
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
    logger.info(`portal listening on ${url}`, {
      component: "portal",
      url,
      logDir: config.logDir,
      events: config.events.enabled ? `enabled (${config.events.replay})` : "disabled",
      blacklistFailClosed: config.auth.blacklistFailClosed,
      poolSize: config.database.poolSize,
      healthSkip: config.health.skip,
    });
    const close = async () => {
      const errors = await closers.closeAll();
      if (errors.length > 0) throw new AggregateError(errors, `portal: ${errors.length} resource(s) did not close cleanly`);
    };
    return { url, healthUrl: `${url}/health`, logDir: config.logDir, port, pid: process.pid, config, close, [Symbol.asyncDispose]: close };
  } catch (error) {
    logger.error(`portal failed to start: ${error instanceof Error ? error.message : String(error)}`, { component: "portal" });
    await closers.closeAll();
    throw error;
  }
}

function listen(server: http.Server, config: PortalConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(error.code === "EADDRINUSE" ? portInUse(config.port, config.host, "portal", error) : error));
    server.listen({ host: config.host, port: config.port }, () => resolve());
  });
}

/** Stops accepting and ends every connection, idle keep-alives and open SSE streams included. */
function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

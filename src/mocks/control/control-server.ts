import http from "node:http";
import type { AddressInfo } from "node:net";
import { portInUse } from "../../env/ports.ts";
import { FiredrillError } from "../../errors.ts";
import { urlHostOf } from "../http/mock-server.ts";
import { BodyTooLargeError, readBody } from "../http/read-body.ts";
import type { MocksControl } from "./mocks-control.ts";
import { type ControlReply, routes } from "./routes.ts";

const STATUS_BY_CODE: Partial<Record<string, number>> = { CONFIG_INVALID: 400, NOT_FOUND: 404, STATE_INVALID: 409 };

export interface StartedControlServer {
  readonly url: string;
  close(): Promise<void>;
}

function send(response: http.ServerResponse, reply: ControlReply): void {
  if (reply.json === undefined) response.writeHead(reply.status).end();
  else response.writeHead(reply.status, { "Content-Type": "application/json" }).end(JSON.stringify(reply.json));
}

async function handle(control: MocksControl, request: http.IncomingMessage): Promise<ControlReply> {
  const url = new URL(request.url ?? "/", "http://control");
  const candidates = routes.filter((route) => route.pattern.test(url.pathname));
  const route = candidates.find((candidate) => candidate.method === request.method);
  if (route === undefined) {
    request.resume();
    const allowed = candidates.map((candidate) => candidate.method);
    if (allowed.length > 0) return { status: 405, json: { error: `mocks control: ${request.method} ${url.pathname} is not allowed; use ${allowed.join(" or ")}` } };
    const known = routes.map((candidate) => `${candidate.method} ${candidate.pattern.source.replace(/^\^|\$$/g, "").replace(/\\\//g, "/")}`);
    return { status: 404, json: { error: `mocks control: no route ${request.method} ${url.pathname}; routes: ${known.join(", ")}` } };
  }
  const raw = (await readBody(request, 1 << 20)).toString("utf8");
  let body: unknown;
  try {
    body = raw.trim() === "" ? undefined : JSON.parse(raw);
  } catch {
    throw new FiredrillError("CONFIG_INVALID", `mocks control: the body of ${request.method} ${url.pathname} is not JSON`);
  }
  return route.handle(control, route.pattern.exec(url.pathname)!, body, url.searchParams);
}

/** The control API of the mocks on loopback: faults, events, journal, reset (see routes.ts). */
export async function startControlServer(control: MocksControl, host: string, port: number): Promise<StartedControlServer> {
  const server = http.createServer({ requestTimeout: 30_000 }, (request, response) => {
    handle(control, request).then(
      (reply) => send(response, reply),
      (error: unknown) => {
        if (error instanceof FiredrillError) send(response, { status: STATUS_BY_CODE[error.code] ?? 500, json: { error: error.message, code: error.code } });
        else if (error instanceof BodyTooLargeError) send(response, { status: 413, json: { error: `mocks control: ${error.message}` } });
        else send(response, { status: 500, json: { error: `mocks control: ${(error as Error)?.message ?? String(error)}` } });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(error.code === "EADDRINUSE" ? portInUse(port, host, "mocks control API", error) : error));
    server.listen({ host, port }, resolve);
  });
  const address = server.address() as AddressInfo;
  const urlHost = urlHostOf(address);
  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

import http from "node:http";
import { type Outcome, outcomeOfStatus } from "./outcome.ts";

export interface PortalRequest {
  readonly method: "GET" | "POST";
  /** Path and query, e.g. "/orders". */
  readonly path: string;
  readonly token?: string;
  readonly json?: unknown;
  /** Sent as X-Forwarded-For: the customer's own address, which the portal uses with TRUST_PROXY=true. */
  readonly clientIp: string;
}

export interface PortalAnswer {
  readonly outcome: Outcome;
  /** Absent when no response came (timeout, connection error). */
  readonly status?: number;
  readonly body?: string;
  readonly error?: string;
}

export interface OpenedStream {
  readonly answer: PortalAnswer;
  /** The live response when the portal answered 200; its body is the stream. */
  readonly response?: http.IncomingMessage;
  /** Ends the stream from the customer's side. */
  abort(): void;
}

const MAX_BODY_BYTES = 1 << 20;
const IDLE_CONNECTION_MS = 4_000;

/**
 * The customers' browser, as far as the portal can tell: keep-alive
 * connections (at most `maxSockets`) for page requests, a connection of its
 * own for each event stream. Every call ends within `timeoutMs` and never
 * rejects: what happened is in the answer's outcome.
 */
export class PortalClient {
  readonly #host: string;
  readonly #port: number;
  /** A base URL's path (a BFF mounted under /api) goes before every request's path. */
  readonly #prefix: string;
  readonly #timeoutMs: number;
  readonly #pages: http.Agent;
  readonly #streams = new http.Agent({ keepAlive: false });

  constructor(baseUrl: string, options: { maxSockets: number; timeoutMs: number }) {
    const base = new URL(baseUrl);
    this.#host = base.hostname.replace(/^\[|\]$/g, "");
    this.#port = Number(base.port || 80);
    this.#prefix = base.pathname.replace(/\/+$/, "");
    this.#timeoutMs = options.timeoutMs;
    // Idle connections are let go after 4 s, before a server's usual 5 s keep-alive timeout: reusing one the
    // server is closing at that moment fails with ECONNRESET, a generator artefact (a browser would retry it).
    this.#pages = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets, timeout: IDLE_CONNECTION_MS });
  }

  send(request: PortalRequest): Promise<PortalAnswer> {
    return new Promise((resolve) => {
      const call = this.#call(request, this.#pages, {}, resolve);
      call.outgoing.on("response", (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY_BYTES) chunks.push(chunk);
        });
        response.on("end", () => call.finish({ outcome: outcomeOfStatus(response.statusCode ?? 0), status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", (error) => call.fail(error));
      });
    });
  }

  /** GET an event stream: answered once the headers arrive (or not, within the timeout). */
  openStream(request: PortalRequest): Promise<OpenedStream> {
    return new Promise((resolve) => {
      const call = this.#call({ ...request, method: "GET" }, this.#streams, { Accept: "text/event-stream" }, (answer, response) =>
        resolve({ answer, ...(response !== undefined && { response }), abort: () => call.outgoing.destroy() }),
      );
      call.outgoing.on("response", (response) => {
        const status = response.statusCode ?? 0;
        if (status === 200) return call.finish({ outcome: "ok", status }, response);
        response.resume();
        response.on("end", () => call.finish({ outcome: outcomeOfStatus(status), status }));
        response.on("error", (error) => call.fail(error));
      });
    });
  }

  /** Closes every connection, open streams included. */
  close(): void {
    this.#pages.destroy();
    this.#streams.destroy();
  }

  /** Sends the request; `settle` is called exactly once, at the latest when the timeout destroys the request. */
  #call(request: PortalRequest, agent: http.Agent, extraHeaders: Record<string, string>, settle: (answer: PortalAnswer, response?: http.IncomingMessage) => void) {
    const body = request.json === undefined ? undefined : JSON.stringify(request.json);
    const headers: Record<string, string | number> = { Accept: "application/json", "X-Forwarded-For": request.clientIp, ...extraHeaders };
    if (request.token !== undefined) headers.Authorization = `Bearer ${request.token}`;
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      headers["Content-Length"] = Buffer.byteLength(body);
    }
    const outgoing = http.request({ agent, host: this.#host, port: this.#port, method: request.method, path: this.#prefix + request.path, headers });
    let settled = false;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      outgoing.destroy(new Error(`no answer within ${this.#timeoutMs}ms`));
    }, this.#timeoutMs);
    const finish = (answer: PortalAnswer, response?: http.IncomingMessage) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      settle(answer, response);
    };
    const fail = (error: Error) => finish(failure(error, timedOut));
    outgoing.on("error", fail);
    outgoing.end(body);
    return { outgoing, finish, fail };
  }
}

function failure(error: Error, timedOut: boolean): PortalAnswer {
  const code = (error as NodeJS.ErrnoException).code;
  return { outcome: timedOut ? "timeout" : "connection", error: code === undefined ? error.message : `${code}: ${error.message}` };
}

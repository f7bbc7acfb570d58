import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";
import { HttpErrors } from "../errors.ts";
import type { Logger } from "../log/logger.ts";

const MAX_BODY_BYTES = 64 * 1024;

/** One request as handlers see it. */
export class RequestContext {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly ip: string;
  readonly requestId = randomBytes(8).toString("hex");
  readonly startedMs = performance.now();
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly log: Logger;
  /** Fields added to the request's log line: customerId, cache … */
  readonly annotations: Record<string, unknown> = {};
  params: Record<string, string> = {};

  constructor(request: IncomingMessage, response: ServerResponse, logger: Logger, trustProxy: boolean) {
    const url = new URL(request.url ?? "/", "http://portal.invalid");
    this.method = request.method ?? "GET";
    this.path = url.pathname;
    this.query = url.searchParams;
    this.ip = clientIp(request, trustProxy);
    this.request = request;
    this.response = response;
    this.log = logger.child({ requestId: this.requestId });
  }

  header(name: string): string | undefined {
    const value = this.request.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }

  /** The JSON body; 400 when it is not JSON, 413-ish (400) when too large. */
  async json(): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.request) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) throw HttpErrors.badRequest(`body larger than ${MAX_BODY_BYTES} bytes`);
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString("utf8");
    try {
      return JSON.parse(text === "" ? "null" : text);
    } catch {
      throw HttpErrors.badRequest("body is not JSON");
    }
  }
}

/** The socket's address, or with TRUST_PROXY the first X-Forwarded-For entry (traffic can play many clients). */
function clientIp(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  const ip = trustProxy && first && isIP(first) !== 0 ? first : (request.socket.remoteAddress ?? "0.0.0.0");
  return ip.replace(/^::ffff:/, "");
}

import type { SalesforceSession } from "../../clients/salesforce-auth.ts";
import { httpCall, jsonBody } from "../../clients/http-call.ts";
import { ExternalCallError } from "../../errors.ts";
import type { ExternalGateway } from "../../resilience/external-gateway.ts";
import { CookieJar } from "./cookie-jar.ts";
import type { BayeuxMessage } from "./messages.ts";

/** Sends one batch of Bayeux messages and returns the server's replies. */
export interface BayeuxTransport {
  send(messages: readonly BayeuxMessage[], options: { timeoutMs: number; signal: AbortSignal }): Promise<BayeuxMessage[]>;
}

/**
 * Long-polling over HTTP to `{instance_url}/cometd/<version>`: the session's
 * OAuth token in Authorization, the server's cookies sent back. Calls go
 * past the circuit breaker: the subscriber has its own retry and backoff.
 */
export class CometdTransport implements BayeuxTransport {
  readonly #session: SalesforceSession;
  readonly #url: string;
  readonly #gateway: ExternalGateway;
  readonly #cookies = new CookieJar();

  constructor(session: SalesforceSession, apiVersion: string, gateway: ExternalGateway) {
    this.#session = session;
    this.#url = `${session.instanceUrl}/cometd/${apiVersion}`;
    this.#gateway = gateway;
  }

  send(messages: readonly BayeuxMessage[], options: { timeoutMs: number; signal: AbortSignal }): Promise<BayeuxMessage[]> {
    const operation = `cometd ${messages.map((message) => message.channel).join(",")}`;
    return this.#gateway.call(operation, (signal) => this.#post(operation, messages, signal), { bypassCircuit: true, timeoutMs: options.timeoutMs, signal: options.signal });
  }

  async #post(operation: string, messages: readonly BayeuxMessage[], signal: AbortSignal): Promise<BayeuxMessage[]> {
    const headers: Record<string, string> = { Authorization: `OAuth ${this.#session.accessToken}`, "Content-Type": "application/json" };
    const cookie = this.#cookies.header();
    if (cookie !== undefined) headers.Cookie = cookie;
    const answer = await httpCall(this.#url, { method: "POST", headers, body: JSON.stringify(messages) }, signal);
    this.#cookies.store(answer.headers.getSetCookie());
    if (answer.status === 401 || answer.status === 403) {
      throw new ExternalCallError("salesforce", operation, "auth", `HTTP ${answer.status} ${answer.text.slice(0, 120)}`, { status: answer.status });
    }
    if (answer.status !== 200) throw new ExternalCallError("salesforce", operation, "http", `HTTP ${answer.status} ${answer.text.slice(0, 120).replace(/\s+/g, " ")}`, { status: answer.status });
    const body = jsonBody(answer, "salesforce", operation);
    if (!Array.isArray(body)) throw new ExternalCallError("salesforce", operation, "protocol", "answered JSON that is not an array of Bayeux messages");
    return body.filter((message): message is BayeuxMessage => message !== null && typeof message === "object" && typeof (message as BayeuxMessage).channel === "string");
  }
}

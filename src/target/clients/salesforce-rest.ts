import { ExternalCallError, type ExternalFailure } from "../errors.ts";
import type { CallOptions, ExternalGateway } from "../resilience/external-gateway.ts";
import { httpCall, isRecord } from "./http-call.ts";
import type { SalesforceAuth, SalesforceSession } from "./salesforce-auth.ts";

/** REST on the org: what provisioning writes back (Order status) and what the health check reads. */
export class SalesforceRest {
  readonly #auth: SalesforceAuth;
  readonly #gateway: ExternalGateway;
  readonly #apiVersion: string;

  constructor(auth: SalesforceAuth, gateway: ExternalGateway, apiVersion: string) {
    this.#auth = auth;
    this.#gateway = gateway;
    this.#apiVersion = apiVersion;
  }

  /** PATCH /sobjects/Order/<id>: Salesforce answers 204. */
  async updateOrder(orderId: string, fields: Record<string, unknown>): Promise<void> {
    await this.#request("PATCH Order", "PATCH", `/services/data/v${this.#apiVersion}/sobjects/Order/${encodeURIComponent(orderId)}`, fields);
  }

  /** The health probe: who the integration user is, which needs a working login; past the circuit. */
  async userinfo(timeoutMs: number): Promise<void> {
    await this.#request("userinfo", "GET", "/services/oauth2/userinfo", undefined, { bypassCircuit: true, timeoutMs });
  }

  async #request(operation: string, method: string, path: string, json: unknown, options?: CallOptions, retried = false): Promise<unknown> {
    const session = await this.#auth.session();
    try {
      return await this.#gateway.call(operation, (signal) => this.#send(session, operation, method, path, json, signal), options);
    } catch (error) {
      // Sessions end (timeout, revoked tokens): log in again once.
      if (retried || !(error instanceof ExternalCallError && error.failure === "auth")) throw error;
      this.#auth.invalidate(session);
      return this.#request(operation, method, path, json, options, true);
    }
  }

  async #send(session: SalesforceSession, operation: string, method: string, path: string, json: unknown, signal: AbortSignal): Promise<unknown> {
    const headers: Record<string, string> = { Authorization: `Bearer ${session.accessToken}` };
    if (json !== undefined) headers["Content-Type"] = "application/json";
    const answer = await httpCall(`${session.instanceUrl}${path}`, { method, headers, ...(json !== undefined && { body: JSON.stringify(json) }) }, signal);
    if (answer.status >= 200 && answer.status < 300) return answer.text === "" ? undefined : JSON.parse(answer.text);
    // Salesforce REST errors are arrays of {message, errorCode}; an edge in front of it answers HTML.
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      parsed = undefined;
    }
    const first = Array.isArray(parsed) && isRecord(parsed[0]) ? parsed[0] : undefined;
    const code = first ? String(first.errorCode) : undefined;
    const detail = first ? `${code}: ${String(first.message)}` : `HTTP ${answer.status} ${answer.text.slice(0, 120).replace(/\s+/g, " ")}`;
    throw new ExternalCallError("salesforce", operation, failureOf(answer.status, code, answer.text), detail, { status: answer.status, ...(code !== undefined && { code }) });
  }
}

function failureOf(status: number, code: string | undefined, text: string): ExternalFailure {
  // userinfo answers an invalid token with 403 "Bad_OAuth_Token" in plain text.
  if (status === 401 || (status === 403 && text.startsWith("Bad_OAuth_Token"))) return "auth";
  if (status >= 500 || status === 429 || code === "REQUEST_LIMIT_EXCEEDED") return "http";
  return "rejected";
}

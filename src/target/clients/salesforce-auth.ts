import { createSign } from "node:crypto";
import type { SalesforceConfig } from "../config.ts";
import { ExternalCallError } from "../errors.ts";
import type { ExternalGateway } from "../resilience/external-gateway.ts";
import { httpCall, isRecord, jsonBody } from "./http-call.ts";

export interface SalesforceSession {
  readonly accessToken: string;
  /** Base URL for REST and CometD, as the token endpoint hands it out. */
  readonly instanceUrl: string;
}

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/** Salesforce accepts assertions that expire within 5 minutes; 3 leaves room for clock skew. */
const ASSERTION_LIFETIME_SECONDS = 180;

const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The OAuth 2.0 JWT bearer assertion: RS256 over iss (consumer key), sub (username), aud (login URL), exp. */
export function signAssertion(config: Pick<SalesforceConfig, "consumerKey" | "username" | "loginUrl" | "privateKey">, nowMs = Date.now()): string {
  const claims = { iss: config.consumerKey, sub: config.username, aud: config.loginUrl, exp: Math.floor(nowMs / 1000) + ASSERTION_LIFETIME_SECONDS };
  const input = `${segment({ alg: "RS256", typ: "JWT" })}.${segment(claims)}`;
  return `${input}.${createSign("RSA-SHA256").update(input).sign(config.privateKey, "base64url")}`;
}

/**
 * Logs in with the JWT bearer flow (no refresh token: a new assertion each
 * time) and shares one session until someone reports it invalid.
 */
export class SalesforceAuth {
  readonly #config: SalesforceConfig;
  readonly #gateway: ExternalGateway;
  #session: Promise<SalesforceSession> | undefined;
  /** The session #session resolved to, so invalidate() can compare synchronously. */
  #current: SalesforceSession | undefined;

  constructor(config: SalesforceConfig, gateway: ExternalGateway) {
    this.#config = config;
    this.#gateway = gateway;
  }

  session(): Promise<SalesforceSession> {
    if (this.#session === undefined) {
      const login = this.#login();
      this.#session = login;
      login.then(
        (session) => {
          if (this.#session === login) this.#current = session;
        },
        () => {
          if (this.#session === login) this.#session = undefined;
        },
      );
    }
    return this.#session;
  }

  /** Forgets `session` (Salesforce answered INVALID_SESSION_ID); the next session() logs in again. */
  invalidate(session: SalesforceSession): void {
    if (this.#current?.accessToken !== session.accessToken) return;
    this.#session = undefined;
    this.#current = undefined;
  }

  #login(): Promise<SalesforceSession> {
    return this.#gateway.call("oauth2/token", async (signal) => {
      const form = new URLSearchParams({ grant_type: JWT_BEARER, assertion: signAssertion(this.#config) });
      const answer = await httpCall(`${this.#config.loginUrl}/services/oauth2/token`, { method: "POST", body: form }, signal);
      const body = jsonBody(answer, "salesforce", "oauth2/token");
      if (!isRecord(body)) throw new ExternalCallError("salesforce", "oauth2/token", "protocol", `answered HTTP ${answer.status} with JSON that is not an object`);
      if (answer.status !== 200) {
        const code = String(body.error ?? `HTTP ${answer.status}`);
        const failure = answer.status >= 500 ? "http" : "auth";
        throw new ExternalCallError("salesforce", "oauth2/token", failure, `${code}: ${String(body.error_description ?? "no description")}`, { status: answer.status, code });
      }
      if (typeof body.access_token !== "string" || typeof body.instance_url !== "string") {
        throw new ExternalCallError("salesforce", "oauth2/token", "protocol", "answered 200 without access_token and instance_url");
      }
      return { accessToken: body.access_token, instanceUrl: body.instance_url.replace(/\/+$/, "") };
    });
  }
}

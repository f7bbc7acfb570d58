import { setTimeout as sleep } from "node:timers/promises";
import type { FreebitConfig } from "../config.ts";
import { ExternalCallError } from "../errors.ts";
import type { ExternalGateway } from "../resilience/external-gateway.ts";
import { httpCall, isRecord, jsonBody } from "./http-call.ts";

export interface SimAccount {
  /** The MSISDN Freebit assigned. */
  readonly account: string;
  readonly iccid: string;
  /** "processing" while an activation or change is pending. */
  readonly state: string;
}

type Body = Record<string, unknown>;

const OK = "100";
/** Error codes that mean the authKey expired or was revoked: authenticate again and retry once. */
const AUTH_KEY_INVALID = /^401-202$/;
const ICCID_IN_USE = /^409-355$/;

/**
 * Freebit's partner API: POST `<base>/<operation>/` with a form field `json`
 * holding the request, authenticated with an `authKey` from `authOem`.
 * Errors come as a result code and an `HTTP-detail` status code (`400-356`);
 * activations complete asynchronously, so callers poll the account.
 */
export class FreebitClient {
  readonly #config: FreebitConfig;
  readonly #gateway: ExternalGateway;
  #authKey: Promise<string> | undefined;

  constructor(config: FreebitConfig, gateway: ExternalGateway) {
    this.#config = config;
    this.#gateway = gateway;
  }

  /**
   * Activates a SIM and waits until Freebit reports it active. Retrying an
   * activation whose ICCID Freebit already holds picks up that account.
   */
  async activateSim(request: { iccid: string; planCode: string; simType: string }, signal?: AbortSignal): Promise<SimAccount> {
    let account: string;
    try {
      const body = await this.#authorized("master/addAcnt", { iccid: request.iccid, planCode: request.planCode, simType: request.simType });
      account = String(body.account);
    } catch (error) {
      if (!(error instanceof ExternalCallError && ICCID_IN_USE.test(error.code ?? ""))) throw error;
      account = (await this.getAccount({ iccid: request.iccid })).account;
    }
    const deadlineMs = performance.now() + this.#config.activationTimeoutMs;
    for (;;) {
      const current = await this.getAccount({ account });
      if (current.state === "active") return current;
      if (current.state !== "processing") {
        throw new ExternalCallError("freebit", "master/addAcnt", "rejected", `SIM ${request.iccid} ended in state "${current.state}" instead of active`);
      }
      if (performance.now() >= deadlineMs) {
        throw new ExternalCallError("freebit", "master/addAcnt", "timeout", `SIM ${request.iccid} (account ${account}) still processing after ${this.#config.activationTimeoutMs}ms`);
      }
      await sleep(this.#config.pollIntervalMs, undefined, { signal });
    }
  }

  async getAccount(by: { account: string } | { iccid: string }): Promise<SimAccount> {
    const body = await this.#authorized("master/getAcnt", by);
    return { account: String(body.account), iccid: String(body.iccid), state: String(body.state) };
  }

  /** The health probe: OEM authentication, past the circuit. */
  async ping(timeoutMs: number): Promise<void> {
    await this.#gateway.call("authOem", (signal) => this.#post("authOem", { oemId: this.#config.oemId, oemKey: this.#config.oemKey }, signal), { bypassCircuit: true, timeoutMs });
  }

  async #authorized(operation: string, request: Body, retried = false): Promise<Body> {
    const authKey = await this.#key();
    try {
      return await this.#gateway.call(operation, (signal) => this.#post(operation, { ...request, authKey }, signal));
    } catch (error) {
      if (retried || !(error instanceof ExternalCallError && AUTH_KEY_INVALID.test(error.code ?? ""))) throw error;
      this.#authKey = undefined;
      return this.#authorized(operation, request, true);
    }
  }

  #key(): Promise<string> {
    this.#authKey ??= this.#gateway
      .call("authOem", (signal) => this.#post("authOem", { oemId: this.#config.oemId, oemKey: this.#config.oemKey }, signal))
      .then((body) => String(body.authKey));
    this.#authKey.catch(() => {
      this.#authKey = undefined;
    });
    return this.#authKey;
  }

  async #post(operation: string, request: Body, signal: AbortSignal): Promise<Body> {
    const form = new URLSearchParams({ json: JSON.stringify(request) });
    const answer = await httpCall(`${this.#config.apiUrl}/${operation}/`, { method: "POST", body: form }, signal);
    const body = jsonBody(answer, "freebit", operation);
    if (!isRecord(body)) throw new ExternalCallError("freebit", operation, "protocol", `answered HTTP ${answer.status} with JSON that is not an object`, { status: answer.status });
    if (body.resultCode === OK) return body;
    const status = isRecord(body.status) ? body.status : {};
    const code = String(status.statusCode ?? body.resultCode ?? "unknown");
    const message = `${code} ${String(status.message ?? "no message")}`;
    const failure = answer.status >= 500 || code.startsWith("5") ? "http" : code.startsWith("401") ? "auth" : "rejected";
    throw new ExternalCallError("freebit", operation, failure, message, { status: answer.status, code });
  }
}

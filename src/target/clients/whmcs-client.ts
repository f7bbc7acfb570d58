import type { WhmcsConfig } from "../config.ts";
import { ExternalCallError } from "../errors.ts";
import type { CallOptions, ExternalGateway } from "../resilience/external-gateway.ts";
import { httpCall, isRecord, jsonBody } from "./http-call.ts";

export interface Invoice {
  readonly id: number;
  readonly date: string;
  readonly dueDate: string;
  readonly datePaid: string | null;
  readonly total: string;
  readonly status: string;
  readonly paymentMethod: string;
  readonly currency: string;
}

export interface PayMethod {
  readonly id: number;
  readonly type: string;
  readonly cardType: string;
  readonly lastFour: string;
  readonly expiryDate: string;
}

type Params = Record<string, string | number | boolean>;
type Body = Record<string, unknown>;

/**
 * WHMCS's API: POST form to api.php with identifier/secret and
 * responsetype=json. Application errors arrive as HTTP 200 with
 * `result:"error"` (rejected); a blocked IP or bad credentials as HTTP 403.
 */
export class WhmcsClient {
  readonly #config: WhmcsConfig;
  readonly #gateway: ExternalGateway;

  constructor(config: WhmcsConfig, gateway: ExternalGateway) {
    this.#config = config;
    this.#gateway = gateway;
  }

  call(action: string, params: Params = {}, options?: CallOptions): Promise<Body> {
    return this.#gateway.call(action, (signal) => this.#post(action, params, signal), options);
  }

  async getInvoices(clientId: number): Promise<Invoice[]> {
    const body = await this.call("GetInvoices", { userid: clientId, limitnum: 100 });
    return listOf(body, "invoices", "invoice").map((row) => ({
      id: Number(row.id),
      date: String(row.date ?? ""),
      dueDate: String(row.duedate ?? ""),
      datePaid: typeof row.datepaid === "string" && !row.datepaid.startsWith("0000") ? row.datepaid : null,
      total: String(row.total ?? ""),
      status: String(row.status ?? ""),
      paymentMethod: String(row.paymentmethod ?? ""),
      currency: String(row.currencycode ?? ""),
    }));
  }

  async getPayMethods(clientId: number): Promise<PayMethod[]> {
    const body = await this.call("GetPayMethods", { clientid: clientId });
    const rows = Array.isArray(body.paymethods) ? body.paymethods.filter(isRecord) : [];
    return rows.map((row) => ({
      id: Number(row.id),
      type: String(row.type ?? ""),
      cardType: String(row.card_type ?? ""),
      lastFour: String(row.card_last_four ?? ""),
      expiryDate: String(row.expiry_date ?? ""),
    }));
  }

  /** AddOrder for one product; returns the WHMCS order id. */
  async addOrder(clientId: number, planCode: string): Promise<{ orderId: number; invoiceId: number | undefined }> {
    const pid = this.#config.productIds[planCode];
    if (pid === undefined) {
      throw new ExternalCallError("whmcs", "AddOrder", "rejected", `no WHMCS product for plan "${planCode}"; add it to WHMCS_PRODUCT_IDS`);
    }
    const body = await this.call("AddOrder", { clientid: clientId, "pid[0]": pid, paymentmethod: this.#config.paymentMethod });
    const orderId = Number(body.orderid);
    if (!Number.isInteger(orderId) || orderId <= 0) throw new ExternalCallError("whmcs", "AddOrder", "protocol", `answered without an orderid: ${JSON.stringify(body).slice(0, 200)}`);
    return { orderId, invoiceId: body.invoiceid === undefined ? undefined : Number(body.invoiceid) };
  }

  async acceptOrder(orderId: number): Promise<void> {
    await this.call("AcceptOrder", { orderid: orderId, autosetup: true });
  }

  /** The health probe: the runbook's own `action=GetClients`, past the circuit. */
  async ping(timeoutMs: number): Promise<void> {
    await this.call("GetClients", { limitnum: 1 }, { bypassCircuit: true, timeoutMs });
  }

  async #post(action: string, params: Params, signal: AbortSignal): Promise<Body> {
    const form = new URLSearchParams({ action, responsetype: "json", identifier: this.#config.identifier, secret: this.#config.secret });
    for (const [key, value] of Object.entries(params)) form.set(key, String(value));
    const answer = await httpCall(this.#config.apiUrl, { method: "POST", body: form }, signal);
    const body = jsonBody(answer, "whmcs", action);
    if (!isRecord(body)) throw new ExternalCallError("whmcs", action, "protocol", `answered HTTP ${answer.status} with JSON that is not an object`, { status: answer.status });
    const message = typeof body.message === "string" ? body.message : "no message";
    if (answer.status === 401 || answer.status === 403) {
      throw new ExternalCallError("whmcs", action, "auth", `HTTP ${answer.status}: ${message}`, { status: answer.status });
    }
    if (answer.status !== 200) throw new ExternalCallError("whmcs", action, "http", `HTTP ${answer.status}: ${message}`, { status: answer.status });
    if (body.result === "error") throw new ExternalCallError("whmcs", action, "rejected", message, { status: 200 });
    if (body.result !== "success") throw new ExternalCallError("whmcs", action, "protocol", `answered without result:success: ${answer.text.slice(0, 200)}`, { status: 200 });
    return body;
  }
}

/** WHMCS wraps lists in a singular key (`invoices.invoice[]`), and answers an empty list as "" or nothing. */
function listOf(body: Body, plural: string, singular: string): Body[] {
  const wrapper = body[plural];
  const rows = isRecord(wrapper) ? wrapper[singular] : undefined;
  return Array.isArray(rows) ? rows.filter(isRecord) : [];
}

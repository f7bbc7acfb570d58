import { randomBytes } from "node:crypto";
import type { Clock } from "../clock.ts";
import { Conditions } from "../conditions.ts";
import type { WhmcsClient, WhmcsFixture, WhmcsInvoice, WhmcsOrder, WhmcsPayMethod, WhmcsService } from "./fixture.ts";

const SSO_TOKEN_TTL_MS = 60_000;

/** A WHMCS installation's data and settings, seeded from whmcs.json. */
export class WhmcsState {
  readonly fixture: WhmcsFixture;
  readonly clients: WhmcsClient[];
  readonly orders: WhmcsOrder[];
  readonly services: WhmcsService[];
  readonly invoices: WhmcsInvoice[];
  readonly paymethods: WhmcsPayMethod[];
  /** Faults that revoke the API credentials while active. */
  readonly credentialRevocations = new Conditions<true>();
  /** Faults that take IPs off the allow-list ("*": every caller). */
  readonly ipBlocks = new Conditions<string>();
  readonly clock: Clock;
  /** The base URL clients use (through the fault proxy), for SSO redirect URLs. */
  readonly publicUrl: () => string;
  readonly #ssoTokens = new Map<string, { clientId: number; expiresAtMs: number }>();

  constructor(fixture: WhmcsFixture, clock: Clock, publicUrl: () => string, allowedIps?: readonly string[]) {
    this.fixture = allowedIps === undefined ? fixture : { ...fixture, allowedIps };
    this.clock = clock;
    this.publicUrl = publicUrl;
    const copy = structuredClone(fixture);
    this.clients = [...copy.clients];
    this.orders = [...copy.orders];
    this.services = [...copy.services];
    this.invoices = [...copy.invoices];
    this.paymethods = [...copy.paymethods];
  }

  client(id: unknown): WhmcsClient | undefined {
    const wanted = Number(id);
    return this.clients.find((client) => client.id === wanted);
  }

  /** The credential an identifier/secret (or the legacy username/password) pair names, unless revoked. */
  credential(identifier: string | null, secret: string | null) {
    if (this.credentialRevocations.active || identifier === null || secret === null) return undefined;
    return this.fixture.apiCredentials.find((credential) => credential.identifier === identifier && credential.secret === secret);
  }

  ipAllowed(ip: string): boolean {
    if (this.ipBlocks.some((blocked) => blocked === "*" || blocked === ip)) return false;
    return this.fixture.allowedIps.includes(ip);
  }

  nextId(rows: readonly { id: number }[], floor: number): number {
    return Math.max(floor, ...rows.map((row) => row.id)) + 1;
  }

  issueSsoToken(clientId: number): string {
    const token = randomBytes(20).toString("hex");
    this.#ssoTokens.set(token, { clientId, expiresAtMs: this.clock.now() + SSO_TOKEN_TTL_MS });
    return token;
  }

  /** Single use: the token is gone after this call, whatever it returns. */
  redeemSsoToken(token: string): number | undefined {
    const entry = this.#ssoTokens.get(token);
    this.#ssoTokens.delete(token);
    return entry !== undefined && entry.expiresAtMs > this.clock.now() ? entry.clientId : undefined;
  }
}

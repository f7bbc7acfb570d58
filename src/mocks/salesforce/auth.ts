import { type KeyObject, randomBytes } from "node:crypto";
import type { Clock } from "../clock.ts";
import { Conditions } from "../conditions.ts";
import type { UserFixture } from "./org-fixture.ts";

/**
 * Ways the JWT bearer flow breaks in real orgs, each with the answer
 * Salesforce gives: a rotated certificate, a changed My Domain, clock skew, a
 * profile that lost the app's pre-authorization, a deactivated user, a
 * deleted Connected App.
 */
export const INVALID_GRANT_VARIANTS = {
  "invalid-assertion": { error: "invalid_grant", description: "invalid assertion" },
  "audience-invalid": { error: "invalid_grant", description: "audience is invalid" },
  expired: { error: "invalid_grant", description: "expired authorization code" },
  "user-not-approved": { error: "invalid_grant", description: "user hasn't approved this consumer" },
  "authentication-failure": { error: "invalid_grant", description: "authentication failure" },
  // An unknown consumer key (iss) in the JWT bearer flow: invalid_client_id, not the invalid_client of other flows.
  "invalid-client-id": { error: "invalid_client_id", description: "client identifier invalid" },
} as const;

export type InvalidGrantVariant = keyof typeof INVALID_GRANT_VARIANTS;

export interface Session {
  readonly token: string;
  readonly user: UserFixture;
  readonly issuedAtMs: number;
}

/** The Connected App, its users and the sessions the token endpoint issued. */
export class SalesforceAuth {
  readonly consumerKey: string;
  readonly publicKey: KeyObject;
  readonly users: readonly UserFixture[];
  /** Faults that make the token endpoint fail as the real org would in that state. */
  readonly breakages = new Conditions<InvalidGrantVariant>();
  readonly #sessions = new Map<string, Session>();
  readonly #organizationId: string;
  readonly #clock: Clock;
  readonly #sessionTtlMs: number;

  constructor(init: { consumerKey: string; publicKey: KeyObject; users: readonly UserFixture[]; organizationId: string; clock: Clock; sessionTtlMs: number }) {
    this.consumerKey = init.consumerKey;
    this.publicKey = init.publicKey;
    this.users = init.users;
    this.#organizationId = init.organizationId;
    this.#clock = init.clock;
    this.#sessionTtlMs = init.sessionTtlMs;
  }

  broken(variant: InvalidGrantVariant): boolean {
    return this.breakages.some((active) => active === variant);
  }

  user(username: unknown): UserFixture | undefined {
    return typeof username === "string" ? this.users.find((user) => user.Username.toLowerCase() === username.toLowerCase()) : undefined;
  }

  issue(user: UserFixture): Session {
    const token = `${this.#organizationId.slice(0, 15)}!AR${randomBytes(48).toString("base64url")}`;
    const session = { token, user, issuedAtMs: this.#clock.now() };
    this.#sessions.set(token, session);
    return session;
  }

  /** The session behind `Authorization: Bearer|OAuth <token>`, if it is still valid. */
  session(authorization: string | null): Session | undefined {
    const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(authorization ?? "");
    const session = match ? this.#sessions.get(match[1]!) : undefined;
    if (session === undefined) return undefined;
    if (this.#clock.now() - session.issuedAtMs > this.#sessionTtlMs) {
      this.#sessions.delete(session.token);
      return undefined;
    }
    return session;
  }

  /** Every session ends, as when an admin revokes the app's tokens. Returns how many ended. */
  revokeAll(): number {
    const count = this.#sessions.size;
    this.#sessions.clear();
    return count;
  }
}

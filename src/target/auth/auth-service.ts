import type { PortalConfig } from "../config.ts";
import { HttpError, HttpErrors, messageOf } from "../errors.ts";
import type { RequestContext } from "../http/request-context.ts";
import type { Logger } from "../log/logger.ts";
import { type Customer, findCustomerByEmail } from "../store/customers.ts";
import type { Database } from "../store/database.ts";
import { audit, type LoginReason, recordLogin } from "../store/security-records.ts";
import { createSession, revokeSession } from "../store/sessions.ts";
import { InvalidTokenError, issueAccessToken, verifyAccessToken } from "./access-token.ts";
import { DECOY_HASH, verifyPassword } from "./passwords.ts";
import type { LoginRateLimiter, RateLimitVerdict } from "./rate-limiter.ts";
import type { TokenBlacklist } from "./token-blacklist.ts";

/** Who an authenticated request is. */
export interface Principal {
  readonly customerId: number;
  readonly jti: string;
  /** Seconds since the epoch. */
  readonly exp: number;
}

export interface AuthDeps {
  readonly config: PortalConfig["auth"];
  readonly db: Database;
  readonly blacklist: TokenBlacklist;
  readonly limiter: LoginRateLimiter;
  readonly logger: Logger;
}

/**
 * Logins against customers in PostgreSQL, HS256 access tokens, logout via a
 * Redis blacklist. The Redis-backed controls (rate limiting, blacklist) fail
 * closed (503) or open (with a "security warning" line) per
 * AUTH_BLACKLIST_FAIL_CLOSED.
 */
export class AuthService {
  readonly #deps: AuthDeps;
  readonly #log: Logger;

  constructor(deps: AuthDeps) {
    this.#deps = deps;
    this.#log = deps.logger.child({ component: "auth" });
  }

  async login(context: RequestContext, email: string, password: string) {
    const { db, limiter, config } = this.#deps;
    const ip = context.ip;
    const verdict = await this.#guarded<RateLimitVerdict>("login rate limiting", () => limiter.attempt(ip, email), { allowed: true });
    const customer = await findCustomerByEmail(db, email);
    // A locked account says so whatever the password and the counters: the lock
    // is a responder's containment, and telling the client ends the attempts on it.
    if (customer?.status === "locked") {
      await this.#recordFailure(email, customer, ip, "locked", {});
      throw new HttpError(403, "account locked");
    }
    if (!verdict.allowed) {
      await this.#recordFailure(email, customer, ip, "rate_limited", { scope: verdict.scope });
      throw HttpErrors.tooManyRequests(verdict.retryAfterSeconds);
    }
    // Unknown emails are checked against a decoy hash: both answers take as long.
    const matches = await verifyPassword(password, customer?.passwordHash ?? DECOY_HASH);
    const reason: LoginReason = customer === undefined ? "unknown_email" : !matches ? "bad_password" : customer.status !== "active" ? "locked" : "ok";
    if (reason !== "ok") {
      await this.#recordFailure(email, customer, ip, reason, customer?.status === "closed" ? { status: "closed" } : {});
      await limiter.failed(email).catch(() => {});
      throw reason === "locked" ? new HttpError(403, "account locked") : new HttpError(401, "invalid credentials");
    }
    const active = customer as Customer;
    const { token, claims } = issueAccessToken(active.id, config.jwtSecret, config.tokenTtlSeconds);
    await createSession(db, { jti: claims.jti, customerId: active.id, expiresAt: new Date(claims.exp * 1000) });
    await recordLogin(db, { email, customerId: active.id, ip, success: true, reason: "ok" });
    await audit(db, { actor: `customer:${active.id}`, action: "auth.login", subject: `customer:${active.id}`, details: { ip, jti: claims.jti } });
    await limiter.succeeded(email).catch(() => {});
    context.annotations.customerId = active.id;
    this.#log.info(`Login succeeded for customer ${active.id}`, { customerId: active.id, ip, jti: claims.jti });
    return { accessToken: token, tokenType: "Bearer", expiresIn: config.tokenTtlSeconds, customerId: active.id };
  }

  /** Verifies the bearer token and asks the blacklist; sets the request's customerId. */
  async authenticate(context: RequestContext, options: { allowQueryToken?: boolean } = {}): Promise<Principal> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(context.header("authorization") ?? "")?.[1];
    const token = bearer ?? (options.allowQueryToken ? (context.query.get("access_token") ?? undefined) : undefined);
    if (token === undefined) throw HttpErrors.unauthorized();
    let principal: Principal;
    try {
      const claims = verifyAccessToken(token, this.#deps.config.jwtSecret);
      principal = { customerId: Number(claims.sub), jti: claims.jti, exp: claims.exp };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw HttpErrors.unauthorized(error.message);
      throw error;
    }
    context.annotations.customerId = principal.customerId;
    const revoked = await this.#guarded("token blacklist", () => this.#deps.blacklist.isRevoked(principal.jti), false, principal);
    if (revoked) throw HttpErrors.unauthorized("access token revoked");
    return principal;
  }

  async logout(principal: Principal): Promise<void> {
    const { db, blacklist } = this.#deps;
    await revokeSession(db, principal.jti);
    await audit(db, { actor: `customer:${principal.customerId}`, action: "auth.logout", subject: `customer:${principal.customerId}`, details: { jti: principal.jti } });
    try {
      await blacklist.revoke(principal.jti, principal.exp);
    } catch (error) {
      this.#log.error(`Logout could not blacklist token ${principal.jti}: ${messageOf(error)}; it stays valid until it expires`, { customerId: principal.customerId, jti: principal.jti });
      throw HttpErrors.authUnavailable(error);
    }
    this.#log.info(`Logout for customer ${principal.customerId}`, { customerId: principal.customerId, jti: principal.jti });
  }

  /** Runs a Redis-backed security control; when Redis cannot answer, fails closed (503) or open (`open`, with a security warning). */
  async #guarded<T>(control: string, check: () => Promise<T>, open: T, principal?: Principal): Promise<T> {
    try {
      return await check();
    } catch (error) {
      const who = principal === undefined ? {} : { customerId: principal.customerId, jti: principal.jti };
      if (this.#deps.config.blacklistFailClosed) {
        this.#log.error(`Request refused: ${control} unavailable (${messageOf(error)}); failing closed (AUTH_BLACKLIST_FAIL_CLOSED=true)`, who);
        throw HttpErrors.authUnavailable(error);
      }
      this.#log.warn(`security warning: ${control} unavailable (${messageOf(error)}); request allowed without it (AUTH_BLACKLIST_FAIL_CLOSED=false)`, who);
      return open;
    }
  }

  async #recordFailure(email: string, customer: Customer | undefined, ip: string, reason: LoginReason, details: Record<string, unknown>): Promise<void> {
    const { db } = this.#deps;
    await recordLogin(db, { email, customerId: customer?.id, ip, success: false, reason });
    const subject = customer === undefined ? `email:${email}` : `customer:${customer.id}`;
    await audit(db, { actor: "system:auth", action: "auth.login_failed", subject, details: { reason, ip, ...details } });
    this.#log.warn(`Login failed for ${email}: ${reason}`, { ip, reason, ...(customer && { customerId: customer.id }), ...details });
  }
}

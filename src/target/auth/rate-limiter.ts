import type { Redis } from "ioredis";

/** A counter that resets `windowSeconds` after its first hit. */
export interface WindowCounters {
  /** Adds one; returns the count in the current window and the seconds it has left. */
  hit(key: string, windowSeconds: number): Promise<{ count: number; resetInSeconds: number }>;
  peek(key: string): Promise<{ count: number; resetInSeconds: number }>;
  reset(key: string): Promise<void>;
}

/** Fixed windows in Redis: SET NX EX starts a window, INCR counts, TTL says when it ends. */
export class RedisWindowCounters implements WindowCounters {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async hit(key: string, windowSeconds: number): Promise<{ count: number; resetInSeconds: number }> {
    const replies = await this.#redis.multi().set(key, "0", "EX", windowSeconds, "NX").incr(key).ttl(key).exec();
    const failed = replies?.find(([error]) => error !== null)?.[0];
    if (failed) throw failed;
    return { count: Number(replies?.[1]?.[1] ?? 0), resetInSeconds: Math.max(1, Number(replies?.[2]?.[1] ?? windowSeconds)) };
  }

  async peek(key: string): Promise<{ count: number; resetInSeconds: number }> {
    const [count, ttl] = await Promise.all([this.#redis.get(key), this.#redis.ttl(key)]);
    return { count: Number(count ?? 0), resetInSeconds: Math.max(1, ttl) };
  }

  async reset(key: string): Promise<void> {
    await this.#redis.del(key);
  }
}

export type RateLimitVerdict = { readonly allowed: true } | { readonly allowed: false; readonly scope: "ip" | "account"; readonly retryAfterSeconds: number };

export interface LoginLimits {
  /** Login attempts per client IP per window, successful or not. */
  readonly perIp: number;
  /** Failed logins per account per window. */
  readonly perAccount: number;
  readonly windowSeconds: number;
}

/**
 * Login throttling: every attempt counts against the client's IP; failed
 * attempts count against the account, and a success clears them. Throws
 * when the counters cannot be reached: the caller decides fail-closed or open.
 */
export class LoginRateLimiter {
  readonly #counters: WindowCounters;
  readonly #limits: LoginLimits;

  constructor(counters: WindowCounters, limits: LoginLimits) {
    this.#counters = counters;
    this.#limits = limits;
  }

  /** Counts this attempt for the IP and says whether it may proceed. */
  async attempt(ip: string, email: string): Promise<RateLimitVerdict> {
    const { windowSeconds, perIp, perAccount } = this.#limits;
    const [byIp, byAccount] = await Promise.all([this.#counters.hit(ipKey(ip), windowSeconds), this.#counters.peek(accountKey(email))]);
    if (byIp.count > perIp) return { allowed: false, scope: "ip", retryAfterSeconds: byIp.resetInSeconds };
    if (byAccount.count >= perAccount) return { allowed: false, scope: "account", retryAfterSeconds: byAccount.resetInSeconds };
    return { allowed: true };
  }

  async failed(email: string): Promise<void> {
    await this.#counters.hit(accountKey(email), this.#limits.windowSeconds);
  }

  async succeeded(email: string): Promise<void> {
    await this.#counters.reset(accountKey(email));
  }
}

const ipKey = (ip: string) => `ratelimit:login:ip:${ip}`;
const accountKey = (email: string) => `ratelimit:login:account:${email.toLowerCase()}`;

import type { Redis } from "ioredis";

const PREFIX = "auth:blacklist:";

/**
 * Revoked access tokens, by jti, until they would have expired anyway. Every
 * authenticated request asks; when Redis cannot answer, the caller decides
 * (AUTH_BLACKLIST_FAIL_CLOSED).
 */
export class TokenBlacklist {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async revoke(jti: string, expiresAtSeconds: number, nowMs = Date.now()): Promise<void> {
    const ttlSeconds = Math.max(1, expiresAtSeconds - Math.floor(nowMs / 1000));
    await this.#redis.set(`${PREFIX}${jti}`, "1", "EX", ttlSeconds);
  }

  async isRevoked(jti: string): Promise<boolean> {
    return (await this.#redis.exists(`${PREFIX}${jti}`)) === 1;
  }
}

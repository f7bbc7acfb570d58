import type { Redis } from "ioredis";

/** Where the last processed replay id of a channel lives: the runbook checks it with `redis-cli GET`. */
export function replayKey(channel: string): string {
  return `sf:pe:replay:${channel}`;
}

/** The subscriber's memory across restarts and re-handshakes: the last replay id it processed. */
export class ReplayStore {
  readonly key: string;
  readonly #redis: Redis;

  constructor(redis: Redis, channel: string) {
    this.#redis = redis;
    this.key = replayKey(channel);
  }

  /** The stored replay id; undefined when none (or not a number). Throws when Redis cannot answer. */
  async load(): Promise<number | undefined> {
    const value = await this.#redis.get(this.key);
    const replayId = Number(value);
    return value !== null && Number.isSafeInteger(replayId) ? replayId : undefined;
  }

  async save(replayId: number): Promise<void> {
    await this.#redis.set(this.key, String(replayId));
  }

  async clear(): Promise<void> {
    await this.#redis.del(this.key);
  }
}

import { randomUUID } from "node:crypto";
import type { Clock } from "../../clock.ts";
import { Conditions } from "../../conditions.ts";
import type { BayeuxMessage } from "./messages.ts";

export interface PlatformEvent {
  readonly channel: string;
  readonly replayId: number;
  readonly eventUuid: string;
  readonly publishedAtMs: number;
  /** The data message subscribers receive. */
  readonly message: BayeuxMessage;
}

/** Replay ids are opaque and not contiguous in Salesforce; so they are here. */
const FIRST_REPLAY_ID = 17_020_311;
const MAX_RETAINED_PER_CHANNEL = 100_000;

/**
 * Published Platform Events, retained per channel for `retentionMs` (72 h in
 * Salesforce), with replay. Faults add conditions: a stall keeps events from
 * subscribers (they are still retained, so replay finds them later); a
 * horizon makes every event up to a replay id count as aged out.
 */
export class EventBus {
  readonly stalls = new Conditions<true>();
  /** Events with a replay id at or below a horizon count as outside retention. */
  readonly horizons = new Conditions<number>();
  readonly #channels = new Map<string, PlatformEvent[]>();
  readonly #listeners = new Set<(event: PlatformEvent) => void>();
  readonly #clock: Clock;
  readonly #retentionMs: number;
  #lastReplayId = FIRST_REPLAY_ID;

  constructor(clock: Clock, retentionMs: number) {
    this.#clock = clock;
    this.#retentionMs = retentionMs;
  }

  get lastReplayId(): number {
    return this.#lastReplayId;
  }

  get stalled(): boolean {
    return this.stalls.active;
  }

  onPublish(listener: (event: PlatformEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(channel: string, schema: string, payload: Record<string, unknown>): PlatformEvent {
    this.#lastReplayId += 1 + (this.#lastReplayId % 3);
    const eventUuid = randomUUID();
    const event: PlatformEvent = {
      channel,
      replayId: this.#lastReplayId,
      eventUuid,
      publishedAtMs: this.#clock.now(),
      message: { channel, data: { schema, payload, event: { EventUuid: eventUuid, replayId: this.#lastReplayId } } },
    };
    const retained = this.#channels.get(channel) ?? [];
    retained.push(event);
    if (retained.length > MAX_RETAINED_PER_CHANNEL) retained.shift();
    this.#channels.set(channel, retained);
    if (!this.stalled) for (const listener of this.#listeners) listener(event);
    return event;
  }

  /** Events still within retention, oldest first. */
  retained(channel: string): PlatformEvent[] {
    const oldestMs = this.#clock.now() - this.#retentionMs;
    const events = (this.#channels.get(channel) ?? []).filter((event) => event.publishedAtMs >= oldestMs);
    this.#channels.set(channel, events);
    const horizon = Math.max(0, ...this.horizons.values());
    return horizon > 0 ? events.filter((event) => event.replayId > horizon) : events;
  }

  /**
   * What a subscription with `replayId` receives first: -1 nothing, -2 every
   * retained event, an id the events after it. "invalid" when the id is not
   * within retention (Salesforce rejects the subscribe then).
   */
  replayFrom(channel: string, replayId: number): PlatformEvent[] | "invalid" {
    if (replayId === -1) return [];
    const events = this.retained(channel);
    if (replayId === -2) return events;
    const oldest = events[0];
    if (oldest === undefined || replayId < oldest.replayId || replayId > this.#lastReplayId) return "invalid";
    return events.filter((event) => event.replayId > replayId);
  }

  clear(): void {
    this.#channels.clear();
  }
}

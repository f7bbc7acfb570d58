import { FiredrillError } from "../../errors.ts";
import { type ActiveFault, describeFaultKinds, type FaultSet, type FaultSpec } from "../faults/fault-set.ts";
import type { JournalEntry, JournalQuery } from "../journal.ts";
import type { SystemName } from "../system.ts";
import type { MockWorld } from "../world.ts";
import type { MocksDescriptor } from "./descriptor.ts";

/** An injected fault and its undo. JSON.stringify leaves revert out, so the control API answers the data. */
export type FaultHandle = ActiveFault & { revert(): boolean };

export interface PublishedEventInfo {
  /** What a REST publish would answer as `id`. */
  readonly id: string;
  readonly channel: string;
  readonly replayId: number;
  readonly eventUuid: string;
  /** ISO 8601. */
  readonly publishedAt: string;
}

/**
 * The operations of the control API, in one place: the HTTP control server
 * and StartedMocks both call these.
 */
export class MocksControl {
  readonly #world: MockWorld;
  readonly #faults: FaultSet;
  readonly #descriptor: () => MocksDescriptor;

  constructor(world: MockWorld, faults: FaultSet, descriptor: () => MocksDescriptor) {
    this.#world = world;
    this.#faults = faults;
    this.#descriptor = descriptor;
  }

  descriptor(): MocksDescriptor {
    return this.#descriptor();
  }

  /** Injects a fault; the handle's revert() is idempotent (false once already reverted). */
  setFault(spec: FaultSpec): FaultHandle {
    const fault = this.#faults.set(spec);
    return { ...fault, revert: () => this.#faults.clear(fault.id) };
  }

  clearFault(id: string): boolean {
    return this.#faults.clear(id);
  }

  clearFaults(filter: { system?: SystemName } = {}): number {
    return this.#faults.clearAll(filter);
  }

  listFaults(filter: { system?: SystemName } = {}): ActiveFault[] {
    return this.#faults.list(filter);
  }

  faultKinds() {
    return describeFaultKinds();
  }

  /** Publishes a Platform Event as the org would (subject to a stall fault); CreatedById is the integration user. */
  publishEvent(eventName: string, payload: Record<string, unknown> = {}): PublishedEventInfo {
    const { salesforce } = this.#world;
    const userId = salesforce.auth.users[0]?.Id ?? "005000000000000AAA";
    let published;
    try {
      published = salesforce.publishEvent(eventName.replace(/^\/event\//, ""), payload, userId);
    } catch (error) {
      if (error instanceof FiredrillError) throw error;
      throw new FiredrillError("CONFIG_INVALID", `mocks: event ${eventName} not published: ${(error as Error).message}`, { cause: error });
    }
    const { event } = published;
    return { id: published.id, channel: event.channel, replayId: event.replayId, eventUuid: event.eventUuid, publishedAt: new Date(event.publishedAtMs).toISOString() };
  }

  /** Events still within retention on a channel (`/event/X__e` or `X__e`), oldest first. */
  events(channel: string) {
    const name = channel.startsWith("/event/") ? channel : `/event/${channel}`;
    return this.#world.salesforce.bus.retained(name).map((event) => ({
      replayId: event.replayId,
      eventUuid: event.eventUuid,
      publishedAt: new Date(event.publishedAtMs).toISOString(),
      payload: (event.message.data as { payload: unknown }).payload,
    }));
  }

  journal(query: JournalQuery = {}): JournalEntry[] {
    return this.#world.journal.query(query);
  }

  clearJournal(): void {
    this.#world.journal.clear();
  }

  /** Reverts every fault and puts every system back to its fixtures; the journal too unless keepJournal. */
  reset(options: { keepJournal?: boolean } = {}): void {
    this.#faults.clearAll();
    this.#world.reseed();
    if (!options.keepJournal) this.#world.journal.clear();
  }

  setPublicUrl(system: SystemName, url: string): void {
    this.#world.urls.setPublic(system, url);
  }
}

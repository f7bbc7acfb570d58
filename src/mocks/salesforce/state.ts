import { createHash, type KeyObject } from "node:crypto";
import { FiredrillError } from "../../errors.ts";
import type { Clock } from "../clock.ts";
import { SalesforceAuth } from "./auth.ts";
import { BayeuxEngine } from "./cometd/bayeux-engine.ts";
import { EventBus, type PlatformEvent } from "./cometd/event-bus.ts";
import { ApiLimits } from "./limits.ts";
import type { OrgFixture } from "./org-fixture.ts";
import { OrgStore } from "./org-store.ts";

export interface SalesforceOptions {
  /** How long a /meta/connect is held without events (Salesforce: about 110 s). */
  readonly connectTimeoutMs: number;
  /** How long an access token stays valid (Salesforce's default session timeout: 2 h). */
  readonly sessionTtlMs: number;
  /** How long published events stay replayable (Salesforce: 72 h). */
  readonly eventRetentionMs: number;
  /** API calls allowed per 24 h; default: the fixture's (150,000, an Enterprise Edition org with 50 licences). */
  readonly dailyApiRequestLimit?: number;
}

export const DEFAULT_SALESFORCE_OPTIONS: SalesforceOptions = {
  connectTimeoutMs: 110_000,
  sessionTtlMs: 2 * 60 * 60 * 1000,
  eventRetentionMs: 72 * 60 * 60 * 1000,
};

export interface PublishedEvent {
  /** What REST answers as the publish's `id`. */
  readonly id: string;
  readonly event: PlatformEvent;
}

/** Everything the Salesforce mock holds: the org, its auth, API limits, Platform Events. */
export class SalesforceState {
  readonly org: OrgStore;
  readonly auth: SalesforceAuth;
  readonly limits: ApiLimits;
  readonly bus: EventBus;
  readonly bayeux: BayeuxEngine;
  readonly apiVersions: { readonly min: number; readonly max: number };
  readonly clock: Clock;
  /** The base URL clients use (through the fault proxy): instance_url, JWT audience, record URLs. */
  readonly publicUrl: () => string;

  constructor(init: { fixture: OrgFixture; publicKey: KeyObject; clock: Clock; options: SalesforceOptions; publicUrl: () => string }) {
    const { fixture, clock, options } = init;
    this.clock = clock;
    this.publicUrl = init.publicUrl;
    this.org = new OrgStore(fixture);
    this.auth = new SalesforceAuth({
      consumerKey: fixture.connectedApp.consumerKey,
      publicKey: init.publicKey,
      users: fixture.users,
      organizationId: fixture.organizationId,
      clock,
      sessionTtlMs: options.sessionTtlMs,
    });
    this.limits = new ApiLimits(options.dailyApiRequestLimit ?? fixture.dailyApiRequestLimit, clock);
    this.apiVersions = { min: Number(fixture.apiVersions.min), max: Number(fixture.apiVersions.max) };
    this.bus = new EventBus(clock, options.eventRetentionMs);
    this.bayeux = new BayeuxEngine(this.bus, clock, {
      connectTimeoutMs: options.connectTimeoutMs,
      sessionIdleMs: Math.max(options.connectTimeoutMs * 2, 60_000),
      isEventChannel: (channel) => channel.startsWith("/event/") && this.eventType(channel.slice("/event/".length)) !== undefined,
    });
  }

  eventType(name: string) {
    const type = this.org.type(name);
    return type?.platformEvent ? type : undefined;
  }

  /** Publishes a Platform Event as Salesforce does after a REST insert; validates its fields. */
  publishEvent(eventName: string, fields: Record<string, unknown>, createdById: string): PublishedEvent {
    const type = this.eventType(eventName);
    if (type === undefined) {
      const known = this.org.types().filter((candidate) => candidate.platformEvent).map((candidate) => candidate.name);
      throw new FiredrillError("NOT_FOUND", `salesforce mock: no Platform Event "${eventName}" in the org; known events: ${known.join(", ")}`);
    }
    // Event payloads carry CreatedDate in UTC with a Z, unlike REST records (+0000).
    const nowIso = new Date(this.clock.now()).toISOString();
    const record = this.org.insert(type, fields, nowIso);
    const { Id: id, LastModifiedDate: _modified, ...payload } = record;
    const schema = createHash("sha256").update(type.name).digest("base64url").slice(0, 22);
    const event = this.bus.publish(`/event/${type.name}`, schema, { ...payload, CreatedById: createdById });
    return { id, event };
  }

  close(): void {
    this.bayeux.close();
  }
}

/** A Bayeux message as Salesforce's CometD server reads and writes them. */
export interface BayeuxMessage {
  readonly channel: string;
  readonly id?: string;
  readonly clientId?: string;
  readonly successful?: boolean;
  readonly error?: string;
  readonly subscription?: string;
  readonly advice?: Advice;
  readonly data?: unknown;
  readonly ext?: Record<string, unknown>;
  readonly [field: string]: unknown;
}

export interface Advice {
  readonly reconnect?: "retry" | "handshake" | "none";
  readonly interval?: number;
  readonly timeout?: number;
}

export const META = {
  handshake: "/meta/handshake",
  subscribe: "/meta/subscribe",
  connect: "/meta/connect",
  disconnect: "/meta/disconnect",
} as const;

/** -1: only events published from now on; -2: every event still retained (72 h). */
export const REPLAY_LATEST = -1;
export const REPLAY_ALL = -2;

export const Messages = {
  handshake: (id: string): BayeuxMessage => ({
    channel: META.handshake,
    id,
    version: "1.0",
    minimumVersion: "1.0",
    supportedConnectionTypes: ["long-polling"],
    // Without ext.replay the server ignores the replay ids of subscribes.
    ext: { replay: true, "payload.format": true },
  }),
  subscribe: (id: string, clientId: string, channel: string, replayId: number): BayeuxMessage => ({
    channel: META.subscribe,
    id,
    clientId,
    subscription: channel,
    ext: { replay: { [channel]: replayId } },
  }),
  connect: (id: string, clientId: string): BayeuxMessage => ({ channel: META.connect, id, clientId, connectionType: "long-polling" }),
  disconnect: (id: string, clientId: string): BayeuxMessage => ({ channel: META.disconnect, id, clientId }),
} as const;

/** What a failed reply means for the subscriber. */
export type BayeuxFailureKind = "unknown-client" | "auth" | "invalid-replay" | "denied" | "unavailable" | "other";

/** A `successful:false` reply (or an unusable answer) to a Bayeux request. */
export class BayeuxError extends Error {
  readonly kind: BayeuxFailureKind;
  readonly channel: string;
  readonly advice: Advice | undefined;

  constructor(kind: BayeuxFailureKind, channel: string, message: string, advice?: Advice) {
    super(message);
    this.name = "BayeuxError";
    this.kind = kind;
    this.channel = channel;
    this.advice = advice;
  }

  static of(reply: BayeuxMessage): BayeuxError {
    const error = String(reply.error ?? "no error given");
    const sfdc = (reply.ext?.sfdc as { failureReason?: unknown } | undefined)?.failureReason;
    const message = `${reply.channel} failed: ${error}${typeof sfdc === "string" ? ` (${sfdc})` : ""}`;
    return new BayeuxError(classify(error, reply.advice), reply.channel, message, reply.advice);
  }
}

/** Errors are "NNN:args:text": `403::Unknown client`, `401::Authentication invalid`, `400::The replayId {…} you provided was invalid…`. */
export function classify(error: string, advice?: Advice): BayeuxFailureKind {
  if (/unknown client/i.test(error) || advice?.reconnect === "handshake") return "unknown-client";
  if (/replayId/i.test(error) && /invalid/i.test(error)) return "invalid-replay";
  if (error.startsWith("401") || /handshake denied/i.test(error)) return "auth";
  if (error.startsWith("403")) return "denied";
  if (error.startsWith("503")) return "unavailable";
  return "other";
}

/** A Platform Event as the subscriber hands it on. */
export interface PlatformEvent {
  readonly channel: string;
  readonly replayId: number;
  readonly eventUuid: string | undefined;
  readonly payload: Record<string, unknown>;
}

/** The data messages (events) of a batch of replies, in order. */
export function eventsOf(replies: readonly BayeuxMessage[]): PlatformEvent[] {
  const events: PlatformEvent[] = [];
  for (const reply of replies) {
    if (reply.channel.startsWith("/meta/")) continue;
    const data = reply.data as { payload?: unknown; event?: { replayId?: unknown; EventUuid?: unknown } } | undefined;
    const replayId = Number(data?.event?.replayId);
    if (!Number.isSafeInteger(replayId) || data?.payload === null || typeof data?.payload !== "object") continue;
    const eventUuid = typeof data.event?.EventUuid === "string" ? data.event.EventUuid : undefined;
    events.push({ channel: reply.channel, replayId, eventUuid, payload: data.payload as Record<string, unknown> });
  }
  return events;
}

/** The reply to request `id` on `channel`; a batch without one is a protocol error. */
export function replyTo(replies: readonly BayeuxMessage[], channel: string, id: string): BayeuxMessage {
  const reply = replies.find((message) => message.channel === channel && (message.id === undefined || message.id === id));
  if (reply === undefined) throw new BayeuxError("other", channel, `${channel} failed: no reply in ${JSON.stringify(replies).slice(0, 200)}`);
  return reply;
}

/** Bayeux messages as Salesforce's CometD server writes them. */
export type BayeuxMessage = Record<string, unknown>;

export const META = {
  handshake: "/meta/handshake",
  connect: "/meta/connect",
  subscribe: "/meta/subscribe",
  unsubscribe: "/meta/unsubscribe",
  disconnect: "/meta/disconnect",
} as const;

/** Fields of the request a reply echoes: id, clientId, subscription. */
export function echo(request: BayeuxMessage, clientId?: string): BayeuxMessage {
  return {
    ...(request.id !== undefined && { id: request.id }),
    ...(clientId !== undefined && { clientId }),
    ...(typeof request.subscription === "string" && { subscription: request.subscription }),
  };
}

export function failure(channel: string, request: BayeuxMessage, error: string, extra: BayeuxMessage = {}): BayeuxMessage {
  const clientId = typeof request.clientId === "string" ? request.clientId : undefined;
  return { channel, ...echo(request, clientId), successful: false, error, ...extra };
}

export const Failures = {
  unknownClient: (channel: string, request: BayeuxMessage) =>
    failure(channel, request, "403::Unknown client", { advice: { reconnect: "handshake", interval: 0 } }),
  authenticationInvalid: (channel: string, request: BayeuxMessage) =>
    failure(channel, request, "401::Authentication invalid", { advice: { reconnect: "none", interval: 0 } }),
  handshakeDenied: (request: BayeuxMessage) =>
    failure(META.handshake, request, "403::Handshake denied", {
      ext: { sfdc: { failureReason: "401::Authentication invalid" } },
      advice: { reconnect: "none" },
    }),
  noSuchChannel: (request: BayeuxMessage, channel: string) =>
    failure(META.subscribe, request, `400::The channel you requested to subscribe to does not exist {${channel}}`),
  subscribeDenied: (request: BayeuxMessage) => failure(META.subscribe, request, "403:denied_by_security_policy:subscribe_denied"),
  invalidReplayId: (request: BayeuxMessage, replayId: unknown) =>
    failure(
      META.subscribe,
      request,
      `400::The replayId {${String(replayId)}} you provided was invalid. Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.`,
    ),
  publishDenied: (channel: string, request: BayeuxMessage) => failure(channel, request, "403::Publish denied"),
  badMessage: (request: BayeuxMessage) => failure(typeof request.channel === "string" ? request.channel : "", request, "400::Bad message"),
} as const;

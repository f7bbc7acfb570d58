import { generateKeyPairSync } from "node:crypto";
import faye, { type Client, type Extension, type FayeError, type Message } from "faye";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type StartedMocks, startMocks } from "../src/mocks/index.ts";
import { accessToken, eventually, requestToken, rest, signAssertion, sleep } from "./support/mocks.ts";

const CHANNEL = "/event/OrderProvisionRequested__e";

/**
 * A replay extension as jsforce's StreamingExtension.Replay and Salesforce's
 * samples write it: enabled when the handshake says ext.replay, it remembers
 * the last replay id received and sends it with every subscribe (so a
 * re-handshake resumes where the client left off).
 */
function replayExtension(channel: string, initialReplayId: number): Extension & { readonly replayId: number } {
  let replayId = initialReplayId;
  let enabled = false;
  return {
    get replayId() {
      return replayId;
    },
    incoming(message: Message, callback) {
      if (message.channel === "/meta/handshake") enabled = message.ext?.replay === true;
      else if (message.channel === channel && typeof message.data?.event?.replayId === "number") replayId = message.data.event.replayId;
      callback(message);
    },
    outgoing(message: Message, callback) {
      if (enabled && message.channel === "/meta/subscribe" && message.subscription === channel) {
        message.ext = { ...message.ext, replay: { [channel]: replayId } };
      }
      callback(message);
    },
  };
}

interface Subscriber {
  readonly client: Client;
  readonly received: any[];
  readonly metas: Message[];
  readonly replay: ReturnType<typeof replayExtension>;
  readonly subscribed: Promise<void>;
}

describe("Platform Events with a real Streaming API client (faye + replay extension + JWT)", () => {
  let mocks: StartedMocks;
  let token: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    mocks = await startMocks({ salesforce: { connectTimeoutMs: 10_000 } });
    token = await accessToken(mocks.salesforce);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    mocks.clearFaults();
    await sleep(50);
  });
  afterAll(async () => {
    await mocks?.close();
  });

  /** Connects a faye client to `${instance_url}/cometd/62.0` with `Authorization: OAuth <token>`, as jsforce does. */
  function subscribe(replayFrom = -1, bearer = token): Subscriber {
    const client = new faye.Client(`${mocks.salesforce.url}/cometd/62.0`, { timeout: 15, retry: 1 });
    clients.push(client);
    client.setHeader("Authorization", `OAuth ${bearer}`);
    const replay = replayExtension(CHANNEL, replayFrom);
    const metas: Message[] = [];
    client.addExtension(replay);
    client.addExtension({ incoming: (message, callback) => (message.channel.startsWith("/meta/") && metas.push(message), callback(message)) });
    const received: any[] = [];
    const subscription = client.subscribe(CHANNEL, (data) => received.push(data));
    const subscribed = new Promise<void>((resolve, reject) => subscription.then(resolve, reject));
    subscribed.catch(() => {});
    return { client, received, metas, replay, subscribed };
  }

  async function publishOverRest(fields: Record<string, unknown>) {
    const response = await rest(mocks.salesforce, token, "/sobjects/OrderProvisionRequested__e", { method: "POST", json: fields });
    expect(response.status).toBe(201);
    return response.body as { id: string; success: boolean };
  }

  it("receives events published over REST, in order, with increasing replay ids and the real message shape", async () => {
    const subscriber = subscribe();
    await subscriber.subscribed;
    await publishOverRest({ Order_Id__c: "801Dr0000000004AAA", Portal_Order_Id__c: 4, Plan_Code__c: "voice-20gb" });
    await publishOverRest({ Order_Id__c: "801Dr0000000010AAA", Portal_Order_Id__c: 10 });
    await eventually(() => (subscriber.received.length >= 2 ? true : undefined), 5_000, "two events delivered");

    const [first, second] = subscriber.received;
    expect(first.payload).toMatchObject({ Order_Id__c: "801Dr0000000004AAA", Portal_Order_Id__c: 4, Plan_Code__c: "voice-20gb", CreatedById: "005Dr0000000001AAA" });
    expect(first.payload.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(first.event.EventUuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof first.schema).toBe("string");
    expect(second.payload.Order_Id__c).toBe("801Dr0000000010AAA");
    expect(second.event.replayId).toBeGreaterThan(first.event.replayId);
    const handshake = subscriber.metas.find((message) => message.channel === "/meta/handshake");
    expect(handshake?.ext).toEqual({ replay: true, "payload.format": true });
  });

  it("re-handshakes after 403::Unknown client and receives what it missed through replay", async () => {
    const subscriber = subscribe();
    await subscriber.subscribed;
    await publishOverRest({ Order_Id__c: "801Dr0000000015AAA" });
    await eventually(() => (subscriber.received.length === 1 ? true : undefined), 5_000, "first event");
    const lastSeen = subscriber.replay.replayId;

    // Events published while the stream is stalled never reach the subscriber …
    const stall = mocks.setFault({ kind: "salesforce.events-stall" });
    await publishOverRest({ Order_Id__c: "801Dr0000000021AAA" });
    await publishOverRest({ Order_Id__c: "801Dr0000000027AAA" });
    await sleep(300);
    expect(subscriber.received).toHaveLength(1);
    mocks.clearFault(stall.id);
    await sleep(100);
    expect(subscriber.received).toHaveLength(1);

    // … until the session is lost and the client resubscribes from its last replay id.
    mocks.setFault({ kind: "salesforce.unknown-client" });
    await eventually(() => (subscriber.received.length === 3 ? true : undefined), 5_000, "missed events replayed");
    expect(subscriber.received.slice(1).map((data) => data.payload.Order_Id__c)).toEqual(["801Dr0000000021AAA", "801Dr0000000027AAA"]);
    const unknownClient = subscriber.metas.find((message) => message.channel === "/meta/connect" && message.successful === false);
    expect(unknownClient).toMatchObject({ error: "403::Unknown client", advice: { reconnect: "handshake" } });
    expect(subscriber.metas.filter((message) => message.channel === "/meta/handshake" && message.successful)).toHaveLength(2);
    const resubscribe = subscriber.metas.filter((message) => message.channel === "/meta/subscribe").at(-1);
    expect(resubscribe).toMatchObject({ successful: true, ext: { replay: { [CHANNEL]: lastSeen } } });
  });

  it("receives nothing under a stall, though publishing succeeds and the events stay retained", async () => {
    const subscriber = subscribe();
    await subscriber.subscribed;
    mocks.setFault({ kind: "salesforce.events-stall" });
    const published = await publishOverRest({ Order_Id__c: "801Dr0000000038AAA" });
    expect(published.success).toBe(true);
    mocks.publishEvent("OrderProvisionRequested__e", { Order_Id__c: "801Dr0000000004AAA" });
    await sleep(500);
    expect(subscriber.received).toEqual([]);
    expect(mocks.events(CHANNEL).at(-1)?.payload).toMatchObject({ Order_Id__c: "801Dr0000000004AAA" });
  });

  it("replays every retained event with -2 (SF_EVENTS_REPLAY=ALL)", async () => {
    const retained = mocks.events(CHANNEL).length;
    expect(retained).toBeGreaterThan(0);
    const subscriber = subscribe(-2);
    await subscriber.subscribed;
    await eventually(() => (subscriber.received.length === retained ? true : undefined), 5_000, "all retained events");
  });

  it("gets the real error when its replay id is outside retention", async () => {
    const lastId = mocks.events(CHANNEL).at(-1)!.replayId;
    mocks.setFault({ kind: "salesforce.replay-rejected" });
    const subscriber = subscribe(lastId);
    const error = (await subscriber.subscribed.then(() => undefined, (reason: FayeError) => reason)) as FayeError;
    expect(error.message).toContain(`The replayId {${lastId}} you provided was invalid. Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.`);
    expect(subscriber.metas.find((message) => message.channel === "/meta/subscribe")?.error).toMatch(/^400::The replayId/);
  });

  it("gets 403:denied_by_security_policy:subscribe_denied without the permission", async () => {
    mocks.setFault({ kind: "salesforce.subscribe-denied" });
    const subscriber = subscribe();
    await expect(subscriber.subscribed).rejects.toBeDefined();
    expect(subscriber.metas.find((message) => message.channel === "/meta/subscribe")?.error).toBe("403:denied_by_security_policy:subscribe_denied");
  });

  it("cannot handshake with a token the org never issued", async () => {
    const subscriber = subscribe(-1, "00DDr0000000001!ARnot-a-real-token");
    await eventually(() => subscriber.metas.find((message) => message.channel === "/meta/handshake"), 5_000, "handshake reply");
    expect(subscriber.metas[0]).toMatchObject({ successful: false, error: "403::Handshake denied", ext: { sfdc: { failureReason: "401::Authentication invalid" } } });
  });

  it("gets invalid_grant for a JWT signed by another key", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const { status, body } = await requestToken(mocks.salesforce, signAssertion(mocks.salesforce, {}, privateKey));
    expect(status).toBe(400);
    expect(body).toEqual({ error: "invalid_grant", error_description: "invalid assertion" });
  });
});

import type { Redis } from "ioredis";
import type { FreebitClient } from "../clients/freebit-client.ts";
import type { SalesforceRest } from "../clients/salesforce-rest.ts";
import type { WhmcsClient } from "../clients/whmcs-client.ts";
import { messageOf } from "../errors.ts";
import type { PlatformEventSubscriber } from "../events/platform-event-subscriber.ts";
import type { ExternalGateway } from "../resilience/external-gateway.ts";
import type { Database } from "../store/database.ts";
import type { CheckOutcome, HealthCheck } from "./health-service.ts";

/** Runs `probe`; a throw is a failure with its message. `details` are added either way. */
async function outcome(probe: () => Promise<unknown>, details: () => Record<string, unknown>): Promise<CheckOutcome> {
  try {
    await probe();
    return { ok: true, details: details() };
  } catch (error) {
    return { ok: false, error: messageOf(error), details: details() };
  }
}

/** `SELECT 1` through the pool, with the pool's use (connection_limit exhaustion shows as waiting > 0). */
export const databaseCheck = (db: Database): HealthCheck => () => outcome(() => db.query("SELECT 1"), () => ({ pool: db.poolStats }));

/** PING: fails at once when Redis is down, within the command timeout when it hangs. */
export const cacheCheck = (redis: Redis): HealthCheck => () => outcome(() => redis.ping(), () => ({}));

export const whmcsCheck = (whmcs: WhmcsClient, gateway: ExternalGateway): HealthCheck => (timeoutMs) =>
  outcome(() => whmcs.ping(timeoutMs), () => ({ circuit: gateway.breaker.state }));

export const freebitCheck = (freebit: FreebitClient, gateway: ExternalGateway): HealthCheck => (timeoutMs) =>
  outcome(() => freebit.ping(timeoutMs), () => ({ circuit: gateway.breaker.state }));

/**
 * Salesforce: a REST call that needs a working JWT login (userinfo), and the
 * Platform Event subscription — "disabled" with SF_EVENTS_ENABLED=false, and
 * a failure whenever it is enabled but not connected.
 */
export const salesforceCheck =
  (rest: SalesforceRest, gateway: ExternalGateway, subscriber: PlatformEventSubscriber | undefined): HealthCheck =>
  async (timeoutMs) => {
    const result = await outcome(() => rest.userinfo(timeoutMs), () => ({ circuit: gateway.breaker.state }));
    if (subscriber === undefined) return { ...result, details: { ...result.details, subscription: "disabled" } };
    const status = subscriber.status();
    const details = {
      ...result.details,
      subscription: status.state,
      channel: status.channel,
      subscriptionSince: status.since,
      lastEventAt: status.lastEventAt ?? null,
      replayId: status.replayId ?? null,
      ...(status.lastError !== undefined && { subscriptionError: status.lastError }),
    };
    if (result.ok && status.state !== "connected") {
      return { ok: false, error: `Platform Event subscription ${status.state}${status.lastError ? `: ${status.lastError}` : ""}`, details };
    }
    return { ...result, details };
  };

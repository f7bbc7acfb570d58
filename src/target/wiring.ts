import { AuthService } from "./auth/auth-service.ts";
import { LoginRateLimiter, RedisWindowCounters } from "./auth/rate-limiter.ts";
import { TokenBlacklist } from "./auth/token-blacklist.ts";
import { FreebitClient } from "./clients/freebit-client.ts";
import { SalesforceAuth } from "./clients/salesforce-auth.ts";
import { SalesforceRest } from "./clients/salesforce-rest.ts";
import { WhmcsClient } from "./clients/whmcs-client.ts";
import type { Closers } from "./closers.ts";
import type { PortalConfig, SalesforceConfig } from "./config.ts";
import { BayeuxClient } from "./events/bayeux/bayeux-client.ts";
import { CometdTransport } from "./events/bayeux/cometd-transport.ts";
import { PlatformEventSubscriber } from "./events/platform-event-subscriber.ts";
import { ReplayStore } from "./events/replay-store.ts";
import { cacheCheck, databaseCheck, freebitCheck, salesforceCheck, whmcsCheck } from "./health/dependency-checks.ts";
import { HealthService } from "./health/health-service.ts";
import type { Logger } from "./log/logger.ts";
import { OrderStatusFeed } from "./orders/order-status-feed.ts";
import { OrderProvisioner } from "./provisioning/order-provisioner.ts";
import { ExternalGateway } from "./resilience/external-gateway.ts";
import type { PortalServices } from "./services.ts";
import { ReadThroughCache } from "./store/cache.ts";
import { Database } from "./store/database.ts";
import { connectRedis, createRedis } from "./store/redis.ts";

/** Builds every service the portal runs, registering each one's release with `closers`. */
export async function wirePortal(config: PortalConfig, logger: Logger, closers: Closers): Promise<PortalServices> {
  const db = new Database(config.database, logger);
  closers.add("database pool", () => db.close());
  const redis = createRedis(config.redis, logger, "commands");
  const subscriberRedis = createRedis(config.redis, logger, "subscriber");
  closers.add("redis", () => {
    redis.disconnect();
    subscriberRedis.disconnect();
  });
  await Promise.all([connectRedis(redis, config.redis.connectTimeoutMs), connectRedis(subscriberRedis, config.redis.connectTimeoutMs)]);

  const gateways = {
    whmcs: new ExternalGateway("whmcs", config.whmcs.policy, logger),
    salesforce: config.salesforce && new ExternalGateway("salesforce", config.salesforce.policy, logger),
    freebit: config.freebit && new ExternalGateway("freebit", config.freebit.policy, logger),
  };
  // Released after the subscriber (closers run in reverse): it stops first, then calls still in flight are aborted.
  closers.add("external calls", () => {
    for (const gateway of Object.values(gateways)) gateway?.close();
  });
  const whmcs = new WhmcsClient(config.whmcs, gateways.whmcs);
  const salesforce = config.salesforce && gateways.salesforce && salesforceClients(config.salesforce, gateways.salesforce);
  const freebit = config.freebit && gateways.freebit && new FreebitClient(config.freebit, gateways.freebit);

  const feed = new OrderStatusFeed(redis, subscriberRedis, logger, config.sseHeartbeatMs);
  closers.add("order status feed", () => feed.close());
  await feed.start();

  let subscriber: PlatformEventSubscriber | undefined;
  if (config.events.enabled && salesforce && freebit && config.salesforce && gateways.salesforce) {
    const provisioner = new OrderProvisioner({ db, whmcs, freebit, salesforce: salesforce.rest, feed, logger });
    subscriber = eventSubscriber(config, config.salesforce, salesforce.auth, gateways.salesforce, new ReplayStore(redis, config.events.channel), provisioner, logger);
    const started = subscriber;
    closers.add("Platform Event subscriber", () => started.stop());
  } else {
    logger.warn("Platform Event subscription disabled (SF_EVENTS_ENABLED=false): orders will not be provisioned", { component: "platform-events" });
  }

  const limiter = new LoginRateLimiter(new RedisWindowCounters(redis), {
    perIp: config.auth.loginLimitPerIp,
    perAccount: config.auth.loginLimitPerAccount,
    windowSeconds: config.auth.loginLimitWindowSeconds,
  });
  const health = new HealthService(
    {
      database: databaseCheck(db),
      cache: cacheCheck(redis),
      whmcs: whmcsCheck(whmcs, gateways.whmcs),
      ...(salesforce && gateways.salesforce && { salesforce: salesforceCheck(salesforce.rest, gateways.salesforce, subscriber) }),
      ...(freebit && gateways.freebit && { freebit: freebitCheck(freebit, gateways.freebit) }),
    },
    config.health,
  );
  subscriber?.start();
  return {
    config,
    db,
    auth: new AuthService({ config: config.auth, db, blacklist: new TokenBlacklist(redis), limiter, logger }),
    cache: new ReadThroughCache(redis, logger),
    whmcs,
    feed,
    health,
  };
}

function salesforceClients(config: SalesforceConfig, gateway: ExternalGateway) {
  const auth = new SalesforceAuth(config, gateway);
  return { auth, rest: new SalesforceRest(auth, gateway, config.apiVersion) };
}

function eventSubscriber(
  config: PortalConfig,
  salesforce: SalesforceConfig,
  auth: SalesforceAuth,
  gateway: ExternalGateway,
  replayStore: ReplayStore,
  provisioner: OrderProvisioner,
  logger: Logger,
): PlatformEventSubscriber {
  return new PlatformEventSubscriber({
    ...config.events,
    replayStore,
    logger,
    onEvent: (event) => provisioner.handle(event),
    open: async (signal) => {
      const session = await auth.session();
      const transport = new CometdTransport(session, salesforce.apiVersion, gateway);
      const client = new BayeuxClient(transport, { requestTimeoutMs: salesforce.policy.timeoutMs, connectGraceMs: 10_000, signal });
      return { session: client, invalidateAuth: () => auth.invalidate(session) };
    },
  });
}

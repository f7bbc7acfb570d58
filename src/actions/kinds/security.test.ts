import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useEnvironment } from "../../faults/testing.ts";
import { withRedis } from "../../probes/redis-client.ts";
import { runAction } from "../registry.ts";

const environment = useEnvironment("a-security", { portal: true });
let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: environment().services.postgres.directUrl });
  await db.connect();
});
afterAll(() => db.end());

const login = async (email: string) => {
  const response = await fetch(new URL("/auth/login", environment().target!.url), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password: "drill-password-1" }) });
  return { status: response.status, body: (await response.json()) as { accessToken?: string; error?: string } };
};
const orders = async (token: string) => (await fetch(new URL("/orders", environment().target!.url), { headers: { Authorization: `Bearer ${token}` } })).status;
const jtiOf = (token: string) => (JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { jti: string }).jti;
const blacklisted = (jti: string) => withRedis(environment().services.redis.directUrl, 2_000, (redis) => redis.exists(`auth:blacklist:${jti}`));

describe("security.revoke-sessions", () => {
  it("ends one session by jti at once (sessions.revoked_at and the Redis blacklist); others keep working", async () => {
    const first = (await login("mei.yamamoto@example.com")).body.accessToken!;
    const second = (await login("mei.yamamoto@example.com")).body.accessToken!;
    const { details } = await runAction("security.revoke-sessions", { descriptor: environment(), params: { jti: jtiOf(first) } });
    expect(details).toEqual({ revokedSessions: [jtiOf(first)], blacklisted: [jtiOf(first)] });
    expect(await orders(first)).toBe(401);
    expect(await orders(second)).toBe(200);
    expect(await blacklisted(jtiOf(first))).toBe(1);
    // Again: nothing left to revoke, the blacklist entry is renewed.
    expect((await runAction("security.revoke-sessions", { descriptor: environment(), params: { jti: jtiOf(first) } })).details).toEqual({ revokedSessions: [], blacklisted: [jtiOf(first)] });
  });

  it("ends every session of a customer given as text, as a placeholder fills it in", async () => {
    const token = (await login("yuto.nakamura@example.com")).body.accessToken!;
    const { details } = await runAction("security.revoke-sessions", { descriptor: environment(), params: { customer: "8" } });
    expect(details.revokedSessions).toContain(jtiOf(token));
    expect(await orders(token)).toBe(401);
    const { rows } = await db.query("SELECT count(*) AS n FROM sessions WHERE customer_id = 8 AND revoked_at IS NULL");
    expect(rows).toEqual([{ n: "0" }]);
  });

  it("refuses both or neither of jti and customer, a jti that is not a UUID, an unknown session, and an unfilled placeholder", async () => {
    const descriptor = environment();
    await expect(runAction("security.revoke-sessions", { descriptor, params: {} })).rejects.toThrow("give either jti or customer (not both)");
    await expect(runAction("security.revoke-sessions", { descriptor, params: { jti: "x", customer: 1 } })).rejects.toThrow("params.jti");
    await expect(runAction("security.revoke-sessions", { descriptor, params: { jti: "not-a-uuid" } })).rejects.toThrow("params.jti");
    await expect(runAction("security.revoke-sessions", { descriptor, params: { jti: "00000000-0000-4000-8000-000000000000" } })).rejects.toThrow("no session 00000000-0000-4000-8000-000000000000");
    await expect(runAction("security.revoke-sessions", { descriptor, params: { customer: "{{faults.reuse.customerId}}" } })).rejects.toThrow("still the placeholder");
  });
});

describe("security.lock-account", () => {
  it("locks accounts: logins answer 403 account locked whatever the password, and their tokens stop working", async () => {
    const token = (await login("kaito.kato@example.com")).body.accessToken!;
    try {
      const { details } = await runAction("security.lock-account", { descriptor: environment(), params: { customers: "10, 11" } });
      expect(details).toMatchObject({ locked: [10, 11], previousStatus: { 10: "active", 11: "active" }, revokedSessions: expect.arrayContaining([jtiOf(token)]) });
      expect(await login("kaito.kato@example.com")).toEqual({ status: 403, body: { error: "account locked" } });
      expect(await orders(token)).toBe(401);
      const { rows } = await db.query("SELECT action FROM audit_events WHERE action = 'customer.locked' AND subject IN ('customer:10', 'customer:11')");
      expect(rows).toHaveLength(2);
      // Locking again is harmless; a closed account stays closed.
      expect((await runAction("security.lock-account", { descriptor: environment(), params: { customers: [10, 20] } })).details).toMatchObject({ locked: [], previousStatus: { 10: "locked", 20: "closed" } });
    } finally {
      await db.query("UPDATE customers SET status = 'active' WHERE id IN (10, 11)");
    }
  });

  it("refuses ids that are not numbers and customers that do not exist", async () => {
    const descriptor = environment();
    await expect(runAction("security.lock-account", { descriptor, params: { customers: "everyone" } })).rejects.toThrow("params.customers");
    await expect(runAction("security.lock-account", { descriptor, params: {} })).rejects.toThrow('missing required field "customers"');
    await expect(runAction("security.lock-account", { descriptor, params: { customers: [9999] } })).rejects.toThrow("no customer 9999");
  });
});
